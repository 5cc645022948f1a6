import { describe, expect, it } from 'vitest';
import { buildReferralTask } from '../../fhir-mappings/outbound/task.js';
import { FhirValidationError } from '../../fhir-mappings/outbound/validate.js';

/**
 * Deliberately does NOT load the R4 definitions: a builder must refuse to hand out an unchecked
 * resource (each test file runs in its own module graph, so nothing is indexed here).
 */
describe('outbound builders without FHIR definitions', () => {
  it('throw FHIR.DEFINITIONS_NOT_LOADED instead of returning an unvalidated resource', () => {
    const build = (): unknown =>
      buildReferralTask({
        id: 't1',
        serviceRequestId: 'sr1',
        patientId: 'p1',
        status: 'requested',
        requester: { kind: 'hospital', id: 'h', display: 'BV' },
        owner: { kind: 'organisation', id: 'o', display: 'Quỹ' },
        authoredOn: '2026-03-03',
        lastModified: '2026-03-03',
      });
    expect(build).toThrow(FhirValidationError);
    expect(build).toThrow(/DEFINITIONS_NOT_LOADED/);
  });
});

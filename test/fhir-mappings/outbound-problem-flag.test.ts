import { beforeAll, describe, expect, it } from 'vitest';
import { buildHealthConcern, type HealthConcernInput } from '../../fhir-mappings/outbound/condition.js';
import { buildSocialFlag, type SocialFlagInput } from '../../fhir-mappings/outbound/flag.js';
import { FhirValidationError } from '../../fhir-mappings/outbound/validate.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { validateFhir } from '../setup/fhir-validate.js';
import { loadR4Definitions } from './support/r4-definitions.js';

/** Problem (Condition, health-concern) and the flag on the patient (Flag), Gravity SDOH steps 3 and flagging. */
beforeAll(loadR4Definitions);

const worker = { userId: 'u-ctxh-1', display: 'Lương Thị Hoa (CTXH)' };

const concern: HealthConcernInput = {
  id: 'hc-000123-1',
  patientId: 'bn-laocai-000123',
  icd10: { code: 'Z59.6', display: 'Low income' },
  domain: 'financial-insecurity',
  clinicalStatus: 'active',
  verificationStatus: 'provisional',
  evidenceObservationIds: ['obs-income-2'],
  recordedDate: '2026-03-03',
  asserter: worker,
};

const flag: SocialFlagInput = {
  id: 'flag-000123-1',
  patientId: 'bn-laocai-000123',
  kind: 'poor-household',
  certainty: 'authoritative',
  basis: 'bhyt-group',
  reasons: [
    { code: 'bhyt-group-hn', display: 'Thẻ BHYT nhóm HN (hộ nghèo)', record: { resourceType: 'Coverage', id: 'cov-bhyt-000123' } },
    { code: 'sdoh-problem', display: 'Z59.6 Thu nhập thấp', record: { resourceType: 'Condition', id: 'hc-000123-1' } },
  ],
  status: 'active',
  periodStart: '2026-03-03',
  author: worker,
};

function catchError(fn: () => unknown): FhirValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FhirValidationError) return e;
    throw e;
  }
  throw new Error('expected a FhirValidationError');
}

describe('buildHealthConcern', () => {
  it('builds a valid health-concern Condition with ICD-10 Z59.x and evidence → Observation', () => {
    const c = buildHealthConcern(concern);
    expect(validateFhir(c)).toEqual([]);
    expect(c.category).toEqual([
      { coding: [{ system: SYSTEMS.hl7.usCoreConditionCategory, code: 'health-concern', display: 'Health Concern' }] },
      { coding: [{ system: SYSTEMS.hl7.sdohccTemporaryCodes, code: 'financial-insecurity' }] },
    ]);
    expect(c.code?.coding).toEqual([{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'Z59.6', display: 'Low income' }]);
    expect(c.evidence).toEqual([{ detail: [{ reference: 'Observation/obs-income-2' }] }]);
  });

  it('drops clinicalStatus on an entered-in-error condition (invariant con-5)', () => {
    const c = buildHealthConcern({ ...concern, verificationStatus: 'entered-in-error' });
    expect(c.clinicalStatus).toBeUndefined();
    expect(validateFhir(c)).toEqual([]);
  });

  it.each([
    ['a code outside Z55–Z65', { ...concern, icd10: { code: 'C91.0', display: 'ALL' } }, 'FHIR.INVALID_INPUT'],
    ['no evidence', { ...concern, evidenceObservationIds: [] }, 'FHIR.INVALID_INPUT'],
    ['an abated but active problem (con-4, caught by validateResource)', { ...concern, abatement: '2026-04-01' }, 'FHIR.INVALID_RESOURCE'],
  ])('refuses %s', (_name, input, code) => {
    expect(catchError(() => buildHealthConcern(input)).code).toBe(code);
  });

  it('accepts a resolved problem with an abatement date', () => {
    expect(validateFhir(buildHealthConcern({ ...concern, clinicalStatus: 'resolved', abatement: '2026-04-01' }))).toEqual([]);
  });
});

describe('buildSocialFlag', () => {
  it('builds a valid financial Flag with certainty, basis and every reason (flag-detail references)', () => {
    const f = buildSocialFlag(flag);
    expect(validateFhir(f)).toEqual([]);
    expect(f.category).toEqual([{ coding: [{ system: SYSTEMS.nhipcau.flagCategory, code: 'financial', display: 'Financial' }] }]);
    expect(f.code).toEqual({
      coding: [{ system: SYSTEMS.nhipcau.socialFlag, code: 'poor-household', display: 'Poor household' }],
      text: 'Hộ nghèo',
    });
    expect(f.extension?.find((e) => e.url === SYSTEMS.nhipcau.flagCertaintyExtension)?.valueCode).toBe('authoritative');
    expect(f.extension?.find((e) => e.url === SYSTEMS.nhipcau.flagBasisExtension)?.valueCode).toBe('bhyt-group');
    expect(f.extension?.filter((e) => e.url === SYSTEMS.hl7.flagDetailExtension).map((e) => e.valueReference?.reference)).toEqual([
      'Coverage/cov-bhyt-000123',
      'Condition/hc-000123-1',
    ]);
    expect(f.extension?.filter((e) => e.url === SYSTEMS.nhipcau.flagReasonExtension)).toHaveLength(2);
  });

  it('says "likely" for a poverty flag raised by screening alone', () => {
    const f = buildSocialFlag({ ...flag, certainty: 'likely', basis: 'screening' });
    expect(f.code?.text).toBe('Hộ nghèo (có khả năng, chưa xác nhận)');
  });

  it('files a social risk under the social category', () => {
    const f = buildSocialFlag({ ...flag, kind: 'social-risk', certainty: 'likely', basis: 'social-worker-assessment' });
    expect(f.category?.[0]?.coding?.[0]?.code).toBe('social');
  });

  it('refuses an authoritative poverty flag from a screening, and a flag without reasons', () => {
    expect(catchError(() => buildSocialFlag({ ...flag, basis: 'screening' })).code).toBe('FHIR.INVALID_INPUT');
    expect(catchError(() => buildSocialFlag({ ...flag, reasons: [] })).code).toBe('FHIR.INVALID_INPUT');
  });
});

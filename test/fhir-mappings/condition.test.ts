import { beforeAll, describe, expect, it } from 'vitest';
import { mapCondition, normaliseIcd10, type ConditionSnapshot } from '../../fhir-mappings/condition.js';
import { buildHealthConcern, type HealthConcernInput } from '../../fhir-mappings/outbound/condition.js';
import { codes, fixture } from './support/reference.js';
import { loadR4Definitions } from './support/r4-definitions.js';

/** Condition both ways: hospital diagnoses in, the module's SDOH health concerns out and back. */
function mapped(input: unknown): { value: ConditionSnapshot; problems: string[] } {
  const r = mapCondition(input);
  if (!r.ok) throw new Error(`mapping failed: ${codes(r.problems).join()}`);
  return { value: r.value, problems: codes(r.problems) };
}

beforeAll(loadR4Definitions);

describe('mapCondition (inbound)', () => {
  it('reads a hospital diagnosis coded in a local ICD-10 system without the dot', () => {
    const { value, problems } = mapped(fixture('condition-leukaemia.json'));
    expect(value).toEqual({
      fhirId: 'cond-all-5521',
      icd10: { code: 'C91.0', display: 'Bệnh bạch cầu lympho cấp' },
      text: 'Bạch cầu cấp dòng lympho',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      category: ['encounter-diagnosis'],
      sdohDomain: null,
      onset: '2026-02',
      recordedDate: '2026-03-02T10:00:00+07:00',
      subject: { reference: 'Patient/sapa-5521', display: null },
      evidence: [],
      writtenByModule: false,
      lastUpdated: null,
    });
    expect(problems).toEqual([]);
  });

  it('reads STU3-style string statuses and an onset age, and says there is no ICD-10 code', () => {
    const { value, problems } = mapped(fixture('condition-stu3.json'));
    expect(value).toMatchObject({
      icd10: null,
      text: 'Suy dinh dưỡng',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      onset: '3 a',
    });
    expect(problems).toEqual(expect.arrayContaining(['CONDITION.NO_ICD10', 'FHIR.WRONG_TYPE']));
  });

  it('maps a bare Condition to nulls with problems, and refuses other types', () => {
    const { value, problems } = mapped({ resourceType: 'Condition', category: 'x' });
    expect(value).toMatchObject({ fhirId: null, icd10: null, category: [], clinicalStatus: null });
    expect(problems).toEqual(expect.arrayContaining(['FHIR.NO_ID', 'CONDITION.NO_CODE']));
    expect(mapCondition({ resourceType: 'Observation' }).ok).toBe(false);
  });

  it.each([
    ['Z595', 'Z59.5'],
    ['z59.6', 'Z59.6'],
    ['C910', 'C91.0'],
    ['J18', 'J18'],
    ['S72.00', 'S72.00'],
  ])('normaliseIcd10(%s) = %s', (raw, expected) => expect(normaliseIcd10(raw)).toBe(expected));
});

describe('health concern: outbound then inbound', () => {
  const input: HealthConcernInput = {
    id: 'hc-5521-1',
    patientId: 'sapa-5521',
    icd10: { code: 'Z59.5', display: 'Extreme poverty' },
    text: 'Hộ nghèo, thu nhập dưới chuẩn',
    domain: 'financial-insecurity',
    clinicalStatus: 'active',
    verificationStatus: 'confirmed',
    evidenceObservationIds: ['obs-income-1', 'obs-deprivation-1'],
    onset: '2026-03-02',
    recordedDate: '2026-03-03T09:00:00+07:00',
    asserter: { userId: 'u-ctxh-1', display: 'Lương Thị Hoa (CTXH)' },
  };

  it('round-trips: the snapshot of the built resource says what the input said', () => {
    const { value, problems } = mapped(buildHealthConcern(input));
    expect(value).toMatchObject({
      fhirId: 'hc-5521-1',
      icd10: { code: 'Z59.5', display: 'Extreme poverty' },
      text: 'Hộ nghèo, thu nhập dưới chuẩn',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      category: ['health-concern', 'financial-insecurity'],
      sdohDomain: 'financial-insecurity',
      onset: '2026-03-02',
      recordedDate: '2026-03-03T09:00:00+07:00',
      subject: { reference: 'Patient/sapa-5521' },
      evidence: ['Observation/obs-income-1', 'Observation/obs-deprivation-1'],
    });
    expect(problems).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { BHYT_BENEFIT_LEVELS } from '../../fhir-mappings/bhyt-benefit-levels.js';
import { isClinicalDiagnosis, mapCondition } from '../../fhir-mappings/condition.js';
import { buildHealthConcern } from '../../fhir-mappings/outbound/condition.js';
import { buildPatientRecord, type PatientRecordInput, type PatientRecordSnapshot } from '../../fhir-mappings/patient-record.js';
import { mapPatient } from '../../fhir-mappings/patient.js';
import { codes, fixture, patientRef } from './support/reference.js';
import { loadR4Definitions } from './support/r4-definitions.js';

/**
 * The whole record: what is a diagnosis (not the module's own findings read back, nor health
 * concerns), the carers a Patient names in Patient.contact, the old identity card and cards from
 * anywhere in the country.
 */
const NOW = '2026-03-06T10:00:00+07:00';

function record(input: PatientRecordInput, now = NOW): PatientRecordSnapshot {
  const s = buildPatientRecord(input, { ...patientRef, benefitLevels: BHYT_BENEFIT_LEVELS, now });
  if (!s) throw new Error('not a patient');
  return s;
}

beforeAll(loadR4Definitions);

describe('conditions: diagnoses apart from social problems', () => {
  it("keeps the module's own Z59.5 (id nc-…, its identifier system) and a hospital's sdoh Condition out of the diagnoses", () => {
    const s = record({
      patient: fixture('patient-giang-a-pao.json'),
      conditions: [fixture('condition-leukaemia.json'), fixture('condition-nhipcau-z595.json'), fixture('condition-sdoh-hospital.json')],
    });
    expect(s.conditions.map((c) => c.icd10?.code)).toEqual(['C91.0']);
    expect(s.healthConcerns.map((c) => c.icd10?.code)).toEqual(['Z59.5', 'Z59.6']);
  });

  it('tells each kind apart by its own mark: the nhipcau identifier alone, the health-concern category alone, the sdoh category alone', () => {
    const own = { ...fixture('condition-nhipcau-z595.json'), id: 'written-elsewhere', category: [] };
    const concern = { ...fixture('condition-leukaemia.json'), id: 'hc-1', category: [{ coding: [{ code: 'health-concern' }] }] };
    const diagnosis = fixture('condition-leukaemia.json');
    const of = (x: unknown): boolean => {
      const m = mapCondition(x);
      if (!m.ok) throw new Error('not a condition');
      return isClinicalDiagnosis(m.value);
    };
    expect([own, concern, fixture('condition-sdoh-hospital.json'), diagnosis].map(of)).toEqual([false, false, false, true]);
  });

  it('round-trip: a health concern the outbound builder writes is read back as one, never as a diagnosis', () => {
    const built = buildHealthConcern({
      id: 'nc-cond-abc',
      patientId: 'sapa-5521',
      icd10: { code: 'Z59.6', display: 'Low income' },
      domain: 'financial-insecurity',
      clinicalStatus: 'active',
      verificationStatus: 'unconfirmed',
      evidenceObservationIds: ['nc-obs-abc-0'],
      recordedDate: '2026-03-03T09:00:00+07:00',
      asserter: { userId: 'u1', display: 'CTXH' },
    });
    const s = record({ patient: fixture('patient-giang-a-pao.json'), conditions: [built] });
    expect(s.conditions).toEqual([]);
    expect(s.healthConcerns).toHaveLength(1);
    expect(s.healthConcerns[0]).toMatchObject({ fhirId: 'nc-cond-abc', writtenByModule: true, icd10: { code: 'Z59.6' } });
  });
});

describe('Patient.contact: the carers a hospital records on the Patient itself', () => {
  it('keeps every contact with its relationship, name, phone and period; a mother is a parent', () => {
    const m = mapPatient(fixture('patient-child-contacts.json'), patientRef);
    if (!m.ok) throw new Error('not a patient');
    expect(m.value.contacts).toEqual([
      {
        relationship: 'mother',
        roles: ['mother', 'next-of-kin'],
        relationshipText: 'Mẹ',
        name: expect.objectContaining({ full: 'Hà Thị Dung' }),
        phone: '0912 345 678',
        isGuardian: false,
        isParent: true,
        period: { start: null, end: null },
      },
      {
        relationship: 'grandparent',
        roles: ['grandparent'],
        relationshipText: 'Bà ngoại',
        name: expect.objectContaining({ full: 'Lò Thị Pàn' }),
        phone: null,
        isGuardian: false,
        isParent: false,
        period: { start: null, end: '2024-01-31' },
      },
      {
        relationship: null,
        roles: [],
        relationshipText: 'Người nhà',
        name: null,
        phone: '0388 111 222',
        isGuardian: false,
        isParent: false,
        period: { start: null, end: null },
      },
    ]);
    expect(codes(m.problems)).toEqual(expect.arrayContaining(['FHIR.EXPECTED_ARRAY', 'PATIENT.UNKNOWN_CONTACT_RELATIONSHIP']));
  });

  it('a Patient without contacts has an empty list; a malformed contact is skipped with a problem', () => {
    const none = mapPatient(fixture('patient-giang-a-pao.json'), patientRef);
    expect(none.ok && none.value.contacts).toEqual([]);
    const bad = mapPatient({ ...fixture('patient-giang-a-pao.json'), contact: ['mẹ'] }, patientRef);
    expect(bad.ok && bad.value.contacts).toEqual([]);
    expect(codes(bad.problems)).toContain('FHIR.WRONG_TYPE');
  });
});

describe('the old 9-digit identity card (CMND) and a card from outside the north', () => {
  it('keeps the CMND the hospital sent, and parses a Thanh Hoá TE card with its old and new province', () => {
    const m = mapPatient(fixture('patient-child-contacts.json'), patientRef);
    if (!m.ok) throw new Error('not a patient');
    expect(m.value.identifiers).toMatchObject({ oldCitizenId: '172345678', nationalId: null });
    expect(m.value.bhytCard).toMatchObject({ groupCode: 'TE', provinceCode: '38', province: { oldName: 'Thanh Hoá', newName: 'Thanh Hoá' } });
    expect(m.value.addresses[0]).toMatchObject({ province: 'Thanh Hoá', newProvince: 'Thanh Hoá' });
    expect(codes(m.problems)).not.toContain('BHYT.UNKNOWN_PROVINCE');
  });
});

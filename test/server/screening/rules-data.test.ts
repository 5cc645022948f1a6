import { describe, expect, it } from 'vitest';
import { BHYT_BENEFIT_LEVELS } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import { buildPatientRecord, type PatientRecordInput, type PatientRecordSnapshot } from '../../../fhir-mappings/patient-record.js';
import { patientReference } from '../../../server/features/patients/reference.js';
import { provinces } from '../../../server/reference-data/index.js';
import {
  emptyFacts,
  evaluate,
  factsFromRecord,
  NO_ANSWERS,
  type Finding,
  type ProvincePair,
  type ScreeningContext,
  type ScreeningFacts,
} from '../../../server/features/screening/rules/index.js';
import { codes, fixture } from '../../fhir-mappings/support/reference.js';

/**
 * Rules and data as the service runs them (the server's own reference tables): what counts as a
 * diagnosis, cards from the whole country, carers named on the Patient, expired HN/CN cards, and
 * long stays that are over.
 */
const HA_NOI: ProvincePair = { old: 'Hà Nội', current: 'Hà Nội' };
const NOW = '2026-03-20T10:00:00+07:00';

function record(input: PatientRecordInput, now = NOW): PatientRecordSnapshot {
  const s = buildPatientRecord(input, { ...patientReference, benefitLevels: BHYT_BENEFIT_LEVELS, now });
  if (!s) throw new Error('not a patient');
  return s;
}
const ctx = (screeningDate: string, hospitalProvince: ProvincePair = HA_NOI): ScreeningContext => ({ screeningDate, hospitalProvince, provinces });
const brief = (fs: readonly Finding[]): string[] => fs.map((f) => `${f.code}:${f.certainty}`);
const coverage = (bhyt: string, period = { start: '2026-01-01', end: '2026-12-31' }): Record<string, unknown> => ({
  ...fixture('coverage-bhyt.json'),
  identifier: [{ system: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number', value: bhyt }],
  period,
});
const adult = (): Record<string, unknown> => {
  const p = fixture('patient-giang-a-pao.json');
  return { ...p, identifier: (p.identifier as { system: string }[]).filter((i) => !i.system.endsWith('insurance_number')) };
};

describe('A3: findings the module wrote, and health concerns, are not diagnoses', () => {
  it('a Z59.5 the module wrote back and a health concern coded C50 raise no high-cost finding', () => {
    const concern = {
      ...fixture('condition-leukaemia.json'),
      id: 'hc-77',
      category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', code: 'health-concern' }] }],
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'C50.9' }], text: 'Lo lắng về ung thư vú' },
    };
    const s = record({ patient: adult(), coverages: [coverage('GD4011234567890')], conditions: [fixture('condition-nhipcau-z595.json'), concern] });
    const f = factsFromRecord(s, ctx('2026-03-20'));
    expect(f.diagnoses).toEqual([]);
    expect(evaluate(f).findings.filter((x) => x.flagType === 'high-cost-diagnosis')).toEqual([]);
  });

  it('a clinical diagnosis beside them still counts', () => {
    const s = record({ patient: adult(), conditions: [fixture('condition-nhipcau-z595.json'), fixture('condition-leukaemia.json')] });
    expect(factsFromRecord(s, ctx('2026-03-20')).diagnoses).toEqual([{ code: 'C91.0', source: 'Condition' }]);
  });
});

describe('C16: a card from anywhere in Vietnam', () => {
  it('a poor patient from Thanh Hoá at a Hà Nội hospital: poor (HN card) and far from home', () => {
    const s = record({ patient: adult(), coverages: [coverage('HN2381234567890')] });
    const e = evaluate(factsFromRecord({ ...s, patient: { ...s.patient, addresses: [] } }, ctx('2026-03-20')));
    expect(brief(e.findings)).toEqual(expect.arrayContaining(['poor:authoritative', 'far-from-home:indicative']));
  });

  it('an unknown province code keeps the card and its group; the code is a data problem on the patient', () => {
    const s = record({ patient: adult(), coverages: [coverage('HN2991234567890')] });
    expect(s.insurance[0]?.card).toMatchObject({ groupCode: 'HN', provinceCode: '99', province: null });
    expect(codes(s.problems)).toContain('BHYT.UNKNOWN_PROVINCE');
    expect(brief(evaluate(factsFromRecord(s, ctx('2026-03-20'))).findings)).toContain('poor:authoritative');
  });
});

describe('C17: a guardian from Patient.contact or from a RelatedPerson', () => {
  const child = fixture('patient-child-contacts.json');

  it("a child's mother named in Patient.contact is a guardian present", () => {
    const f = factsFromRecord(record({ patient: child }), ctx('2026-03-20'));
    expect(f.patient.ageYears).toBe(6);
    expect(f.guardianPresent).toEqual({ value: true, source: 'Patient' });
  });

  it("a contact whose period ended, or whose relationship is no carer's, is not a guardian", () => {
    const p = child as { contact: unknown[] };
    const onlyGone = { ...child, contact: [p.contact[1], p.contact[2]] };
    expect(factsFromRecord(record({ patient: onlyGone }), ctx('2026-03-20')).guardianPresent).toBeNull();
  });

  it('the screening answer still wins, so a child alone today is flagged', () => {
    const e = evaluate(factsFromRecord(record({ patient: child }), ctx('2026-03-20'), { ...NO_ANSWERS, guardianPresent: false }));
    expect(brief(e.findings)).toContain('child-without-guardian:likely');
  });
});

describe('C18: an expired HN or CN card is evidence', () => {
  it.each([
    ['HN2101234567890', 'poor', 'hộ nghèo'],
    ['CN3101234567890', 'near-poor', 'hộ cận nghèo'],
  ])('%s expired → likely %s (card expired dd/MM/yyyy, re-verify) beside insurance expired', (bhyt, code, vi) => {
    const s = record({ patient: adult(), coverages: [coverage(bhyt, { start: '2025-01-01', end: '2025-12-31' })] });
    const e = evaluate(factsFromRecord(s, ctx('2026-03-20')));
    expect(brief(e.findings)).toEqual(expect.arrayContaining([`${code}:likely`, 'insurance-expired:authoritative']));
    const poverty = e.findings.find((x) => x.code === code)!;
    expect(poverty.ruleId).toBe('poverty.documented');
    expect(poverty.inputs).toEqual(
      expect.arrayContaining([
        { name: 'bhyt.status', value: 'expired', source: 'Coverage' },
        { name: 'bhyt.expiredOn', value: '2025-12-31', source: 'Coverage' },
      ]),
    );
    expect(poverty.summary.vi).toContain(vi);
    expect(poverty.summary.vi).toContain('31/12/2025');
    expect(poverty.summary.vi).toMatch(/xác minh lại/);
    expect(poverty.summary.en).toMatch(/expired 31\/12\/2025.*re-verify/);
  });

  it('a commune certificate the social worker saw still outranks the expired card', () => {
    const s = record({ patient: adult(), coverages: [coverage('CN3101234567890', { start: '2025-01-01', end: '2025-12-31' })] });
    const e = evaluate(factsFromRecord(s, ctx('2026-03-20'), { ...NO_ANSWERS, certificate: 'poor' }));
    expect(brief(e.findings.filter((x) => x.flagType === 'poverty'))).toEqual(['poor:authoritative']);
  });
});

describe('B11: a long stay counts only while it lasts, or says it is over', () => {
  const date = '2026-03-20';
  const stay = (inProgress: boolean, endedOn: string | null): ScreeningFacts => ({ ...emptyFacts(date), stay: { inProgress, lengthOfStayDays: 20, endedOn } });

  it('a stay in progress: long stay, nothing said about an end', () => {
    const [f] = evaluate(stay(true, null)).findings.filter((x) => x.code === 'long-stay');
    expect(f!.inputs.map((i) => i.name)).not.toContain('endedOn');
    expect(f!.summary.vi).not.toMatch(/ra viện/);
  });

  it('a stay that ended on the screening day: the finding says it is past, with the day', () => {
    const [f] = evaluate(stay(false, date)).findings.filter((x) => x.code === 'long-stay');
    expect(f!.inputs).toContainEqual({ name: 'endedOn', value: date, source: 'Encounter' });
    expect(f!.summary.vi).toContain('đã ra viện ngày 20/03/2026');
    expect(f!.summary.en).toContain('discharged on 20/03/2026');
  });

  it('a stay whose discharge is planned for later is in progress: counted to the screening day, not to the plan', () => {
    const planned = { ...fixture('encounter-inpatient.json'), period: { start: '2026-03-01T22:30:00+07:00', end: '2026-04-30' } };
    const f = factsFromRecord(record({ patient: adult(), encounters: [planned] }), ctx(date));
    expect(f.stay).toEqual({ inProgress: true, lengthOfStayDays: 19, endedOn: null });
  });
});

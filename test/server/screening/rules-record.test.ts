import { describe, expect, it } from 'vitest';
import { BHYT_BENEFIT_LEVELS } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import { buildPatientRecord, type PatientRecordInput, type PatientRecordSnapshot } from '../../../fhir-mappings/patient-record.js';
import {
  evaluate,
  factsFromRecord,
  NO_ANSWERS,
  type Finding,
  type ProvincePair,
  type ScreeningAnswers,
  type ScreeningContext,
} from '../../../server/features/screening/rules/index.js';
import { codes, fixture, patientRef, provinces } from '../../fhir-mappings/support/reference.js';

/** From FHIR resources (through the record snapshot) to facts and findings: sources and BHYT numbers as hospitals send them. */

const LAO_CAI: ProvincePair = { old: 'Lào Cai', current: 'Lào Cai' };
const HA_NOI: ProvincePair = { old: 'Hà Nội', current: 'Hà Nội' };
const NOW = '2026-03-20T10:00:00+07:00';

function record(input: PatientRecordInput, now = NOW): PatientRecordSnapshot {
  const s = buildPatientRecord(input, { ...patientRef, benefitLevels: BHYT_BENEFIT_LEVELS, now });
  if (!s) throw new Error('not a patient');
  return s;
}
const ctx = (screeningDate: string, hospitalProvince: ProvincePair = LAO_CAI): ScreeningContext => ({
  screeningDate,
  hospitalProvince,
  provinces,
});

/** A patient whose only BHYT number is the given one; identifiers other than the card are kept. */
function patientWith(bhyt: string | null): Record<string, unknown> {
  const p = fixture('patient-giang-a-pao.json');
  const others = (p.identifier as { system: string }[]).filter((i) => !i.system.endsWith('insurance_number'));
  return { ...p, identifier: bhyt ? [...others, { system: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number', value: bhyt }] : others };
}
function coverageWith(bhyt: string): Record<string, unknown> {
  const c = fixture('coverage-bhyt.json');
  return { ...c, identifier: [{ system: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number', value: bhyt }] };
}
const brief = (fs: Finding[]): string[] => fs.map((f) => `${f.code}:${f.certainty}`);
const ofTypes = (fs: Finding[], ...types: Finding['flagType'][]): Finding[] => fs.filter((f) => types.includes(f.flagType));

describe('BHYT numbers as hospitals send them, through Coverage → facts → findings', () => {
  it.each([
    ['valid', 'HN2101234567890', [], ['poor:authoritative']],
    ['lower-case', 'hn2101234567890', [], ['poor:authoritative']],
    ['with spaces', 'HN 2 10 1234567890', [], ['poor:authoritative']],
    ['with dashes', 'HN-2-10-1234567890', [], ['poor:authoritative']],
    ['near-poor group', 'cn3101234567890', [], ['near-poor:authoritative']],
    ['wrong length', 'HN21012345678', ['BHYT.WRONG_LENGTH'], []],
    ['unknown group (well-formed, not in the table)', 'ZZ2101234567890', [], []],
    ['group not two letters', '1N2101234567890', ['BHYT.UNKNOWN_GROUP'], []],
    ['impossible benefit digit', 'HN7101234567890', ['BHYT.BAD_BENEFIT_DIGIT'], []],
    // An unknown province code is a data problem on the record, never a reason to drop the card's group.
    ['unknown province code', 'HN2991234567890', ['BHYT.UNKNOWN_PROVINCE'], ['poor:authoritative']],
    ['province outside the north (Thanh Hoá)', 'HN2381234567890', [], ['poor:authoritative']],
    ['citizen ID (CCCD) in place of the card', '010078001234', [], []],
  ])('%s: %s → problems %j, findings %j', (_label, number, problems, findings) => {
    const s = record({ patient: patientWith(null), coverages: [coverageWith(number)] });
    expect(codes(s.problems).filter((c) => c.startsWith('BHYT.'))).toEqual(problems);
    const f = factsFromRecord(s, ctx('2026-03-20'));
    // The Coverage is active and in its period whatever its number: the patient is insured that day.
    expect(f.insurance.status).toBe('valid');
    expect(brief(ofTypes(evaluate(f).findings, 'poverty', 'insurance'))).toEqual(findings);
  });

  it.each([
    ['valid HN number on Patient only', 'hn 2 10 1234567890', ['poor:likely']],
    ['unparseable number on Patient only: a card exists, group unknown', 'HN7101234567890', []],
    ['no number anywhere', null, ['no-insurance:likely']],
  ])('%s → %j', (_label, number, findings) => {
    const f = factsFromRecord(record({ patient: patientWith(number) }), ctx('2026-03-20'));
    expect(brief(ofTypes(evaluate(f).findings, 'poverty', 'insurance'))).toEqual(findings);
  });

  it('the card is judged on the screening date, not on the snapshot\'s "now"', () => {
    const s = record({ patient: patientWith(null), coverages: [coverageWith('HN2101234567890')] }, '2026-06-01T08:00:00+07:00');
    const f = factsFromRecord(s, ctx('2027-01-02'));
    expect(f.insurance).toMatchObject({ status: 'expired', expiredOn: '2026-12-31', source: 'Coverage' });
    // The expired HN card is still evidence: likely poor, beside the expired insurance.
    expect(brief(ofTypes(evaluate(f).findings, 'poverty', 'insurance'))).toEqual(['poor:likely', 'insurance-expired:authoritative']);
  });
});

describe('factsFromRecord: each fact with its source', () => {
  const inpatient: PatientRecordInput = {
    patient: fixture('patient-giang-a-pao.json'),
    coverages: [fixture('coverage-bhyt.json')],
    encounters: [fixture('encounter-inpatient.json')],
    conditions: [fixture('condition-leukaemia.json')],
    relatedPersons: [fixture('related-person-guardian.json')],
    chargeItems: (fixture('charge-items-bundle.json').entry as { resource: unknown }[]).map((e) => e.resource),
  };

  it('reads age, ethnicity, home province, card, stay, diagnoses, charges and guardian', () => {
    const s = record(inpatient);
    const f = factsFromRecord(s, ctx('2026-03-20T03:00:00Z', HA_NOI));
    expect(f.screeningDate).toBe('2026-03-20');
    expect(f.patient).toEqual({
      ageYears: 47, // born 1978, day unknown: 47 or 48
      ageYearsMax: 48,
      birthDate: '1978',
      ethnicityCode: '08',
      homeProvince: { old: 'Lào Cai', current: 'Lào Cai', source: 'Patient' },
    });
    expect(f.insurance).toMatchObject({ status: 'valid', source: 'Coverage', card: { groupCode: 'HN', benefitDigit: 2 } });
    expect(f.stay).toEqual({ inProgress: true, lengthOfStayDays: 19, endedOn: null });
    expect(f.diagnoses).toEqual([
      { code: 'C91.0', source: 'Condition' },
      { code: 'C91.0', source: 'Encounter' },
    ]);
    expect(f.charges).toEqual({ totalVnd: s.charges!.totalVnd, patientVnd: s.charges!.patientVnd, source: 'ChargeItem' });
    expect(f.guardianPresent).toEqual({ value: true, source: 'RelatedPerson' });
    expect(f.screening).toBeNull();
  });

  it('evaluates the record: poor (HN card), far from home, cancer, long stay', () => {
    const e = evaluate(factsFromRecord(record(inpatient), ctx('2026-03-20', HA_NOI)));
    expect(e.ruleSet).toEqual({ id: 'vn-screening-2022', version: '2022.1' });
    expect(brief(e.findings)).toEqual([
      'poor:authoritative',
      'high-cost-cancer:authoritative',
      'far-from-home:authoritative',
      'long-stay:authoritative',
    ]);
    expect(e.priority).toBe(40 + 20 + 10 + 10);
  });

  it("the screening's answer about the guardian wins over a recorded RelatedPerson", () => {
    const answers: ScreeningAnswers = { ...NO_ANSWERS, guardianPresent: false };
    expect(factsFromRecord(record(inpatient), ctx('2026-03-20'), answers).guardianPresent).toEqual({ value: false, source: 'screening' });
  });

  it('resolved or refuted conditions are not current diagnoses', () => {
    const resolved = { ...fixture('condition-leukaemia.json'), clinicalStatus: { coding: [{ code: 'resolved' }] } };
    const f = factsFromRecord(record({ ...inpatient, conditions: [resolved], encounters: [] }), ctx('2026-03-20'));
    expect(f.diagnoses).toEqual([]);
  });

  describe('a Tày patient from Yên Bái (3-level address "Tỉnh Yên Bái", DT number on Patient) at a Lào Cai hospital', () => {
    const yenBai = (): PatientRecordSnapshot => record({ patient: fixture('patient-tay-yen-bai.json') });

    it('home province: old Yên Bái (as in the table), current Lào Cai', () => {
      expect(factsFromRecord(yenBai(), ctx('2025-06-30')).patient).toMatchObject({
        homeProvince: { old: 'Yên Bái', current: 'Lào Cai', source: 'Patient' },
        ethnicityCode: '02',
      });
    });

    it.each([
      ['2025-06-30', true],
      ['2025-07-01', false],
    ])('screened %s → far from home %s (the provinces merged on 2025-07-01)', (date, far) => {
      const e = evaluate(factsFromRecord(yenBai(), ctx(date)));
      expect(e.findings.some((f) => f.code === 'far-from-home')).toBe(far);
      expect(brief(ofTypes(e.findings, 'vulnerability').filter((f) => f.code !== 'far-from-home'))).toEqual([
        'ethnic-minority-disadvantaged-area:likely',
      ]);
    });
  });

  it("without an address, the card's issuing province stands in (indicative)", () => {
    const p = { ...patientWith(null), address: [] };
    const s = record({ patient: p, coverages: [coverageWith('GD4141234567890')] });
    const f = factsFromRecord(s, ctx('2026-03-20', HA_NOI));
    expect(f.patient.homeProvince).toEqual({ old: 'Sơn La', current: 'Sơn La', source: 'Coverage' });
    expect(brief(evaluate(f).findings.filter((x) => x.code === 'far-from-home'))).toEqual(['far-from-home:indicative']);
  });
});

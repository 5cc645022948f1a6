import { describe, expect, it } from 'vitest';
import { parseBhytNumber, type BhytCard } from '../../../fhir-mappings/bhyt.js';
import type { InsuranceSnapshot } from '../../../fhir-mappings/coverage.js';
import type { PatientRecordSnapshot } from '../../../fhir-mappings/patient-record.js';
import {
  emptyFacts,
  evaluate,
  insuranceOn,
  NO_ANSWERS,
  type EvaluateOptions,
  type Finding,
  type InsuranceFacts,
  type ScreeningAnswers,
  type ScreeningFacts,
} from '../../../server/features/screening/rules/index.js';
import { bhytRef } from '../../fhir-mappings/support/reference.js';

/** No insurance / expired insurance (Law 25/2008/QH12 + 46/2014/QH13); catastrophic expenditure (WHO, SDG 3.8.2). */

function card(n: string): BhytCard {
  const r = parseBhytNumber(n, bhytRef);
  if (!r.ok) throw new Error(r.errors.map((e) => e.code).join());
  return r.card;
}
const ins = (
  status: InsuranceFacts['status'],
  n: string | null = 'GD4101234567890',
  extra: Partial<InsuranceFacts> = {},
): InsuranceFacts => ({
  status,
  card: n ? card(n) : null,
  source: status === 'none' ? null : status === 'unknown' ? 'Patient' : 'Coverage',
  expiredOn: null,
  validFrom: null,
  ...extra,
});
const only = (f: ScreeningFacts, flagType: Finding['flagType'], options?: EvaluateOptions): Finding[] =>
  evaluate(f, options).findings.filter((x) => x.flagType === flagType);

describe('insurance: no card, expired card, valid card', () => {
  const date = '2026-07-01';
  it.each([
    ['valid card', ins('valid'), null, null],
    ['card number on Patient only: validity unknown, nothing flagged', ins('unknown'), null, null],
    ['no Coverage and no number', ins('none', null), 'no-insurance', 'likely'],
    [
      'newest Coverage ended before the screening',
      ins('expired', 'GD4101234567890', { expiredOn: '2026-06-30' }),
      'insurance-expired',
      'authoritative',
    ],
    ['Coverage starting later', ins('not-yet-valid', 'GD4101234567890', { validFrom: '2026-08-01' }), 'no-insurance', 'authoritative'],
    ['Coverage cancelled', ins('inactive'), 'no-insurance', 'authoritative'],
  ] as const)('%s → %s', (_label, insurance, code, certainty) => {
    const found = only({ ...emptyFacts(date), insurance }, 'insurance');
    expect(found.map((f) => [f.code, f.certainty])).toEqual(code ? [[code, certainty]] : []);
    for (const f of found)
      expect(f).toMatchObject({ ruleId: 'insurance.coverage', ruleVersion: '1.0', legalSource: expect.stringContaining('46/2014/QH13') });
  });

  it('an expired card says when it expired and what day was screened', () => {
    const [f] = only({ ...emptyFacts(date), insurance: ins('expired', 'GD4101234567890', { expiredOn: '2026-06-30' }) }, 'insurance');
    expect(f!.inputs).toEqual([
      { name: 'coverage.validity', value: 'expired', source: 'Coverage' },
      { name: 'bhyt.group', value: 'GD', source: 'Coverage' },
      { name: 'screeningDate', value: '2026-07-01', source: 'screening' },
      { name: 'coverage.expiredOn', value: '2026-06-30', source: 'Coverage' },
    ]);
  });

  describe('insuranceOn: card validity on the screening date, ends inclusive', () => {
    const coverage = (period: InsuranceSnapshot['period'], status: InsuranceSnapshot['status'] = 'active'): InsuranceSnapshot => ({
      fhirId: 'c',
      status,
      number: 'GD4101234567890',
      card: card('GD4101234567890'),
      period,
      beneficiary: null,
      payor: null,
      lastUpdated: null,
    });
    const snapshot = (insurance: InsuranceSnapshot[], bhytCard: BhytCard | null = null): PatientRecordSnapshot =>
      ({ insurance, patient: { bhytCard, identifiers: { bhyt: bhytCard?.number ?? null } } }) as unknown as PatientRecordSnapshot;
    const year = { start: '2026-01-01', end: '2026-06-30' };

    it.each([
      ['2025-12-31', 'not-yet-valid', null, '2026-01-01'],
      ['2026-01-01', 'valid', null, null],
      ['2026-06-30', 'valid', null, null],
      ['2026-07-01', 'expired', '2026-06-30', null],
    ])('%s → %s', (day, status, expiredOn, validFrom) => {
      expect(insuranceOn(snapshot([coverage(year)]), day)).toMatchObject({ status, expiredOn, validFrom, source: 'Coverage' });
    });

    it('a newer card valid today wins over an older expired one; entered-in-error is ignored', () => {
      const older = coverage({ start: '2025-01-01', end: '2025-12-31' });
      const newer = coverage({ start: '2026-01-01', end: '2026-12-31' });
      expect(insuranceOn(snapshot([newer, older]), '2026-03-01').status).toBe('valid');
      expect(insuranceOn(snapshot([coverage({ start: '2026-01-01', end: null }, 'entered-in-error'), older]), '2026-03-01').status).toBe(
        'expired',
      );
      expect(insuranceOn(snapshot([coverage(year, 'cancelled')]), '2026-03-01').status).toBe('inactive');
    });

    it('no Coverage: a Patient card number is "unknown", nothing at all is "none"', () => {
      expect(insuranceOn(snapshot([], card('HN2101234567890')), '2026-03-01')).toMatchObject({ status: 'unknown', source: 'Patient' });
      expect(insuranceOn(snapshot([]), '2026-03-01')).toMatchObject({ status: 'none', card: null, source: null });
    });
  });
});

describe('catastrophic health expenditure: out-of-pocket ≥ 40 % of capacity to pay', () => {
  const date = '2026-06-01';
  // Capacity to pay = 3,000,000 − 2,000,000 = 1,000,000 đồng for the month.
  const answers: ScreeningAnswers = {
    ...NO_ANSWERS,
    householdIncomePerMonthVnd: 3_000_000,
    householdSize: 2,
    residence: 'rural',
    subsistenceSpendingPerMonthVnd: 2_000_000,
  };
  const withBill = (
    patientVnd: number | null,
    a: ScreeningAnswers = answers,
    insurance = ins('valid'),
    totalVnd = 10_000_000,
  ): ScreeningFacts => ({
    ...emptyFacts(date),
    insurance,
    screening: a,
    charges: { totalVnd, patientVnd, source: 'ChargeItem' },
  });

  it.each([
    [399_900, false], // 39.99 %
    [399_999, false], // one đồng below
    [400_000, true], // exactly 40 %
    [400_001, true], // one đồng above
    [400_100, true], // 40.01 %
  ])('patient pays %i đồng of a 1,000,000 capacity → catastrophic %s', (patientVnd, expected) => {
    const found = only(withBill(patientVnd), 'catastrophic-cost');
    expect(found.length === 1).toBe(expected);
    if (expected)
      expect(found[0]).toMatchObject({ code: 'catastrophic-expenditure', certainty: 'likely', ruleId: 'catastrophic.expenditure' });
  });

  it('reports the share, the income, the subsistence, the capacity and the threshold with their sources', () => {
    const [f] = only(withBill(400_000), 'catastrophic-cost');
    expect(f!.inputs).toEqual([
      { name: 'patientShareVnd', value: 400_000, source: 'ChargeItem' },
      { name: 'householdIncomePerMonthVnd', value: 3_000_000, source: 'screening' },
      { name: 'subsistenceSpendingPerMonthVnd', value: 2_000_000, source: 'screening' },
      { name: 'capacityToPayVnd', value: 1_000_000, source: 'screening' },
      { name: 'shareOfCapacity', value: 0.4, source: 'rule-set' },
      { name: 'capacityPeriodMonths', value: 1, source: 'rule-set' },
    ]);
  });

  it.each([
    ['2026-12-31', 1_500_000 + 1_000_000],
    ['2027-01-01', 2_200_000 + 1_000_000],
  ])('subsistence not given (%s): the rural poverty line × household size stands in, indicative', (day, income) => {
    const a = { ...NO_ANSWERS, householdIncomePerMonthVnd: income, householdSize: 1, residence: 'rural' as const };
    const at = (patientVnd: number): Finding[] => only({ ...withBill(patientVnd, a), screeningDate: day }, 'catastrophic-cost');
    expect(at(399_999)).toEqual([]);
    expect(at(400_000)[0]).toMatchObject({ certainty: 'indicative' });
    expect(at(400_000)[0]!.inputs).toContainEqual({
      name: 'subsistenceSpendingPerMonthVnd',
      value: income - 1_000_000,
      source: 'rule-set',
    });
  });

  it('residence unknown: the urban line is the fallback subsistence (doubt makes a person look)', () => {
    const a = { ...NO_ANSWERS, householdIncomePerMonthVnd: 3_000_000, householdSize: 1 };
    expect(only(withBill(400_000, a), 'catastrophic-cost')).toHaveLength(1); // capacity 1,000,000
    expect(only(withBill(399_999, a), 'catastrophic-cost')).toEqual([]);
  });

  it.each([
    [0.25, 249_999, false],
    [0.25, 250_000, true],
    [0.1, 100_000, true],
  ])('a configured share of %d: %i đồng → %s, reported as an override', (share, patientVnd, expected) => {
    const found = only(withBill(patientVnd), 'catastrophic-cost', { overrides: { catastrophicShareOfCapacity: share } });
    expect(found.length === 1).toBe(expected);
    if (expected) expect(found[0]!.inputs).toContainEqual({ name: 'shareOfCapacity', value: share, source: 'override' });
  });

  it('a two-month capacity period doubles the capacity', () => {
    const options = { overrides: { catastrophicCapacityPeriodMonths: 2 } };
    expect(only(withBill(799_999), 'catastrophic-cost', options)).toEqual([]);
    expect(only(withBill(800_000), 'catastrophic-cost', options)[0]!.inputs).toContainEqual({
      name: 'capacityToPayVnd',
      value: 2_000_000,
      source: 'screening',
    });
  });

  it('income at or below subsistence: any out-of-pocket is catastrophic, none is not', () => {
    const poor = { ...answers, householdIncomePerMonthVnd: 2_000_000 };
    expect(only(withBill(1, poor), 'catastrophic-cost')).toHaveLength(1);
    expect(only(withBill(0, poor), 'catastrophic-cost')).toEqual([]);
  });

  it("split not stated: the card's benefit share on the screening date estimates the patient's part (indicative)", () => {
    // GD card, digit 4 = 80 %: the patient pays 20 % of 2,000,000 = 400,000.
    const [f] = only(withBill(null, answers, ins('valid'), 2_000_000), 'catastrophic-cost');
    expect(f).toMatchObject({ certainty: 'indicative' });
    expect(f!.inputs).toContainEqual({ name: 'patientShareVnd', value: 400_000, source: 'ChargeItem' });
    expect(f!.inputs).toContainEqual({ name: 'bhyt.benefitPercent', value: 80, source: 'Coverage' });
    expect(only(withBill(null, answers, ins('valid'), 1_999_995), 'catastrophic-cost')).toEqual([]); // 399,999 after rounding
  });

  it('split not stated and no usable card: the whole bill; a CCCD-form card (no benefit digit): nothing can be said', () => {
    expect(only(withBill(null, answers, ins('expired'), 400_000), 'catastrophic-cost')).toHaveLength(1);
    expect(only(withBill(null, answers, ins('valid', '010078001234'), 9_000_000), 'catastrophic-cost')).toEqual([]);
  });

  it('no answers, no income or no charges: no finding', () => {
    expect(only({ ...withBill(9_000_000), screening: null }, 'catastrophic-cost')).toEqual([]);
    expect(only(withBill(9_000_000, { ...answers, householdIncomePerMonthVnd: null }), 'catastrophic-cost')).toEqual([]);
    expect(only({ ...withBill(9_000_000), charges: null }, 'catastrophic-cost')).toEqual([]);
  });

  it.each([
    [{ catastrophicShareOfCapacity: 0 }, 'catastrophicShareOfCapacity'],
    [{ catastrophicShareOfCapacity: 1.5 }, 'catastrophicShareOfCapacity'],
    [{ catastrophicShareOfCapacity: Number.NaN }, 'catastrophicShareOfCapacity'],
    [{ catastrophicCapacityPeriodMonths: 0.5 }, 'catastrophicCapacityPeriodMonths'],
    [{ longStayDays: 0 }, 'longStayDays'],
  ])('override %j is refused with SCREENING.BAD_OVERRIDE', (overrides, path) => {
    expect(() => evaluate(withBill(1), { overrides })).toThrow(
      expect.objectContaining({ status: 400, code: 'SCREENING.BAD_OVERRIDE', details: [expect.objectContaining({ path })] }),
    );
  });
});

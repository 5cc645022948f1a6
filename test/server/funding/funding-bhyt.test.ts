import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BHYT_BENEFIT_LEVELS, type BenefitLevelPeriod } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import { parseBhytNumber, type BhytCard } from '../../../fhir-mappings/bhyt.js';
import { computeLines, NO_INSURANCE, type PatientInsurance } from '../../../server/features/funding/funding.bhyt.js';
import { patientReference } from '../../../server/features/patients/reference.js';

/**
 * The BHYT split of a funding request's lines (decision 0025, "The BHYT share"), pure: per benefit
 * digit on the service day through the dated benefit table, rounded half up to the đồng; the fund's
 * share stated from the bill wins; no usable card → the patient pays all; a CCCD-form card (no
 * benefit digit) → the line must state the fund's share. Fund + patient = total on every line.
 */
const DAY = '2026-12-07';

function card(number: string): BhytCard {
  const parsed = parseBhytNumber(number, patientReference);
  if (!parsed.ok) throw new Error(`test card ${number} does not parse`);
  return parsed.card;
}

/** A patient whose one Coverage (active over 2026 unless told) carries the card. */
function insured(number: string, period = { start: '2026-01-01', end: '2026-12-31' }): PatientInsurance {
  return { coverages: [{ status: 'active', period, card: card(number), number }], patientCard: null, patientHasNumber: false };
}

const fees = (totalVnd: number, over: object = {}) => ({ kind: 'hospital-fees' as const, description: 'Viện phí', totalVnd, ...over });
const travel = { kind: 'travel-home' as const, description: 'Xe về quê', totalVnd: 500_000 };

describe('the split per benefit digit on the service day', () => {
  it.each([
    [1, 100, 333_333, 0],
    [2, 100, 333_333, 0],
    [3, 95, 316_666, 16_667],
    [4, 80, 266_666, 66_667],
    [5, 100, 333_333, 0],
  ])('digit %i: the fund pays %i %% (%i ₫ of 333.333 ₫), the patient the rest (%i ₫)', (digit, percent, fund, patient) => {
    const out = computeLines([fees(333_333), travel], insured(`GD${digit}010123456789`), DAY);
    expect(out.problems).toEqual([]);
    expect(out.lines[0]).toMatchObject({ totalVnd: 333_333, insuranceVnd: fund, patientVnd: patient, split: 'benefit-applied', serviceDate: DAY });
    expect(out.lines[1]).toMatchObject({ insuranceVnd: 0, patientVnd: 500_000, split: 'outside-bhyt' });
    expect(out.askedVnd).toBe(patient + 500_000);
    expect(out.bhyt).toEqual({ benefitDigit: digit, percent, source: BHYT_BENEFIT_LEVELS[0]?.source, capsNotApplied: digit === 2 });
  });

  it('reads the period in force on each line’s service day: an old bill keeps the old share', () => {
    const periods: BenefitLevelPeriod[] = [
      { ...(BHYT_BENEFIT_LEVELS[0] as BenefitLevelPeriod), effectiveTo: '2026-06-30', source: 'cũ' },
      { ...(BHYT_BENEFIT_LEVELS[0] as BenefitLevelPeriod), effectiveFrom: '2026-07-01', source: 'mới', shares: { ...(BHYT_BENEFIT_LEVELS[0] as BenefitLevelPeriod).shares, 4: { digit: 4, percent: 85, capped: false, includesOutOfList: false, description: '85 %' } } },
    ];
    const out = computeLines([fees(1_000_000, { serviceDate: '2026-05-02' }), fees(1_000_000, { serviceDate: '2026-08-02' })], insured('GD4010123456789'), DAY, periods);
    expect(out.lines.map((l) => [l.insuranceVnd, l.patientVnd, l.serviceDate])).toEqual([
      [800_000, 200_000, '2026-05-02'],
      [850_000, 150_000, '2026-08-02'],
    ]);
    expect(out.bhyt?.source).toBe('cũ');
  });

  it('a line without a service day takes the request’s day', () => {
    const periods: BenefitLevelPeriod[] = [{ ...(BHYT_BENEFIT_LEVELS[0] as BenefitLevelPeriod), effectiveTo: '2026-12-06' }];
    // No period covers the request's day: the share cannot be told, the line must state it.
    const out = computeLines([fees(1_000_000)], insured('GD4010123456789'), DAY, periods);
    expect(out.problems.map((p) => [p.path, p.code])).toEqual([['body.lines.0.statedInsuranceVnd', 'bhyt_share_unknown']]);
  });
});

describe('stated shares, no card, a card without a digit', () => {
  it('the fund’s share stated from the bill wins over the card', () => {
    const out = computeLines([fees(1_000_000, { statedInsuranceVnd: 640_000 })], insured('GD3010123456789'), DAY);
    expect(out.lines[0]).toMatchObject({ insuranceVnd: 640_000, patientVnd: 360_000, split: 'stated' });
    expect(out.askedVnd).toBe(360_000);
  });

  it('a stated share above the line’s total is refused at its field', () => {
    const out = computeLines([fees(1_000_000, { statedInsuranceVnd: 1_000_001 })], insured('GD3010123456789'), DAY);
    expect(out.problems).toEqual([expect.objectContaining({ path: 'body.lines.0.statedInsuranceVnd', code: 'too_big', params: { maximum: 1_000_000, origin: 'number' } })]);
  });

  it('a stated share on a line outside BHYT is refused', () => {
    const out = computeLines([{ ...travel, statedInsuranceVnd: 1 }], NO_INSURANCE, DAY);
    expect(out.problems.map((p) => [p.path, p.code])).toEqual([['body.lines.0.statedInsuranceVnd', 'not_allowed']]);
  });

  it('no card: the patient pays all of the hospital fees (uninsured)', () => {
    const out = computeLines([fees(2_345_678)], NO_INSURANCE, DAY);
    expect(out.lines[0]).toMatchObject({ insuranceVnd: 0, patientVnd: 2_345_678, split: 'uninsured' });
    expect(out.bhyt).toEqual({ benefitDigit: null, percent: null, source: null, capsNotApplied: false });
  });

  it('a card not valid on the service day counts as none (expired, cancelled)', () => {
    const expired = insured('GD4010123456789', { start: '2025-01-01', end: '2025-12-31' });
    expect(computeLines([fees(1_000_000)], expired, DAY).lines[0]?.split).toBe('uninsured');
    const cancelled: PatientInsurance = { ...insured('GD4010123456789'), coverages: [{ ...(insured('GD4010123456789').coverages[0] as PatientInsurance['coverages'][number]), status: 'cancelled' }] };
    expect(computeLines([fees(1_000_000)], cancelled, DAY).lines[0]?.split).toBe('uninsured');
    // Valid again on an earlier service day inside its period.
    expect(computeLines([fees(1_000_000, { serviceDate: '2025-06-01' })], expired, DAY).lines[0]).toMatchObject({ split: 'benefit-applied', patientVnd: 200_000 });
  });

  it('a CCCD-form card tells no benefit digit: the line must state the fund’s share, then it stands', () => {
    const cccd = insured('001080012345');
    expect(computeLines([fees(1_000_000), travel], cccd, DAY).problems).toEqual([expect.objectContaining({ path: 'body.lines.0.statedInsuranceVnd', code: 'bhyt_share_unknown' })]);
    const stated = computeLines([fees(1_000_000, { statedInsuranceVnd: 800_000 }), travel], cccd, DAY);
    expect(stated.problems).toEqual([]);
    expect(stated.askedVnd).toBe(700_000);
  });

  it('a card number on the Patient alone (no Coverage) is used', () => {
    const ins: PatientInsurance = { coverages: [], patientCard: card('GD4010123456789'), patientHasNumber: true };
    expect(computeLines([fees(1_000_000)], ins, DAY).lines[0]).toMatchObject({ split: 'benefit-applied', insuranceVnd: 800_000 });
  });

  it('lines the fund pays in full ask nothing: refused at `lines`', () => {
    const out = computeLines([fees(1_000_000)], insured('GD1010123456789'), DAY);
    expect(out.problems.map((p) => [p.path, p.code])).toEqual([['body.lines', 'nothing_asked']]);
  });
});

describe('every line adds up', () => {
  it('fund + patient = total, both whole and ≥ 0, for any total, digit and stated share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 1, max: 5 }), fc.option(fc.integer({ min: 0, max: 2_000_000_000 })), (total, digit, stated) => {
        const line = stated === null ? fees(total) : fees(total, { statedInsuranceVnd: Math.min(stated, total) });
        const out = computeLines([line, travel], insured(`GD${digit}010123456789`), DAY);
        const l = out.lines[0];
        if (!l) return false;
        return Number.isInteger(l.insuranceVnd) && l.insuranceVnd >= 0 && l.patientVnd >= 0 && l.insuranceVnd + l.patientVnd === total && out.askedVnd === l.patientVnd + 500_000;
      }),
    );
  });
});

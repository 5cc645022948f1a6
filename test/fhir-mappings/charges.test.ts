import { describe, expect, it } from 'vitest';
import { parseBhytNumber, type BhytCard } from '../../fhir-mappings/bhyt.js';
import { summariseCharges, type ChargesContext, type ChargesSummary } from '../../fhir-mappings/charges.js';
import { applyPercentVnd, roundHalfUpVnd } from '../../fhir-mappings/money.js';
import { bhytRef, codes, fixture } from './support/reference.js';

/** ChargeItem / Claim / Account → whole-VND split between BHYT and the patient. */
const chargeItems = (fixture('charge-items-bundle.json').entry as { resource: unknown }[]).map((e) => e.resource);

function card(number: string): BhytCard {
  const r = parseBhytNumber(number, bhytRef);
  if (!r.ok) throw new Error(number);
  return r.card;
}

const ctx = (c: BhytCard | null): ChargesContext => ({ card: c, serviceDate: '2026-03-10', benefitLevels: bhytRef.benefitLevels });

function summary(input: Parameters<typeof summariseCharges>[0], context: ChargesContext): { value: ChargesSummary; problems: string[] } {
  const r = summariseCharges(input, context);
  if (!r.ok) throw new Error('summary failed');
  return { value: r.value, problems: codes(r.problems) };
}

describe('money', () => {
  it.each([
    [0.5, 1],
    [1.49, 1],
    [536999.5, 537000],
    [-2.5, -3],
    [42, 42],
  ])('roundHalfUpVnd(%d) = %d', (x, expected) => expect(roundHalfUpVnd(x)).toBe(expected));

  it.each([
    [333333, 95, 316666],
    [10, 95, 10],
    [537001, 80, 429601],
    [1938000, 100, 1938000],
    [5, 50, 3],
    [0, 80, 0],
  ])('applyPercentVnd(%d, %d %%) = %d', (amount, percent, expected) => {
    const r = applyPercentVnd(amount, percent);
    expect(r).toBe(expected);
    expect(Number.isInteger(r)).toBe(true);
  });
});

describe('summariseCharges from ChargeItems', () => {
  it('applies a 100 % (digit 2, HN) share, keeps a stated split, sets planned charges apart, skips the rest', () => {
    const { value, problems } = summary({ chargeItems }, ctx(card('HN2101234567890')));
    expect(value).toMatchObject({
      currency: 'VND',
      source: 'charge-items',
      totalVnd: 5108333,
      insuranceVnd: 5075000,
      patientVnd: 33333,
      plannedVnd: 15000000,
      benefit: { digit: 2, percent: 100 },
      capsNotApplied: true,
    });
    expect(value.lines.map((l) => [l.source, l.totalVnd, l.insuranceVnd, l.patientVnd, l.split])).toEqual([
      ['ChargeItem/ci-1', 1938000, 1938000, 0, 'benefit-applied'],
      ['ChargeItem/ci-2', 537000, 537000, 0, 'benefit-applied'],
      ['ChargeItem/ci-3', 2300000, 2300000, 0, 'benefit-applied'],
      ['ChargeItem/ci-4', 333333, 300000, 33333, 'stated'],
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'MONEY.CURRENCY_ASSUMED',
        'MONEY.FRACTIONAL_VND',
        'FHIR.NON_R4_FIELD',
        'CHARGES.SKIPPED_STATUS',
        'CHARGES.NO_PRICE',
        'MONEY.NOT_VND',
      ]),
    );
  });

  it('applies 80 % for a digit-4 card, rounding half up per line, and every amount is a whole đồng', () => {
    const { value } = summary({ chargeItems }, ctx(card('GD4150987654321')));
    expect(value).toMatchObject({ totalVnd: 5108333, insuranceVnd: 4120000, patientVnd: 988333, capsNotApplied: false });
    for (const l of value.lines) expect(Number.isInteger(l.insuranceVnd) && Number.isInteger(l.patientVnd)).toBe(true);
    expect(value.insuranceVnd! + value.patientVnd!).toBe(value.totalVnd);
  });

  it('puts everything on the patient when there is no card', () => {
    const { value } = summary({ chargeItems }, ctx(null));
    expect(value).toMatchObject({ totalVnd: 5108333, insuranceVnd: 300000, patientVnd: 4808333, benefit: null });
    expect(value.lines[0]?.split).toBe('uninsured');
  });

  it('leaves the split unknown (null) for a CCCD-form card with no benefit digit', () => {
    const { value, problems } = summary({ chargeItems }, ctx(card('010078001234')));
    expect(value).toMatchObject({ totalVnd: 5108333, insuranceVnd: null, patientVnd: null });
    expect(problems).toContain('CHARGES.BENEFIT_UNKNOWN');
  });
});

describe('summariseCharges from a Claim', () => {
  it('reads item net, or unitPrice × quantity × factor, and prefers the Claim over ChargeItems', () => {
    const { value } = summary({ claim: fixture('claim.json'), chargeItems }, ctx(card('TE1102212345678')));
    expect(value).toMatchObject({ source: 'claim', totalVnd: 49007284, insuranceVnd: 49007284, patientVnd: 0, plannedVnd: 0 });
    expect(value.lines.map((l) => l.totalVnd)).toEqual([42500000, 5890000, 617284]);
  });

  it('falls back to Claim.total when no item has an amount', () => {
    const claim = { resourceType: 'Claim', id: 'c', status: 'active', item: [{ sequence: 1 }], total: { value: 1200000, currency: 'VND' } };
    expect(summary({ claim }, ctx(card('CN3151234567891'))).value).toMatchObject({
      totalVnd: 1200000,
      insuranceVnd: 1140000,
      patientVnd: 60000,
    });
  });

  it('ignores a cancelled claim and uses the ChargeItems', () => {
    const claim = { ...fixture('claim.json'), status: 'cancelled' };
    expect(summary({ claim, chargeItems }, ctx(card('HN2101234567890'))).value.source).toBe('charge-items');
  });
});

describe('summariseCharges with an Account', () => {
  it('takes a stated R5 balance split over the computed one, and reports a mismatch with the charges', () => {
    const { value, problems } = summary({ chargeItems, account: fixture('account-r5.json') }, ctx(card('GD4150987654321')));
    expect(value).toMatchObject({ source: 'charge-items', totalVnd: 5108333, insuranceVnd: 4000000, patientVnd: 1107333 });
    expect(problems).toEqual(expect.arrayContaining(['FHIR.NON_R4_FIELD', 'CHARGES.ACCOUNT_MISMATCH']));
  });

  it('summarises from the Account alone', () => {
    const { value } = summary({ account: fixture('account-r5.json') }, ctx(null));
    expect(value).toMatchObject({ source: 'account', totalVnd: 5107333, insuranceVnd: 4000000, patientVnd: 1107333 });
  });
});

describe('summariseCharges on empty and malformed input', () => {
  it('gives a zero summary for nothing', () => {
    expect(summary({}, ctx(null)).value).toMatchObject({ source: 'none', totalVnd: 0, insuranceVnd: 0, patientVnd: 0, lines: [] });
  });

  it('skips non-ChargeItems and garbage without throwing', () => {
    const { value, problems } = summary(
      {
        chargeItems: [
          null,
          'x',
          { resourceType: 'Patient' },
          { resourceType: 'ChargeItem', status: 'billable', priceOverride: { value: 'abc' } },
        ],
      },
      ctx(null),
    );
    expect(value.totalVnd).toBe(0);
    expect(problems).toEqual(
      expect.arrayContaining(['FHIR.NOT_A_RESOURCE', 'FHIR.WRONG_RESOURCE_TYPE', 'MONEY.NO_VALUE', 'CHARGES.NO_PRICE']),
    );
  });

  it('reports a service date outside every benefit period', () => {
    const { value, problems } = summary({ chargeItems }, { ...ctx(card('HN2101234567890')), serviceDate: '2010-01-01' });
    expect(value.insuranceVnd).toBeNull();
    expect(problems).toContain('CHARGES.NO_BENEFIT_PERIOD');
  });
});

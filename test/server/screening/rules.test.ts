import { describe, expect, it } from 'vitest';
import { parseBhytNumber, type BhytCard } from '../../../fhir-mappings/bhyt.js';
import { AppError } from '../../../server/errors.js';
import {
  checkRuleSets,
  emptyFacts,
  evaluate,
  NO_ANSWERS,
  RULE_SETS,
  ruleSetOn,
  type DeprivationIndicator,
  type Finding,
  type InsuranceFacts,
  type Residence,
  type ScreeningAnswers,
  type ScreeningFacts,
} from '../../../server/features/screening/rules/index.js';
import { bhytRef } from '../../fhir-mappings/support/reference.js';

/** Rule sets by date, and the poverty rules (Decree 07/2021/ND-CP; the 2027–2030 standard). */

const THREE: DeprivationIndicator[] = ['housing-quality', 'water-latrine', 'information-access'];
const TWO: DeprivationIndicator[] = ['housing-quality', 'water-latrine'];

function card(n: string): BhytCard {
  const r = parseBhytNumber(n, bhytRef);
  if (!r.ok) throw new Error(r.errors.map((e) => e.code).join());
  return r.card;
}
const insured = (n: string, status: InsuranceFacts['status'] = 'valid'): InsuranceFacts => ({
  status,
  card: card(n),
  source: status === 'unknown' ? 'Patient' : 'Coverage',
  expiredOn: status === 'expired' ? '2026-01-31' : null,
  validFrom: null,
});

function facts(date: string, answers: Partial<ScreeningAnswers> | null, extra: Partial<ScreeningFacts> = {}): ScreeningFacts {
  return { ...emptyFacts(date), screening: answers ? { ...NO_ANSWERS, ...answers } : null, ...extra };
}
const household = (
  income: number,
  size: number,
  residence: Residence,
  deprivations: DeprivationIndicator[] | null,
): Partial<ScreeningAnswers> => ({
  householdIncomePerMonthVnd: income,
  householdSize: size,
  residence,
  deprivations,
});
const poverty = (f: ScreeningFacts): Finding[] => evaluate(f).findings.filter((x) => x.flagType === 'poverty');
const povertyCode = (f: ScreeningFacts): string | null => poverty(f)[0]?.code ?? null;

describe('ruleSetOn: the rule set is chosen by the screening date', () => {
  it.each([
    ['2022-01-01', 'vn-screening-2022'],
    ['2025-07-01', 'vn-screening-2022'],
    ['2026-12-31', 'vn-screening-2022'],
    ['2027-01-01', 'vn-screening-2027'],
    ['2030-12-31', 'vn-screening-2027'],
    // An instant is read as the Vietnam local day (UTC+7): 17:00Z on 31 Dec is already 1 Jan.
    ['2026-12-31T16:59:59Z', 'vn-screening-2022'],
    ['2026-12-31T17:00:00Z', 'vn-screening-2027'],
    ['2027-01-01T06:00:00+07:00', 'vn-screening-2027'],
  ])('%s → %s', (date, id) => {
    expect(ruleSetOn(date).id).toBe(id);
  });

  it.each(['2021-12-31', '2031-01-01'])('%s: no rule set → SCREENING.NO_RULE_SET naming the covered periods', (date) => {
    expect(() => ruleSetOn(date)).toThrow(AppError);
    expect(() => ruleSetOn(date)).toThrow(/no screening rule set applies on .*2022-01-01…2026-12-31, 2027-01-01…2030-12-31/);
    try {
      ruleSetOn(date);
    } catch (e) {
      expect(e).toMatchObject({ status: 400, code: 'SCREENING.NO_RULE_SET' });
    }
  });

  it.each(['2026-02-30', '31/12/2026', '2026-12', ''])('%j is not a date → SCREENING.BAD_DATE', (date) => {
    expect(() => ruleSetOn(date)).toThrow(expect.objectContaining({ code: 'SCREENING.BAD_DATE' }));
  });

  it('evaluate refuses a screening date no rule set covers instead of guessing', () => {
    expect(() => evaluate(emptyFacts('2021-06-01'))).toThrow(expect.objectContaining({ code: 'SCREENING.NO_RULE_SET' }));
  });

  it('the default rule sets are contiguous, do not overlap, and cite every rule with a version and a source', () => {
    expect(checkRuleSets(RULE_SETS)).toEqual([]);
    expect(checkRuleSets([RULE_SETS[0]!, { ...RULE_SETS[1]!, effectiveFrom: '2026-12-31' }])).toEqual([
      'vn-screening-2022 overlaps vn-screening-2027',
    ]);
    for (const rs of RULE_SETS) {
      expect(Object.keys(rs.rules)).toHaveLength(15);
      for (const m of Object.values(rs.rules)) {
        expect(m.version).toMatch(/^\d{1,4}\.\d+$/);
        expect(m.legalSource.length).toBeGreaterThan(10);
      }
    }
  });

  it('the poverty rule is versioned per standard; the 2027 set says what is unconfirmed', () => {
    const [a, b] = RULE_SETS;
    expect(a!.rules['poverty.income-deprivation']).toMatchObject({
      version: '2022.1',
      legalSource: expect.stringContaining('07/2021/NĐ-CP'),
    });
    expect(b!.rules['poverty.income-deprivation']).toMatchObject({
      version: '2027.1',
      legalSource: expect.stringContaining('chưa xác nhận'),
    });
    expect(b).toMatchObject({ unconfirmed: true, poverty: { unconfirmedCodes: ['near-poor', 'medium-living-standard'] } });
    expect(a).toMatchObject({ unconfirmed: false, poverty: { unconfirmedCodes: [] } });
  });
});

/** Each period × residence: the poverty line and the medium bound (per person per month, whole VND). */
const PERIODS = [
  { date: '2026-12-31', residence: 'rural', line: 1_500_000, medium: 2_250_000 },
  { date: '2026-12-31', residence: 'urban', line: 2_000_000, medium: 3_000_000 },
  { date: '2027-01-01', residence: 'rural', line: 2_200_000, medium: 3_300_000 },
  { date: '2027-01-01', residence: 'urban', line: 2_800_000, medium: 4_200_000 },
] as const;

describe('poverty from income per person, residence and the 12 indicators', () => {
  const cases = PERIODS.flatMap(
    ({ date, residence, line, medium }) =>
      [
        [date, residence, line - 1, THREE, 'poor'],
        [date, residence, line, THREE, 'poor'],
        [date, residence, line + 1, THREE, 'medium-living-standard'],
        [date, residence, line - 1, TWO, 'near-poor'],
        [date, residence, line, TWO, 'near-poor'],
        [date, residence, line + 1, TWO, 'medium-living-standard'],
        [date, residence, medium - 1, THREE, 'medium-living-standard'],
        [date, residence, medium, THREE, 'medium-living-standard'],
        [date, residence, medium + 1, THREE, null],
        [date, residence, 0, [], 'near-poor'],
      ] as const,
  );

  it.each(cases)('%s %s: %i đồng/person with %j → %s', (date, residence, perPerson, deprivations, expected) => {
    expect(povertyCode(facts(date, household(perPerson, 1, residence, [...deprivations])))).toBe(expected);
  });

  it.each([
    // Household of 4: the comparison is on floor(income / size) in whole đồng.
    [4 * 1_500_000, 'poor'],
    [4 * 1_500_000 + 3, 'poor'], // 1,500,000.75 → 1,500,000: the fraction of a đồng is dropped, in the household's favour
    [4 * 1_500_000 + 4, 'medium-living-standard'], // 1,500,001
    [4 * 1_500_000 - 1, 'poor'],
  ])('household of 4, rural 2026, income %i → %s', (income, expected) => {
    expect(povertyCode(facts('2026-06-01', household(income, 4, 'rural', THREE)))).toBe(expected);
  });

  it('2,000,000 đồng per person in the countryside is medium on 2026-12-31 and poor on 2027-01-01', () => {
    const answers = household(2_000_000, 1, 'rural', THREE);
    expect(povertyCode(facts('2026-12-31', answers))).toBe('medium-living-standard');
    expect(povertyCode(facts('2027-01-01', answers))).toBe('poor');
  });

  it('the same income is poor in town and medium in the countryside (2026)', () => {
    expect(povertyCode(facts('2026-06-01', household(1_800_000, 1, 'urban', THREE)))).toBe('poor');
    expect(povertyCode(facts('2026-06-01', household(1_800_000, 1, 'rural', THREE)))).toBe('medium-living-standard');
  });

  it('reports every input with its source and the line it was compared with', () => {
    const [f] = poverty(facts('2026-06-01', household(6_000_000, 4, 'rural', THREE)));
    expect(f).toMatchObject({
      ruleId: 'poverty.income-deprivation',
      ruleVersion: '2022.1',
      certainty: 'likely',
      code: 'poor',
      unconfirmed: false,
    });
    expect(f!.inputs).toEqual([
      { name: 'householdIncomePerMonthVnd', value: 6_000_000, source: 'screening' },
      { name: 'householdSize', value: 4, source: 'screening' },
      { name: 'incomePerPersonVnd', value: 1_500_000, source: 'screening' },
      { name: 'residence', value: 'rural', source: 'screening' },
      { name: 'deprivationCount', value: 3, source: 'screening' },
      { name: 'deprivations', value: 'housing-quality,water-latrine,information-access', source: 'screening' },
      { name: 'poorIncomeMaxVnd', value: 1_500_000, source: 'rule-set' },
      { name: 'deprivationThreshold', value: 3, source: 'rule-set' },
    ]);
  });

  it('2027: poor rests on the published line; near-poor and medium are marked unconfirmed', () => {
    expect(poverty(facts('2027-03-01', household(2_000_000, 1, 'rural', THREE)))[0]).toMatchObject({ code: 'poor', unconfirmed: false });
    expect(poverty(facts('2027-03-01', household(2_000_000, 1, 'rural', TWO)))[0]).toMatchObject({ code: 'near-poor', unconfirmed: true });
    expect(poverty(facts('2027-03-01', household(3_000_000, 1, 'rural', TWO)))[0]).toMatchObject({
      code: 'medium-living-standard',
      unconfirmed: true,
    });
    expect(poverty(facts('2026-03-01', household(1_400_000, 1, 'rural', TWO)))[0]).toMatchObject({ code: 'near-poor', unconfirmed: false });
  });

  it('counts distinct known indicators only: a repeated or unknown id cannot make a household poor', () => {
    const repeated = ['housing-quality', 'housing-quality', 'water-latrine', 'not-an-indicator'] as DeprivationIndicator[];
    expect(povertyCode(facts('2026-06-01', household(1_000_000, 1, 'rural', repeated)))).toBe('near-poor');
  });

  it('indicators not assessed: below the line is reported as near-poor, indicative (it may be poor)', () => {
    const [f] = poverty(facts('2026-06-01', household(1_000_000, 1, 'rural', null)));
    expect(f).toMatchObject({ code: 'near-poor', certainty: 'indicative', summary: { en: expect.stringContaining('not assessed') } });
  });

  it.each([
    ['negative income', household(-1, 1, 'rural', THREE)],
    ['fractional income', household(1_000_000.5, 1, 'rural', THREE)],
    ['household of 0', household(1_000_000, 0, 'rural', THREE)],
    ['no residence', { ...household(1_000_000, 1, 'rural', THREE), residence: null }],
    ['no income', { ...household(1_000_000, 1, 'rural', THREE), householdIncomePerMonthVnd: null }],
  ])('%s: no self-reported status', (_label, answers) => {
    expect(poverty(facts('2026-06-01', answers))).toEqual([]);
  });
});

describe('documented (authoritative) against self-reported (likely) poverty', () => {
  const date = '2026-06-01';

  it.each([
    ['HN card valid on the day', { insurance: insured('HN2101234567890') }, null, 'poor', 'authoritative', 'Coverage'],
    ['CN card valid on the day', { insurance: insured('CN3101234567890') }, null, 'near-poor', 'authoritative', 'Coverage'],
    ['commune certificate: poor', {}, 'poor', 'poor', 'authoritative', 'certificate'],
    ['commune certificate: near-poor', {}, 'near-poor', 'near-poor', 'authoritative', 'certificate'],
    [
      'HN number on Patient only (validity unknown)',
      { insurance: insured('HN2101234567890', 'unknown') },
      null,
      'poor',
      'likely',
      'Patient',
    ],
  ] as const)('%s → %s, %s', (_label, extra, certificate, code, certainty, source) => {
    const found = poverty(facts(date, certificate ? { certificate } : null, extra));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'poverty.documented', ruleVersion: '1.0', code, certainty });
    expect(found[0]!.inputs.map((i) => i.source)).toContain(source);
  });

  it('an expired HN card is likely poor (re-verify); a group missing from the table, or without a signal, documents nothing', () => {
    const expired = poverty(facts(date, null, { insurance: insured('HN2101234567890', 'expired') }));
    expect(expired.map((f) => [f.code, f.certainty])).toEqual([['poor', 'likely']]);
    expect(expired[0]!.summary.vi).toMatch(/cần xác minh lại/);
    expect(poverty(facts(date, null, { insurance: insured('ZZ2101234567890') }))).toEqual([]);
    expect(poverty(facts(date, null, { insurance: insured('GD4101234567890') }))).toEqual([]);
  });

  it('authoritative poor outranks likely poor on the worklist', () => {
    const documented = evaluate(facts(date, { certificate: 'poor' }, { insurance: insured('GD4101234567890') }));
    const selfReported = evaluate(facts(date, household(1_000_000, 1, 'rural', THREE), { insurance: insured('GD4101234567890') }));
    expect(documented.priority).toBeGreaterThan(selfReported.priority);
    expect(documented.findings[0]!.weight).toBe(40);
    expect(selfReported.findings[0]!.weight).toBe(30);
  });

  it('a documented status is not flagged twice when the answers agree or say less', () => {
    const hn = { insurance: insured('HN2101234567890') };
    expect(poverty(facts(date, household(1_000_000, 1, 'rural', THREE), hn)).map((f) => [f.code, f.certainty])).toEqual([
      ['poor', 'authoritative'],
    ]);
    expect(poverty(facts(date, household(2_000_000, 1, 'rural', THREE), hn)).map((f) => f.code)).toEqual(['poor']);
  });

  it('answers worse than the certificate are reported too (a household that got poorer), counted once in the priority', () => {
    const e = evaluate(
      facts(date, { ...household(1_000_000, 1, 'rural', THREE), certificate: 'near-poor' }, { insurance: insured('GD4101234567890') }),
    );
    expect(e.findings.map((f) => [f.ruleId, f.code, f.certainty, f.weight])).toEqual([
      ['poverty.income-deprivation', 'poor', 'likely', 30],
      ['poverty.documented', 'near-poor', 'authoritative', 25],
    ]);
    expect(e.priority).toBe(30);
  });

  it('card and certificate disagreeing: the more severe documented status, with both as inputs', () => {
    const [f] = poverty(facts(date, { certificate: 'poor' }, { insurance: insured('CN3101234567890') }));
    expect(f).toMatchObject({ code: 'poor', certainty: 'authoritative' });
    expect(f!.inputs).toEqual([
      { name: 'bhyt.group', value: 'CN', source: 'Coverage' },
      { name: 'bhyt.status', value: 'valid', source: 'Coverage' },
      { name: 'certificate', value: 'poor', source: 'certificate' },
    ]);
  });
});

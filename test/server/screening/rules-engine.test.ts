import { describe, expect, it } from 'vitest';
import { parseBhytNumber } from '../../../fhir-mappings/bhyt.js';
import { DEPRIVATION_INDICATORS } from '../../../server/features/screening/questionnaire.js';
import { ageOn } from '../../../server/features/screening/rules/age.js';
import { codesOfTier, tierOf } from '../../../server/features/screening/rules/engine.js';
import {
  DEPRIVATION_IDS,
  emptyFacts,
  evaluate,
  NO_ANSWERS,
  priorityOf,
  RULE_SETS,
  type FactSource,
  type Finding,
  type RuleSet,
  type ScreeningFacts,
  type StandardCode,
} from '../../../server/features/screening/rules/index.js';
import { bhytRef } from '../../fhir-mappings/support/reference.js';

/** The engine as a whole: determinism, citations on every finding, the worklist priority. */

const SOURCES: readonly FactSource[] = [
  'Patient',
  'Coverage',
  'Encounter',
  'Condition',
  'ChargeItem',
  'Claim',
  'Account',
  'RelatedPerson',
  'screening',
  'certificate',
  'hospital',
  'rule-set',
  'override',
];

function withCard(f: ScreeningFacts, n: string): ScreeningFacts {
  const r = parseBhytNumber(n, bhytRef);
  if (!r.ok) throw new Error('bad card');
  return { ...f, insurance: { status: 'valid', card: r.card, source: 'Coverage', expiredOn: null, validFrom: null } };
}
function aged(f: ScreeningFacts, birthDate: string): ScreeningFacts {
  const a = ageOn(birthDate, f.screeningDate);
  return { ...f, patient: { ...f.patient, birthDate, ageYears: a?.min ?? null, ageYearsMax: a?.max ?? null } };
}

/** One patient per group of rules, together raising every standard code at least once. */
function everyRule(date: string): ScreeningFacts[] {
  const base = emptyFacts(date, { old: 'Hà Nội', current: 'Hà Nội' });
  const poorHousehold = {
    ...NO_ANSWERS,
    householdIncomePerMonthVnd: 3_000_000,
    householdSize: 4,
    residence: 'rural' as const,
    deprivations: [...DEPRIVATION_IDS],
    subsistenceSpendingPerMonthVnd: 2_000_000,
    disability: true,
    violenceVictim: true,
  };
  return [
    {
      ...aged(base, '2022-01-01'),
      screening: poorHousehold,
      charges: { totalVnd: 5_000_000, patientVnd: 5_000_000, source: 'Claim' },
      guardianPresent: { value: false, source: 'screening' },
      patient: { ...aged(base, '2022-01-01').patient, homeProvince: { old: 'Lào Cai', current: 'Lào Cai', source: 'Patient' } },
      diagnoses: [{ code: 'C91.0', source: 'Condition' }],
      stay: { inProgress: true, lengthOfStayDays: 30, endedOn: null },
    },
    {
      ...aged(base, '1950-01-01'),
      screening: { ...NO_ANSWERS, livesAlone: true, certificate: 'poor' },
      insurance: { ...base.insurance, status: 'expired', expiredOn: '2026-01-01' },
    },
    {
      ...withCard(base, 'DT2151234509876'),
      screening: { ...NO_ANSWERS, householdIncomePerMonthVnd: 2_240_000, householdSize: 1, residence: 'rural', deprivations: [] },
    }, // medium in 2026 and 2027
    {
      ...withCard(base, 'BT2101234567890'),
      screening: { ...NO_ANSWERS, householdIncomePerMonthVnd: 1_000_000, householdSize: 1, residence: 'rural', deprivations: [] },
    },
    { ...base, screening: { ...NO_ANSWERS, needs: ['food', 'housing', 'transport', 'utilities', 'safety'] } },
  ];
}

const STANDARD: readonly StandardCode[] = Object.keys(RULE_SETS[0]!.weights) as StandardCode[];

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe.each(['2026-06-01', '2027-06-01'])('evaluate on %s', (date) => {
  const cases = everyRule(date);
  const all: Finding[] = cases.flatMap((f) => evaluate(f).findings);

  it('raises every standard code and a high-cost group across the sample', () => {
    const seen = new Set(all.map((f) => f.code));
    for (const code of STANDARD) expect(seen, code).toContain(code);
    expect(seen).toContain('high-cost-cancer');
  });

  it('every finding cites rule id, version and legal source, and gives inputs with known sources', () => {
    const rs = RULE_SETS.find((r) => r.effectiveFrom <= date && date <= r.effectiveTo)!;
    for (const f of all) {
      expect(f.ruleVersion, f.code).toBe(rs.rules[f.ruleId].version);
      expect(f.legalSource, f.code).toBe(rs.rules[f.ruleId].legalSource);
      expect(f.inputs.length, f.code).toBeGreaterThan(0);
      for (const i of f.inputs) {
        expect(SOURCES, `${f.code} ${i.name}`).toContain(i.source);
        expect(i.name).not.toBe('');
      }
      expect(f.summary.vi.length * f.summary.en.length, f.code).toBeGreaterThan(0);
      expect(Number.isInteger(f.weight) && f.weight > 0, f.code).toBe(true);
    }
  });

  it('is deterministic and leaves the facts untouched (deep-frozen facts, same result twice)', () => {
    for (const f of cases) {
      const frozen = deepFreeze(structuredClone(f));
      const first = evaluate(frozen);
      expect(evaluate(frozen)).toEqual(first);
      expect(JSON.stringify(evaluate(f))).toBe(JSON.stringify(first));
    }
  });

  it('findings come highest weight first; the priority is the documented sum', () => {
    for (const f of cases) {
      const e = evaluate(f);
      const weights = e.findings.map((x) => x.weight);
      expect(weights).toEqual([...weights].sort((a, b) => b - a));
      expect(e.priority).toBe(priorityOf(e.findings));
    }
  });
});

describe('priorityOf', () => {
  const f = (flagType: Finding['flagType'], weight: number): Finding => ({ flagType, weight }) as Finding;

  it('adds vulnerabilities, cost and stay; counts poverty, insurance and diagnosis once each, at their highest', () => {
    expect(
      priorityOf([
        f('poverty', 30),
        f('poverty', 25),
        f('insurance', 25),
        f('high-cost-diagnosis', 20),
        f('high-cost-diagnosis', 20),
        f('vulnerability', 40),
        f('vulnerability', 15),
        f('catastrophic-cost', 35),
        f('long-stay', 10),
      ]),
    ).toBe(30 + 25 + 20 + 40 + 15 + 35 + 10);
    expect(priorityOf([])).toBe(0);
  });

  it('orders a realistic worklist: unaccompanied poor child > documented poor adult > likely poor adult > insured nobody', () => {
    const date = '2026-06-01';
    const base = withCard(emptyFacts(date), 'GD4101234567890');
    const answers = {
      ...NO_ANSWERS,
      householdIncomePerMonthVnd: 1_000_000,
      householdSize: 1,
      residence: 'rural' as const,
      deprivations: [...DEPRIVATION_IDS],
    };
    const child = {
      ...aged(base, '2019-01-01'),
      screening: { ...answers, certificate: 'poor' as const },
      guardianPresent: { value: false, source: 'screening' as const },
    };
    const documented = { ...base, screening: { ...NO_ANSWERS, certificate: 'poor' as const } };
    const likely = { ...base, screening: answers };
    const p = [child, documented, likely, base].map((x) => evaluate(x).priority);
    expect(p).toEqual([...p].sort((a, b) => b - a));
    expect(new Set(p).size).toBe(4);
    expect(p[3]).toBe(0);
  });
});

describe('rule sets as a parameter', () => {
  it('uses the rule sets given, and a different list is not confused with the default by the date memo', () => {
    const custom: RuleSet[] = [{ ...RULE_SETS[0]!, id: 'hospital-x', version: '9.1', longStayDays: 3 }];
    const f: ScreeningFacts = { ...emptyFacts('2026-06-01'), stay: { inProgress: true, lengthOfStayDays: 3, endedOn: null } };
    expect(evaluate(f).findings.some((x) => x.code === 'long-stay')).toBe(false);
    const e = evaluate(f, { ruleSets: custom });
    expect(e.ruleSet).toEqual({ id: 'hospital-x', version: '9.1' });
    expect(e.findings.some((x) => x.code === 'long-stay')).toBe(true);
    expect(evaluate(f).ruleSet.id).toBe('vn-screening-2022');
  });
});

describe('the 12 deprivation indicators', () => {
  it('are the ones the screening questionnaire asks, in the same order', () => {
    expect(DEPRIVATION_INDICATORS.map((d) => d.id)).toEqual([...DEPRIVATION_IDS]);
    expect(DEPRIVATION_IDS).toHaveLength(12);
  });
});

describe('flag tiers (DOMAIN.md "Flag tiers")', () => {
  it('every rule set gives every code a tier: evidence of need is "support", a vulnerability alone "watch"', () => {
    const support = ['poor', 'near-poor', 'no-insurance', 'insurance-expired', 'catastrophic-expenditure', 'child-without-guardian', 'violence-victim', 'need-food', 'need-housing', 'need-transport', 'need-utilities', 'need-safety'];
    const watch = ['ethnic-minority-disadvantaged-area', 'child-under-6', 'older-living-alone', 'disability', 'far-from-home', 'long-stay', 'medium-living-standard', 'social-protection-beneficiary', 'high-cost-cancer'];
    for (const rs of RULE_SETS) {
      expect(support.filter((c) => tierOf(c, rs) !== 'support'), rs.id).toEqual([]);
      expect(watch.filter((c) => tierOf(c, rs) !== 'watch'), rs.id).toEqual([]);
      const all = [...codesOfTier('support', rs), ...codesOfTier('watch', rs)];
      expect(new Set(all).size).toBe(all.length);
      for (const g of rs.highCost) expect(codesOfTier('watch', rs)).toContain(`high-cost-${g.group}`);
    }
  });

  it("a hospital's override moves a code (every high-cost group at once with 'high-cost'); an unknown code is never hidden", () => {
    const rs = RULE_SETS[0] as RuleSet;
    expect(tierOf('far-from-home', rs, { 'far-from-home': 'support' })).toBe('support');
    expect(tierOf('poor', rs, { poor: 'watch' })).toBe('watch');
    expect(codesOfTier('support', rs, { 'high-cost': 'support' })).toEqual(expect.arrayContaining(rs.highCost.map((g) => `high-cost-${g.group}`)));
    expect(tierOf('a-code-from-the-future', rs)).toBe('support');
  });
});

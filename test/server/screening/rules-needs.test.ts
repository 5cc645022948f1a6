import { describe, expect, it } from 'vitest';
import { emptyFacts, evaluate, NO_ANSWERS, type ScreeningFacts, type SocialNeed } from '../../../server/features/screening/rules/index.js';

/** Needs reported in the questionnaire become 'likely' findings of the needs rule, one per need. */
const LAO_CAI = { old: 'Lào Cai', current: 'Lào Cai' };

function facts(needs: SocialNeed[] | null): ScreeningFacts {
  // Insured and from the hospital's province, so that only the needs rule can speak.
  const base = emptyFacts('2026-11-23', LAO_CAI);
  return { ...base, insurance: { ...base.insurance, status: 'unknown' }, screening: { ...NO_ANSWERS, needs } };
}

describe('needs reported in the screening', () => {
  it.each([
    ['food', 'need-food'],
    ['housing', 'need-housing'],
    ['transport', 'need-transport'],
    ['utilities', 'need-utilities'],
    ['safety', 'need-safety'],
  ] as const)('%s → %s, likely, from the screening, citing its rule', (need, code) => {
    const e = evaluate(facts([need]));
    const f = e.findings.find((x) => x.code === code);
    expect(f).toMatchObject({ ruleId: 'needs.reported', ruleVersion: '1.0', flagType: 'social-need', certainty: 'likely' });
    expect(f?.legalSource).toMatch(/43\/2015/);
    expect(f?.inputs).toEqual([{ name: 'need', value: need, source: 'screening' }]);
  });

  it('raises nothing when no need was reported or the question was not asked', () => {
    expect(evaluate(facts([])).findings.filter((x) => x.flagType === 'social-need')).toEqual([]);
    expect(evaluate(facts(null)).findings.filter((x) => x.flagType === 'social-need')).toEqual([]);
  });

  it('ranks safety above food above utilities, and adds up several needs', () => {
    const p = (n: SocialNeed[]): number => evaluate(facts(n)).priority;
    expect(p(['safety'])).toBeGreaterThan(p(['food']));
    expect(p(['food'])).toBeGreaterThan(p(['utilities']));
    expect(p(['food', 'housing'])).toBe(p(['food']) + p(['housing']) - p([]));
  });
});

import { badRequest, type ErrorDetail } from '../../../errors.js';
import { catastrophicRule, insuranceRule } from './cost-rules.js';
import { highCostRule, longStayRule } from './clinical-rules.js';
import type { ScreeningFacts } from './facts.js';
import type { Finding, RuleContext } from './finding.js';
import { povertyRules } from './poverty-rules.js';
import { RULE_SETS, ruleSetOn } from './rule-sets.js';
import type { RuleOverrides, RuleSet } from './rule-set-types.js';
import { needsRule } from './needs-rules.js';
import type { FindingCode, Tier, TierKey } from './vocabulary.js';
import { vulnerabilityRules } from './vulnerability-rules.js';

/**
 * The screening rules engine: ScreeningFacts → findings and a worklist priority. Pure and
 * synchronous; the screening date in the facts picks the rule set. Built for throughput: plain
 * loops over typed facts, no FHIRPath, no cloning; a rule that does not fire allocates nothing.
 */

export interface EvaluateOptions {
  /** The rule sets to choose from (default RULE_SETS). */
  ruleSets?: readonly RuleSet[];
  overrides?: RuleOverrides;
}

export interface Evaluation {
  ruleSet: { id: string; version: string };
  /** Highest weight first; equal weights in rule order (poverty, insurance, cost, vulnerability, diagnosis, stay). */
  findings: Finding[];
  priority: number;
}

type Rule = (f: ScreeningFacts, ctx: RuleContext) => void;
const RULES: readonly Rule[] = [povertyRules, insuranceRule, catastrophicRule, vulnerabilityRules, highCostRule, longStayRule, needsRule];

// Memo of the last date → rule set: a worklist is screened on one date (pure: same answer, less work).
let last: { date: string; sets: readonly RuleSet[]; rs: RuleSet } | null = null;

function ruleSetFor(date: string, sets: readonly RuleSet[]): RuleSet {
  if (last && last.date === date && last.sets === sets) return last.rs;
  const rs = ruleSetOn(date, sets);
  last = { date, sets, rs };
  return rs;
}

export function evaluate(facts: ScreeningFacts, options?: EvaluateOptions): Evaluation {
  const rs = ruleSetFor(facts.screeningDate, options?.ruleSets ?? RULE_SETS);
  const overrides = options?.overrides;
  if (overrides) checkOverrides(overrides);
  const out: Finding[] = [];
  const ctx: RuleContext = { rs, overrides, out };
  for (const rule of RULES) rule(facts, ctx);
  if (out.length > 1) out.sort((a, b) => b.weight - a.weight);
  return { ruleSet: { id: rs.id, version: rs.version }, findings: out, priority: priorityOf(out) };
}

/**
 * The worklist priority: the sum of the findings' weights, except that the findings of one
 * flag type that describe one thing at different strengths count once, at their highest:
 * poverty (a documented and a self-reported status), insurance, high-cost diagnosis (the cost of
 * two groups is caught by the catastrophic rule). Each vulnerability adds.
 */
export function priorityOf(findings: readonly Finding[]): number {
  let sum = 0;
  let poverty = 0;
  let insurance = 0;
  let diagnosis = 0;
  for (const f of findings) {
    if (f.flagType === 'poverty') poverty = Math.max(poverty, f.weight);
    else if (f.flagType === 'insurance') insurance = Math.max(insurance, f.weight);
    else if (f.flagType === 'high-cost-diagnosis') diagnosis = Math.max(diagnosis, f.weight);
    else sum += f.weight;
  }
  return sum + poverty + insurance + diagnosis;
}

/** Throws SCREENING.BAD_OVERRIDE (400) listing every bad override. */
export function checkOverrides(o: RuleOverrides): void {
  const details: ErrorDetail[] = [];
  const share = o.catastrophicShareOfCapacity;
  if (share !== undefined && !(Number.isFinite(share) && share > 0 && share <= 1))
    details.push({ path: 'catastrophicShareOfCapacity', message: 'a share greater than 0 and at most 1', code: 'not_a_share' });
  for (const key of ['catastrophicCapacityPeriodMonths', 'longStayDays'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 1)) details.push({ path: key, message: 'a whole number of at least 1', code: 'whole_number', params: { minimum: 1 } });
  }
  if (details.length > 0)
    throw badRequest('SCREENING.BAD_OVERRIDE', `bad rule overrides: ${details.map((d) => d.path).join(', ')}`, details);
}

/** A hospital's moves of codes between tiers, over the rule set's defaults (tiers.service.ts). */
export type TierOverrides = Readonly<Partial<Record<TierKey, Tier>>>;

/** The key a code's tier is set by: every `high-cost-<group>` shares 'high-cost'. */
export function tierKeyOf(code: FindingCode | string): TierKey {
  return (code.startsWith('high-cost-') ? 'high-cost' : code) as TierKey;
}

/** A finding code's tier: the hospital's override, else the rule set's default, else 'support' (never hide an unknown code). */
export function tierOf(code: FindingCode | string, rs: RuleSet, overrides: TierOverrides = {}): Tier {
  const key = tierKeyOf(code);
  return overrides[key] ?? rs.tiers[key] ?? 'support';
}

/**
 * Every finding code of a tier under the rule set (high-cost codes spelled out by group), so the
 * worklist can select flags by `codes` in the database. A flag is a task when any code is 'support'.
 */
export function codesOfTier(tier: Tier, rs: RuleSet, overrides: TierOverrides = {}): string[] {
  const keys = Object.keys(rs.tiers) as TierKey[];
  const codes = keys.filter((k) => k !== 'high-cost').map(String);
  codes.push(...rs.highCost.map((g) => `high-cost-${g.group}`));
  return codes.filter((c) => tierOf(c, rs, overrides) === tier);
}

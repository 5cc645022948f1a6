import type { RuleOverrides, RuleSet } from './rule-set-types.js';
import { SUMMARIES } from './summaries.js';
import type { Certainty, FactSource, FindingCode, FlagType, RuleId, StandardCode, Text } from './vocabulary.js';

/**
 * A finding: one reason to flag a patient, with everything needed to explain it and to re-check
 * it later: the rule (id, version, legal source), the input values used and where each came from.
 */

export interface FindingInput {
  readonly name: string;
  readonly value: string | number | boolean | null;
  readonly source: FactSource;
}

export interface Finding {
  readonly ruleId: RuleId;
  readonly ruleVersion: string;
  readonly legalSource: string;
  /** The rule or a criterion it applied is an assumption not yet confirmed against the legal text. */
  readonly unconfirmed: boolean;
  readonly flagType: FlagType;
  readonly code: FindingCode;
  readonly certainty: Certainty;
  /** Contribution to the priority: the code's base weight × the certainty's percentage, rounded. */
  readonly weight: number;
  readonly inputs: readonly FindingInput[];
  readonly summary: Text;
}

/** What a rule says before the rule set fills in version, source, weight and text. */
export interface FindingSpec {
  readonly ruleId: RuleId;
  readonly flagType: FlagType;
  readonly code: StandardCode;
}

export const spec = (ruleId: RuleId, flagType: FlagType, code: StandardCode): FindingSpec => ({ ruleId, flagType, code });

/** Everything a rule needs besides the facts: the rule set in force, overrides, the output list. */
export interface RuleContext {
  readonly rs: RuleSet;
  readonly overrides: RuleOverrides | undefined;
  readonly out: Finding[];
}

export function weightOf(rs: RuleSet, base: number, certainty: Certainty): number {
  return Math.round((base * rs.certaintyPercent[certainty]) / 100);
}

/**
 * Builds a finding of a standard code and appends it. `summary` replaces the code's static text
 * when the finding must say something particular (a day: dated-summaries.ts).
 */
export function emit(
  ctx: RuleContext,
  s: FindingSpec,
  certainty: Certainty,
  inputs: readonly FindingInput[],
  unconfirmed = false,
  summary?: Text,
): void {
  const m = ctx.rs.rules[s.ruleId];
  const text = SUMMARIES[s.code];
  ctx.out.push({
    ruleId: s.ruleId,
    ruleVersion: m.version,
    legalSource: m.legalSource,
    unconfirmed: m.unconfirmed || unconfirmed,
    flagType: s.flagType,
    code: s.code,
    certainty,
    weight: weightOf(ctx.rs, ctx.rs.weights[s.code], certainty),
    inputs,
    summary: summary ?? text[certainty] ?? text.default,
  });
}

/** A parameter as an input: its value and whether it came from the rule set or an override. */
export function param(name: string, override: number | undefined, fromRuleSet: number): FindingInput {
  return override === undefined ? { name, value: fromRuleSet, source: 'rule-set' } : { name, value: override, source: 'override' };
}

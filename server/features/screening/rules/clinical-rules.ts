import { pastLongStaySummary } from './dated-summaries.js';
import type { ScreeningFacts } from './facts.js';
import { emit, param, spec, weightOf, type FindingInput, type RuleContext } from './finding.js';
import type { HighCostGroup } from './rule-set-types.js';

/** High-cost diagnosis groups (high-cost-groups.ts) and long stays (a project threshold). */

const LONG_STAY = spec('stay.long-stay', 'long-stay', 'long-stay');

/** Whether the first `bound.length` characters of `code` compare to `bound` as <0, 0, >0; no substring. */
function comparePrefix(code: string, bound: string): number {
  for (let i = 0; i < bound.length; i++) {
    const c = i < code.length ? code.charCodeAt(i) : -1;
    const b = bound.charCodeAt(i);
    if (c !== b) return c < b ? -1 : 1;
  }
  return 0;
}

export function inGroup(code: string, g: HighCostGroup): boolean {
  for (const r of g.ranges) if (comparePrefix(code, r.from) >= 0 && comparePrefix(code, r.to) <= 0) return true;
  return false;
}

/** One finding per group, listing every diagnosis (Condition or the stay's reason) in it. Authoritative: clinically coded. */
export function highCostRule(f: ScreeningFacts, ctx: RuleContext): void {
  if (f.diagnoses.length === 0) return;
  const meta = ctx.rs.rules['diagnosis.high-cost'];
  for (const g of ctx.rs.highCost) {
    let inputs: FindingInput[] | null = null;
    for (const d of f.diagnoses) if (inGroup(d.code, g)) (inputs ??= []).push({ name: 'icd10', value: d.code, source: d.source });
    if (!inputs) continue;
    ctx.out.push({
      ruleId: meta.id,
      ruleVersion: meta.version,
      legalSource: meta.legalSource,
      unconfirmed: meta.unconfirmed,
      flagType: 'high-cost-diagnosis',
      code: `high-cost-${g.group}`,
      certainty: 'authoritative',
      weight: weightOf(ctx.rs, g.weight, 'authoritative'),
      inputs,
      summary: g.summary,
    });
  }
}

/**
 * A stay of at least longStayDays (encounter.ts: calendar days in Vietnam time, midnights crossed)
 * still under way. A stay that ended on the screening day (or after it, for a paper screening
 * entered later) still counts, but the finding says it is over and gives the discharge day; one
 * that ended before is history, and its cost is the catastrophic-expenditure rule's business.
 */
export function longStayRule(f: ScreeningFacts, ctx: RuleContext): void {
  const s = f.stay;
  if (!s || s.lengthOfStayDays === null) return;
  if (!s.inProgress && (s.endedOn === null || s.endedOn < f.screeningDate)) return;
  const override = ctx.overrides?.longStayDays;
  if (s.lengthOfStayDays < (override ?? ctx.rs.longStayDays)) return;
  const inputs: FindingInput[] = [
    { name: 'lengthOfStayDays', value: s.lengthOfStayDays, source: 'Encounter' },
    { name: 'inProgress', value: s.inProgress, source: 'Encounter' },
    param('longStayDays', override, ctx.rs.longStayDays),
  ];
  if (s.inProgress || s.endedOn === null) {
    emit(ctx, LONG_STAY, 'authoritative', inputs);
    return;
  }
  inputs.push({ name: 'endedOn', value: s.endedOn, source: 'Encounter' });
  emit(ctx, LONG_STAY, 'authoritative', inputs, false, pastLongStaySummary(s.endedOn));
}

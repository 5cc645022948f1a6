import { benefitShareOn } from '../../../../fhir-mappings/bhyt.js';
import { applyPercentVnd } from '../../../../fhir-mappings/money.js';
import type { ScreeningAnswers, ScreeningFacts } from './facts.js';
import { emit, param, spec, type FindingInput, type RuleContext } from './finding.js';
import { isHouseholdSize, isWholeVnd } from './poverty-rules.js';
import type { RuleSet } from './rule-set-types.js';

/**
 * Insurance (Law on Health Insurance 25/2008/QH12 as amended by 46/2014/QH13) and catastrophic
 * health expenditure (WHO; Xu et al. 2003; SDG 3.8.2). Money is whole VND in integer arithmetic.
 */

const NO_INSURANCE = spec('insurance.coverage', 'insurance', 'no-insurance');
const EXPIRED = spec('insurance.coverage', 'insurance', 'insurance-expired');
const CATASTROPHIC = spec('catastrophic.expenditure', 'catastrophic-cost', 'catastrophic-expenditure');

/**
 * valid / unknown (a card number on Patient, no Coverage): nothing to flag. expired: the newest
 * Coverage ended before the screening date → insurance-expired, authoritative. not-yet-valid or
 * inactive (cancelled, draft) → no-insurance, authoritative. none (no Coverage, no number) →
 * no-insurance, likely: the record may simply lack the card.
 */
export function insuranceRule(f: ScreeningFacts, ctx: RuleContext): void {
  const ins = f.insurance;
  if (ins.status === 'valid' || ins.status === 'unknown') return;
  if (ins.status === 'none') {
    emit(ctx, NO_INSURANCE, 'likely', [
      { name: 'coverage', value: null, source: 'Coverage' },
      { name: 'patient.bhytNumber', value: null, source: 'Patient' },
    ]);
    return;
  }
  const inputs: FindingInput[] = [
    { name: 'coverage.validity', value: ins.status, source: 'Coverage' },
    { name: 'bhyt.group', value: ins.card?.groupCode ?? null, source: 'Coverage' },
    { name: 'screeningDate', value: f.screeningDate, source: 'screening' },
  ];
  if (ins.status === 'expired') inputs.push({ name: 'coverage.expiredOn', value: ins.expiredOn, source: 'Coverage' });
  if (ins.status === 'not-yet-valid') inputs.push({ name: 'coverage.validFrom', value: ins.validFrom, source: 'Coverage' });
  emit(ctx, ins.status === 'expired' ? EXPIRED : NO_INSURANCE, 'authoritative', inputs);
}

/**
 * Percentage of a bill the fund pays when the charges do not state the split: the card's benefit
 * digit on the screening date (the rule set's benefit table); 0 without a usable card (the patient
 * pays all); null when it cannot be told (a CCCD-form card has no benefit digit).
 */
function insuredPercent(f: ScreeningFacts, rs: RuleSet): number | null {
  const ins = f.insurance;
  if (ins.status !== 'valid' && ins.status !== 'unknown') return 0;
  return (ins.card ? benefitShareOn(ins.card, f.screeningDate, rs.bhytBenefitLevels)?.percent : null) ?? null;
}

/** Monthly subsistence when the answers do not give it: the rule set's poverty line × household size. */
function fallbackSubsistence(a: ScreeningAnswers, rs: RuleSet): number | null {
  if (!isHouseholdSize(a.householdSize)) return null;
  // Residence unknown: the urban (higher) line, so that doubt leads a person to look, not to silence.
  return rs.poverty.poorIncomeMax[a.residence ?? 'urban'] * a.householdSize;
}

/**
 * Catastrophic when the stay's out-of-pocket ≥ share × capacity to pay, capacity = (household
 * income − subsistence) per month × capacityPeriodMonths. Compared as out-of-pocket × 10,000 ≥
 * share in basis points × capacity: exact in integers while out-of-pocket < 9 × 10^11 đồng.
 * Capacity ≤ 0 (income at or below subsistence): any out-of-pocket is catastrophic.
 * Nothing is allocated unless the rule fires.
 */
export function catastrophicRule(f: ScreeningFacts, ctx: RuleContext): void {
  const a = f.screening;
  const c = f.charges;
  if (!a || !c || !isWholeVnd(a.householdIncomePerMonthVnd)) return;
  const percent = c.patientVnd === null ? insuredPercent(f, ctx.rs) : 0;
  if (percent === null) return;
  const share = c.patientVnd ?? c.totalVnd - applyPercentVnd(c.totalVnd, percent);
  const given = isWholeVnd(a.subsistenceSpendingPerMonthVnd);
  const sub = given ? (a.subsistenceSpendingPerMonthVnd as number) : fallbackSubsistence(a, ctx.rs);
  if (share <= 0 || sub === null) return;
  const o = ctx.overrides;
  const shareOfCapacity = o?.catastrophicShareOfCapacity ?? ctx.rs.catastrophic.shareOfCapacity;
  const months = o?.catastrophicCapacityPeriodMonths ?? ctx.rs.catastrophic.capacityPeriodMonths;
  const capacity = (a.householdIncomePerMonthVnd - sub) * months;
  if (capacity > 0 && share * 10_000 < Math.round(shareOfCapacity * 10_000) * capacity) return;
  const estimated = c.patientVnd === null;
  const inputs: FindingInput[] = [
    { name: 'patientShareVnd', value: share, source: c.source },
    { name: 'householdIncomePerMonthVnd', value: a.householdIncomePerMonthVnd, source: 'screening' },
    { name: 'subsistenceSpendingPerMonthVnd', value: sub, source: given ? 'screening' : 'rule-set' },
    { name: 'capacityToPayVnd', value: capacity, source: 'screening' },
    param('shareOfCapacity', o?.catastrophicShareOfCapacity, ctx.rs.catastrophic.shareOfCapacity),
    param('capacityPeriodMonths', o?.catastrophicCapacityPeriodMonths, ctx.rs.catastrophic.capacityPeriodMonths),
  ];
  if (estimated)
    inputs.push(
      { name: 'chargesTotalVnd', value: c.totalVnd, source: c.source },
      { name: 'bhyt.benefitPercent', value: percent, source: f.insurance.source ?? 'Coverage' },
    );
  emit(ctx, CATASTROPHIC, given && !estimated ? 'likely' : 'indicative', inputs);
}

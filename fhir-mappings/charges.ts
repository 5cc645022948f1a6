import { benefitPeriodOn, type BenefitDigit, type BenefitLevelPeriod, type BhytCard } from './bhyt.js';
import { readChargeItemLine, readClaimLines, type RawLine } from './charges-lines.js';
import { applyPercentVnd, readMoneyVnd } from './money.js';
import { openResource, readArray, readConcept, readRecord, warn, type Mapped, type Problems } from './read.js';

/**
 * ChargeItem / Claim / Account → what the stay costs and who pays, in whole VND, for the
 * catastrophic-expenditure test (out-of-pocket ≥ 40 % of capacity to pay, WHO) and for funding
 * requests. Which fields are read is listed in charges-lines.ts; here:
 * - a Claim, when given and usable, is the bill (it is what the hospital submits); otherwise the
 *   ChargeItems; both are never added together (they describe the same services);
 * - a line that states what BHYT pays (extension insurance-paid) keeps it; otherwise the card's
 *   benefit share for the service date is applied (bhyt.ts), rounded half up per line;
 * - Account (R4 has no amounts) is read only for an R5-style `balance` split by aggregate
 *   (insurance / patient), which then overrides the computed split.
 * Not modelled (the split is then approximate and flagged): ceilings for benefit digit 2, the
 * out-of-route (trái tuyến) reduction, services outside the BHYT list, and the exemption of
 * visits below 15 % of the base salary. T_NGUONKHAC (other sources) is not in FHIR data.
 */

export interface ChargeLine {
  source: string;
  description: string | null;
  totalVnd: number;
  insuranceVnd: number | null;
  patientVnd: number | null;
  split: 'stated' | 'benefit-applied' | 'uninsured' | 'unknown';
}

export interface ChargesSummary {
  currency: 'VND';
  source: 'claim' | 'charge-items' | 'account' | 'none';
  totalVnd: number;
  /** Null when some line's split is unknown (e.g. a CCCD-form card: no benefit digit). */
  insuranceVnd: number | null;
  patientVnd: number | null;
  /** Planned ChargeItems (not yet billable): an estimate for funding asked before treatment. */
  plannedVnd: number;
  benefit: { digit: BenefitDigit; percent: number; source: string } | null;
  /** Digit 2 cards: the 100 % is subject to ceilings this summary does not apply. */
  capsNotApplied: boolean;
  lines: ChargeLine[];
}

export interface ChargesInput {
  chargeItems?: readonly unknown[];
  claim?: unknown;
  account?: unknown;
}

export interface ChargesContext {
  /** The card valid on the service date; null when the patient has none then. */
  card: Pick<BhytCard, 'benefitDigit'> | null;
  /** Date of service (YYYY-MM-DD): selects the benefit period. */
  serviceDate: string;
  benefitLevels: readonly BenefitLevelPeriod[];
}

type Split = Pick<ChargeLine, 'insuranceVnd' | 'patientVnd' | 'split'>;

function splitLine(line: RawLine, benefit: ChargesSummary['benefit'], insured: boolean): Split {
  if (line.statedInsuranceVnd !== null) {
    const insurance = Math.min(Math.max(line.statedInsuranceVnd, 0), Math.max(line.totalVnd, 0));
    return { insuranceVnd: insurance, patientVnd: line.totalVnd - insurance, split: 'stated' };
  }
  if (!insured) return { insuranceVnd: 0, patientVnd: line.totalVnd, split: 'uninsured' };
  if (!benefit) return { insuranceVnd: null, patientVnd: null, split: 'unknown' };
  const insurance = applyPercentVnd(line.totalVnd, benefit.percent);
  return { insuranceVnd: insurance, patientVnd: line.totalVnd - insurance, split: 'benefit-applied' };
}

function benefitFor(ctx: ChargesContext, problems: Problems): ChargesSummary['benefit'] {
  if (!ctx.card) return null;
  if (ctx.card.benefitDigit === null) {
    warn(problems, 'CHARGES.BENEFIT_UNKNOWN', 'context.card', 'the card number carries no benefit digit (CCCD or 10-digit form)');
    return null;
  }
  const period = benefitPeriodOn(ctx.serviceDate, ctx.benefitLevels);
  if (!period) {
    warn(problems, 'CHARGES.NO_BENEFIT_PERIOD', 'context.serviceDate', `no benefit period covers ${ctx.serviceDate}`);
    return null;
  }
  return { digit: ctx.card.benefitDigit, percent: period.shares[ctx.card.benefitDigit].percent, source: period.source };
}

function pickLines(input: ChargesInput, problems: Problems): { source: ChargesSummary['source']; lines: RawLine[] } {
  if (input.claim !== undefined) {
    const claimLines = readClaimLines(input.claim, problems);
    if (claimLines) return { source: 'claim', lines: claimLines };
  }
  const items = (input.chargeItems ?? []).map((c, i) => readChargeItemLine(c, i, problems)).filter((l): l is RawLine => l !== null);
  return { source: items.length > 0 ? 'charge-items' : 'none', lines: items };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const sumOrNull = (xs: readonly (number | null)[]): number | null => (xs.some((x) => x === null) ? null : sum(xs as number[]));

export function summariseCharges(input: ChargesInput, ctx: ChargesContext): Mapped<ChargesSummary> {
  const problems: Problems = [];
  const benefit = benefitFor(ctx, problems);
  const picked = pickLines(input, problems);
  const billed = picked.lines.filter((l) => !l.planned);
  const lines = billed.map((l) => ({
    source: l.source,
    description: l.description,
    totalVnd: l.totalVnd,
    ...splitLine(l, benefit, ctx.card !== null),
  }));
  const summary: ChargesSummary = {
    currency: 'VND',
    source: billed.length > 0 ? picked.source : 'none',
    totalVnd: sum(lines.map((l) => l.totalVnd)),
    insuranceVnd: sumOrNull(lines.map((l) => l.insuranceVnd)),
    patientVnd: sumOrNull(lines.map((l) => l.patientVnd)),
    plannedVnd: sum(picked.lines.filter((l) => l.planned).map((l) => l.totalVnd)),
    benefit,
    capsNotApplied: benefit?.digit === 2 && lines.some((l) => l.split === 'benefit-applied'),
    lines,
  };
  if (input.account !== undefined) applyAccountBalance(input.account, summary, problems);
  return { ok: true, value: summary, problems };
}

/** R5 Account.balance amounts of one aggregate (account-aggregate: patient | insurance), summed. */
function balanceOf(balances: readonly unknown[], code: string, problems: Problems): number | null {
  const amounts = balances.flatMap((b, i) => {
    const bal = readRecord(b, `Account.balance[${i}]`, problems);
    const aggregate = readConcept(bal?.aggregate, `Account.balance[${i}].aggregate`, problems);
    const matches = aggregate?.codings.some((c) => c.code === code) ?? false;
    return matches ? [readMoneyVnd(bal?.amount, `Account.balance[${i}].amount`, problems)] : [];
  });
  return amounts.length > 0 ? sumOrNull(amounts) : null;
}

/** R5 Account.balance states the split for the whole account and then overrides the computed one. */
function applyAccountBalance(input: unknown, summary: ChargesSummary, problems: Problems): void {
  const opened = openResource(input, 'Account');
  if (!opened.ok) {
    problems.push(...opened.problems.map((p) => ({ ...p, severity: 'warning' as const, path: 'account' })));
    return;
  }
  const balances = readArray(opened.resource.balance, 'Account.balance', problems);
  if (balances.length === 0) return;
  warn(problems, 'FHIR.NON_R4_FIELD', 'Account.balance', 'balance is an R5 element; read it as the stated split');
  const insurance = balanceOf(balances, 'insurance', problems);
  const patient = balanceOf(balances, 'patient', problems);
  if (insurance === null || patient === null) return;
  if (summary.source === 'none') {
    summary.source = 'account';
    summary.totalVnd = insurance + patient;
  } else if (insurance + patient !== summary.totalVnd) {
    warn(
      problems,
      'CHARGES.ACCOUNT_MISMATCH',
      'Account.balance',
      `account balance ${insurance + patient} differs from the charges total ${summary.totalVnd}`,
    );
  }
  summary.insuranceVnd = insurance;
  summary.patientVnd = patient;
  summary.capsNotApplied = false;
}

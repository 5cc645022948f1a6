import { BHYT_BENEFIT_LEVELS, type BenefitLevelPeriod } from '../../../fhir-mappings/bhyt-benefit-levels.js';
import { benefitPeriodOn, type BhytCard } from '../../../fhir-mappings/bhyt.js';
import { coverageValidity, type InsuranceSnapshot } from '../../../fhir-mappings/coverage.js';
import { applyPercentVnd } from '../../../fhir-mappings/money.js';
import type { ErrorDetail } from '../../errors.js';
import type { FundingBhyt, FundingLine } from './funding.model.js';
import { BHYT_LINE_KINDS, MAX_VND, type FundingCreateBody } from './funding.schemas.js';

/**
 * The BHYT split of a request's lines (decision 0025, "The BHYT share"). Pure: the patient's
 * insurance and the dated benefit table are parameters. Per line:
 *  - other kinds than hospital fees are outside BHYT: asked in full ('outside-bhyt');
 *  - hospital fees with the fund's share stated from the hospital's bill: it wins ('stated');
 *  - else the card usable on the line's service day: its benefit digit → the period's percentage,
 *    applied by `applyPercentVnd` (rounded half up to the đồng), the patient's share = total − fund's
 *    ('benefit-applied'); no usable card → the patient pays all ('uninsured'); a card that does not
 *    tell its benefit (CCCD or social-insurance-number form, an unreadable number, a day no period
 *    covers) → the line must state the fund's share (400 at `lines.N.statedInsuranceVnd`).
 * Only the patient's shares are asked: the request's `askedVnd` is their sum (at least 1 đồng).
 */
export interface PatientInsurance {
  /** The patient's Coverages (newest period first), as the record's snapshot keeps them. */
  coverages: readonly Pick<InsuranceSnapshot, 'status' | 'period' | 'card' | 'number'>[];
  /** A card number on the Patient itself (used when there is no Coverage at all). */
  patientCard: BhytCard | null;
  /** Whether the Patient carries a BHYT number at all (even one that does not parse). */
  patientHasNumber: boolean;
}

export const NO_INSURANCE: PatientInsurance = { coverages: [], patientCard: null, patientHasNumber: false };

/** The card on a day: 'none' (no usable card: uninsured), or a card present (its number may not parse: card null). */
export type CardOnDay = { kind: 'none' } | { kind: 'card'; card: BhytCard | null };

/**
 * The card usable on `day`: the first Coverage valid that day (entered-in-error ignored); with no
 * Coverage at all, the card number on the Patient (its validity is not known: taken as usable, as
 * the hospital itself took it). Coverages that exist but none valid that day: uninsured.
 */
export function cardOn(ins: PatientInsurance, day: string): CardOnDay {
  const coverages = ins.coverages.filter((c) => c.status !== 'entered-in-error');
  const valid = coverages.find((c) => coverageValidity(c, day) === 'valid');
  if (valid) return { kind: 'card', card: valid.card };
  if (coverages.length > 0) return { kind: 'none' };
  return ins.patientCard || ins.patientHasNumber ? { kind: 'card', card: ins.patientCard } : { kind: 'none' };
}

type LineInput = FundingCreateBody['lines'][number];

export interface ComputedLines {
  lines: FundingLine[];
  bhyt: FundingBhyt | null;
  askedVnd: number;
  problems: ErrorDetail[];
}

const problem = (path: string, code: string, message: string, params?: ErrorDetail['params']): ErrorDetail => ({ path: `body.${path}`, code, message, ...(params ? { params } : {}) });

interface Share {
  digit: number;
  percent: number;
  source: string;
  capped: boolean;
}

/** The benefit share of a card on a day, or null when it cannot be told (no digit, no period). */
function shareOn(card: BhytCard | null, day: string, periods: readonly BenefitLevelPeriod[]): Share | null {
  if (!card || card.benefitDigit === null) return null;
  const period = benefitPeriodOn(day, periods);
  const share = period?.shares[card.benefitDigit];
  return period && share ? { digit: share.digit, percent: share.percent, source: period.source, capped: share.capped } : null;
}

function hospitalFeesLine(l: LineInput, i: number, ins: PatientInsurance, day: string, periods: readonly BenefitLevelPeriod[], out: ErrorDetail[]): { line: FundingLine; share: Share | null; card: CardOnDay } {
  const base = { kind: l.kind, description: l.description, totalVnd: l.totalVnd, serviceDate: day };
  const card = cardOn(ins, day);
  if (l.statedInsuranceVnd !== undefined) {
    if (l.statedInsuranceVnd > l.totalVnd) out.push(problem(`lines.${i}.statedInsuranceVnd`, 'too_big', 'what BHYT pays cannot exceed the line’s total', { maximum: l.totalVnd, origin: 'number' }));
    const insuranceVnd = Math.min(l.statedInsuranceVnd, l.totalVnd);
    return { line: { ...base, insuranceVnd, patientVnd: l.totalVnd - insuranceVnd, split: 'stated' }, share: null, card };
  }
  if (card.kind === 'none') return { line: { ...base, insuranceVnd: 0, patientVnd: l.totalVnd, split: 'uninsured' }, share: null, card };
  const share = shareOn(card.card, day, periods);
  if (!share) {
    out.push(problem(`lines.${i}.statedInsuranceVnd`, 'bhyt_share_unknown', 'the patient’s card does not tell its benefit level on this day: state what BHYT pays from the hospital’s bill'));
    return { line: { ...base, insuranceVnd: 0, patientVnd: l.totalVnd, split: 'stated' }, share: null, card };
  }
  const insuranceVnd = applyPercentVnd(l.totalVnd, share.percent);
  return { line: { ...base, insuranceVnd, patientVnd: l.totalVnd - insuranceVnd, split: 'benefit-applied' }, share, card };
}

function otherLine(l: LineInput, i: number, out: ErrorDetail[]): FundingLine {
  if (l.statedInsuranceVnd !== undefined) out.push(problem(`lines.${i}.statedInsuranceVnd`, 'not_allowed', 'only hospital fees carry a BHYT share'));
  return { kind: l.kind, description: l.description, totalVnd: l.totalVnd, insuranceVnd: 0, patientVnd: l.totalVnd, split: 'outside-bhyt', serviceDate: l.serviceDate ?? null };
}

/** The request's BHYT summary: the share applied (the first line's that used the card), else what the card says, null without hospital fees. */
function summaryOf(results: { share: Share | null; card: CardOnDay }[]): FundingBhyt | null {
  const applied = results.find((r) => r.share)?.share;
  if (applied) return { benefitDigit: applied.digit, percent: applied.percent, source: applied.source, capsNotApplied: applied.capped };
  const first = results[0];
  if (!first) return null;
  const digit = first.card.kind === 'card' ? (first.card.card?.benefitDigit ?? null) : null;
  return { benefitDigit: digit, percent: null, source: null, capsNotApplied: false };
}

/** The lines with their split, the BHYT summary and what is asked; problems at the lines' fields. */
export function computeLines(input: readonly LineInput[], ins: PatientInsurance, requestDay: string, periods: readonly BenefitLevelPeriod[] = BHYT_BENEFIT_LEVELS): ComputedLines {
  const problems: ErrorDetail[] = [];
  const lines: FundingLine[] = [];
  const fees: { share: Share | null; card: CardOnDay }[] = [];
  input.forEach((l, i) => {
    if (!(BHYT_LINE_KINDS as readonly string[]).includes(l.kind)) return void lines.push(otherLine(l, i, problems));
    const r = hospitalFeesLine(l, i, ins, l.serviceDate ?? requestDay, periods, problems);
    lines.push(r.line);
    fees.push(r);
  });
  const askedVnd = lines.reduce((sum, l) => sum + l.patientVnd, 0);
  if (problems.length === 0 && askedVnd < 1) problems.push(problem('lines', 'nothing_asked', 'after what BHYT pays, the lines ask nothing'));
  if (askedVnd > MAX_VND) problems.push(problem('lines', 'too_big', 'the request asks more than one amount may be', { maximum: MAX_VND, origin: 'number' }));
  return { lines, bhyt: summaryOf(fees), askedVnd, problems };
}

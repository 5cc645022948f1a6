import { expiredCardSummary } from './dated-summaries.js';
import { countDeprivations } from './deprivations.js';
import type { ScreeningFacts } from './facts.js';
import { emit, spec, type FindingInput, type RuleContext } from './finding.js';
import type { Certainty, PovertyCode } from './vocabulary.js';

/**
 * Poverty status (Decree 07/2021/ND-CP art. 3 for 2022–2026; the 2027–2030 standard after).
 * - poverty.documented: a BHYT card of group HN (poor) / CN (near-poor) valid on the screening
 *   date, or a commune certificate the social worker saw → authoritative. A card number on the
 *   Patient only (validity unknown) → likely. An expired HN / CN card → likely, "card expired on
 *   dd/MM/yyyy, re-verify" (the insurance rule adds insurance-expired beside it). Card and
 *   certificate disagreeing: the more severe wins.
 * - poverty.income-deprivation: from the screening answers → likely. Income per person =
 *   floor(household income / household size), whole VND ("từ … trở xuống": exactly at the line is
 *   poor or near-poor); ≥ threshold indicators → poor, fewer → near-poor; above the line up to the
 *   medium bound → medium living standard. Indicators not assessed → near-poor, indicative.
 * The self-reported status is reported only when it is more severe than the documented one (a
 * household that got poorer since its certificate), so one status is never flagged twice.
 */

const SEVERITY: Readonly<Record<PovertyCode, number>> = { 'medium-living-standard': 1, 'near-poor': 2, poor: 3 };

const DOCUMENTED = {
  poor: spec('poverty.documented', 'poverty', 'poor'),
  'near-poor': spec('poverty.documented', 'poverty', 'near-poor'),
} as const;

const SELF_REPORTED = {
  poor: spec('poverty.income-deprivation', 'poverty', 'poor'),
  'near-poor': spec('poverty.income-deprivation', 'poverty', 'near-poor'),
  'medium-living-standard': spec('poverty.income-deprivation', 'poverty', 'medium-living-standard'),
} as const;

export const isWholeVnd = (x: number | null | undefined): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
export const isHouseholdSize = (x: number | null | undefined): x is number => Number.isSafeInteger(x) && (x as number) >= 1;

export function povertyRules(f: ScreeningFacts, ctx: RuleContext): void {
  incomeDeprivation(f, ctx, documented(f, ctx));
}

/**
 * The status an HN / CN card documents: valid or of unknown validity, and also expired (an expired
 * card is evidence the household was poor or near-poor when it was issued: likely, re-verify).
 */
function cardStatus(f: ScreeningFacts): 'poor' | 'near-poor' | null {
  const { status, card } = f.insurance;
  if ((status !== 'valid' && status !== 'unknown' && status !== 'expired') || !card?.group) return null;
  const signals = card.group.signals;
  return signals.includes('poor-household') ? 'poor' : signals.includes('near-poor-household') ? 'near-poor' : null;
}

/** Emits the documented status; returns its severity (0: none). */
function documented(f: ScreeningFacts, ctx: RuleContext): number {
  const fromCard = cardStatus(f);
  const fromCertificate = f.screening?.certificate ?? null;
  if (!fromCard && !fromCertificate) return 0;
  const code = fromCard === 'poor' || fromCertificate === 'poor' ? 'poor' : 'near-poor';
  const inputs: FindingInput[] = [];
  const expired = f.insurance.status === 'expired';
  if (fromCard) {
    const source = f.insurance.source ?? 'Coverage';
    inputs.push(
      { name: 'bhyt.group', value: f.insurance.card?.groupCode ?? null, source },
      { name: 'bhyt.status', value: f.insurance.status, source },
    );
    if (expired) inputs.push({ name: 'bhyt.expiredOn', value: f.insurance.expiredOn, source });
  }
  if (fromCertificate) inputs.push({ name: 'certificate', value: fromCertificate, source: 'certificate' });
  const authoritative = fromCertificate === code || (fromCard === code && f.insurance.status === 'valid');
  // Only the expired card speaks for this status: say so, with the day, and ask to re-verify.
  const summary = !authoritative && expired && fromCard === code ? expiredCardSummary(code, f.insurance.expiredOn) : undefined;
  emit(ctx, DOCUMENTED[code], authoritative ? 'authoritative' : 'likely', inputs, false, summary);
  return SEVERITY[code];
}

function incomeDeprivation(f: ScreeningFacts, ctx: RuleContext, documentedSeverity: number): void {
  const a = f.screening;
  if (!a || a.residence === null || !isWholeVnd(a.householdIncomePerMonthVnd) || !isHouseholdSize(a.householdSize)) return;
  const p = ctx.rs.poverty;
  const line = p.poorIncomeMax[a.residence];
  const perPerson = Math.floor(a.householdIncomePerMonthVnd / a.householdSize);
  const count = a.deprivations === null ? null : countDeprivations(a.deprivations);
  let code: PovertyCode;
  let certainty: Certainty = 'likely';
  if (perPerson <= line) {
    code = count === null ? 'near-poor' : count >= p.deprivationThreshold ? 'poor' : 'near-poor';
    if (count === null) certainty = 'indicative';
  } else if (perPerson <= p.mediumIncomeMax[a.residence]) code = 'medium-living-standard';
  else return;
  if (SEVERITY[code] <= documentedSeverity) return;
  const inputs: FindingInput[] = [
    { name: 'householdIncomePerMonthVnd', value: a.householdIncomePerMonthVnd, source: 'screening' },
    { name: 'householdSize', value: a.householdSize, source: 'screening' },
    { name: 'incomePerPersonVnd', value: perPerson, source: 'screening' },
    { name: 'residence', value: a.residence, source: 'screening' },
    { name: 'deprivationCount', value: count, source: 'screening' },
    { name: 'deprivations', value: a.deprivations === null ? null : a.deprivations.join(','), source: 'screening' },
    { name: 'poorIncomeMaxVnd', value: line, source: 'rule-set' },
    code === 'medium-living-standard'
      ? { name: 'mediumIncomeMaxVnd', value: p.mediumIncomeMax[a.residence], source: 'rule-set' }
      : { name: 'deprivationThreshold', value: p.deprivationThreshold, source: 'rule-set' },
  ];
  emit(ctx, SELF_REPORTED[code], certainty, inputs, p.unconfirmedCodes.includes(code));
}

/**
 * The words the screening rules speak: what a finding is about, how sure it is, and where each
 * input came from. Shared by the rule sets, the facts and the engine.
 */

/** What kind of flag a finding raises on the worklist (and later the FHIR Flag's category). */
export type FlagType = 'poverty' | 'insurance' | 'catastrophic-cost' | 'vulnerability' | 'high-cost-diagnosis' | 'long-stay' | 'social-need';

/**
 * How sure a finding is (DOMAIN.md: "say which in the flag"):
 * - authoritative: an official document or the clinical record says so (a BHYT card valid on the
 *   screening date, a commune certificate, a full birth date, a coded diagnosis, encounter dates);
 * - likely: the patient's, family's or social worker's answers in the screening, or a document
 *   whose validity is unknown (a card number on Patient without a Coverage), or the absence of
 *   any insurance record;
 * - indicative: an inference from a proxy or a fallback (partial birth date across a boundary,
 *   subsistence spending not given, the card's issuing province standing in for the home province).
 */
export type Certainty = 'authoritative' | 'likely' | 'indicative';

/** The codes of findings whose weight is a rule-set parameter (high-cost groups carry their own). */
export type StandardCode =
  | 'poor'
  | 'near-poor'
  | 'medium-living-standard'
  | 'no-insurance'
  | 'insurance-expired'
  | 'catastrophic-expenditure'
  | 'child-under-6'
  | 'child-without-guardian'
  | 'older-living-alone'
  | 'disability'
  | 'ethnic-minority-disadvantaged-area'
  | 'social-protection-beneficiary'
  | 'violence-victim'
  | 'far-from-home'
  | 'long-stay'
  | 'need-food'
  | 'need-housing'
  | 'need-transport'
  | 'need-utilities'
  | 'need-safety';

export type PovertyCode = 'poor' | 'near-poor' | 'medium-living-standard';

/**
 * What a finding asks of the social worker (DOMAIN.md "Flag tiers"): 'support' makes the flag a
 * task on the worklist; 'watch' is a vulnerability alone, which raises the priority of a flag that
 * is a task and is shown on the patient, but is not a task by itself.
 */
export type Tier = 'support' | 'watch';
export const TIERS: readonly Tier[] = ['support', 'watch'];

/** The key a tier is set by: a standard code, or 'high-cost' for every high-cost diagnosis group. */
export type TierKey = StandardCode | 'high-cost';

/** `high-cost-<group>`, the group being a HighCostGroup.group of the rule set (e.g. high-cost-cancer). */
export type FindingCode = StandardCode | `high-cost-${string}`;

/**
 * Where an input came from. FHIR resource types for record data; 'screening' for the answers;
 * 'certificate' for a commune poor/near-poor certificate recorded in the screening; 'hospital' for
 * the screening hospital's context; 'rule-set' and 'override' for the parameter a value was
 * compared with (the rule set's, or a caller's configured override).
 */
export type FactSource =
  | 'Patient'
  | 'Coverage'
  | 'Encounter'
  | 'Condition'
  | 'ChargeItem'
  | 'Claim'
  | 'Account'
  | 'RelatedPerson'
  | 'screening'
  | 'certificate'
  | 'hospital'
  | 'rule-set'
  | 'override';

export type RuleId =
  | 'poverty.documented'
  | 'poverty.income-deprivation'
  | 'insurance.coverage'
  | 'catastrophic.expenditure'
  | 'vulnerability.child-under-6'
  | 'vulnerability.child-without-guardian'
  | 'vulnerability.older-living-alone'
  | 'vulnerability.disability'
  | 'vulnerability.ethnic-minority-area'
  | 'vulnerability.social-protection'
  | 'vulnerability.violence-victim'
  | 'vulnerability.far-from-home'
  | 'diagnosis.high-cost'
  | 'stay.long-stay'
  | 'needs.reported';

export interface Text {
  readonly vi: string;
  readonly en: string;
}

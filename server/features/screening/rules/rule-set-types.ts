import type { BenefitLevelPeriod } from '../../../../fhir-mappings/bhyt-benefit-levels.js';
import type { Certainty, PovertyCode, RuleId, StandardCode, Text, Tier, TierKey } from './vocabulary.js';

/**
 * The shape of a dated, versioned screening rule set (the data is in rule-sets.ts). A change in the
 * law or in a project threshold adds a rule set (or a new version of one) and closes the previous
 * one; it never edits history, so a screening re-run on its own date gives the same findings.
 */

export type Residence = 'rural' | 'urban';

/** Whole VND per person per month, by residence. */
export interface IncomeBounds {
  readonly rural: number;
  readonly urban: number;
}

/** One rule as cited on every finding it raises. */
export interface RuleMeta {
  readonly id: RuleId;
  readonly version: string;
  readonly legalSource: string;
  /** The rule (or a parameter it uses) is not confirmed against the legal text: review before production. */
  readonly unconfirmed: boolean;
}

export interface PovertyParams {
  /** Poor and near-poor: income per person ≤ this ("từ … trở xuống": the line itself is included). */
  readonly poorIncomeMax: IncomeBounds;
  /** Medium living standard: income per person > poorIncomeMax and ≤ this. */
  readonly mediumIncomeMax: IncomeBounds;
  /** ≥ this many of the 12 indicators: poor; fewer: near-poor. */
  readonly deprivationThreshold: number;
  /** Codes whose criteria in this period are assumptions, not confirmed legal text. */
  readonly unconfirmedCodes: readonly PovertyCode[];
}

export interface CatastrophicParams {
  /** Out-of-pocket ≥ this share of capacity to pay is catastrophic (WHO: 0.40). */
  readonly shareOfCapacity: number;
  /** Months of capacity to pay the stay's out-of-pocket is compared with (1: Xu et al.'s monthly measure). */
  readonly capacityPeriodMonths: number;
}

export interface VulnerabilityParams {
  /** Under this age: young child (Law on Health Insurance art. 12: children under 6, group TE). */
  readonly youngChildUnderYears: number;
  /** Under this age: a child who needs a guardian (Law on Children 102/2016/QH13 art. 1: under 16). */
  readonly childUnderYears: number;
  /** From this age: older person (Law on the Elderly 39/2009/QH12 art. 2: 60 and over). */
  readonly olderFromYears: number;
  /** From this day, home and hospital provinces are compared as the post-2025 provinces (Resolution 202/2025/QH15). */
  readonly newProvincesFrom: string;
}

/** ICD-10 range, inclusive, compared on the dotted code's first `from.length` / `to.length` characters. */
export interface IcdRange {
  readonly from: string;
  readonly to: string;
}

export interface HighCostGroup {
  /** Short id; the finding code is `high-cost-<group>`. */
  readonly group: string;
  readonly ranges: readonly IcdRange[];
  readonly weight: number;
  readonly summary: Text;
}

export interface RuleSet {
  readonly id: string;
  readonly version: string;
  /** First and last day (YYYY-MM-DD, Vietnam local date, inclusive) the set applies to a screening. */
  readonly effectiveFrom: string;
  readonly effectiveTo: string;
  readonly source: string;
  /** Some part of the set is an assumption (see `note` and each rule's `unconfirmed`). */
  readonly unconfirmed: boolean;
  readonly note: string | null;
  readonly rules: Readonly<Record<RuleId, RuleMeta>>;
  readonly poverty: PovertyParams;
  readonly catastrophic: CatastrophicParams;
  readonly vulnerability: VulnerabilityParams;
  /** A stay of at least this many days (counted as in encounter.ts) is long. */
  readonly longStayDays: number;
  readonly highCost: readonly HighCostGroup[];
  /** BHYT benefit digit → share (dated), used to estimate a patient's share the charges do not state. */
  readonly bhytBenefitLevels: readonly BenefitLevelPeriod[];
  /** Base weight of each finding code, scaled by `certaintyPercent` (see engine.ts: priority). */
  readonly weights: Readonly<Record<StandardCode, number>>;
  readonly certaintyPercent: Readonly<Record<Certainty, number>>;
  /** Default tier of each finding code (a hospital may move a code: tiers.service.ts). */
  readonly tiers: Readonly<Record<TierKey, Tier>>;
}

/**
 * Configured changes to one evaluation (e.g. a hospital that uses 0.25 of capacity). Each used
 * value is reported on the finding with source 'override'. Anything else changes by a new rule set.
 */
export interface RuleOverrides {
  readonly catastrophicShareOfCapacity?: number;
  readonly catastrophicCapacityPeriodMonths?: number;
  readonly longStayDays?: number;
}

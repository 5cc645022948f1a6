import type { BhytCard } from '../../../../fhir-mappings/bhyt.js';
import type { DeprivationIndicator } from './deprivations.js';
import type { Residence } from './rule-set-types.js';

/**
 * ScreeningFacts: the flat, typed input of the rules engine, assembled once per patient from a
 * PatientRecordSnapshot, the screening answers and the hospital's context (facts-from-record.ts),
 * or built directly (tests, the benchmark). Facts whose origin varies carry a `source`; the others
 * always come from the place their doc comment names. The engine reads facts, never FHIR.
 */

/** A province before and after the 2025-07-01 reorganisation, as names from the province table. */
export interface ProvincePair {
  /** Pre-2025 province (e.g. 'Yên Bái'); null when only a 2-level address is known. */
  readonly old: string | null;
  /** Province since 2025-07-01 (e.g. 'Lào Cai'). */
  readonly current: string | null;
}

/**
 * What the social worker recorded in the screening (questionnaire.ts). Money is whole VND per
 * month. null means "not asked / not answered", which is different from false or 0.
 */
export interface ScreeningAnswers {
  readonly householdIncomePerMonthVnd: number | null;
  readonly householdSize: number | null;
  readonly residence: Residence | null;
  /** The indicators the household is deprived of; null when the 12 were not assessed, [] when none. */
  readonly deprivations: readonly DeprivationIndicator[] | null;
  /** A commune-issued poor / near-poor household certificate the social worker saw. */
  readonly certificate: 'poor' | 'near-poor' | null;
  /** Household subsistence spending per month; null: the rule set's poverty line × household size is used. */
  readonly subsistenceSpendingPerMonthVnd: number | null;
  readonly livesAlone: boolean | null;
  readonly disability: boolean | null;
  readonly violenceVictim: boolean | null;
  /** For a child: is a guardian or carer with the patient now? */
  readonly guardianPresent: boolean | null;
  /** Needs the patient reported in the screening (food, housing, transport, utilities, safety); null when not asked. */
  readonly needs?: readonly SocialNeed[] | null;
}

export type SocialNeed = 'food' | 'housing' | 'transport' | 'utilities' | 'safety';

/**
 * valid: a Coverage valid on the screening date; expired: the latest Coverage ended before it;
 * not-yet-valid / inactive (cancelled, draft): a Coverage that cannot be used that day;
 * none: no Coverage and no card number anywhere; unknown: a card number on Patient only (no
 * Coverage to tell its validity).
 */
export type InsuranceStatus = 'valid' | 'expired' | 'not-yet-valid' | 'inactive' | 'none' | 'unknown';

export interface InsuranceFacts {
  readonly status: InsuranceStatus;
  /** The card the status is about (valid, expired, … or the Patient's); null when none or unreadable. */
  readonly card: BhytCard | null;
  readonly source: 'Coverage' | 'Patient' | null;
  /** Last day of validity of an expired card (YYYY-MM-DD or as partial as the Coverage said). */
  readonly expiredOn: string | null;
  /** Day from which a not-yet-valid card applies. */
  readonly validFrom: string | null;
}

export interface Diagnosis {
  /** ICD-10, dotted upper-case (C91.0). */
  readonly code: string;
  readonly source: 'Condition' | 'Encounter';
}

export interface ScreeningFacts {
  /** YYYY-MM-DD, the Vietnam local day: selects the rule set; the "today" of every rule. */
  readonly screeningDate: string;
  /** The screening hospital's province (source 'hospital'). */
  readonly hospitalProvince: ProvincePair;
  readonly patient: {
    /** Completed years on the screening date (source Patient.birthDate); for a partial birth date the youngest reading. */
    readonly ageYears: number | null;
    /** The oldest reading of a partial birth date; equal to ageYears for a full one. */
    readonly ageYearsMax: number | null;
    readonly birthDate: string | null;
    /** VN Core vn-core-race code, '01' Kinh (source Patient). */
    readonly ethnicityCode: string | null;
    readonly homeProvince: (ProvincePair & { readonly source: 'Patient' | 'Coverage' }) | null;
  };
  readonly insurance: InsuranceFacts;
  /** The current stay (source Encounter). */
  readonly stay: {
    readonly inProgress: boolean;
    readonly lengthOfStayDays: number | null;
    /** Vietnam local day of discharge, null while in hospital. */
    readonly endedOn: string | null;
  } | null;
  readonly diagnoses: readonly Diagnosis[];
  /** Billed charges of the stay, whole VND; patientVnd null when the split is unknown. */
  readonly charges: {
    readonly totalVnd: number;
    readonly patientVnd: number | null;
    readonly source: 'ChargeItem' | 'Claim' | 'Account';
  } | null;
  /** source Patient: a Patient.contact names the carer. */
  readonly guardianPresent: { readonly value: boolean; readonly source: 'RelatedPerson' | 'Patient' | 'screening' } | null;
  readonly screening: ScreeningAnswers | null;
}

/** Answers with nothing answered: a base to spread real answers over. */
export const NO_ANSWERS: ScreeningAnswers = {
  householdIncomePerMonthVnd: null,
  householdSize: null,
  residence: null,
  deprivations: null,
  certificate: null,
  subsistenceSpendingPerMonthVnd: null,
  livesAlone: null,
  disability: null,
  violenceVictim: null,
  guardianPresent: null,
  needs: null,
};

/**
 * Facts with nothing known but the date and the hospital: a base for facts built directly (tests,
 * benchmarks, a screening without a hospital record). Insurance is 'none': nothing on record.
 */
export function emptyFacts(screeningDate: string, hospitalProvince: ProvincePair = { old: null, current: null }): ScreeningFacts {
  return {
    screeningDate,
    hospitalProvince,
    patient: { ageYears: null, ageYearsMax: null, birthDate: null, ethnicityCode: null, homeProvince: null },
    insurance: { status: 'none', card: null, source: null, expiredOn: null, validFrom: null },
    stay: null,
    diagnoses: [],
    charges: null,
    guardianPresent: null,
    screening: null,
  };
}

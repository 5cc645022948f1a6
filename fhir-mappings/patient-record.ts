import type { BenefitLevelPeriod } from './bhyt-benefit-levels.js';
import { summariseCharges, type ChargesSummary } from './charges.js';
import { isClinicalDiagnosis, mapCondition, type ConditionSnapshot } from './condition.js';
import { isValidOn, mapCoverage, type InsuranceSnapshot } from './coverage.js';
import { vietnamDay } from './dates.js';
import { mapEncounter, type EncounterSnapshot } from './encounter.js';
import { mapPatient, type PatientReferenceData, type PatientSnapshot } from './patient.js';
import type { MappingProblem } from './read.js';
import { mapRelatedPerson, type RelatedPersonSnapshot } from './related-person.js';

/**
 * A patient's whole record as the module keeps it: the Patient and what hangs off it (Coverage,
 * Encounter, Condition, charges, RelatedPerson), mapped and put together. Pure: `now` is a parameter.
 */
export interface PatientRecordInput {
  patient: unknown;
  coverages?: readonly unknown[];
  encounters?: readonly unknown[];
  conditions?: readonly unknown[];
  chargeItems?: readonly unknown[];
  claim?: unknown;
  account?: unknown;
  relatedPersons?: readonly unknown[];
}

export interface PatientRecordSnapshot {
  patient: PatientSnapshot;
  /** Every Coverage, newest period first. */
  insurance: InsuranceSnapshot[];
  /** The card valid today, when there is one. */
  validInsurance: InsuranceSnapshot | null;
  /** The stay under way, else the latest one. */
  currentEncounter: EncounterSnapshot | null;
  encounters: EncounterSnapshot[];
  /** Clinical diagnoses only (isClinicalDiagnosis). */
  conditions: ConditionSnapshot[];
  /** Social problems: health concerns, SDOH Conditions and what the module wrote back itself. */
  healthConcerns: ConditionSnapshot[];
  charges: ChargesSummary | null;
  relatedPersons: RelatedPersonSnapshot[];
  problems: MappingProblem[];
}

export interface RecordContext extends PatientReferenceData {
  benefitLevels: readonly BenefitLevelPeriod[];
  /** ISO instant: the time the snapshot is taken. */
  now: string;
}

function mapAll<T>(
  items: readonly unknown[] | undefined,
  map: (x: unknown) => { ok: boolean; value: T | null; problems: MappingProblem[] },
  problems: MappingProblem[],
): T[] {
  const out: T[] = [];
  for (const item of items ?? []) {
    const m = map(item);
    problems.push(...m.problems);
    if (m.ok && m.value) out.push(m.value);
  }
  return out;
}

const byStartDesc = (a: { period: { start: string | null } }, b: { period: { start: string | null } }): number =>
  (b.period.start ?? '').localeCompare(a.period.start ?? '');

/** Null when the input is not a Patient at all; otherwise as complete as the input allows. */
export function buildPatientRecord(input: PatientRecordInput, ctx: RecordContext): PatientRecordSnapshot | null {
  const problems: MappingProblem[] = [];
  const p = mapPatient(input.patient, ctx);
  problems.push(...p.problems);
  if (!p.ok) return null;
  const today = vietnamDay(ctx.now) ?? ctx.now.slice(0, 10);
  const insurance = mapAll(input.coverages, (c) => mapCoverage(c, ctx), problems).sort(byStartDesc);
  const validInsurance = insurance.find((c) => isValidOn(c, today)) ?? null;
  const encounters = mapAll(input.encounters, (e) => mapEncounter(e, ctx.now), problems).sort(byStartDesc);
  const currentEncounter = encounters.find((e) => e.inProgress) ?? encounters[0] ?? null;
  const allConditions = mapAll(input.conditions, (c) => mapCondition(c), problems);
  const conditions = allConditions.filter((c) => isClinicalDiagnosis(c));
  const healthConcerns = allConditions.filter((c) => !isClinicalDiagnosis(c));
  const relatedPersons = mapAll(input.relatedPersons, (r) => mapRelatedPerson(r), problems);
  let charges: ChargesSummary | null = null;
  if ((input.chargeItems?.length ?? 0) > 0 || input.claim || input.account) {
    const card = validInsurance?.card ?? p.value.bhytCard;
    const serviceDate = vietnamDay(currentEncounter?.period.start ?? null) ?? today;
    const c = summariseCharges(
      { chargeItems: input.chargeItems ?? [], claim: input.claim, account: input.account },
      { card, serviceDate, benefitLevels: ctx.benefitLevels },
    );
    problems.push(...c.problems);
    charges = c.ok ? c.value : null;
  }
  return {
    patient: p.value,
    insurance,
    validInsurance,
    currentEncounter,
    encounters,
    conditions,
    healthConcerns,
    charges,
    relatedPersons,
    problems,
  };
}

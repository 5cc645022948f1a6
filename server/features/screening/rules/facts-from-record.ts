import { coverageValidity, type InsuranceSnapshot } from '../../../../fhir-mappings/coverage.js';
import { isClinicalDiagnosis, normaliseIcd10 } from '../../../../fhir-mappings/condition.js';
import { vietnamDay } from '../../../../fhir-mappings/dates.js';
import type { ProvinceRef } from '../../../../fhir-mappings/bhyt.js';
import { foldVietnamese } from '../../../../fhir-mappings/patient.js';
import type { PatientRecordSnapshot } from '../../../../fhir-mappings/patient-record.js';
import { isIcd10System } from '../../../../fhir-mappings/vn-core.js';
import { ageOn } from './age.js';
import type { Diagnosis, InsuranceFacts, ProvincePair, ScreeningAnswers, ScreeningFacts } from './facts.js';
import { screeningDay } from './rule-sets.js';

/**
 * PatientRecordSnapshot + screening answers + hospital context → ScreeningFacts. Pure: the
 * screening date is a parameter and is the "today" of every fact (card validity, age), whatever
 * the snapshot's own `now` was. Decisions are listed in README.md.
 */

export interface ScreeningContext {
  /** YYYY-MM-DD (Vietnam local day) or an ISO dateTime. */
  screeningDate: string;
  /** The screening hospital's province, old and current (network-hospitals.json oldProvince / province). */
  hospitalProvince: ProvincePair;
  /** The province table (provinces-vn.json, all 63): turns "Tỉnh Yên Bái" into the table's 'Yên Bái'. */
  provinces: readonly ProvinceRef[];
}

export function factsFromRecord(s: PatientRecordSnapshot, ctx: ScreeningContext, answers?: ScreeningAnswers | null): ScreeningFacts {
  const day = screeningDay(ctx.screeningDate);
  const age = ageOn(s.patient.birthDate, day);
  return {
    screeningDate: day,
    hospitalProvince: ctx.hospitalProvince,
    patient: {
      ageYears: age?.min ?? null,
      ageYearsMax: age?.max ?? null,
      birthDate: s.patient.birthDate,
      ethnicityCode: s.patient.ethnicity?.code ?? null,
      homeProvince: homeProvinceOf(s, ctx.provinces),
    },
    insurance: insuranceOn(s, day),
    stay: stayOf(s),
    diagnoses: diagnosesOf(s),
    charges: chargesOf(s),
    guardianPresent: guardianOf(s, answers ?? null, day),
    screening: answers ?? null,
  };
}

/**
 * Card status on the screening day from the Coverages (newest period first; entered-in-error
 * ignored): the first valid one, else the status of the newest. Without any Coverage, a card
 * number on Patient.identifier gives 'unknown' (its groups still count, as 'likely'; a number that
 * does not parse gives 'unknown' with no card).
 */
export function insuranceOn(s: PatientRecordSnapshot, day: string): InsuranceFacts {
  let newest: InsuranceSnapshot | null = null;
  for (const c of s.insurance) {
    if (c.status === 'entered-in-error') continue;
    newest ??= c;
    if (coverageValidity(c, day) === 'valid') return facts('valid', c.card, 'Coverage');
  }
  if (newest) {
    const v = coverageValidity(newest, day);
    if (v === 'expired') return { ...facts('expired', newest.card, 'Coverage'), expiredOn: dayOf(newest.period.end) };
    if (v === 'not-yet-valid') return { ...facts('not-yet-valid', newest.card, 'Coverage'), validFrom: dayOf(newest.period.start) };
    return facts('inactive', newest.card, 'Coverage');
  }
  // A number on Patient, even one that does not parse, means a card exists: its validity is unknown.
  const p = s.patient;
  return p.bhytCard || p.identifiers.bhyt ? facts('unknown', p.bhytCard, 'Patient') : facts('none', null, null);
}

const facts = (status: InsuranceFacts['status'], card: InsuranceFacts['card'], source: InsuranceFacts['source']): InsuranceFacts => ({
  status,
  card,
  source,
  expiredOn: null,
  validFrom: null,
});

const dayOf = (v: string | null): string | null => (v && v.length > 10 ? vietnamDay(v) : v);

const SKIPPED_ADDRESS_USES = ['work', 'billing', 'old'];
const PROVINCE_PREFIXES = ['tinh ', 'thanh pho ', 'tp. ', 'tp '];

/** The table's pre-2025 name for a province as written; null when it is not a pre-2025 province. */
function oldProvinceName(written: string | null, provinces: readonly ProvinceRef[]): string | null {
  if (!written) return null;
  const folded = foldVietnamese(written);
  const prefix = PROVINCE_PREFIXES.find((x) => folded.startsWith(x));
  const key = prefix ? folded.slice(prefix.length).trim() : folded;
  return provinces.find((p) => foldVietnamese(p.oldName) === key)?.oldName ?? null;
}

/**
 * Home province from the Patient's addresses (use home, temp or none): the old province from a
 * 3-level (pre-2025) address, or from a 2-level one that still names a province that no longer
 * exists; the current one from any address's post-2025 province. Without an address, the card's
 * issuing province (BHYT number characters 4–5) stands in, source Coverage.
 */
function homeProvinceOf(s: PatientRecordSnapshot, provinces: readonly ProvinceRef[]): ScreeningFacts['patient']['homeProvince'] {
  let old: string | null = null;
  let current: string | null = null;
  for (const a of s.patient.addresses) {
    if (a.use && SKIPPED_ADDRESS_USES.includes(a.use)) continue;
    const oldName = oldProvinceName(a.province, provinces);
    const gone = oldName !== null && !provinces.some((p) => p.newName === oldName);
    if (!old && (a.form === 'old-3-level' || gone)) old = oldName;
    current ??= a.newProvince;
  }
  if (current) return { old, current, source: 'Patient' };
  const card = s.validInsurance?.card ?? s.insurance[0]?.card ?? s.patient.bhytCard;
  const p = card?.province;
  return p ? { old: p.oldName, current: p.newName, source: 'Coverage' } : null;
}

function stayOf(s: PatientRecordSnapshot): ScreeningFacts['stay'] {
  const e = s.currentEncounter;
  if (!e) return null;
  return { inProgress: e.inProgress, lengthOfStayDays: e.lengthOfStayDays, endedOn: e.inProgress ? null : vietnamDay(e.period.end) };
}

const NOT_CURRENT = ['resolved', 'inactive', 'remission', 'refuted', 'entered-in-error'];

/**
 * ICD-10 codes of current Conditions, then of the current stay's coded reasons. Health concerns and
 * what the module wrote back are not diagnoses (isClinicalDiagnosis: checked here too, for
 * snapshots stored before the record kept them apart).
 */
function diagnosesOf(s: PatientRecordSnapshot): Diagnosis[] {
  const out: Diagnosis[] = [];
  for (const c of s.conditions) {
    if (!c.icd10 || !isClinicalDiagnosis(c)) continue;
    if (NOT_CURRENT.includes(c.clinicalStatus ?? '') || NOT_CURRENT.includes(c.verificationStatus ?? '')) continue;
    out.push({ code: c.icd10.code, source: 'Condition' });
  }
  for (const r of s.currentEncounter?.reasons ?? []) {
    if (r.code && isIcd10System(r.system)) out.push({ code: normaliseIcd10(r.code), source: 'Encounter' });
  }
  return out;
}

const CHARGE_SOURCES = { claim: 'Claim', 'charge-items': 'ChargeItem', account: 'Account' } as const;

function chargesOf(s: PatientRecordSnapshot): ScreeningFacts['charges'] {
  const c = s.charges;
  if (!c || c.source === 'none') return null;
  return { totalVnd: c.totalVnd, patientVnd: c.patientVnd, source: CHARGE_SOURCES[c.source] };
}

/**
 * The screening's answer when given; otherwise an active guardian, parent or caregiver recorded as
 * a RelatedPerson, or as a Patient.contact whose period has not ended by the screening day, is
 * read as present (hospitals record the carer who came with the child, in either place);
 * otherwise unknown (null): the absence of a record does not prove the child is alone.
 */
function guardianOf(s: PatientRecordSnapshot, answers: ScreeningAnswers | null, day: string): ScreeningFacts['guardianPresent'] {
  if (answers && answers.guardianPresent !== null) return { value: answers.guardianPresent, source: 'screening' };
  if (s.relatedPersons.some((r) => isCarer(r) && r.active !== false)) return { value: true, source: 'RelatedPerson' };
  // Snapshots stored before contacts were kept have none (undefined) until the next sync.
  const contacts = (s.patient.contacts as PatientRecordSnapshot['patient']['contacts'] | undefined) ?? [];
  const current = contacts.some((c) => isCarer(c) && !endedBefore(c.period.end, day));
  return current ? { value: true, source: 'Patient' } : null;
}

/** A guardian, a parent or a named caregiver: someone who looks after the child. */
const isCarer = (r: { isGuardian: boolean; isParent: boolean; roles: readonly string[] }): boolean =>
  r.isGuardian || r.isParent || r.roles.includes('caregiver');

const endedBefore = (end: string | null, day: string): boolean => {
  const d = dayOf(end);
  return d !== null && d.slice(0, 10) < day.slice(0, d.length);
};

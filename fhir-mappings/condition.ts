import { readDateValue } from './dates.js';
import {
  conceptLabel,
  findCoding,
  isRecord,
  openResource,
  readArray,
  readConcept,
  readIdAndUpdated,
  readRecord,
  readReference,
  readString,
  warn,
  type Mapped,
  type Problems,
  type SimpleReference,
} from './read.js';
import { SYSTEMS, isIcd10System } from './vn-core.js';

/**
 * Condition (https://hl7.org/fhir/R4/condition.html) → a diagnosis or social problem as the module
 * reads it. Vietnamese hospitals code with WHO ICD-10 (the Ministry of Health's Vietnamese edition,
 * not ICD-10-CM); the module's own SDOH problems (Z55–Z65) come back through here too, so the
 * outbound health-concern builder and this mapper round-trip.
 * A social problem is not a clinical diagnosis: `isClinicalDiagnosis` tells them apart, so that a
 * Z59.5 the module wrote back is never listed among the stay's diagnoses nor fed to the
 * high-cost-diagnosis rules.
 */

export interface ConditionSnapshot {
  fhirId: string | null;
  icd10: { code: string; display: string | null } | null;
  /** Human label: code.text, else a coding's display. */
  text: string | null;
  clinicalStatus: string | null;
  verificationStatus: string | null;
  /** Category codes from every system, e.g. ['health-concern', 'financial-insecurity']. */
  category: string[];
  /** Gravity SDOH domain (SDOHCC temporary code) when the condition carries one. */
  sdohDomain: string | null;
  /** onsetDateTime, onsetPeriod.start, onsetString, or onsetAge as "45 a". */
  onset: string | null;
  recordedDate: string | null;
  subject: SimpleReference | null;
  /** References in evidence.detail (for an SDOH problem: the Observations it rests on). */
  evidence: string[];
  /** Written by this module (id `nc-…`, an identifier or meta.tag in the module's systems): read back, not the hospital's. */
  writtenByModule: boolean;
  lastUpdated: string | null;
}

/**
 * Categories that make a Condition a social problem rather than a diagnosis: US Core
 * `health-concern` (https://hl7.org/fhir/us/core/ValueSet-us-core-problem-or-health-concern.html)
 * and `sdoh` (us-core-category), as Gravity SDOHCC Conditions carry them.
 */
const SOCIAL_CATEGORIES = ['health-concern', 'sdoh'];

/** The ids the module gives what it writes to a hospital (server/features/screening/write-back.resources.ts). */
const MODULE_ID_PREFIX = 'nc-';

/**
 * True for a clinical diagnosis the hospital recorded; false for a health concern, an SDOH
 * Condition (US Core category or a Gravity SDOH domain) or anything the module wrote itself.
 * Works on snapshots stored before `writtenByModule` existed (it is then undefined).
 */
export function isClinicalDiagnosis(
  c: Pick<ConditionSnapshot, 'fhirId' | 'category' | 'sdohDomain'> & { writtenByModule?: boolean },
): boolean {
  if (c.writtenByModule === true || (c.fhirId ?? '').startsWith(MODULE_ID_PREFIX)) return false;
  if (c.sdohDomain) return false;
  return !c.category.some((code) => SOCIAL_CATEGORIES.includes(code));
}

/**
 * ICD-10 codes as written in Vietnamese systems: upper-case; the dot is inserted when missing
 * (Z595 → Z59.5), since both forms are seen and only the dotted one matches the code system.
 */
export function normaliseIcd10(code: string): string {
  const c = code.trim().toUpperCase();
  return /^[A-Z]\d{2}[0-9A-Z]+$/.test(c) ? `${c.slice(0, 3)}.${c.slice(3)}` : c;
}

export function mapCondition(input: unknown): Mapped<ConditionSnapshot> {
  const opened = openResource(input, 'Condition');
  if (!opened.ok) return opened;
  const res = opened.resource;
  const problems: Problems = [];
  const { fhirId, lastUpdated } = readIdAndUpdated(res, problems);
  const code = readConcept(res.code, 'Condition.code', problems);
  const icd = findCoding(code, isIcd10System);
  if (!code) warn(problems, 'CONDITION.NO_CODE', 'Condition.code', 'condition has no code');
  else if (!icd?.code) warn(problems, 'CONDITION.NO_ICD10', 'Condition.code', 'condition has no ICD-10 coding');
  const categories = readArray(res.category, 'Condition.category', problems).map((c, i) =>
    readConcept(c, `Condition.category[${i}]`, problems),
  );
  const categoryCodings = categories.flatMap((c) => c?.codings ?? []);
  const value: ConditionSnapshot = {
    fhirId,
    icd10: icd?.code ? { code: normaliseIcd10(icd.code), display: icd.display } : null,
    text: conceptLabel(code),
    clinicalStatus: statusCode(res.clinicalStatus, 'Condition.clinicalStatus', problems),
    verificationStatus: statusCode(res.verificationStatus, 'Condition.verificationStatus', problems),
    category: categoryCodings.map((c) => c.code).filter((c): c is string => c !== null),
    sdohDomain: categoryCodings.find((c) => c.system === SYSTEMS.hl7.sdohccTemporaryCodes)?.code ?? null,
    onset: readOnset(res, problems),
    recordedDate: readDateValue(res.recordedDate, 'Condition.recordedDate', problems, 'dateTime'),
    subject: readReference(res.subject, 'Condition.subject', problems),
    evidence: readEvidence(res.evidence, problems),
    writtenByModule: (fhirId ?? '').startsWith(MODULE_ID_PREFIX) || carriesModuleSystem(res, problems),
    lastUpdated,
  };
  return { ok: true, value, problems };
}

/** An identifier or a meta.tag in one of the module's own systems (https://nhipcau.vn/fhir/…). */
function carriesModuleSystem(res: Record<string, unknown>, problems: Problems): boolean {
  const meta = readRecord(res.meta, 'Condition.meta', problems);
  const marks = [...readArray(res.identifier, 'Condition.identifier', problems), ...readArray(meta?.tag, 'Condition.meta.tag', problems)];
  return marks.some((m) => isRecord(m) && typeof m.system === 'string' && m.system.startsWith(`${SYSTEMS.nhipcau.base}/`));
}

/** clinicalStatus / verificationStatus are CodeableConcepts in R4 (plain strings in STU3). */
function statusCode(v: unknown, path: string, problems: Problems): string | null {
  const c = readConcept(v, path, problems);
  return c?.codings.find((x) => x.code)?.code ?? c?.text ?? null;
}

function readOnset(res: Record<string, unknown>, problems: Problems): string | null {
  if (res.onsetDateTime !== undefined) return readDateValue(res.onsetDateTime, 'Condition.onsetDateTime', problems, 'dateTime');
  const period = readRecord(res.onsetPeriod, 'Condition.onsetPeriod', problems);
  if (period) return readDateValue(period.start, 'Condition.onsetPeriod.start', problems, 'dateTime');
  const age = readRecord(res.onsetAge, 'Condition.onsetAge', problems);
  if (age && typeof age.value === 'number') return `${age.value} ${typeof age.code === 'string' ? age.code : 'a'}`;
  return readString(res.onsetString, 'Condition.onsetString', problems);
}

function readEvidence(v: unknown, problems: Problems): string[] {
  return readArray(v, 'Condition.evidence', problems).flatMap((e, i) => {
    const ev = readRecord(e, `Condition.evidence[${i}]`, problems);
    return readArray(ev?.detail, `Condition.evidence[${i}].detail`, problems)
      .map((d, j) => readReference(d, `Condition.evidence[${i}].detail[${j}]`, problems)?.reference ?? null)
      .filter((r): r is string => r !== null);
  });
}

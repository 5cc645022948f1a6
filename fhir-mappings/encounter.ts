import { daysBetween, readDateValue, vietnamDay } from './dates.js';
import { foldVietnamese } from './patient-name.js';
import {
  conceptLabel,
  isRecord,
  openResource,
  readArray,
  readCoding,
  readConcept,
  readIdAndUpdated,
  readRecord,
  readReference,
  readString,
  warn,
  type Mapped,
  type Problems,
  type SimpleCoding,
  type SimpleReference,
} from './read.js';

/**
 * Encounter (https://hl7.org/fhir/R4/encounter.html) → the stay a social worker works within.
 * Length of stay counts calendar days in Vietnam local time from admission to discharge (midnights
 * crossed; a same-day visit is 0), and up to `now` while the patient is still in hospital. It is
 * not the BHYT claims count (SO_NGAY_DTRI in the Decision 4210/QĐ-BYT export), which has its own rules.
 */

export interface EncounterReason {
  system: string | null;
  code: string | null;
  display: string | null;
}

export interface EncounterSnapshot {
  fhirId: string | null;
  /** v3-ActCode class: IMP, AMB, EMER, … (plain forms such as "nội trú" are mapped). */
  class: string | null;
  classDisplay: string | null;
  status: string | null;
  period: { start: string | null; end: string | null };
  /** Still under way: status arrived / triaged / in-progress / onleave and no end yet reached (a planned end ahead is allowed). */
  inProgress: boolean;
  lengthOfStayDays: number | null;
  /** Ward or department: the current location, else the service provider. */
  department: string | null;
  serviceProvider: string | null;
  reasons: EncounterReason[];
  subject: SimpleReference | null;
  lastUpdated: string | null;
}

const ONGOING = ['arrived', 'triaged', 'in-progress', 'onleave'];

/** Plain class forms seen from hospital systems, folded → v3-ActCode. */
const PLAIN_CLASSES: Record<string, string> = {
  inpatient: 'IMP',
  'noi tru': 'IMP',
  outpatient: 'AMB',
  ambulatory: 'AMB',
  'ngoai tru': 'AMB',
  emergency: 'EMER',
  'cap cuu': 'EMER',
};

export function mapEncounter(input: unknown, now: string): Mapped<EncounterSnapshot> {
  const opened = openResource(input, 'Encounter');
  if (!opened.ok) return opened;
  const res = opened.resource;
  const problems: Problems = [];
  const { fhirId, lastUpdated } = readIdAndUpdated(res, problems);
  const cls = readClass(res.class, problems);
  const status = readString(res.status, 'Encounter.status', problems);
  const period = readPeriod(res, problems);
  const inProgress = status !== null && ONGOING.includes(status) && !hasEnded(period.end, now);
  const serviceProvider = readReference(res.serviceProvider, 'Encounter.serviceProvider', problems)?.display ?? null;
  const value: EncounterSnapshot = {
    fhirId,
    class: cls ? (PLAIN_CLASSES[foldVietnamese(cls.code ?? '')] ?? cls.code) : null,
    classDisplay: cls?.display ?? null,
    status,
    period,
    inProgress,
    lengthOfStayDays: lengthOfStay(res, period, inProgress, now, problems),
    department: currentLocation(res.location, problems) ?? serviceProvider,
    serviceProvider,
    reasons: readReasons(res, problems),
    subject: readReference(res.subject, 'Encounter.subject', problems),
    lastUpdated,
  };
  return { ok: true, value, problems };
}

/**
 * Whether the period's end has come. A stay under way may carry its planned discharge as
 * period.end (https://hl7.org/fhir/R4/encounter-definitions.html#Encounter.period): a day still
 * ahead does not end it. A date without a time ends the stay on that Vietnam day.
 */
function hasEnded(end: string | null, now: string): boolean {
  if (end === null) return false;
  if (end.length <= 10) {
    const today = vietnamDay(now);
    return today === null || end.slice(0, today.length) <= today.slice(0, end.length);
  }
  return Date.parse(end) <= Date.parse(now);
}

/** R4 class is one Coding; R5 made it a list of CodeableConcept, which some servers already send. */
function readClass(v: unknown, problems: Problems): SimpleCoding | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    warn(problems, 'FHIR.WRONG_TYPE', 'Encounter.class', 'class sent as a bare code; read it as the code');
    return { system: null, code: v, display: null };
  }
  if (Array.isArray(v) || (isRecord(v) && v.coding !== undefined)) {
    warn(problems, 'FHIR.NON_R4_FIELD', 'Encounter.class', 'class sent as CodeableConcept (R5 form); read its first coding');
    const concept = readConcept(Array.isArray(v) ? v[0] : v, 'Encounter.class', problems);
    return concept?.codings[0] ?? (concept?.text ? { system: null, code: concept.text, display: concept.text } : null);
  }
  return readCoding(v, 'Encounter.class', problems);
}

function readPeriod(res: Record<string, unknown>, problems: Problems): EncounterSnapshot['period'] {
  let p = readRecord(res.period, 'Encounter.period', problems);
  if (!p && res.actualPeriod !== undefined) {
    warn(problems, 'FHIR.NON_R4_FIELD', 'Encounter.actualPeriod', 'actualPeriod is the R5 name of period; read it');
    p = readRecord(res.actualPeriod, 'Encounter.actualPeriod', problems);
  }
  return {
    start: readDateValue(p?.start, 'Encounter.period.start', problems, 'dateTime'),
    end: readDateValue(p?.end, 'Encounter.period.end', problems, 'dateTime'),
  };
}

function lengthOfStay(
  res: Record<string, unknown>,
  period: EncounterSnapshot['period'],
  inProgress: boolean,
  now: string,
  problems: Problems,
): number | null {
  const from = vietnamDay(period.start);
  // While the stay lasts, up to now (a planned discharge in period.end is not counted).
  const to = inProgress ? vietnamDay(now) : period.end ? vietnamDay(period.end) : null;
  if (from && to) {
    const days = daysBetween(from, to);
    if (days >= 0) return days;
    warn(problems, 'ENCOUNTER.END_BEFORE_START', 'Encounter.period', 'the stay ends before it starts');
    return null;
  }
  const length = readRecord(res.length, 'Encounter.length', problems);
  if (length && typeof length.value === 'number' && (length.code === 'd' || length.unit === 'd' || length.unit === 'days'))
    return Math.floor(length.value);
  if (!from) warn(problems, 'ENCOUNTER.NO_START', 'Encounter.period.start', 'no admission date: length of stay unknown');
  return null;
}

/** The location marked active (the last one), else the last listed: where the patient is now or was last. */
function currentLocation(v: unknown, problems: Problems): string | null {
  const locs = readArray(v, 'Encounter.location', problems).filter(isRecord);
  const active = locs.filter((l) => l.status === 'active');
  const pick = active[active.length - 1] ?? locs[locs.length - 1];
  return pick ? (readReference(pick.location, 'Encounter.location.location', problems)?.display ?? null) : null;
}

function readReasons(res: Record<string, unknown>, problems: Problems): EncounterReason[] {
  const coded = readArray(res.reasonCode, 'Encounter.reasonCode', problems).map((rc, i) => {
    const c = readConcept(rc, `Encounter.reasonCode[${i}]`, problems);
    const first = c?.codings[0];
    return { system: first?.system ?? null, code: first?.code ?? null, display: conceptLabel(c) };
  });
  const referenced = readArray(res.reasonReference, 'Encounter.reasonReference', problems).map((r, i) => ({
    system: null,
    code: null,
    display: readReference(r, `Encounter.reasonReference[${i}]`, problems)?.display ?? null,
  }));
  return [...coded, ...referenced].filter((r) => r.code !== null || r.display !== null);
}

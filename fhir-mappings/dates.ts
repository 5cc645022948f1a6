import { warn, type Problems } from './read.js';

/**
 * FHIR R4 date and dateTime handling (https://hl7.org/fhir/R4/datatypes.html#date). Partial dates
 * (YYYY, YYYY-MM) are legal and common for birth dates of older patients from the mountains, so they
 * are kept as sent. Day arithmetic happens in Vietnam's local time (UTC+07:00, no daylight saving),
 * because a hospital day starts at local midnight. Pure: "now" is always a parameter.
 */

const DATE = /^(\d{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const DATE_TIME =
  /^(\d{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;

/** Offset of Vietnam local time from UTC, in milliseconds (Asia/Ho_Chi_Minh, UTC+7 all year). */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function realCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export function isFhirDate(v: string): boolean {
  return DATE.test(v) && realCalendarDay(v);
}

export function isFhirDateTime(v: string): boolean {
  return DATE_TIME.test(v) && realCalendarDay(v);
}

/**
 * Reads a date or dateTime element. A value that is not a legal FHIR date(Time) is reported and
 * dropped rather than guessed at (a date written 12/03/2024 could be either day-first or month-first).
 */
export function readDateValue(v: unknown, path: string, problems: Problems, kind: 'date' | 'dateTime'): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') {
    warn(problems, 'FHIR.BAD_DATE', path, `expected a ${kind} string, got ${typeof v}; ignored`);
    return null;
  }
  const ok = kind === 'date' ? isFhirDate(v) : isFhirDateTime(v);
  if (!ok) {
    warn(problems, 'FHIR.BAD_DATE', path, `'${v}' is not a valid FHIR ${kind}; ignored`);
    return null;
  }
  return v;
}

/**
 * The calendar day (YYYY-MM-DD) of a full date or dateTime, in Vietnam local time. A dateTime with
 * an offset is moved to UTC+7 first; a dateTime without a time zone cannot occur in FHIR.
 * Returns null for partial dates (no day to count from) and unreadable values.
 */
export function vietnamDay(value: string | null): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isFhirDate(value) ? value : null;
  if (!isFhirDateTime(value) || value.length <= 10) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from day `a` to day `b` (both YYYY-MM-DD); negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

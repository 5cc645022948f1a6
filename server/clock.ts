import type { Logger } from 'pino';
import { VIETNAM_OFFSET_MS } from '../fhir-mappings/dates.js';
import { AppError } from './errors.js';
import { vnPublicHolidays, type HolidayYear } from './reference-data/index.js';

/**
 * The one clock (issue 9, point 3). The app, the worker and every job read the time from the
 * clock they were given, never from `new Date()`: tests set it, move it, and see due times,
 * expiries and "today" change with it. Days are Vietnam days (Asia/Ho_Chi_Minh, UTC+7, no DST).
 * Working days count Monday–Friday less Vietnam's public holidays, from the dated table in
 * reference-data/vn-public-holidays.json (docs/decisions/0018-clock-and-working-days.md).
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told: tests use it to be exact about time. */
export interface SettableClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function settableClock(start: Date | string = new Date()): SettableClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at) => void (t = new Date(at).getTime()),
    advance: (ms) => void (t += ms),
  };
}

/** The Vietnam calendar day (YYYY-MM-DD) of an instant. */
export function vietnamDayOf(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in Vietnam, by the given clock: the one place the server computes it. */
export function vietnamToday(clock: Clock): string {
  return vietnamDayOf(clock.now());
}

/** The instant a Vietnam day begins (00:00 UTC+7). */
export function startOfVietnamDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - VIETNAM_OFFSET_MS);
}

/** The last millisecond of a Vietnam day (23:59:59.999 UTC+7): a due time shown as that day. */
export function endOfVietnamDay(day: string): Date {
  return new Date(startOfVietnamDay(nextDay(day)).getTime() - 1);
}

// ---- Working days -------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

interface YearCalendar {
  daysOff: Set<string>;
  workingDays: Set<string>;
}

/** The table, checked once at load: a malformed entry stops the start rather than miscount later. */
const calendars: ReadonlyMap<number, YearCalendar> = buildCalendars(vnPublicHolidays);

function buildCalendars(years: Record<string, HolidayYear>): Map<number, YearCalendar> {
  const out = new Map<number, YearCalendar>();
  for (const [key, y] of Object.entries(years)) {
    const inYear = (d: string): boolean => ISO_DAY.test(d) && d.startsWith(`${key}-`) && nextDay(prevDay(d)) === d;
    const bad = [...y.daysOff, ...y.workingDays].map((e) => e.date).filter((d) => !inYear(d));
    const weekdayWorked = y.workingDays.map((e) => e.date).filter((d) => !isWeekend(d));
    if (bad.length || weekdayWorked.length) {
      throw new Error(`vn-public-holidays.json ${key}: dates outside the year or not real days (${bad.join(', ')}), or worked days that are not weekend days (${weekdayWorked.join(', ')})`);
    }
    out.set(Number(key), { daysOff: new Set(y.daysOff.map((e) => e.date)), workingDays: new Set(y.workingDays.map((e) => e.date)) });
  }
  return out;
}

function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}
function nextDay(day: string): string {
  return new Date(dayToMs(day) + DAY_MS).toISOString().slice(0, 10);
}
function prevDay(day: string): string {
  return new Date(dayToMs(day) - DAY_MS).toISOString().slice(0, 10);
}
function isWeekend(day: string): boolean {
  const wd = new Date(dayToMs(day)).getUTCDay();
  return wd === 0 || wd === 6;
}

/** A Vietnam day given as a day (YYYY-MM-DD) or as an instant. */
function toDay(value: string | Date): string {
  if (value instanceof Date) return vietnamDayOf(value);
  if (!ISO_DAY.test(value) || Number.isNaN(dayToMs(value))) throw new RangeError(`not a day (YYYY-MM-DD): ${value}`);
  return value;
}

/** The years the holiday table covers, ascending. */
export function holidayTableYears(): number[] {
  return [...calendars.keys()].sort((a, b) => a - b);
}

/**
 * Refusing is the documented choice for a year with no table (decision 0018): a due time
 * counted on weekends alone would silently fall on Tết, so the caller gets a 503 that names
 * the year, and the start-up warning has told the administrator a year ahead.
 */
function calendarOf(day: string): YearCalendar {
  const year = Number(day.slice(0, 4));
  const cal = calendars.get(year);
  if (!cal) {
    throw new AppError(503, 'CALENDAR.NO_HOLIDAY_TABLE', `no public-holiday table for ${year}: add it to server/reference-data/vn-public-holidays.json`, undefined, undefined, { year });
  }
  return cal;
}

/** Whether a Vietnam day is a working day. Throws CALENDAR.NO_HOLIDAY_TABLE for a year with no table. */
export function isWorkingDay(day: string | Date): boolean {
  const d = toDay(day);
  const cal = calendarOf(d);
  if (cal.workingDays.has(d)) return true;
  return !isWeekend(d) && !cal.daysOff.has(d);
}

/** The n-th working day after the given day (n ≥ 0; n = 0: the day itself if working, else the next working one). */
export function addWorkingDaysToDay(from: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = from;
  if (n === 0) {
    while (!isWorkingDay(day)) day = nextDay(day);
    return day;
  }
  for (let left = n; left > 0; ) {
    day = nextDay(day);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/**
 * A due time n working days after `from` (an instant, or a day): the END of the n-th working day
 * after the day `from` falls on (23:59:59.999 Vietnam time). End of day rather than the same time
 * of day: a request sent at 16:55 on Friday, or on a Sunday, still gets whole working days.
 */
export function addWorkingDays(from: string | Date, n: number): Date {
  return endOfVietnamDay(addWorkingDaysToDay(toDay(from), n));
}

/**
 * Working days after a's day up to and including b's day (a < d ≤ b), negative when b is before a:
 * the inverse of addWorkingDays, so `workingDaysBetween(x, addWorkingDays(x, n)) === n`.
 */
export function workingDaysBetween(a: string | Date, b: string | Date): number {
  const [from, to] = [toDay(a), toDay(b)];
  if (to < from) return -workingDaysBetween(to, from);
  let count = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (isWorkingDay(day)) count += 1;
  return count;
}

/** Of this year and next (by the clock), those with no holiday table: what the start-up warning names. */
export function missingHolidayYears(clock: Clock): number[] {
  const year = Number(vietnamToday(clock).slice(0, 4));
  return [year, year + 1].filter((y) => !calendars.has(y));
}

/** Logs a loud warning at start (API and worker) when this year or next has no holiday table. */
export function warnIfHolidayTableMissing(clock: Clock, log: Pick<Logger, 'warn'>): number[] {
  const missing = missingHolidayYears(clock);
  if (missing.length) {
    log.warn(
      { missingYears: missing, coveredYears: holidayTableYears() },
      `NO PUBLIC-HOLIDAY TABLE for ${missing.join(' and ')}: working-day due times in ${missing.length > 1 ? 'those years' : 'that year'} will be refused. Add the Government's announced days off to server/reference-data/vn-public-holidays.json (README: "Working days").`,
    );
  }
  return missing;
}

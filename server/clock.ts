import { VIETNAM_OFFSET_MS } from '../fhir-mappings/dates.js';

/**
 * The one clock (issue 9, point 3). The app, the worker and every job read the time from the
 * clock they were given, never from `new Date()`: tests set it, move it, and see due times,
 * expiries and "today" change with it. Days are Vietnam days (Asia/Ho_Chi_Minh, UTC+7, no DST).
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

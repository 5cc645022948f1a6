/**
 * Age in completed years on a day, from a FHIR birth date that may be partial (YYYY or YYYY-MM are
 * legal and common for older patients from the mountains: fhir-mappings/dates.ts). A partial date
 * gives a range: the youngest reading takes the last possible birth day, the oldest the first.
 * A birthday is reached on the same month and day (someone born on 29 February turns a year older
 * on 1 March in a common year). Pure integer arithmetic on the date parts.
 */

export interface AgeRange {
  /** Youngest reading (latest possible birth day). */
  min: number;
  /** Oldest reading (earliest possible birth day); equal to min for a full birth date. */
  max: number;
}

function completedYears(by: number, bm: number, bd: number, y: number, m: number, d: number): number {
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Null when the birth date is unreadable or (even at its earliest reading) after `on`. */
export function ageOn(birthDate: string | null, on: string): AgeRange | null {
  if (!birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) return null;
  const y = Number(on.slice(0, 4));
  const m = Number(on.slice(5, 7));
  const d = Number(on.slice(8, 10));
  const by = Number(birthDate.slice(0, 4));
  const bm = birthDate.length >= 7 ? Number(birthDate.slice(5, 7)) : 0;
  const bd = birthDate.length === 10 ? Number(birthDate.slice(8, 10)) : 0;
  const max = completedYears(by, bm || 1, bd || 1, y, m, d);
  if (max < 0) return null;
  const lastMonth = bm || 12;
  const min = completedYears(by, lastMonth, bd || daysInMonth(by, lastMonth), y, m, d);
  return { min: Math.max(min, 0), max };
}

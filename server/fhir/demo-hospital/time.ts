/**
 * Times in the generated data. Clinical times are written as Vietnamese HIS systems write them,
 * in local time with the +07:00 offset (Vietnam has no daylight saving); meta.lastUpdated is a
 * UTC instant, as servers stamp it. Everything derives from the `now` option, never the clock.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const VN_OFFSET = 7 * HOUR;

/** "2025-10-01T08:30:00+07:00" (whole seconds). */
export function vnDateTime(ms: number): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + VN_OFFSET).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}

/** The local calendar day, "2025-10-01". */
export function vnDate(ms: number): string {
  return new Date(ms + VN_OFFSET).toISOString().slice(0, 10);
}

/** A UTC instant with milliseconds, as FHIR servers write meta.lastUpdated. */
export function instant(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/** Local midnight starting the day that contains `ms`. */
export function startOfVnDay(ms: number): number {
  return Math.floor((ms + VN_OFFSET) / DAY) * DAY - VN_OFFSET;
}

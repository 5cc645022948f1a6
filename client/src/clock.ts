import dayjs, { type Dayjs } from 'dayjs';

/**
 * The client's one clock and "today in Vietnam" (issue 9.3; the server's is server/clock.ts).
 * Every day the app shows or sends is a Vietnam day (Asia/Ho_Chi_Minh, UTC+7, no daylight saving)
 * whatever the device's time zone: a social worker's laptop set to UTC must not see yesterday's
 * date until 07:00. Nothing else in client/src reads the device clock or shifts by the offset
 * (test/client/clock.test.ts scans for it).
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The device clock, read here only. */
export function nowMs(): number {
  return Date.now();
}

/** The Vietnam wall time of an instant, as `YYYY-MM-DDTHH:mm:ss.sss` (no zone). */
function vietnamWall(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 23);
}

/** Today in Vietnam as YYYY-MM-DD: what the API takes as a day. */
export function vietnamTodayIso(now = nowMs()): string {
  return vietnamWall(now).slice(0, 10);
}

/** Today in Vietnam as a calendar day (a dayjs at the device's midnight of that day: what date pickers compare). */
export function vietnamToday(now = nowMs()): Dayjs {
  return dayjs(vietnamTodayIso(now));
}

/** The instant today began in Vietnam (00:00 UTC+7), as an ISO instant (e.g. the worklist's "since today"). */
export function startOfTodayVietnam(now = nowMs()): string {
  return new Date(Math.floor((now + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS - VIETNAM_OFFSET_MS).toISOString();
}

/**
 * A day or an instant as a dayjs whose fields are Vietnam's: a day (YYYY-MM-DD, YYYY-MM) is that
 * day; an instant (with a time and zone) is moved to UTC+7 first. Invalid input gives an invalid dayjs.
 */
export function inVietnam(value: string | Date): Dayjs {
  if (typeof value === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return dayjs(value);
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  return Number.isNaN(ms) ? dayjs(null) : dayjs(vietnamWall(ms));
}

/** Now, as Vietnam wall time (for a file name's time stamp, a running duration's end). */
export function nowInVietnam(now = nowMs()): Dayjs {
  return dayjs(vietnamWall(now));
}

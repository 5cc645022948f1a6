import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inVietnam, nowInVietnam, startOfTodayVietnam, vietnamToday, vietnamTodayIso } from '../../client/src/clock.js';
import { formatDate, formatDateTime } from '../../client/src/format.js';

/**
 * "Today in Vietnam" in the client: one module (client/src/clock.ts), right whatever the device's
 * time zone; no other client file reads the device clock or shifts by the offset itself.
 */
const ORIGINAL_TZ = process.env.TZ;
afterAll(() => {
  process.env.TZ = ORIGINAL_TZ;
});

const ms = (iso: string): number => Date.parse(iso);

describe.each(['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Ho_Chi_Minh'])('on a device in %s', (tz) => {
  it('today turns at midnight in Vietnam (17:00 UTC), not at the device’s midnight', () => {
    process.env.TZ = tz;
    expect(vietnamTodayIso(ms('2026-03-08T16:59:59Z'))).toBe('2026-03-08');
    expect(vietnamTodayIso(ms('2026-03-08T17:00:00Z'))).toBe('2026-03-09');
    expect(vietnamToday(ms('2026-03-08T17:00:00Z')).format('DD/MM/YYYY')).toBe('09/03/2026');
    expect(startOfTodayVietnam(ms('2026-03-09T02:00:00Z'))).toBe('2026-03-08T17:00:00.000Z');
    expect(nowInVietnam(ms('2026-12-31T17:30:00Z')).format('YYYYMMDD-HHmm')).toBe('20270101-0030');
  });

  it('instants show in Vietnam time; days stay the day they are', () => {
    process.env.TZ = tz;
    expect(formatDateTime('2026-03-08T20:00:00Z')).toBe('09/03/2026 03:00');
    expect(formatDate('2026-03-08T20:00:00Z')).toBe('09/03/2026');
    expect(formatDate('2026-03-08T23:30:00+08:00')).toBe('08/03/2026');
    expect(formatDate('2026-03-08')).toBe('08/03/2026');
    expect(formatDate('not a date')).toBe('—');
    expect(inVietnam(new Date('2026-03-08T17:00:00Z')).format('YYYY-MM-DD HH:mm')).toBe('2026-03-09 00:00');
  });
});

describe('one place', () => {
  it('no client file but clock.ts reads the device clock or works out Vietnam time itself', () => {
    const root = join(import.meta.dirname, '../../client/src');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.tsx?$/.test(n) ? [join(dir, n)] : []));
    })(root);
    const pattern = /Date\.now\(\)|new Date\(\s*\)|dayjs\(\s*\)|toISOString\(\)\.slice|7 \* 60 \* 60|VIETNAM_OFFSET/;
    const offenders = files.filter((f) => relative(root, f) !== 'clock.ts' && pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../server/clock.js';
import { vnPublicHolidays } from '../../server/reference-data/index.js';

/**
 * The holiday table against the lunar calendar: every entry the table ties to a lunar date (Tết,
 * Hùng Kings' day 10/3) must fall on the solar day a lunar calendar computes. lunar-javascript
 * computes China's calendar (UTC+8); Vietnam's (UTC+7) gives the same days for 2026–2027 (they
 * differ only when a new moon falls between 23:00 and 24:00 Vietnam time, e.g. Tết 1985), so
 * a year where they differ must be checked by hand and noted here.
 */
interface LunarApi {
  Lunar: { fromYmd(y: number, m: number, d: number): { getSolar(): { toYmd(): string } } };
  LunarYear: { fromYear(y: number): { getMonth(m: number): { getDayCount(): number } | null } };
}
const { Lunar, LunarYear } = createRequire(import.meta.url)('lunar-javascript') as LunarApi;

const solarOf = (lunarYear: number, monthDay: string): string => {
  const [m, d] = monthDay.split('-').map(Number) as [number, number];
  return Lunar.fromYmd(lunarYear, m, d).getSolar().toYmd();
};

const years = Object.entries(vnPublicHolidays);

describe('vn-public-holidays.json', () => {
  it('fills 2026 (announced, with its sources) and 2027', () => {
    expect(vnPublicHolidays['2026']?.status).toBe('announced');
    expect(vnPublicHolidays['2026']?.sources.join(' ')).toMatch(/9441\/TB-BNV/);
    expect(vnPublicHolidays['2027']?.status).toMatch(/^announced$|^statutory, not yet announced$/);
  });

  it.each(years)('%s: every lunar-dated entry falls where the lunar calendar puts it', (_year, y) => {
    const lunarEntries = y.daysOff.filter((e) => e.lunar);
    expect(lunarEntries.length).toBeGreaterThanOrEqual(2);
    for (const e of lunarEntries) expect({ ...e, date: solarOf(e.lunarYear ?? 0, e.lunar ?? '') }).toEqual(e);
  });

  it.each(years)("%s: Tết (mùng 1) and Hùng Kings' day (10/3 lunar) are in the table and are not working days", (year, y) => {
    const tet = solarOf(Number(year), '01-01');
    const hungKings = solarOf(Number(year), '03-10');
    expect(y.daysOff.find((e) => e.date === tet)?.holiday).toBe('tet');
    expect(y.daysOff.find((e) => e.date === hungKings)?.holiday).toBe('hung-kings');
    expect(isWorkingDay(tet)).toBe(false);
    expect(isWorkingDay(hungKings)).toBe(false);
  });

  it.each(years)('%s: Tết gives five working days off, starting on the last day of the old lunar year or before', (year, y) => {
    const lastOfOldYear = solarOf(Number(year) - 1, `12-${LunarYear.fromYear(Number(year) - 1).getMonth(12)?.getDayCount()}`);
    const tetOff = y.daysOff.filter((e) => e.holiday === 'tet');
    expect(tetOff.map((e) => e.date).sort()[0]! <= lastOfOldYear).toBe(true);
    expect(tetOff.filter((e) => isWeekday(e.date)).length).toBe(5);
  });

  it.each(years)('%s: the fixed-date holidays are there (1/1, 30/4, 1/5, 2/9) and every swapped day has its worked Saturday', (year, y) => {
    for (const md of ['01-01', '04-30', '05-01', '09-02']) expect(y.daysOff.map((e) => e.date)).toContain(`${year}-${md}`);
    for (const e of y.daysOff.filter((d) => d.why === 'swapped')) expect(y.workingDays).toContainEqual({ date: e.workedOn, for: e.date });
    for (const e of y.daysOff.filter((d) => d.why === 'made-up')) expect(y.daysOff.map((d) => d.date)).toContain(e.for);
  });
});

/** A weekday, i.e. a day off the holiday actually takes from the working week. */
function isWeekday(day: string): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

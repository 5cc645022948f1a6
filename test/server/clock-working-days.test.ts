import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingDaysToDay,
  endOfVietnamDay,
  holidayTableYears,
  isWorkingDay,
  missingHolidayYears,
  settableClock,
  vietnamDayOf,
  warnIfHolidayTableMissing,
  workingDaysBetween,
} from '../../server/clock.js';

/** Vietnam wall time → the instant (UTC+7). */
const vn = (local: string): Date => new Date(`${local}+07:00`);

describe('working days: weekends and the 2026/2027 holiday table', () => {
  it.each([
    ['2026-03-06', true, 'a Friday'],
    ['2026-03-07', false, 'a Saturday'],
    ['2026-03-08', false, 'a Sunday'],
    ['2026-01-01', false, 'New Year'],
    ['2026-01-02', false, 'Friday swapped into the New Year break'],
    ['2026-01-10', true, 'the Saturday worked in exchange'],
    ['2026-02-16', false, '29 Chạp (Tết)'],
    ['2026-02-17', false, 'mùng 1 Tết'],
    ['2026-02-20', false, 'mùng 4 Tết'],
    ['2026-02-23', true, 'the Monday after Tết'],
    ['2026-04-27', false, "Monday making up Hùng Kings' day (a Sunday)"],
    ['2026-04-30', false, '30/4'],
    ['2026-05-01', false, '1/5'],
    ['2026-08-22', true, 'the Saturday worked for 31/8'],
    ['2026-08-31', false, 'Monday swapped into National Day'],
    ['2026-09-02', false, 'National Day'],
    ['2026-09-03', true, 'the day after National Day'],
    ['2026-11-24', true, 'Culture Day: pending a Labour Code amendment, not counted'],
    ['2027-02-10', false, 'Tết 2027: mùng 1 on a Saturday, made up on Wednesday'],
    ['2027-05-03', false, '1/5/2027 is a Saturday, made up on Monday'],
  ])('%s is %s (%s)', (day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });

  it('takes an instant as its Vietnam day: 17:00 UTC on Friday 13/2/2026 is already Saturday 14/2 in Vietnam', () => {
    expect(isWorkingDay(new Date('2026-02-13T16:59:00Z'))).toBe(true); // Fri 13/2, 23:59 in Vietnam
    expect(isWorkingDay(new Date('2026-02-13T17:00:00Z'))).toBe(false); // Sat 14/2, 00:00 in Vietnam
  });
});

describe('addWorkingDays: a due time at the end of the n-th working day', () => {
  it('across a weekend: Friday 16:55 + 1 → end of Monday; Saturday + 1 → end of Monday', () => {
    expect(addWorkingDays(vn('2026-03-06T16:55:00'), 1)).toEqual(vn('2026-03-09T23:59:59.999'));
    expect(addWorkingDays(vn('2026-03-07T10:00:00'), 1)).toEqual(vn('2026-03-09T23:59:59.999'));
    expect(addWorkingDays('2026-03-06', 5)).toEqual(vn('2026-03-13T23:59:59.999'));
  });

  it('across Tết: Thursday 12/2/2026 + 3 → Tuesday 24/2 (Tết runs 14–22/2)', () => {
    expect(vietnamDayOf(addWorkingDays(vn('2026-02-12T09:00:00'), 3))).toBe('2026-02-24');
  });

  it('across 30/4–1/5 and Hùng Kings: Friday 24/4/2026 + 3 → Monday 4/5', () => {
    expect(addWorkingDaysToDay('2026-04-24', 3)).toBe('2026-05-04'); // 28/4, 29/4, 4/5
  });

  it('across 2/9 with its swapped Saturday: Friday 21/8/2026 + 1 → Saturday 22/8 (worked); Friday 28/8 + 1 → Thursday 3/9', () => {
    expect(addWorkingDaysToDay('2026-08-21', 1)).toBe('2026-08-22');
    expect(addWorkingDaysToDay('2026-08-28', 1)).toBe('2026-09-03');
  });

  it('across the year boundary: Wednesday 30/12/2026 + 2 → Monday 4/1/2027 (1/1 is a holiday)', () => {
    expect(addWorkingDays(vn('2026-12-30T08:00:00'), 2)).toEqual(vn('2027-01-04T23:59:59.999'));
  });

  it('n = 0 is the end of the same working day, or of the next one', () => {
    expect(addWorkingDaysToDay('2026-03-06', 0)).toBe('2026-03-06');
    expect(addWorkingDaysToDay('2026-02-14', 0)).toBe('2026-02-23');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-03-06', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-06', 1.5)).toThrow(RangeError);
    expect(() => isWorkingDay('06/03/2026')).toThrow(RangeError);
  });

  it('end of a Vietnam day is 16:59:59.999 UTC', () => {
    expect(endOfVietnamDay('2026-03-06').toISOString()).toBe('2026-03-06T16:59:59.999Z');
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-03-06', '2026-03-09', 1, 'a weekend'],
    ['2026-02-13', '2026-02-23', 1, 'Tết'],
    ['2026-04-24', '2026-05-04', 3, 'Hùng Kings and 30/4–1/5'],
    ['2026-08-28', '2026-09-03', 1, 'National Day'],
    ['2026-12-30', '2027-01-04', 2, 'the year boundary'],
    ['2026-03-09', '2026-03-06', -1, 'backwards'],
    ['2026-03-06', '2026-03-06', 0, 'the same day'],
  ])('%s → %s: %i (%s)', (a, b, n) => {
    expect(workingDaysBetween(a, b)).toBe(n);
  });

  it('is the inverse of addWorkingDays for every start day of 2026 and n up to 15', () => {
    for (let day = '2026-01-01'; day < '2026-12-01'; day = vietnamDayOf(new Date(Date.parse(`${day}T12:00:00+07:00`) + 86_400_000))) {
      for (const n of [1, 5, 15]) expect(workingDaysBetween(day, addWorkingDays(day, n))).toBe(n);
    }
  });
});

describe('a year with no table', () => {
  it('is refused with CALENDAR.NO_HOLIDAY_TABLE naming the year, also when a count runs into it', () => {
    expect(holidayTableYears()).toEqual([2026, 2027]);
    const refused = expect.objectContaining({ status: 503, code: 'CALENDAR.NO_HOLIDAY_TABLE', params: { year: 2028 } });
    expect(() => isWorkingDay('2028-03-01')).toThrow(refused);
    expect(() => addWorkingDays('2027-12-30', 3)).toThrow(refused);
    expect(() => workingDaysBetween('2027-12-20', '2028-01-05')).toThrow(refused);
  });

  it('is warned about at start when this year or next has none (by the clock given)', () => {
    const lines: { obj: unknown; msg: string }[] = [];
    const log = { warn: (obj: unknown, msg: string) => void lines.push({ obj, msg }) } as Parameters<typeof warnIfHolidayTableMissing>[1];
    const clock = settableClock('2026-06-01T00:00:00Z');
    expect(warnIfHolidayTableMissing(clock, log)).toEqual([]);
    expect(lines).toHaveLength(0);
    clock.set('2027-01-01T00:00:00+07:00');
    expect(missingHolidayYears(clock)).toEqual([2028]);
    expect(warnIfHolidayTableMissing(clock, log)).toEqual([2028]);
    expect(lines[0]?.msg).toMatch(/NO PUBLIC-HOLIDAY TABLE for 2028/);
    clock.set('2028-12-31T16:59:00Z'); // 23:59 on 31/12/2028 in Vietnam
    expect(missingHolidayYears(clock)).toEqual([2028, 2029]);
  });
});

import { holidayTableYears, missingHolidayYears, vietnamToday } from '../../clock.js';
import { route, type RouteDef } from '../../http/route.js';
import { vnPublicHolidays } from '../../reference-data/index.js';
import { calendarStatusSchema, type CalendarStatus } from './calendar.schemas.js';

/** The working-day calendar's coverage, for the admin's warning about a year with no holiday table. */
export const calendarRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/calendar',
    action: 'calendar.read',
    tag: 'calendar',
    summary: "Which years the public-holiday table covers, and whether this year or next has none",
    response: calendarStatusSchema,
    handler: async (_input, ctx): Promise<CalendarStatus> => ({
      today: vietnamToday(ctx.clock),
      years: holidayTableYears().map((year) => ({ year, status: vnPublicHolidays[String(year)]?.status ?? '' })),
      missingYears: missingHolidayYears(ctx.clock),
    }),
  }),
];

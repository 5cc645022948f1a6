import { z } from 'zod';

/**
 * The working-day calendar's coverage (GET /calendar): which years have a public-holiday table,
 * and which of this year and next have none. The admin's home page warns on `missingYears`.
 */
export const calendarStatusSchema = z
  .object({
    /** Today in Vietnam, by the service's clock (YYYY-MM-DD). */
    today: z.string(),
    years: z.array(z.object({ year: z.number().int(), status: z.string() }).strict()),
    /** This year and/or next when they have no table: working-day counts into them are refused. */
    missingYears: z.array(z.number().int()),
  })
  .strict();

export type CalendarStatus = z.infer<typeof calendarStatusSchema>;

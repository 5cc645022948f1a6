import { z } from 'zod';

/** Shapes shared by every feature's route schemas. */
// A regex, not a refinement, so the OpenAPI document carries the pattern clients must follow.
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/;
// (Every 24-hex-digit string is a valid ObjectId, so the pattern is the whole check.)
export const objectId = z.string().regex(OBJECT_ID_PATTERN, 'must be a 24-character hex id');

export const idParams = z.object({ id: objectId }).strict();

/**
 * Free text people type refuses control characters (NUL, escape, DEL, C1) and broken UTF-16: they
 * cannot be displayed, corrupt exports and logs, and NUL truncates strings in C-based tools. A
 * multi-line field (a note) may hold line breaks and tabs; a single-line one (a name) may not.
 */
const SINGLE_LINE_BAD = /[\p{Cc}\p{Cs}]/u;
const MULTI_LINE_BAD = /[^\P{Cc}\t\n\r]|\p{Cs}/u;
export const CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';
export const MULTI_LINE_CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters other than line breaks and tabs';

/** The free-text refinement: apply to every string a person types (`.check(freeText())`). */
export function freeText(options: { multiline?: boolean } = {}): z.core.$ZodCheck<string> {
  return options.multiline
    ? z.refine((v: string) => !MULTI_LINE_BAD.test(v), { message: MULTI_LINE_CONTROL_CHARACTERS_MESSAGE, params: { reason: 'control-characters', multiline: true } })
    : z.refine((v: string) => !SINGLE_LINE_BAD.test(v), { message: CONTROL_CHARACTERS_MESSAGE, params: { reason: 'control-characters' } });
}

/** A required human-readable text field, trimmed, with a length cap; one line. */
export const text = (max: number): z.ZodString => z.string().trim().min(1, 'must not be empty').max(max).check(freeText());

/** A required multi-line text field (a note, a reason), trimmed, with a length cap. */
export const multilineText = (max: number): z.ZodString => z.string().trim().min(1, 'must not be empty').max(max).check(freeText({ multiline: true }));

/**
 * A date or date-time in a query (`2026-01-31`, `2026-01-31T07:00:00+07:00`), as a Date. The regex
 * documents the accepted form in OpenAPI; the coercion then refuses impossible dates (2026-13-45).
 */
export const ISO_DATE_OR_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
export const dateQuery = z
  .string()
  .regex(ISO_DATE_OR_DATE_TIME_PATTERN, 'a date YYYY-MM-DD or an ISO date-time')
  .refine(isCalendarDate, 'not a real date')
  .pipe(z.coerce.date({ error: 'not a real date' }));

/** Date parsing rolls 2026-02-30 over to 2 March: the day must exist in its month. */
function isCalendarDate(v: string): boolean {
  if (!ISO_DATE_OR_DATE_TIME_PATTERN.test(v)) return true; // the pattern has said it: one message per field
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

export const isoDateTime = z.string().meta({ format: 'date-time' });

/** Cursor pagination's query (`?limit=&cursor=`); the cursor is opaque (server/http/pagination.ts). */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export function pageSchema<T extends z.ZodType>(item: T): z.ZodObject<{ data: z.ZodArray<T>; nextCursor: z.ZodNullable<z.ZodString> }> {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'A code of the registry ERROR_CODES (server/errors.ts); clients word it in their language' }),
      message: z.string().meta({ description: 'English, for API users' }),
      params: z.record(z.string(), z.unknown()).optional().meta({ description: 'What a sentence about the error needs (hospital, resource, retryAfterSeconds, …)' }),
      details: z
        .array(
          z.object({
            path: z.string(),
            message: z.string(),
            code: z.string().optional().meta({ description: 'A code of the registry DETAIL_CODES (zod issue codes, required, control_characters, …)' }),
            params: z.record(z.string(), z.unknown()).optional(),
          }),
        )
        .optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

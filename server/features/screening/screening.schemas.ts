import { z } from 'zod';
import { daysBetween } from '../../../fhir-mappings/dates.js';
import { dateQuery, freeText, pageQuerySchema, pageSchema } from '../../http/common-schemas.js';

export const FLAG_TYPES = ['poverty', 'insurance', 'catastrophic-cost', 'vulnerability', 'high-cost-diagnosis', 'long-stay', 'social-need'] as const;

export const worklistQuery = pageQuerySchema
  .extend({
    flagType: z.enum(FLAG_TYPES).optional(),
    /** Part of a ward's name, with or without diacritics ("ung buou" finds "Khoa Ung bướu"). */
    ward: z.string().trim().min(1).max(100).check(freeText()).optional(),
    /** Only flags raised since this instant, e.g. the start of today. */
    since: dateQuery.optional(),
    /** priority (default): highest first; ward: by ward, then priority within each ward. */
    sort: z.enum(['priority', 'ward']).default('priority'),
    /** support (default): flags that are a task; watch: flags with only watch findings; all. */
    tier: z.enum(['support', 'watch', 'all']).default('support'),
    /** current (default): patients in hospital now or discharged in the last WORKLIST_DISCHARGED_DAYS days; all. */
    presence: z.enum(['current', 'all']).default('current'),
    /** active (default, unexpired), or the flags already reviewed. */
    status: z.enum(['active', 'confirmed', 'dismissed']).default('active'),
  })
  .strict();
export type WorklistQuery = z.infer<typeof worklistQuery>;

export const reviewBodySchema = z
  .object({
    decision: z.enum(['confirm', 'dismiss', 'expire']),
    /** Why (dismiss), or the note that opens the case (confirm): required for both. */
    reason: z.string().trim().min(3, 'say why, in a few words').max(500).check(freeText({ multiline: true })).optional(),
  })
  .strict()
  .refine((v) => v.decision !== 'dismiss' || Boolean(v.reason), { message: 'a reason is required to dismiss a flag', path: ['reason'] })
  .refine((v) => v.decision !== 'confirm' || Boolean(v.reason), { message: 'a short note is required to open a case', path: ['reason'] });
export type ReviewInput = z.infer<typeof reviewBodySchema>;

/** How far back a paper screening may be dated: further is taken for a mistyped year. */
export const PERFORMED_ON_MAX_DAYS_AGO = 366;

/**
 * The Vietnam day (YYYY-MM-DD) a paper screening was done: a real day here; not after today and at
 * most PERFORMED_ON_MAX_DAYS_AGO days back is checked by the handler against the request's clock
 * (performedOnProblem), since a schema has no clock.
 */
const performedOnSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .superRefine((day, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return; // the regex has said it: one message per field
    const ms = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
      ctx.addIssue({ code: 'custom', message: 'not a real day' });
    }
  });

/** What is wrong with a paper screening's day given today in Vietnam (by the request's clock), or null. */
export function performedOnProblem(day: string, today: string): string | null {
  if (day > today) return 'the day the screening was done cannot be in the future';
  if (daysBetween(day, today) > PERFORMED_ON_MAX_DAYS_AGO) return `at most ${PERFORMED_ON_MAX_DAYS_AGO} days ago`;
  return null;
}

export const screeningBodySchema = z
  .object({
    /** A FHIR QuestionnaireResponse to the questionnaire of GET /screening/questionnaire. */
    questionnaireResponse: z.object({ resourceType: z.literal('QuestionnaireResponse') }).loose(),
    /** The day a paper screening was done, when entered later (default: today, Vietnam day); it chooses the rule set. */
    performedOn: performedOnSchema.optional(),
  })
  .strict();

const reasonSchema = z.object({
  ruleId: z.string(),
  ruleVersion: z.string(),
  legalSource: z.string(),
  unconfirmed: z.boolean(),
  flagType: z.string(),
  code: z.string(),
  /** support: a task; watch: raises the priority only (the hospital's tiers today). */
  tier: z.enum(['support', 'watch']).optional(),
  certainty: z.string(),
  weight: z.number(),
  summary: z.object({ vi: z.string(), en: z.string() }),
  inputs: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]), source: z.string() })),
});

export const flagViewSchema = z
  .object({
    id: z.string(),
    patient: z
      .object({
        id: z.string(),
        name: z.string().nullable(),
        birthDate: z.string().nullable(),
        gender: z.string().nullable(),
        ward: z.string().nullable(),
        inpatient: z.boolean(),
        /** The stay's end when the patient has left (the worklist marks "discharged on …"). */
        dischargedAt: z.string().nullable(),
      })
      .nullable(),
    status: z.enum(['active', 'confirmed', 'dismissed', 'expired', 'superseded']),
    priority: z.number(),
    /** support: a task on the worklist; watch: only watch findings (shown on the patient). */
    tier: z.enum(['support', 'watch']),
    flagTypes: z.array(z.string()),
    codes: z.array(z.string()),
    povertyCertainty: z.string().nullable(),
    reasons: z.array(reasonSchema),
    screeningId: z.string(),
    expiresAt: z.string(),
    review: z.object({ by: z.string(), at: z.string(), reason: z.string().nullable(), caseId: z.string().nullable() }).nullable(),
    writeBack: z.object({ status: z.enum(['disabled', 'pending', 'sent', 'failed']), lastError: z.string().nullable() }),
    createdAt: z.string(),
  })
  .meta({ id: 'Flag' });
export type FlagView = z.infer<typeof flagViewSchema>;
/** A page of the worklist, with how many flags match the filters in all (`total`). */
export const worklistPageSchema = pageSchema(flagViewSchema).extend({ total: z.number().int() });

export const screeningViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['auto', 'questionnaire']),
  screeningDate: z.string(),
  ruleSet: z.object({ id: z.string(), version: z.string() }),
  priority: z.number(),
  findings: z.array(reasonSchema),
  superseded: z.boolean(),
  createdAt: z.string(),
});
export type ScreeningView = z.infer<typeof screeningViewSchema>;

/** A questionnaire screening just recorded, and the flag it raised or superseded (null: nothing found). */
export const screeningResultSchema = z.object({ screening: screeningViewSchema, flag: flagViewSchema.nullable() });
/** A patient's history: screenings and flags, newest first. */
export const patientScreeningsSchema = z.object({ screenings: z.array(screeningViewSchema), flags: z.array(flagViewSchema) });
/** A FHIR Questionnaire: its shape is FHIR's, passed through whole (the client reads the parts it needs). */
export const questionnaireSchema = z.object({ resourceType: z.literal('Questionnaire') }).loose();

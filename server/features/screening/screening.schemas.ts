import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../http/pagination.js';

const FLAG_TYPES = ['poverty', 'insurance', 'catastrophic-cost', 'vulnerability', 'high-cost-diagnosis', 'long-stay', 'social-need'] as const;

export const worklistQuery = pageQuerySchema
  .extend({
    flagType: z.enum(FLAG_TYPES).optional(),
    ward: z.string().trim().min(1).max(100).optional(),
    /** Only flags raised since this instant, e.g. the start of today. */
    since: z.coerce.date().optional(),
    /** priority (default): highest first; ward: by ward, then priority within each ward. */
    sort: z.enum(['priority', 'ward']).default('priority'),
  })
  .strict();
export type WorklistQuery = z.infer<typeof worklistQuery>;

export const reviewBodySchema = z
  .object({
    decision: z.enum(['confirm', 'dismiss', 'expire']),
    reason: z.string().trim().min(3, 'say why, in a few words').max(500).optional(),
  })
  .strict()
  .refine((v) => v.decision !== 'dismiss' || Boolean(v.reason), { message: 'a reason is required to dismiss a flag', path: ['reason'] });
export type ReviewInput = z.infer<typeof reviewBodySchema>;

export const screeningBodySchema = z
  .object({
    /** A FHIR QuestionnaireResponse to the questionnaire of GET /screening/questionnaire. */
    questionnaireResponse: z.object({ resourceType: z.literal('QuestionnaireResponse') }).loose(),
  })
  .strict();

const reasonSchema = z.object({
  ruleId: z.string(),
  ruleVersion: z.string(),
  legalSource: z.string(),
  unconfirmed: z.boolean(),
  flagType: z.string(),
  code: z.string(),
  certainty: z.string(),
  weight: z.number(),
  summary: z.object({ vi: z.string(), en: z.string() }),
  inputs: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]), source: z.string() })),
});

export const flagViewSchema = z
  .object({
    id: z.string(),
    patient: z
      .object({ id: z.string(), name: z.string().nullable(), birthDate: z.string().nullable(), gender: z.string().nullable(), ward: z.string().nullable(), inpatient: z.boolean() })
      .nullable(),
    status: z.enum(['active', 'confirmed', 'dismissed', 'expired', 'superseded']),
    priority: z.number(),
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
export const worklistPageSchema = pageSchema(flagViewSchema);

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

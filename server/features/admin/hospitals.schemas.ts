import { z } from 'zod';
import { freeText, isoDateTime, pageQuerySchema, pageSchema, text } from '../../http/common-schemas.js';

export const HOSPITAL_LEVELS = ['central', 'provincial', 'district'] as const;
export const SOCIAL_WORK_UNITS = ['phong', 'to'] as const;
export const FHIR_AUTH_TYPES = ['none', 'basic', 'bearer', 'smart-backend'] as const;

const fhirSettingsInput = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
    authType: z.enum(FHIR_AUTH_TYPES).optional(),
    enabled: z.boolean().optional(),
    writeBack: z.boolean().optional(),
    timeoutMs: z.number().int().min(500).max(120_000).optional(),
    username: z.string().max(200).check(freeText()).nullable().optional(),
    password: z.string().max(500).nullable().optional(),
    token: z.string().max(4000).check(freeText()).nullable().optional(),
    clientId: z.string().max(200).check(freeText()).nullable().optional(),
    tokenUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
    privateKeyPem: z.string().max(10_000).check(freeText({ multiline: true })).nullable().optional(),
    scope: z.string().max(1000).check(freeText()).nullable().optional(),
  })
  .strict();
export type FhirSettingsInput = z.infer<typeof fhirSettingsInput>;

const province = z.object({ current: text(100), old: text(100) }).strict();

export const hospitalCreateSchema = z
  .object({
    /** Ministry of Health facility code (KCB code). */
    code: z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be 3-10 upper-case letters or digits'),
    name: text(200),
    province,
    level: z.enum(HOSPITAL_LEVELS),
    socialWorkUnit: z.enum(SOCIAL_WORK_UNITS),
    fhir: fhirSettingsInput.optional(),
  })
  .strict();
export type HospitalCreate = z.infer<typeof hospitalCreateSchema>;

export const hospitalUpdateSchema = hospitalCreateSchema
  .omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type HospitalUpdate = z.infer<typeof hospitalUpdateSchema>;

export const hospitalListQuery = pageQuerySchema
  .extend({
    level: z.enum(HOSPITAL_LEVELS).optional(),
    province: z.string().max(100).check(freeText()).optional(),
    active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  })
  .strict();
export type HospitalListQuery = z.infer<typeof hospitalListQuery>;

export const hospitalViewSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    province: z.object({ current: z.string(), old: z.string() }),
    level: z.enum(HOSPITAL_LEVELS),
    socialWorkUnit: z.enum(SOCIAL_WORK_UNITS),
    fhir: z.object({
      baseUrl: z.string().nullable(),
      authType: z.enum(FHIR_AUTH_TYPES),
      enabled: z.boolean(),
      writeBack: z.boolean(),
      timeoutMs: z.number(),
      hasSecret: z.boolean(),
    }),
    active: z.boolean(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Hospital' });
export type HospitalView = z.infer<typeof hospitalViewSchema>;
export const hospitalPageSchema = pageSchema(hospitalViewSchema);

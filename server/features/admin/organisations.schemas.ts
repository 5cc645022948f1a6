import { z } from 'zod';
import { isoDateTime, pageQuerySchema, pageSchema, text } from '../../http/common-schemas.js';

export const ORGANISATION_TYPES = ['fund', 'ngo', 'business', 'religious', 'other'] as const;
/** What a charity partner funds; matched against funding requests in later features. */
export const FUNDING_INTERESTS = ['cancer', 'children', 'renal', 'thalassaemia', 'trauma', 'maternal', 'transport', 'food', 'housing', 'other'] as const;

const contact = z
  .object({
    name: text(200),
    email: z.email().max(200),
    phone: z.string().trim().regex(/^[0-9 +().-]{0,20}$/, 'digits, spaces and + ( ) . - only').default(''),
  })
  .strict();

export const organisationCreateSchema = z
  .object({
    name: text(200),
    type: z.enum(ORGANISATION_TYPES),
    contact,
    fundingInterests: z.array(z.enum(FUNDING_INTERESTS)).max(FUNDING_INTERESTS.length).default([]),
  })
  .strict();
export type OrganisationCreate = z.infer<typeof organisationCreateSchema>;

export const organisationUpdateSchema = z
  .object({
    name: text(200).optional(),
    type: z.enum(ORGANISATION_TYPES).optional(),
    contact: contact.optional(),
    fundingInterests: z.array(z.enum(FUNDING_INTERESTS)).max(FUNDING_INTERESTS.length).optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type OrganisationUpdate = z.infer<typeof organisationUpdateSchema>;

export const organisationListQuery = pageQuerySchema
  .extend({ type: z.enum(ORGANISATION_TYPES).optional(), active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() })
  .strict();
export type OrganisationListQuery = z.infer<typeof organisationListQuery>;

export const organisationViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(ORGANISATION_TYPES),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    fundingInterests: z.array(z.enum(FUNDING_INTERESTS)),
    active: z.boolean(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Organisation' });
export type OrganisationView = z.infer<typeof organisationViewSchema>;
export const organisationPageSchema = pageSchema(organisationViewSchema);

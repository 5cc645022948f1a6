import { z } from 'zod';
import { isoDateTime, pageQuerySchema, pageSchema, text } from '../../http/common-schemas.js';
import { provinces } from '../../reference-data/index.js';
import { REFERRAL_SERVICES, type ReferralService } from '../referrals/referrals.schemas.js';

export const ORGANISATION_TYPES = ['fund', 'ngo', 'business', 'religious', 'other'] as const;
/** What a charity partner funds; matched against funding requests in later features. */
export const FUNDING_INTERESTS = ['cancer', 'children', 'renal', 'thalassaemia', 'trauma', 'maternal', 'transport', 'food', 'housing', 'other'] as const;

/**
 * What an organisation receives referrals for (issue 11). Continuing social support with a
 * transfer is a network hospital's, never an organisation's.
 */
export const ORGANISATION_SERVICES = REFERRAL_SERVICES.filter(
  (s): s is Exclude<ReferralService, 'continuing-support'> => s !== 'continuing-support',
);
export type OrganisationService = (typeof ORGANISATION_SERVICES)[number];

/**
 * The services an organisation offers when none are given, by its type: a fund or a business's
 * fund gives money, an NGO community services, a religious group food and shelter.
 */
export const DEFAULT_SERVICES: Readonly<Record<(typeof ORGANISATION_TYPES)[number], readonly OrganisationService[]>> = {
  fund: ['funding'],
  business: ['funding'],
  ngo: ['community-service'],
  religious: ['food', 'shelter'],
  other: ['other'],
};

/** The 34 provinces since the 2025 reorganisation (reference-data/provinces-vn.json), the names hospitals carry too. */
export const NEW_PROVINCES = [...new Set(provinces.map((p) => p.newName))] as [string, ...string[]];

const services = z.array(z.enum(ORGANISATION_SERVICES)).min(1).max(ORGANISATION_SERVICES.length);
/** A 2025 province where the organisation works; null: across the country. */
const province = z.enum(NEW_PROVINCES).nullable();

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
    /** Omitted: the type's defaults (DEFAULT_SERVICES: fund, business → funding; ngo → community-service; religious → food, shelter; other → other). */
    services: services.optional(),
    /** Omitted or null: across the country. */
    province: province.optional(),
  })
  .strict();
export type OrganisationCreate = z.infer<typeof organisationCreateSchema>;

export const organisationUpdateSchema = z
  .object({
    name: text(200).optional(),
    type: z.enum(ORGANISATION_TYPES).optional(),
    contact: contact.optional(),
    fundingInterests: z.array(z.enum(FUNDING_INTERESTS)).max(FUNDING_INTERESTS.length).optional(),
    services: services.optional(),
    province: province.optional(),
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
    /** What it receives referrals for. */
    services: z.array(z.enum(ORGANISATION_SERVICES)),
    /** The 2025 province it works in; null: across the country. */
    province: z.string().nullable(),
    active: z.boolean(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Organisation' });
export type OrganisationView = z.infer<typeof organisationViewSchema>;
export const organisationPageSchema = pageSchema(organisationViewSchema);

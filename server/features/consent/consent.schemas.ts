import { z } from 'zod';
import { isoDateTime, objectId, text } from '../../http/common-schemas.js';

/**
 * Consent per purpose and per recipient (issue 10, point 4; DOMAIN.md "Personal data protection"
 * and "Consent details": Law 91/2025/QH15, Decree 356/2025/ND-CP). The API contract: the client
 * imports these types type-only, and tests compare every answer to these schemas.
 */
export const CONSENT_PURPOSES = ['share-hospital', 'share-charity', 'publish-story', 'contact-phone', 'case-conference'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const RECIPIENT_KINDS = ['hospital', 'organisation', 'any-hospital', 'any-partner', 'none'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * Which recipients each purpose may name: sharing goes to a hospital or a partner (named, or any
 * where the form says so); a story or a phone call has no recipient; a case conference may include
 * other hospitals and partners. One table: the service's check and the client's form read it.
 */
export const RECIPIENTS_FOR_PURPOSE: Readonly<Record<ConsentPurpose, readonly RecipientKind[]>> = {
  'share-hospital': ['hospital', 'any-hospital'],
  'share-charity': ['organisation', 'any-partner'],
  'publish-story': ['none'],
  'contact-phone': ['none'],
  'case-conference': ['hospital', 'any-hospital', 'organisation', 'any-partner'],
};

export const CONSENT_STATUSES = ['active', 'expired', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A Vietnam day as YYYY-MM-DD that exists in the calendar (2026-02-30 is refused). */
export const daySchema = z
  .string()
  .regex(DAY, 'a day as YYYY-MM-DD')
  .superRefine((day, ctx) => {
    if (!DAY.test(day)) return; // the regex has said it: one message per field
    const ms = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) ctx.addIssue({ code: 'custom', message: 'not a real day' });
  });

// ---- What a request sends ------------------------------------------------------------------

/** A recipient as the form names it: the server adds the hospital's or organisation's name. */
export const consentRecipientInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hospital'), id: objectId }).strict(),
  z.object({ kind: z.literal('organisation'), id: objectId }).strict(),
  z.object({ kind: z.literal('any-hospital') }).strict(),
  z.object({ kind: z.literal('any-partner') }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);
export type ConsentRecipientInput = z.infer<typeof consentRecipientInputSchema>;

/** Who gave it: the patient, or for a child under 16 or an adult without capacity, a guardian or legal representative. */
export const consentGiverSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('patient') }).strict(),
  z.object({ kind: z.literal('guardian'), name: text(200), relationship: text(100) }).strict(),
  z.object({ kind: z.literal('legal-representative'), name: text(200), relationship: text(100) }).strict(),
]);
export type ConsentGiver = z.infer<typeof consentGiverSchema>;

/** How it is proven: a signed form kept as an attachment of the case, or verbal before a named witness. */
export const consentMethodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signed-form'), attachmentId: objectId }).strict(),
  z.object({ kind: z.literal('verbal'), witnessName: text(200) }).strict(),
]);
export type ConsentMethod = z.infer<typeof consentMethodSchema>;

export const consentBodySchema = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    recipient: consentRecipientInputSchema,
    givenBy: consentGiverSchema,
    /** The child's own agreement: required when the patient is 7 to 15 on `givenOn` (consent-ages.json), else null/absent. */
    childAgreed: z.boolean().nullable().optional(),
    /** An adult recorded without capacity: a legal representative (or guardian) must give it. */
    patientLacksCapacity: z.boolean().optional(),
    method: consentMethodSchema,
    /** The Vietnam day it was given: not in the future. */
    givenOn: daySchema,
    /** Valid to the end of this Vietnam day; null or absent: until withdrawn. Not before givenOn. */
    validUntil: daySchema.nullable().optional(),
  })
  .strict();
export type ConsentInput = z.infer<typeof consentBodySchema>;

export const withdrawalBodySchema = z
  .object({
    reason: text(1000).optional(),
    /** The Vietnam day the patient withdrew (default today); not in the future, not before givenOn. It takes effect when recorded. */
    on: daySchema.optional(),
  })
  .strict();
export type WithdrawalInput = z.infer<typeof withdrawalBodySchema>;

export const consentParams = z.object({ id: objectId, consentId: objectId }).strict();

// ---- What the API answers ------------------------------------------------------------------

const personRef = z.object({ id: z.string(), name: z.string().nullable() });

export const consentRecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hospital'), id: z.string(), name: z.string() }),
  z.object({ kind: z.literal('organisation'), id: z.string(), name: z.string() }),
  z.object({ kind: z.literal('any-hospital') }),
  z.object({ kind: z.literal('any-partner') }),
  z.object({ kind: z.literal('none') }),
]);
export type ConsentRecipient = z.infer<typeof consentRecipientSchema>;

export const consentSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    patientId: z.string(),
    purpose: z.enum(CONSENT_PURPOSES),
    recipient: consentRecipientSchema,
    givenBy: consentGiverSchema,
    /** The child's agreement (7–15 years on givenOn); null when the patient was not of those ages. */
    childAgreed: z.boolean().nullable(),
    patientLacksCapacity: z.boolean(),
    method: consentMethodSchema,
    givenOn: z.string(),
    validUntil: z.string().nullable(),
    /** On the service's clock: expired after the end of validUntil (Vietnam day), withdrawn once recorded. */
    status: z.enum(CONSENT_STATUSES),
    recordedBy: personRef,
    recordedAt: isoDateTime,
    withdrawal: z.object({ on: z.string(), reason: z.string().nullable(), recordedBy: personRef, recordedAt: isoDateTime }).nullable(),
    /** What it allows now, one sentence per language (also the FHIR Consent's text). */
    allows: z.object({ vi: z.string(), en: z.string() }),
  })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof consentSchema>;

export const consentListSchema = z.object({ data: z.array(consentSchema) });

import { z } from 'zod';
import { isoDateTime, multilineText, objectId, pageQuerySchema, text } from '../../http/common-schemas.js';
import { NEED_DOMAINS } from '../cases/cases.schemas.js';
import { REFERRAL_TRANSITIONS, type ReferralTaskStatus } from '../../../fhir-mappings/outbound/task.js';

/**
 * Closed-loop referrals (issue 11): from a case to another network hospital (continuing social
 * support with a transfer) or to an organisation (charity, community service, shelter, legal aid).
 * States are exactly the Gravity referral Task's (DOMAIN.md); the one table of legal moves is the
 * FHIR mapping's (fhir-mappings/outbound/task.ts), and this file says which side makes each move.
 * The API contract: the client imports these types type-only; tests compare every answer to these schemas.
 */
export const REFERRAL_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'in-progress',
  'on-hold',
  'completed',
  'failed',
  'cancelled',
] as const satisfies readonly ReferralTaskStatus[];
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Sent and not yet ended: the receiver works it, sees the case's summary and the shared documents (consent allowing). */
export const LIVE_STATUSES = ['requested', 'received', 'accepted', 'in-progress', 'on-hold'] as const satisfies readonly ReferralStatus[];
export const ENDED_STATUSES = ['rejected', 'completed', 'failed', 'cancelled'] as const satisfies readonly ReferralStatus[];
/** DOMAIN.md: a reason is required for rejected, failed, cancelled and on-hold. */
export const REASON_REQUIRED = ['rejected', 'failed', 'cancelled', 'on-hold'] as const satisfies readonly ReferralStatus[];
/** The receiver's capacity answer (Gravity's Task.businessStatus). */
export const CAPACITY_ANSWERS = ['capacity', 'no-capacity', 'waitlist', 'additional-assessment-required'] as const;
export type CapacityAnswer = (typeof CAPACITY_ANSWERS)[number];
/** The moves that may carry a capacity answer. */
export const CAPACITY_MOVES = ['received', 'accepted', 'rejected', 'on-hold'] as const satisfies readonly ReferralStatus[];

export const REFERRAL_SIDES = ['sender', 'receiver'] as const;
export type ReferralSide = (typeof REFERRAL_SIDES)[number];

/**
 * Who makes each move: the sender sends and cancels; the receiver answers and does the work.
 * Every move here is legal in REFERRAL_TRANSITIONS (a test walks both tables).
 */
export const MOVE_SIDE: Readonly<Record<ReferralStatus, ReferralSide | null>> = {
  draft: null, // never moved to
  requested: 'sender',
  cancelled: 'sender',
  received: 'receiver',
  accepted: 'receiver',
  rejected: 'receiver',
  'in-progress': 'receiver',
  'on-hold': 'receiver',
  completed: 'receiver',
  failed: 'receiver',
};

/** The moves a side may make from a state (REFERRAL_TRANSITIONS narrowed to the side). */
export function movesFor(from: ReferralStatus, side: ReferralSide): ReferralStatus[] {
  return REFERRAL_TRANSITIONS[from].filter((to) => MOVE_SIDE[to] === side);
}

export const REFERRAL_URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type ReferralUrgency = (typeof REFERRAL_URGENCIES)[number];

/**
 * What a referral asks for. A network hospital offers continuing social support (with a transfer);
 * an organisation offers what its record lists (organisations.services).
 */
export const REFERRAL_SERVICES = [
  'continuing-support',
  'funding',
  'community-service',
  'shelter',
  'legal-aid',
  'transport',
  'food',
  'psychosocial',
  'other',
] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];
/** The services a network hospital's social-work unit receives. */
export const HOSPITAL_SERVICES = ['continuing-support', 'psychosocial'] as const satisfies readonly ReferralService[];

export const REFERRAL_RECIPIENT_KINDS = ['hospital', 'organisation'] as const;
export type ReferralRecipientKind = (typeof REFERRAL_RECIPIENT_KINDS)[number];

// ---- What a request sends ------------------------------------------------------------------

export const referralRecipientInput = z.object({ kind: z.enum(REFERRAL_RECIPIENT_KINDS), id: objectId }).strict();

const documentIds = z.array(objectId).max(10).default([]);

/** POST /cases/:caseId/referrals: a draft, or sent at once with `send: true`. */
export const referralCreateBody = z
  .object({
    to: referralRecipientInput,
    service: z.enum(REFERRAL_SERVICES),
    needs: z.array(z.enum(NEED_DOMAINS)).min(1).max(NEED_DOMAINS.length),
    urgency: z.enum(REFERRAL_URGENCIES).default('routine'),
    /** What the sender tells the receiver (shown to the receiver only while the referral is live and consented). */
    summary: multilineText(2000),
    /** Attachments of the case to share (only under the patient's consent to this recipient). */
    documentIds,
    send: z.boolean().default(false),
  })
  .strict();
export type ReferralCreateBody = z.infer<typeof referralCreateBody>;

/** PATCH /referrals/:id: a draft only. */
export const referralUpdateBody = z
  .object({
    service: z.enum(REFERRAL_SERVICES).optional(),
    needs: z.array(z.enum(NEED_DOMAINS)).min(1).max(NEED_DOMAINS.length).optional(),
    urgency: z.enum(REFERRAL_URGENCIES).optional(),
    summary: multilineText(2000).optional(),
    documentIds: z.array(objectId).max(10).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type ReferralUpdateBody = z.infer<typeof referralUpdateBody>;

/** POST /referrals/:id/transitions. */
export const referralTransitionBody = z
  .object({
    to: z.enum(REFERRAL_STATUSES),
    /** Required for rejected, failed, cancelled, on-hold (400 field `reason`). */
    reason: multilineText(1000).optional(),
    /** Only with received, accepted, rejected, on-hold (400 field `capacity` otherwise). */
    capacity: z.enum(CAPACITY_ANSWERS).optional(),
    /** What help was given: required with completed (400 field `outcome`); allowed with failed. */
    outcome: multilineText(2000).optional(),
  })
  .strict();
export type ReferralTransitionBody = z.infer<typeof referralTransitionBody>;

export const commentBody = z.object({ body: multilineText(2000) }).strict();

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** GET /referrals. box: outbox (sent by my hospital), inbox (sent to my hospital or organisation), all (network staff). */
export const referralListQuery = pageQuerySchema
  .extend({
    box: z.enum(['inbox', 'outbox', 'all']).optional(),
    status: z.enum(REFERRAL_STATUSES).optional(),
    /** live: any of LIVE_STATUSES; ended: any of ENDED_STATUSES. */
    state: z.enum(['live', 'ended']).optional(),
    service: z.enum(REFERRAL_SERVICES).optional(),
    overdue: booleanQuery.optional(),
  })
  .strict();
export type ReferralListQuery = z.infer<typeof referralListQuery>;

/** GET /referral-recipients: the network's hospitals and active organisations a case may be referred to. */
export const recipientSearchQuery = z
  .object({
    kind: z.enum(REFERRAL_RECIPIENT_KINDS).optional(),
    /** The new (2025) province's name, as the hospitals and organisations carry it. */
    province: text(100).optional(),
    service: z.enum(REFERRAL_SERVICES).optional(),
    /** Part of the name, with or without diacritics. */
    q: text(100).optional(),
    /** With a case: each recipient says whether the patient's consent covers it now. */
    caseId: objectId.optional(),
  })
  .strict();
export type RecipientSearchQuery = z.infer<typeof recipientSearchQuery>;

// ---- What the API answers ------------------------------------------------------------------

const person = z.object({ id: z.string(), name: z.string().nullable() });
const named = z.object({ id: z.string(), name: z.string() });

export const referralRecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hospital'), hospital: named }),
  z.object({ kind: z.literal('organisation'), organisation: named.extend({ type: z.string() }) }),
]);

export const dueSchema = z.object({
  /** accept: the receiver's answer is due; complete: the work is due. */
  kind: z.enum(['accept', 'complete']),
  /** The Vietnam day it is due (working days from the move: REFERRAL_ACCEPT_WORKING_DAYS, REFERRAL_COMPLETE_WORKING_DAYS). */
  on: z.string(),
});

export const historyEntrySchema = z.object({
  from: z.enum(REFERRAL_STATUSES).nullable(),
  to: z.enum(REFERRAL_STATUSES),
  side: z.enum(REFERRAL_SIDES),
  by: person,
  at: isoDateTime,
  reason: z.string().nullable(),
  capacity: z.enum(CAPACITY_ANSWERS).nullable(),
  outcome: z.string().nullable(),
});

export const sharedDocumentSchema = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

/** Who is looking: the sender's hospital, the receiver, or network staff (coordinator, admin). */
export const VIEWER_SIDES = ['sender', 'receiver', 'network'] as const;

const summaryFields = {
  id: z.string(),
  caseId: z.string(),
  viewer: z.enum(VIEWER_SIDES),
  from: z.object({ hospital: named }),
  to: referralRecipientSchema,
  service: z.enum(REFERRAL_SERVICES),
  needs: z.array(z.enum(NEED_DOMAINS)),
  urgency: z.enum(REFERRAL_URGENCIES),
  status: z.enum(REFERRAL_STATUSES),
  capacity: z.enum(CAPACITY_ANSWERS).nullable(),
  due: dueSchema.nullable(),
  /** Vietnam today is after the due day (working days counted at the move). */
  overdue: z.boolean(),
  /** Set once per due (escalation job): the coordinator's board lists it. */
  escalatedAt: isoDateTime.nullable(),
  /** The sender's hospital only: the patient (the receiver and network staff never see who it is). */
  patient: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  sentAt: isoDateTime.nullable(),
  updatedAt: isoDateTime,
};

export const referralSummarySchema = z.object(summaryFields).meta({ id: 'ReferralSummary' });
export type ReferralSummary = z.infer<typeof referralSummarySchema>;

/** Every move the referral page may offer (the server's `can`, by side and state). */
export const REFERRAL_CAN = ['referral.update', 'referral.comment', ...REFERRAL_STATUSES.map((s) => `move:${s}` as const)] as const;

export const referralDetailSchema = z
  .object({
    ...summaryFields,
    createdBy: person,
    /** The receiver sees it only while `shared`; null otherwise. */
    summary: z.string().nullable(),
    /** The receiver sees them only while `shared`; [] otherwise. */
    documents: z.array(sharedDocumentSchema),
    /** For the receiver: the referral is live and the patient's consent to this recipient is in force now. Always true for the sender. */
    shared: z.boolean(),
    statusReason: z.string().nullable(),
    outcome: z.string().nullable(),
    history: z.array(historyEntrySchema),
    createdAt: isoDateTime,
    can: z.array(z.string()),
  })
  .meta({ id: 'ReferralDetail' });
export type ReferralDetail = z.infer<typeof referralDetailSchema>;

export const referralListSchema = z.object({
  data: z.array(referralSummarySchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const commentSchema = z
  .object({ id: z.string(), body: z.string(), author: person, side: z.enum(REFERRAL_SIDES), at: isoDateTime })
  .meta({ id: 'ReferralComment' });
export type ReferralComment = z.infer<typeof commentSchema>;

export const recipientSchema = z
  .object({
    kind: z.enum(REFERRAL_RECIPIENT_KINDS),
    id: z.string(),
    name: z.string(),
    /** The new (2025) province; null: an organisation working across the country. */
    province: z.string().nullable(),
    /** hospital: its level (central, provincial, district); organisation: its type (fund, ngo, ...). */
    type: z.string(),
    services: z.array(z.enum(REFERRAL_SERVICES)),
    /** With `caseId`: the consent in force now that covers this recipient, or null (no sending without it). */
    consent: z.object({ id: z.string(), purpose: z.string(), validUntil: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'ReferralRecipient' });
export type Recipient = z.infer<typeof recipientSchema>;

/** One row of the coordinator's overdue board. */
export const overdueRowSchema = z.object({ ...summaryFields, workingDaysOverdue: z.number().int() }).meta({ id: 'OverdueReferral' });
export type OverdueRow = z.infer<typeof overdueRowSchema>;

import { z } from 'zod';
import { isoDateTime, multilineText, objectId, pageQuerySchema, text } from '../../http/common-schemas.js';
import { daySchema, NEED_DOMAINS } from '../cases/cases.schemas.js';

/**
 * Charity funding (issue 12, decision 0025): funding requests on a case, de-identified stories,
 * pledges and disbursements on a double-entry ledger, receipts, outcomes, reconciliation with the
 * hospital's claims (T_NGUONKHAC), partner statements. The API contract: the client imports these
 * types type-only; tests compare every answer to these schemas. Money is whole VND (`vnd`).
 */

// ---- Money ---------------------------------------------------------------------------------

/** Largest single amount accepted (FUNDING_MAX_VND overrides at run time; the schema's cap is the hard one). */
export const MAX_VND = 2_000_000_000;
/**
 * A money amount on the wire: a JSON integer > 0 in đồng. Strings, decimals, zero, negatives and
 * amounts above the cap are refused here; exponent / decimal SOURCE forms (`1e6`, `1000.0`) are
 * refused by the money-body guard that reads the number's text (server/http/money-json.ts).
 */
export const vnd = z.number().int('must be a whole number of đồng').positive('must be more than 0 ₫').max(MAX_VND);
/** An amount in an answer (0 allowed). */
export const vndOut = z.number().int().min(0);

// ---- Requests ------------------------------------------------------------------------------

export const LINE_KINDS = ['hospital-fees', 'medicines-outside-list', 'travel-home', 'caregiver-meals', 'medical-devices', 'funeral', 'other'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
/** Only hospital fees are shared with BHYT; every other kind is outside the benefit and asked in full. */
export const BHYT_LINE_KINDS = ['hospital-fees'] as const satisfies readonly LineKind[];

export const FUNDING_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'published',
  'partly-funded',
  'fully-funded',
  'disbursed',
  'closed',
  'withdrawn',
  'expired',
] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];
/** The moves people make; the money-derived ones (partly/fully funded, disbursed) follow the ledger. */
export const FUNDING_MOVES = ['submit', 'return', 'approve', 'publish', 'unpublish', 'withdraw', 'close'] as const;
export type FundingMove = (typeof FUNDING_MOVES)[number];
/** Partners may pledge while the request is in one of these and its story is listed. */
export const PLEDGEABLE_STATUSES = ['published', 'partly-funded'] as const satisfies readonly FundingStatus[];

export const FUNDING_URGENCIES = ['routine', 'urgent', 'emergency'] as const;

export const lineInput = z
  .object({
    kind: z.enum(LINE_KINDS),
    description: text(200),
    /** What it costs in full (for hospital fees: the charges before BHYT). */
    totalVnd: vnd,
    /** Hospital fees only: what the fund pays as the hospital's bill states it; omitted → computed from the card's benefit on `serviceDate`. */
    statedInsuranceVnd: z.number().int().min(0).max(MAX_VND).optional(),
    /** Hospital fees only: the service day that selects the benefit period (default: the request's day). */
    serviceDate: daySchema.optional(),
  })
  .strict();

/** POST /cases/:caseId/funding-requests → 201 FundingRequestDetail (draft). */
export const fundingCreateBody = z
  .object({
    lines: z.array(lineInput).min(1).max(20),
    urgency: z.enum(FUNDING_URGENCIES).default('routine'),
    neededBy: daySchema,
    /** The social worker's account for the head of social work (never shown to partners). */
    justification: multilineText(2000),
    /** Attachments of the case (bills, prescriptions, quotes). */
    documentIds: z.array(objectId).max(10).default([]),
    /** The treatment episode (claims MA_LK) the hospital fees belong to; default the current stay's encounter id. */
    episodeId: z.string().trim().regex(/^[A-Za-z0-9._/-]{1,50}$/, 'an episode code (claims MA_LK): letters, digits, . _ / -').optional(),
  })
  .strict();
export type FundingCreateBody = z.infer<typeof fundingCreateBody>;

/**
 * PATCH /funding-requests/:id (draft only, else 409 FUNDING.NOT_DRAFT). The create body's defaulted
 * fields become plain optionals first: zod's partial keeps defaults, so `{}` would parse as
 * `{ urgency: 'routine', documentIds: [] }` and every edit would reset them.
 */
export const fundingUpdateBody = fundingCreateBody
  .extend({ urgency: z.enum(FUNDING_URGENCIES).optional(), documentIds: z.array(objectId).max(10).optional() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type FundingUpdateBody = z.infer<typeof fundingUpdateBody>;

/** POST /funding-requests/:id/moves. reason required for return, withdraw, unpublish (400 field `reason`). */
export const fundingMoveBody = z.object({ move: z.enum(FUNDING_MOVES), reason: multilineText(1000).optional() }).strict();
export type FundingMoveBody = z.infer<typeof fundingMoveBody>;

// ---- Stories -------------------------------------------------------------------------------

export const AGE_BANDS = ['0-5', '6-15', '16-24', '25-44', '45-59', '60+'] as const;

/** PUT /funding-requests/:id/story: the de-identified story (social worker, before publication or to revise it). */
export const storyBody = z
  .object({
    title: text(120),
    /** Screened: names, ID/card numbers, phone numbers, exact dates, addresses → 400 STORY.IDENTIFYING with the spans. */
    text: multilineText(1500),
    /** ICD-10 chapter-level group shown to partners (e.g. "Ung thư", from the case's diagnoses), chosen by the worker. */
    diagnosisGroup: text(100),
    /** The worker confirms having read it as a stranger would (required true to publish). */
    reviewed: z.boolean(),
  })
  .strict();
export type StoryBody = z.infer<typeof storyBody>;

/** One offending span found in a story or outcome text (400 STORY.IDENTIFYING params.spans). */
export const identifyingSpanSchema = z.object({
  kind: z.enum(['name', 'id-number', 'phone', 'exact-date', 'address', 'email']),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
});
export type IdentifyingSpan = z.infer<typeof identifyingSpanSchema>;

// ---- Pledges, disbursements ----------------------------------------------------------------

/** POST /funding-requests/:id/pledges (Idempotency-Key header required) → 201 Pledge. */
export const pledgeBody = z.object({ amountVnd: vnd, note: text(300).optional() }).strict();

export const PLEDGE_STATES = ['pending', 'disbursed', 'cancelled', 'expired'] as const;
export type PledgeState = (typeof PLEDGE_STATES)[number];

export const PAYEE_KINDS = ['patient-family', 'hospital-bill', 'supplier'] as const;
export type PayeeKind = (typeof PAYEE_KINDS)[number];
export const PAY_METHODS = ['bank-transfer', 'cash', 'direct-payment'] as const;

/** POST /pledges/:id/disbursements (Idempotency-Key required) → 201 Disbursement: posts all or part of the pledge, the rest returns. */
export const disbursementBody = z
  .object({
    amountVnd: vnd,
    payee: z.enum(PAYEE_KINDS),
    /** supplier: its name; patient-family: how the family is named on the receipt is NOT sent (never stored for partners). */
    payeeName: text(200).optional(),
    method: z.enum(PAY_METHODS),
    /** cash: the named witness (400 field `witness` without one). */
    witness: text(200).optional(),
    /** Bank transfer reference, cheque or receipt number. */
    reference: text(100).optional(),
    paidOn: daySchema,
  })
  .strict();
export type DisbursementBody = z.infer<typeof disbursementBody>;

/** POST /disbursements/:id/reversal (Idempotency-Key required): a mistaken disbursement corrected by new transfers. */
export const reversalBody = z.object({ reason: multilineText(1000) }).strict();

/** POST /funding-requests/:id/outcomes: the de-identified outcome update (screened like a story). */
export const outcomeBody = z.object({ text: multilineText(1500) }).strict();

// ---- Lists ---------------------------------------------------------------------------------

/** GET /funding-requests: hospital staff (their hospital's), coordinators (the network's). */
export const fundingListQuery = pageQuerySchema
  .extend({
    status: z.enum(FUNDING_STATUSES).optional(),
    /** queue: submitted requests awaiting the head's approval (sw_lead). */
    view: z.enum(['all', 'queue']).optional(),
    caseId: objectId.optional(),
  })
  .strict();

/** GET /marketplace: published, listed requests for partners. */
export const marketplaceQuery = pageQuerySchema
  .extend({
    province: text(100).optional(),
    ageBand: z.enum(AGE_BANDS).optional(),
    need: z.enum(LINE_KINDS).optional(),
    urgency: z.enum(FUNDING_URGENCIES).optional(),
    minLeftVnd: z.coerce.number().int().min(0).max(MAX_VND).optional(),
    maxLeftVnd: z.coerce.number().int().min(0).max(MAX_VND).optional(),
    sort: z.enum(['needed-by', 'left-asc', 'left-desc', 'newest']).optional(),
  })
  .strict();

/** GET /pledges: the partner's own (coordinators: the network's). */
export const pledgeListQuery = pageQuerySchema.extend({ state: z.enum(PLEDGE_STATES).optional(), requestId: objectId.optional() }).strict();

/** GET /statements?from&to&format=json|csv|pdf: the partner's statement for a period (coordinators pass organisationId). */
export const statementQuery = z
  .object({ from: daySchema, to: daySchema, format: z.enum(['json', 'csv', 'pdf']).default('json'), organisationId: objectId.optional() })
  .strict();

/** GET /reconciliation?hospitalId&month=YYYY-MM&format=json|csv. */
export const reconciliationQuery = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
    hospitalId: objectId.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

// ---- Answers -------------------------------------------------------------------------------

const person = z.object({ id: z.string(), name: z.string().nullable() });
const named = z.object({ id: z.string(), name: z.string() });

export const lineSchema = z.object({
  kind: z.enum(LINE_KINDS),
  description: z.string(),
  totalVnd: vndOut,
  /** What BHYT pays of this line (0 outside hospital fees). */
  insuranceVnd: vndOut,
  /** What is asked: total − insurance. */
  patientVnd: vndOut,
  /** How the BHYT share was found. */
  split: z.enum(['stated', 'benefit-applied', 'uninsured', 'outside-bhyt']),
  serviceDate: z.string().nullable(),
});

export const bhytShareSchema = z.object({
  /** The card's benefit digit and percentage on the service day, null without a usable card. */
  benefitDigit: z.number().int().nullable(),
  percent: z.number().nullable(),
  /** The legal source of the benefit period used (kept so an old request keeps its numbers). */
  source: z.string().nullable(),
  capsNotApplied: z.boolean(),
});

export const moneySchema = z.object({
  /** The sum of the lines' totals. */
  totalVnd: vndOut,
  insuranceVnd: vndOut,
  /** What the request asks: the patient's share, the account's limit. */
  askedVnd: vndOut,
  /** Reserved by live pledges. */
  pledgedVnd: vndOut,
  /** Posted by disbursements (net of reversals). */
  disbursedVnd: vndOut,
  /** asked − pledged − disbursed while open to pledges; 0 when closed. */
  leftVnd: vndOut,
});

export const fundingHistorySchema = z.object({
  from: z.enum(FUNDING_STATUSES).nullable(),
  to: z.enum(FUNDING_STATUSES),
  by: person.nullable(),
  at: isoDateTime,
  reason: z.string().nullable(),
});

export const storySchema = z.object({
  title: z.string(),
  text: z.string(),
  diagnosisGroup: z.string(),
  reviewed: z.boolean(),
  ageBand: z.string().nullable(),
  /** The patient's new (2025) province. */
  province: z.string().nullable(),
  needs: z.array(z.enum(LINE_KINDS)),
  listed: z.boolean(),
  publishedAt: isoDateTime.nullable(),
  unpublishedAt: isoDateTime.nullable(),
});

export const outcomeSchema = z.object({ id: z.string(), text: z.string(), by: person.nullable(), at: isoDateTime });

const summaryFields = {
  id: z.string(),
  /** A short reference shown to everyone (e.g. "HT-2026-000123"): partners quote it, never a patient id. */
  reference: z.string(),
  caseId: z.string().nullable(),
  hospital: named,
  status: z.enum(FUNDING_STATUSES),
  urgency: z.enum(FUNDING_URGENCIES),
  neededBy: z.string(),
  money: moneySchema,
  /** The sender's hospital only: the patient. Partners and coordinators: null. */
  patient: person.nullable(),
  updatedAt: isoDateTime,
};

export const fundingSummarySchema = z.object(summaryFields).meta({ id: 'FundingRequestSummary' });
export type FundingSummary = z.infer<typeof fundingSummarySchema>;

export const FUNDING_CAN = [
  'funding.update',
  'funding.story',
  'funding.outcome',
  'funding.pledge',
  ...FUNDING_MOVES.map((m) => `move:${m}` as const),
] as const;

export const fundingDetailSchema = z
  .object({
    ...summaryFields,
    /** hospital: the case's hospital staff; partner: a charity partner (story, money, its own pledges); network: coordinators. */
    viewer: z.enum(['hospital', 'partner', 'network']),
    /** Hospital staff only (partners: []). */
    lines: z.array(lineSchema),
    bhyt: bhytShareSchema.nullable(),
    justification: z.string().nullable(),
    documents: z.array(z.object({ id: z.string(), kind: z.string(), fileName: z.string() })),
    episodeId: z.string().nullable(),
    /** Partners see it only while listed (or their own pledge's snapshot: null text after unpublishing). */
    story: storySchema.nullable(),
    outcomes: z.array(outcomeSchema),
    history: z.array(fundingHistorySchema),
    createdBy: person.nullable(),
    createdAt: isoDateTime,
    can: z.array(z.string()),
  })
  .meta({ id: 'FundingRequestDetail' });
export type FundingDetail = z.infer<typeof fundingDetailSchema>;

export const fundingListSchema = z.object({ data: z.array(fundingSummarySchema), nextCursor: z.string().nullable(), total: z.number().int() });

/** A marketplace card: the story and the money, nothing identifying. */
export const marketplaceItemSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    hospital: named,
    title: z.string(),
    text: z.string(),
    diagnosisGroup: z.string(),
    ageBand: z.string().nullable(),
    province: z.string().nullable(),
    needs: z.array(z.enum(LINE_KINDS)),
    urgency: z.enum(FUNDING_URGENCIES),
    neededBy: z.string(),
    money: moneySchema,
    publishedAt: isoDateTime,
  })
  .meta({ id: 'MarketplaceItem' });
export type MarketplaceItem = z.infer<typeof marketplaceItemSchema>;
export const marketplaceListSchema = z.object({ data: z.array(marketplaceItemSchema), nextCursor: z.string().nullable(), total: z.number().int() });

export const disbursementSchema = z
  .object({
    id: z.string(),
    pledgeId: z.string(),
    requestId: z.string(),
    reference: z.string(),
    amountVnd: vndOut,
    /** What returned to the request from the pledge when it was posted. */
    returnedVnd: vndOut,
    payee: z.enum(PAYEE_KINDS),
    payeeName: z.string().nullable(),
    method: z.enum(PAY_METHODS),
    witness: z.string().nullable(),
    paymentReference: z.string().nullable(),
    paidOn: z.string(),
    receipts: z.array(z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int(), at: isoDateTime })),
    /** recorded: its transfers are written, applying; done: applied; reversed: corrected by reversal transfers. */
    state: z.enum(['recording', 'done', 'reversed']),
    reversal: z.object({ reason: z.string(), at: isoDateTime, by: person.nullable() }).nullable(),
    organisation: named,
    createdBy: person.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Disbursement' });
export type Disbursement = z.infer<typeof disbursementSchema>;

export const pledgeSchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    /** The request's reference and hospital (partners never see the case). */
    request: z.object({ reference: z.string(), hospital: named, title: z.string().nullable(), status: z.enum(FUNDING_STATUSES) }),
    organisation: named,
    amountVnd: vndOut,
    state: z.enum(PLEDGE_STATES),
    note: z.string().nullable(),
    expiresAt: isoDateTime,
    disbursement: disbursementSchema.nullable(),
    createdBy: person.nullable(),
    createdAt: isoDateTime,
    endedAt: isoDateTime.nullable(),
    can: z.array(z.enum(['pledge.cancel', 'pledge.disburse'])),
  })
  .meta({ id: 'Pledge' });
export type Pledge = z.infer<typeof pledgeSchema>;
export const pledgeListSchema = z.object({ data: z.array(pledgeSchema), nextCursor: z.string().nullable(), total: z.number().int() });

/** GET /funding-requests/:id/ledger: every transfer of the request, oldest first, with running totals. */
export const TRANSFER_KINDS = ['pending', 'post', 'void', 'expire', 'pay', 'reverse'] as const;
export const ledgerEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  debit: z.object({ account: z.string(), label: z.string() }),
  credit: z.object({ account: z.string(), label: z.string() }),
  amountVnd: vndOut,
  state: z.enum(['recorded', 'applied', 'refused']),
  at: isoDateTime,
  pledgeId: z.string().nullable(),
  disbursementId: z.string().nullable(),
});
export const ledgerViewSchema = z
  .object({
    requestId: z.string(),
    money: moneySchema,
    /** Balance per account touched by the request (applied transfers; credits − debits). Their sum is 0. */
    accounts: z.array(z.object({ account: z.string(), label: z.string(), balanceVnd: z.number().int(), pendingVnd: z.number().int() })),
    transfers: z.array(ledgerEntrySchema),
  })
  .meta({ id: 'FundingLedger' });
export type LedgerView = z.infer<typeof ledgerViewSchema>;

export const statementSchema = z
  .object({
    organisation: named,
    from: z.string(),
    to: z.string(),
    pledgedVnd: vndOut,
    disbursedVnd: vndOut,
    cancelledVnd: vndOut,
    expiredVnd: vndOut,
    pledges: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        hospital: z.string(),
        ageBand: z.string().nullable(),
        province: z.string().nullable(),
        amountVnd: vndOut,
        state: z.enum(PLEDGE_STATES),
        at: isoDateTime,
      }),
    ),
    disbursements: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        payee: z.enum(PAYEE_KINDS),
        method: z.enum(PAY_METHODS),
        amountVnd: vndOut,
        paidOn: z.string(),
        receipts: z.number().int(),
      }),
    ),
    outcomes: z.array(z.object({ reference: z.string(), text: z.string(), at: isoDateTime })),
  })
  .meta({ id: 'PartnerStatement' });
export type Statement = z.infer<typeof statementSchema>;

export const reconciliationRowSchema = z.object({
  /** The treatment episode (claims MA_LK). */
  episodeId: z.string(),
  /** The hospital's own patient code (claims MA_BN): hospital staff only. */
  patientCode: z.string().nullable(),
  /** What charity paid to this episode's hospital bill in the month (our T_NGUONKHAC). */
  charityVnd: vndOut,
  /** From the uploaded claims export, when one is uploaded for the month. */
  claimedVnd: vndOut.nullable(),
  /** claimed − charity; null without an upload. */
  differenceVnd: z.number().int().nullable(),
  status: z.enum(['match', 'differs', 'missing-in-claims', 'missing-here', 'no-upload']),
  disbursementIds: z.array(z.string()),
});
export const reconciliationSchema = z
  .object({
    hospital: named,
    month: z.string(),
    charityVnd: vndOut,
    claimedVnd: vndOut.nullable(),
    upload: z.object({ id: z.string(), fileName: z.string(), at: isoDateTime, rows: z.number().int() }).nullable(),
    rows: z.array(reconciliationRowSchema),
  })
  .meta({ id: 'Reconciliation' });
export type Reconciliation = z.infer<typeof reconciliationSchema>;

export { NEED_DOMAINS };

/**
 * The shapes the API answers with and accepts (base /api/v1), DERIVED from the server's own zod
 * schemas, the same ones the routes validate with and the OpenAPI document is built from
 * (docs/decisions/0017-one-api-contract.md). Only types cross over (`import type`): nothing of the
 * server reaches the bundle. A contract change shows up as type errors across the client
 * (`npm run typecheck`).
 *
 * Answers are the schema's output (`z.output`); what the client sends is the schema's input
 * (`z.input`: fields with a default are optional, query values are strings).
 */
import type { z } from 'zod';
import type { hospitalCreateSchema, hospitalUpdateSchema, hospitalViewSchema } from '../../server/features/admin/hospitals.schemas';
import type { organisationCreateSchema, organisationUpdateSchema, organisationViewSchema } from '../../server/features/admin/organisations.schemas';
import type { userCreateSchema, userUpdateSchema, userViewSchema } from '../../server/features/admin/users.schemas';
import type { auditEventSchema, auditQuerySchema } from '../../server/features/audit/audit.schemas';
import type { loginResultSchema, loginSchema, sessionViewSchema } from '../../server/features/auth/auth.schemas';
import type { caseViewSchema } from '../../server/features/cases/cases.schemas';
import type { caseListQuery, caseListSchema, caseSummarySchema } from '../../server/features/cases/cases.schemas';
import type { attachmentSchema } from '../../server/features/cases/timeline.schemas';
import type { caseDetailSchema, caseViewUnionSchema, closureDecisionBody, goalBody, goalPatch, interventionBody, needBody, needPatch } from '../../server/features/cases/cases.schemas';
import type { createNoteBody, editNoteBody, noteSchema, timelineItemSchema } from '../../server/features/cases/timeline.schemas';
import type { consentBodySchema, consentSchema, withdrawalBodySchema } from '../../server/features/consent/consent.schemas';
import type { elsewhereSchema } from '../../server/features/consent/elsewhere.schemas';
import type { matchesSchema, patientSearchQuery, patientSummarySchema, patientViewSchema, searchHitSchema } from '../../server/features/patients/patients.schemas';
import type {
  flagViewSchema,
  patientScreeningsSchema,
  reviewBodySchema,
  screeningResultSchema,
  screeningViewSchema,
  worklistPageSchema,
  worklistQuery,
} from '../../server/features/screening/screening.schemas';
import type { syncRunViewSchema } from '../../server/features/sync/census-sync.schemas';
import type {
  CAPACITY_MOVES,
  ENDED_STATUSES,
  LIVE_STATUSES,
  REASON_REQUIRED,
  commentSchema,
  overdueRowSchema,
  recipientSchema,
  recipientSearchQuery,
  referralCreateBody,
  referralDetailSchema,
  referralListQuery,
  referralListSchema,
  referralSummarySchema,
  referralTransitionBody,
  referralUpdateBody,
} from '../../server/features/referrals/referrals.schemas';
import type {
  AGE_BANDS,
  FUNDING_CAN,
  FUNDING_MOVES,
  FUNDING_STATUSES,
  FUNDING_URGENCIES,
  LINE_KINDS,
  PAY_METHODS,
  PAYEE_KINDS,
  PLEDGE_STATES,
  TRANSFER_KINDS,
  disbursementBody,
  disbursementSchema,
  fundingCreateBody,
  fundingDetailSchema,
  fundingListQuery,
  fundingListSchema,
  fundingMoveBody,
  fundingSummarySchema,
  identifyingSpanSchema,
  ledgerViewSchema,
  lineSchema,
  marketplaceItemSchema,
  marketplaceListSchema,
  marketplaceQuery,
  outcomeBody,
  outcomeSchema,
  pledgeBody,
  pledgeListQuery,
  pledgeListSchema,
  pledgeSchema,
  reconciliationQuery,
  reconciliationSchema,
  reversalBody,
  statementQuery,
  statementSchema,
  storyBody,
} from '../../server/features/funding/funding.schemas';
import type { Role as ServerRole } from '../../server/http/roles';

export type { Page } from '../../server/http/common-schemas';

type Out<S extends z.ZodType> = z.output<S>;
type In<S extends z.ZodType> = z.input<S>;
/** The filters of a list query, without its paging (`limit`, `cursor`: the list hooks add those). */
type Filters<S extends z.ZodType> = Omit<In<S>, 'limit' | 'cursor'>;

/**
 * A vocabulary the client needs at run time (select options, words for codes): written out here
 * because no server value is imported, and checked to be exactly the server's, no value more or
 * fewer (a missing one is named in the type error).
 */
function exactly<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> })): A => values;
}

/* Users, sessions, hospitals, organisations, audit. */

export type Role = ServerRole;
export const ROLES = exactly<Role>()(['social_worker', 'sw_lead', 'charity_partner', 'coordinator', 'admin']);

export type User = Out<typeof userViewSchema>;
export type Locale = User['locale'];
export const LOCALES = exactly<Locale>()(['vi', 'en']);

export type Session = Out<typeof sessionViewSchema>;
export type LoginInput = In<typeof loginSchema>;
export type LoginResult = Out<typeof loginResultSchema>;

export type Hospital = Out<typeof hospitalViewSchema>;
export type HospitalLevel = Hospital['level'];
export const HOSPITAL_LEVELS = exactly<HospitalLevel>()(['central', 'provincial', 'district']);
export type SocialWorkUnit = Hospital['socialWorkUnit'];
export const SOCIAL_WORK_UNITS = exactly<SocialWorkUnit>()(['phong', 'to']);
export type FhirAuthType = Hospital['fhir']['authType'];
export const FHIR_AUTH_TYPES = exactly<FhirAuthType>()(['none', 'basic', 'bearer', 'smart-backend']);
export type HospitalInput = In<typeof hospitalCreateSchema>;
export type HospitalPatch = In<typeof hospitalUpdateSchema>;
/** What an admin may send for a hospital's FHIR endpoint; secrets are write-only. */
export type FhirSettingsInput = NonNullable<HospitalInput['fhir']>;

export type Organisation = Out<typeof organisationViewSchema>;
export type OrganisationType = Organisation['type'];
export const ORGANISATION_TYPES = exactly<OrganisationType>()(['fund', 'ngo', 'business', 'religious', 'other']);
export type FundingInterest = Organisation['fundingInterests'][number];
export const FUNDING_INTERESTS = exactly<FundingInterest>()(['cancer', 'children', 'renal', 'thalassaemia', 'trauma', 'maternal', 'transport', 'food', 'housing', 'other']);
/** What an organisation receives referrals for (every referral service but continuing support, a hospital's). */
export type OrganisationService = Organisation['services'][number];
export const ORGANISATION_SERVICES = exactly<OrganisationService>()(['funding', 'community-service', 'shelter', 'legal-aid', 'transport', 'food', 'psychosocial', 'other']);
export type OrganisationInput = In<typeof organisationCreateSchema>;
export type OrganisationPatch = In<typeof organisationUpdateSchema>;

export type UserInput = In<typeof userCreateSchema>;
export type UserPatch = In<typeof userUpdateSchema>;

export type AuditEvent = Out<typeof auditEventSchema>;
export type AuditOutcome = AuditEvent['outcome'];
export const AUDIT_OUTCOMES = exactly<AuditOutcome>()(['success', 'denied', 'failure']);
export type AuditFilters = Filters<typeof auditQuerySchema>;

/** Roles that belong to one hospital; they need `hospitalId` when created. */
export const HOSPITAL_ROLES: readonly Role[] = ['social_worker', 'sw_lead'];
/** Roles that belong to one organisation; they need `organisationId` when created. */
export const ORGANISATION_ROLES: readonly Role[] = ['charity_partner'];

/* Patients (linked from a hospital's FHIR server) and census sync. */

export type Gender = 'male' | 'female' | 'other' | 'unknown';

/** At least one criterion; `q` is a name (≥ 2 characters, with or without diacritics). */
export type PatientSearchCriteria = Omit<In<typeof patientSearchQuery>, 'limit'> & { limit?: number };
export type PatientSearchHit = Out<typeof searchHitSchema>;
export type PatientSummary = Out<typeof patientSummarySchema>;

export type PatientView = Out<typeof patientViewSchema>;
export type PatientAddress = PatientView['identity']['addresses'][number];
/** The address forms the FHIR mapping writes (the schema says a string: a hospital may send others). */
export const ADDRESS_FORMS = ['old-3-level', 'new-2-level'] as const;
export type AddressForm = (typeof ADDRESS_FORMS)[number];
export type PatientInsurance = PatientView['insurance'][number];
export type PatientStay = NonNullable<PatientView['currentStay']>;
export type PatientDiagnosis = PatientView['diagnoses'][number];
export type PatientCharges = NonNullable<PatientView['charges']>;
export type RelatedPerson = PatientView['relatedPersons'][number];

/** The same person at other hospitals: confirmed by an identifier, suggested by name and birth date. */
export type PatientMatches = Out<typeof matchesSchema>;
export type PatientMatch = PatientMatches['confirmed'][number];
export type MatchBasis = PatientMatch['basis'];

export type SyncRun = Out<typeof syncRunViewSchema>;
export type SyncStatus = SyncRun['status'];
export const SYNC_STATUSES = exactly<SyncStatus>()(['queued', 'running', 'succeeded', 'failed']);

/* Screening, flags and the worklist. */

export type FlagType = NonNullable<In<typeof worklistQuery>['flagType']>;
export const FLAG_TYPES = exactly<FlagType>()(['poverty', 'insurance', 'catastrophic-cost', 'vulnerability', 'high-cost-diagnosis', 'long-stay', 'social-need']);

/** The certainties the rules give (the schema says a string). */
export const CERTAINTIES = ['authoritative', 'likely', 'indicative'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

/** A worklist entry: a patient who may need support, with the reasons the rules found. */
export type Flag = Out<typeof flagViewSchema>;
export type FlagStatus = Flag['status'];
export const FLAG_STATUSES = exactly<FlagStatus>()(['active', 'confirmed', 'dismissed', 'expired', 'superseded']);
export type WriteBackStatus = Flag['writeBack']['status'];
export const WRITE_BACK_STATUSES = exactly<WriteBackStatus>()(['disabled', 'pending', 'sent', 'failed']);
export type FlagTier = Flag['tier'];
export type FlagPatient = NonNullable<Flag['patient']>;
/** Why a patient was flagged: one rule's finding, with its legal source and inputs. */
export type Finding = Flag['reasons'][number];
/** One value a screening rule read, and where it came from (FHIR resource, screening, rule set…). */
export type FindingInput = Finding['inputs'][number];

export type FlagReviewInput = In<typeof reviewBodySchema>;
export type FlagDecision = FlagReviewInput['decision'];

export type WorklistFilters = Filters<typeof worklistQuery>;
/** A worklist page also says how many flags match the filters in all. */
export type WorklistPage = Out<typeof worklistPageSchema>;

/** A patient's case, as the patient page shows it until cases get their own screens. */
export type PatientCase = Out<typeof caseViewSchema>;

export type Screening = Out<typeof screeningViewSchema>;
export type ScreeningResult = Out<typeof screeningResultSchema>;
export type PatientScreenings = Out<typeof patientScreeningsSchema>;

/* Case lists, attachments and consent (issue 10). */

/** A row of "my cases" or the hospital's caseload; a page also says how many cases match in all. */
export type CaseSummary = Out<typeof caseSummarySchema>;
export type CaseListPage = Out<typeof caseListSchema>;
export type CaseListFilters = Filters<typeof caseListQuery>;
export type CaseListStatus = CaseSummary['status'];
export const CASE_LIST_STATUSES = exactly<CaseListStatus>()(['open', 'assessment', 'plan', 'active-support', 'closed']);
export type CaseNeedDomain = CaseSummary['needs'][number];
export const CASE_NEED_DOMAINS = exactly<CaseNeedDomain>()(['financial', 'food', 'housing', 'transport', 'caregiving', 'psychosocial', 'legal', 'violence']);

/** A file kept with a case (GridFS): its bytes are read through the content address, never in this record. */
export type Attachment = Out<typeof attachmentSchema>;
export type AttachmentKind = Attachment['kind'];
export const ATTACHMENT_KINDS = exactly<AttachmentKind>()(['consent-form', 'id-document', 'medical-paper', 'receipt', 'other']);

/** A consent per purpose and recipient, with what it allows now in a sentence per language. */
export type Consent = Out<typeof consentSchema>;
export type ConsentInput = In<typeof consentBodySchema>;
export type ConsentWithdrawalInput = In<typeof withdrawalBodySchema>;
export type ConsentPurpose = Consent['purpose'];
export const CONSENT_PURPOSES = exactly<ConsentPurpose>()(['share-hospital', 'share-charity', 'publish-story', 'contact-phone', 'case-conference']);
export type ConsentRecipientKind = Consent['recipient']['kind'];
export type ConsentGiverKind = Consent['givenBy']['kind'];
export type ConsentStatus = Consent['status'];
/** The same person at other network hospitals: a count, and the cases a consent to share with this hospital lets it see. */
export type CasesElsewhere = Out<typeof elsewhereSchema>;

/* The case page (issue 10): the own hospital's view of a case, its plan, closure and timeline. */

export type CaseDetail = Out<typeof caseDetailSchema>;
/** What GET /cases/:id answers: the own hospital's view, or a narrower one for a hospital or partner the patient's consent lets see it. */
export type CaseAnyView = Out<typeof caseViewUnionSchema>;
export type CaseStatus = CaseDetail['status'];
export const CASE_STATUSES = exactly<CaseStatus>()(['open', 'assessment', 'plan', 'active-support', 'closed']);
export type CaseNeed = CaseDetail['needs'][number];
export type NeedStatus = CaseNeed['status'];
export const NEED_STATUSES = exactly<NeedStatus>()(['open', 'met', 'unmet']);
export type CaseGoal = CaseDetail['goals'][number];
export type GoalStatus = CaseGoal['status'];
export const GOAL_STATUSES = exactly<GoalStatus>()(['open', 'achieved', 'not-achieved', 'dropped']);
export type CaseIntervention = CaseDetail['interventions'][number];
export type ActivityGroup = CaseIntervention['activityGroup'];
/** Circular 43/2015/TT-BYT's activity groups (words in the i18n files, from server/reference-data/circular-43-activity-groups.json). */
export const ACTIVITY_GROUPS = exactly<ActivityGroup>()([
  'reception-guidance',
  'assessment-psychosocial',
  'violence-support',
  'communication-education',
  'sponsorship',
  'charity-community',
  'training-volunteers',
]);
export type ClosureOutcome = NonNullable<CaseDetail['closure']>['outcome'];
export const CLOSURE_OUTCOMES = exactly<ClosureOutcome>()(['resolved', 'transferred', 'died', 'lost-to-follow-up', 'declined']);
export type ClosureDecisionInput = In<typeof closureDecisionBody>;
export type NeedInput = In<typeof needBody>;
export type NeedPatch = In<typeof needPatch>;
export type GoalInput = In<typeof goalBody>;
export type GoalPatch = In<typeof goalPatch>;
export type InterventionInput = In<typeof interventionBody>;
export type CaseNote = Out<typeof noteSchema>;
export type NoteType = CaseNote['type'];
export const NOTE_TYPES = exactly<NoteType>()(['interview', 'phone-call', 'home-visit', 'psychosocial-session', 'internal-note']);
export type CaseNoteInput = In<typeof createNoteBody>;
export type CaseNoteEdit = In<typeof editNoteBody>;
export type TimelineItem = Out<typeof timelineItemSchema>;

/* Referrals (issue 11): from a case to another network hospital or an organisation, and back. */

export type ReferralSummary = Out<typeof referralSummarySchema>;
export type ReferralDetail = Out<typeof referralDetailSchema>;
export type ReferralListPage = Out<typeof referralListSchema>;
export type ReferralListFilters = Filters<typeof referralListQuery>;
export type ReferralComment = Out<typeof commentSchema>;
export type ReferralRecipient = Out<typeof recipientSchema>;
export type ReferralRecipientQuery = In<typeof recipientSearchQuery>;
export type ReferralCreateInput = In<typeof referralCreateBody>;
export type ReferralUpdateInput = In<typeof referralUpdateBody>;
export type ReferralTransitionInput = In<typeof referralTransitionBody>;
export type OverdueReferral = Out<typeof overdueRowSchema>;
export type ReferralStatus = ReferralDetail['status'];
export const REFERRAL_STATUSES = exactly<ReferralStatus>()(['draft', 'requested', 'received', 'accepted', 'rejected', 'in-progress', 'on-hold', 'completed', 'failed', 'cancelled']);
/** Sent and not yet ended; the ended ones; the moves that need a reason; the moves that may carry a capacity answer (the server's tables). */
export const REFERRAL_LIVE_STATUSES = exactly<(typeof LIVE_STATUSES)[number]>()(['requested', 'received', 'accepted', 'in-progress', 'on-hold']);
export const REFERRAL_ENDED_STATUSES = exactly<(typeof ENDED_STATUSES)[number]>()(['rejected', 'completed', 'failed', 'cancelled']);
export const REFERRAL_REASON_REQUIRED = exactly<(typeof REASON_REQUIRED)[number]>()(['rejected', 'failed', 'cancelled', 'on-hold']);
export const REFERRAL_CAPACITY_MOVES = exactly<(typeof CAPACITY_MOVES)[number]>()(['received', 'accepted', 'rejected', 'on-hold']);
export type CapacityAnswer = NonNullable<ReferralDetail['capacity']>;
export const CAPACITY_ANSWERS = exactly<CapacityAnswer>()(['capacity', 'no-capacity', 'waitlist', 'additional-assessment-required']);
export type ReferralService = ReferralDetail['service'];
export const REFERRAL_SERVICES = exactly<ReferralService>()(['continuing-support', 'funding', 'community-service', 'shelter', 'legal-aid', 'transport', 'food', 'psychosocial', 'other']);
export type ReferralUrgency = ReferralDetail['urgency'];
export const REFERRAL_URGENCIES = exactly<ReferralUrgency>()(['routine', 'urgent', 'emergency']);
export type ReferralRecipientKind = ReferralRecipient['kind'];
export const REFERRAL_RECIPIENT_KINDS = exactly<ReferralRecipientKind>()(['hospital', 'organisation']);
export type ReferralSide = ReferralDetail['history'][number]['side'];
export type ReferralViewer = ReferralDetail['viewer'];

/* Funding (issue 12, decision 0025): requests on a case, stories, pledges, disbursements, the ledger. */

export type FundingSummary = Out<typeof fundingSummarySchema>;
export type FundingDetail = Out<typeof fundingDetailSchema>;
export type FundingListPage = Out<typeof fundingListSchema>;
export type FundingListFilters = Filters<typeof fundingListQuery>;
export type FundingCreateInput = In<typeof fundingCreateBody>;
export type FundingLineInput = FundingCreateInput['lines'][number];
export type FundingMoveInput = In<typeof fundingMoveBody>;
export type FundingLine = Out<typeof lineSchema>;
export type FundingMoney = FundingDetail['money'];
export type FundingStory = NonNullable<FundingDetail['story']>;
export type FundingStoryInput = In<typeof storyBody>;
export type FundingOutcome = Out<typeof outcomeSchema>;
export type FundingOutcomeInput = In<typeof outcomeBody>;
export type IdentifyingSpan = Out<typeof identifyingSpanSchema>;
export type IdentifyingKind = IdentifyingSpan['kind'];
export const IDENTIFYING_KINDS = exactly<IdentifyingKind>()(['name', 'id-number', 'phone', 'exact-date', 'address', 'email']);
export type FundingStatus = (typeof FUNDING_STATUSES)[number];
export const FUNDING_STATUS_LIST = exactly<FundingStatus>()(['draft', 'submitted', 'approved', 'published', 'partly-funded', 'fully-funded', 'disbursed', 'closed', 'withdrawn', 'expired']);
export type FundingMove = (typeof FUNDING_MOVES)[number];
export const FUNDING_MOVE_LIST = exactly<FundingMove>()(['submit', 'return', 'approve', 'publish', 'unpublish', 'withdraw', 'close']);
export type FundingCan = (typeof FUNDING_CAN)[number];
export type FundingUrgency = (typeof FUNDING_URGENCIES)[number];
export const FUNDING_URGENCY_LIST = exactly<FundingUrgency>()(['routine', 'urgent', 'emergency']);
export type LineKind = (typeof LINE_KINDS)[number];
export const LINE_KIND_LIST = exactly<LineKind>()(['hospital-fees', 'medicines-outside-list', 'travel-home', 'caregiver-meals', 'medical-devices', 'funeral', 'other']);
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LIST = exactly<AgeBand>()(['0-5', '6-15', '16-24', '25-44', '45-59', '60+']);
export type FundingLineSplit = FundingLine['split'];
export type MarketplaceItem = Out<typeof marketplaceItemSchema>;
export type MarketplacePage = Out<typeof marketplaceListSchema>;
export type MarketplaceFilters = Filters<typeof marketplaceQuery>;
export type Pledge = Out<typeof pledgeSchema>;
export type PledgeInput = In<typeof pledgeBody>;
export type PledgePage = Out<typeof pledgeListSchema>;
export type PledgeFilters = Filters<typeof pledgeListQuery>;
export type PledgeState = (typeof PLEDGE_STATES)[number];
export const PLEDGE_STATE_LIST = exactly<PledgeState>()(['pending', 'disbursed', 'cancelled', 'expired']);
export type Disbursement = Out<typeof disbursementSchema>;
export type DisbursementInput = In<typeof disbursementBody>;
export type ReversalInput = In<typeof reversalBody>;
export type PayeeKind = (typeof PAYEE_KINDS)[number];
export const PAYEE_KIND_LIST = exactly<PayeeKind>()(['patient-family', 'hospital-bill', 'supplier']);
export type PayMethod = (typeof PAY_METHODS)[number];
export const PAY_METHOD_LIST = exactly<PayMethod>()(['bank-transfer', 'cash', 'direct-payment']);
export type LedgerView = Out<typeof ledgerViewSchema>;
export type LedgerTransfer = LedgerView['transfers'][number];
export type TransferKind = (typeof TRANSFER_KINDS)[number];
export type Statement = Out<typeof statementSchema>;
export type StatementQuery = In<typeof statementQuery>;
export type Reconciliation = Out<typeof reconciliationSchema>;
export type ReconciliationRow = Reconciliation['rows'][number];
export type ReconciliationQuery = In<typeof reconciliationQuery>;

/* The referral lists (inbox, outbox, the coordinator's overdue board). */

export type ReferralBox = NonNullable<ReferralListFilters['box']>;
export const REFERRAL_BOXES = exactly<ReferralBox>()(['inbox', 'outbox', 'all']);
export type ReferralDue = NonNullable<ReferralSummary['due']>;
/** A page of the overdue board (GET /referrals/overdue), with how many are overdue in all. */
export interface OverduePage {
  data: OverdueReferral[];
  nextCursor: string | null;
  total: number;
}

/*
 * The screening questionnaire is a FHIR R4 Questionnaire, passed through whole by the API (its
 * schema checks only `resourceType`): these are the parts of FHIR's own shape the form reads.
 */
export interface FhirExtension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueInteger?: number;
  valueCoding?: Coding;
  extension?: FhirExtension[];
}

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface QuestionnaireItem {
  linkId: string;
  type: string;
  text?: string;
  _text?: { extension?: FhirExtension[] };
  required?: boolean;
  extension?: FhirExtension[];
  answerOption?: { valueCoding?: Coding }[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  url?: string;
  version?: string;
  title?: string;
  _title?: { extension?: FhirExtension[] };
  item?: QuestionnaireItem[];
}

export interface QuestionnaireResponseAnswer {
  valueCoding?: Coding;
  valueBoolean?: boolean;
  valueInteger?: number;
}

export interface QuestionnaireResponseItem {
  linkId: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  questionnaire: string;
  status: 'completed';
  item: QuestionnaireResponseItem[];
}

/**
 * The one error type of the service. Every kind carries an HTTP status and a stable code
 * ('AREA.REASON') that clients and tests match on; the error handler maps it to
 * `{ error: { code, message, params?, details?, requestId } }`.
 *
 * ERROR_CODES is the registry of every code the service can answer: AppError only accepts a
 * registered code (the type checker refuses any other), so the client's wording of each code can
 * be checked by walking this one list (test/client/error-wording.test.ts). A new code goes here
 * first, with the names of the params the client may use to word it.
 */
interface ErrorCodeSpec {
  /** The HTTP status it answers; null for a code only recorded on a record (a sync run's error), never answered. */
  status: number | null;
  /** Names of the `params` the error carries, for the client's sentence (e.g. the hospital). */
  params?: readonly string[];
}

export const ERROR_CODES = {
  INTERNAL: { status: 500 },
  NOT_FOUND: { status: 404, params: ['resource'] },
  'VALIDATION.FAILED': { status: 400 },
  'REQUEST.MALFORMED_JSON': { status: 400 },
  'REQUEST.TOO_LARGE': { status: 413, params: ['limit'] },
  'REQUEST.UNSUPPORTED_ENCODING': { status: 415, params: ['encoding'] },
  'REQUEST.BAD_ENCODING': { status: 400, params: ['encoding'] },
  'REQUEST.METHOD_NOT_ALLOWED': { status: 405, params: ['method', 'allow'] },
  'AUTH.UNAUTHENTICATED': { status: 401 },
  'AUTH.FORBIDDEN': { status: 403 },
  'AUTH.CSRF': { status: 403 },
  'AUTH.BAD_AUTHORIZATION': { status: 401 },
  'AUTH.INVALID_TOKEN': { status: 401 },
  'AUTH.INVALID_CREDENTIALS': { status: 401 },
  /** Changing a password: the current one given is wrong (the session itself is fine). */
  'AUTH.WRONG_CURRENT_PASSWORD': { status: 401 },
  'AUTH.ACCOUNT_LOCKED': { status: 429, params: ['retryAfterSeconds'] },
  'AUTH.RATE_LIMITED': { status: 429, params: ['retryAfterSeconds'] },
  'USER.USERNAME_TAKEN': { status: 409, params: ['username'] },
  'ORGANISATION.NAME_TAKEN': { status: 409, params: ['name'] },
  'HOSPITAL.CODE_TAKEN': { status: 409, params: ['code'] },
  'SYNC.ALREADY_RUNNING': { status: 409, params: ['hospital'] },
  'SYNC.LEASE_LOST': { status: 409, params: ['hospital'] },
  'SYNC.NOT_RESUMED': { status: null },
  'FLAG.NOT_ACTIVE': { status: 409, params: ['status'] },
  'SCREENING.BAD_DATE': { status: 400, params: ['date'] },
  'SCREENING.NO_RULE_SET': { status: 400, params: ['day'] },
  'SCREENING.BAD_OVERRIDE': { status: 400 },
  'FHIR.NOT_CONFIGURED': { status: 409, params: ['hospital'] },
  'FHIR.UPSTREAM_ERROR': { status: 502, params: ['hospital'] },
  'FHIR.UPSTREAM_TIMEOUT': { status: 504, params: ['hospital'] },
  'FHIR.NOT_FOUND': { status: 404, params: ['hospital'] },
  /** Cases (decision 0020): one case not closed per patient and hospital when opened by hand; legal moves only; closure by approval. */
  'CASE.ALREADY_OPEN': { status: 409, params: ['caseId'] },
  'CASE.ILLEGAL_TRANSITION': { status: 409, params: ['from', 'to', 'allowed'] },
  'CASE.CLOSURE_PENDING': { status: 409, params: ['requestedAt'] },
  'CASE.NO_CLOSURE_REQUEST': { status: 409 },
  'CASE.CLOSED': { status: 409, params: ['caseId'] },
  /** Case notes: only the author edits, within 24 hours of writing; then a correction (a new note). */
  'NOTE.NOT_AUTHOR': { status: 403 },
  'NOTE.LOCKED': { status: 409, params: ['lockedAt'] },
  /** Case attachments: over ATTACHMENT_MAX_BYTES (params.limit in bytes), or not a PDF/JPEG/PNG by content, or a name that lies. */
  'ATTACHMENT.TOO_LARGE': { status: 413, params: ['limit'] },
  'ATTACHMENT.TYPE_NOT_ALLOWED': { status: 400, params: ['detected'] },
  'ATTACHMENT.TYPE_MISMATCH': { status: 400, params: ['detected', 'extension'] },
  /** A working-day count reached a year with no holiday table (server/reference-data/vn-public-holidays.json). */
  'CALENDAR.NO_HOLIDAY_TABLE': { status: 503, params: ['year'] },
  /** Consent: a child under 16 (consent-ages.json) or an adult without capacity cannot consent for themselves (details name the field). */
  'CONSENT.GUARDIAN_REQUIRED': { status: 400 },
  /** A consent whose withdrawal is already recorded. */
  'CONSENT.WITHDRAWN': { status: 409, params: ['withdrawnOn'] },
  /** A referral's thread opens when it is sent: a draft has no receiver to write to. */
  'REFERRAL.NOT_SENT': { status: 409 },
  /** Referrals (decision 0024): legal moves only (params.allowed: the caller's side's moves from `from`), each by its side. */
  'REFERRAL.ILLEGAL_TRANSITION': { status: 409, params: ['from', 'to', 'allowed'] },
  'REFERRAL.OTHER_SIDE': { status: 403, params: ['side'] },
  /** Sending needs the patient's consent in force to share with the recipient (params.purpose: share-hospital or share-charity). */
  'REFERRAL.NO_CONSENT': { status: 409, params: ['purpose'] },
  /** The case already has a draft or live referral to this recipient. */
  'REFERRAL.ALREADY_LIVE': { status: 409, params: ['referralId'] },
  'REFERRAL.NOT_DRAFT': { status: 409, params: ['status'] },
  /** A box the caller has none of (a charity partner's outbox, a hospital's `all`). */
  'REFERRAL.BOX_NOT_ALLOWED': { status: 403, params: ['box'] },
  /** Funding requests (decision 0025): a draft's edit once submitted; legal moves only (params.allowed: the moves from `from`). */
  'FUNDING.NOT_DRAFT': { status: 409, params: ['status'] },
  'FUNDING.ILLEGAL_MOVE': { status: 409, params: ['from', 'move', 'allowed'] },
  /** Approving or returning a request is the head of social work's; nobody approves their own request. */
  'FUNDING.HEAD_ONLY': { status: 403, params: ['move'] },
  'FUNDING.OWN_REQUEST': { status: 403 },
  /** Withdrawing a request with a live pledge or money disbursed. */
  'FUNDING.HAS_PLEDGES': { status: 409, params: ['pledgedVnd', 'disbursedVnd'] },
  /**
   * Money (decision 0025): a pledge beyond what is left (params.leftVnd) or on a request no longer
   * open to pledges; a disbursement beyond its pledge (params.pledgedVnd); ending a pledge that is
   * no longer pending (params.state); reversing a disbursement that is not done (params.state).
   */
  'FUNDING.OVER_PLEDGE': { status: 409, params: ['leftVnd'] },
  'FUNDING.NOT_PLEDGEABLE': { status: 409, params: ['status'] },
  'FUNDING.OVER_DISBURSE': { status: 409, params: ['pledgedVnd'] },
  'PLEDGE.NOT_PENDING': { status: 409, params: ['state'] },
  'DISBURSEMENT.NOT_DONE': { status: 409, params: ['state'] },
  /** Idempotency-Key: reused with another body or route; the first request with it still running. */
  'IDEMPOTENCY.KEY_REUSED': { status: 422 },
  'IDEMPOTENCY.IN_FLIGHT': { status: 409 },
  /**
   * Stories (issue 12 point 2): text that could identify the patient (params.spans: kind, start, end,
   * text in the story text; params.titleSpans in the title); publishing needs a reviewed story and the
   * patient's publish-story consent in force; a story is written until the request is funded.
   */
  'STORY.IDENTIFYING': { status: 400, params: ['spans', 'titleSpans'] },
  'FUNDING.STORY_NOT_REVIEWED': { status: 409 },
  'FUNDING.NO_CONSENT': { status: 409, params: ['purpose'] },
  'FUNDING.STORY_LOCKED': { status: 409, params: ['status'] },
  /** Outcomes (issue 12 point 6): posted once something has been disbursed on the request. */
  'FUNDING.NOTHING_DISBURSED': { status: 409 },
  /** Receipts of a disbursement: not while the payment is still being recorded; at most params.max per payment. */
  'RECEIPT.NOT_PAID': { status: 409 },
  'RECEIPT.TOO_MANY': { status: 409, params: ['max'] },
  /** A claims export for reconciliation that cannot be read: the record (1 = the first episode; 0 the file) and its field, the line for a syntax error. */
  'RECONCILIATION.BAD_FILE': { status: 400, params: ['row', 'field', 'line'] },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Values a client may put into its sentence; never patient data (names, card numbers). */
export type ErrorParams = Record<string, string | number | readonly string[] | readonly ErrorParamItem[]>;
/** One item of a list param that is more than words: a story's offending span (STORY.IDENTIFYING). */
export type ErrorParamItem = Readonly<Record<string, string | number>>;

/**
 * One field's problem. `code` is a zod issue code (too_small, invalid_type, …) or one of
 * DETAIL_CODES; `params` carries its bounds (minimum, maximum, expected, …). `message` is the
 * English sentence for API users; the web client words `code` + `params` itself.
 */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
  params?: ErrorParams;
}

/**
 * Detail codes of the service's own checks (beyond zod's issue codes), each worded by the client.
 * Zod's own codes are listed too so the client's wording can be checked against one list.
 */
export const DETAIL_CODES = [
  // zod 4 issue codes
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
  // the service's own: a missing field (zod's invalid_type on undefined), body-parser's refusals
  'required',
  'malformed_json',
  'too_large',
  // free text with NUL, escape, DEL or other control characters (http/common-schemas.ts)
  'control_characters',
  // a paging cursor this API did not issue
  'invalid_cursor',
  // bodies: encodings (params.encoding)
  'bad_encoding',
  'unsupported_encoding',
  // users, tokens, passwords (params.role, params.resource, params.scope)
  'required_for_role',
  'not_allowed_for_role',
  'no_such_record',
  'contains_username',
  'same_as_current',
  'scope_not_grantable',
  // a hospital's FHIR link (params.authType)
  'required_to_enable',
  'required_for_auth_type',
  // screening: rule overrides, tiers, rule sets (params.minimum, params.day, params.from)
  'not_a_share',
  'whole_number',
  'no_rule_set',
  'unknown_finding_code',
  'day_in_past',
  // questionnaire answers (fhir-mappings/questionnaire-answers.ts)
  'unknown_question',
  'one_answer',
  'answered_twice',
  'wrong_questionnaire',
  // consent (server/features/consent): who gives it (params.belowAge, params.lacksCapacity), the child's agreement
  // (params.fromAge, params.belowAge), recipient for purpose (params.values), the signed form, days (params.day)
  'guardian_required',
  'patient_gives_own_consent',
  'child_agreement_required',
  'child_did_not_agree',
  'recipient_not_for_purpose',
  'own_hospital',
  'not_a_consent_form',
  'day_in_future',
  'before_given_on',
  // case attachments: the file's type by content (params.detected, params.extension), multipart fields after the file
  'type_not_allowed',
  'type_mismatch',
  'field_after_file',
  // cases: an assignee who is not an active social worker of the case's hospital
  'not_hospital_staff',
  // referrals: a service the recipient does not offer; a capacity answer or an outcome with a move that takes none
  'service_not_offered',
  'not_allowed',
  // funding stories and outcomes: words that could identify the patient (STORY.IDENTIFYING's params.spans)
  'identifying',
  // funding requests: a card without a benefit digit (the line must state the fund's share); lines that ask nothing
  'bhyt_share_unknown',
  'nothing_asked',
  // reconciliation: a claims export that is not 4210 XML or CSV of the claims fields (params.row, params.field, params.line)
  'claims_unreadable',
  // money (decision 0025): an amount written in exponent or decimal form (params.source), above FUNDING_MAX_VND (params.maximum)
  'money_form',
] as const;

export type DetailCode = (typeof DETAIL_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: ErrorDetail[], params?: ErrorParams): AppError =>
  new AppError(400, code, message, details, undefined, params);

export const validationFailed = (details: ErrorDetail[]): AppError =>
  new AppError(400, 'VALIDATION.FAILED', `Invalid input: ${details.map((d) => d.path).join(', ')}`, details);

export const unauthenticated = (message = 'Sign in required'): AppError =>
  new AppError(401, 'AUTH.UNAUTHENTICATED', message);

export const forbidden = (message = 'You are not allowed to do this'): AppError =>
  new AppError(403, 'AUTH.FORBIDDEN', message);

/** `resource` is an English noun ('User', 'Sync run'); the client words it from `params.resource`. */
export const notFound = (resource: string): AppError =>
  new AppError(404, 'NOT_FOUND', `${resource} not found`, undefined, undefined, { resource: resourceKey(resource) });

/** 'Sync run' → 'syncRun', 'API token' → 'apiToken': a stable key for the client's noun. */
function resourceKey(resource: string): string {
  const words = resource.split(/\s+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
}

export const conflict = (code: ErrorCode, message: string, params?: ErrorParams): AppError =>
  new AppError(409, code, message, undefined, undefined, params);

export const tooManyRequests = (code: ErrorCode, message: string, retryAfterSeconds: number): AppError =>
  new AppError(429, code, message, undefined, { 'Retry-After': String(retryAfterSeconds) }, { retryAfterSeconds });

/**
 * A hospital's FHIR server failed; the hospital is named so a user knows whom to call.
 * 504 when it timed out, 404 when it said the resource does not exist, 502 otherwise.
 * `transient` marks failures worth retrying later (down, timed out, 5xx), as opposed to
 * answers that will not change (wrong credentials, not R4, malformed data).
 */
export class UpstreamFhirError extends AppError {
  constructor(
    readonly hospitalCode: string,
    message: string,
    readonly timedOut = false,
    upstreamStatus?: number,
    readonly transient = false,
  ) {
    super(
      timedOut ? 504 : upstreamStatus === 404 ? 404 : 502,
      timedOut ? 'FHIR.UPSTREAM_TIMEOUT' : upstreamStatus === 404 ? 'FHIR.NOT_FOUND' : 'FHIR.UPSTREAM_ERROR',
      message,
      undefined,
      undefined,
      { hospital: hospitalCode },
    );
    this.name = 'UpstreamFhirError';
  }
}

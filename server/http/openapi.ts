import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { errorBodySchema } from './common-schemas.js';
import { POLICY } from './policy.js';
import type { RouteDef } from './route.js';

/**
 * OpenAPI 3.1, generated from the same zod schemas the routes validate with, so the document
 * cannot drift from the code. Served at /api/openapi.json, rendered at /api/docs.
 */
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBodySchema } } });

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 504;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input: details name each field path (also a corrupt compressed body, REQUEST.BAD_ENCODING)',
  401: 'Not signed in, or the API token is invalid',
  403: 'Not allowed for your role or tenant, or CSRF token missing',
  404: 'Not found (also when the record belongs to another tenant and its existence is sensitive)',
  409: 'Conflict with the current state (taken, already running, no longer active, FHIR link not set up)',
  413: 'Request body larger than BODY_LIMIT_KB (after decompression)',
  415: 'Unsupported Content-Encoding or charset',
  422: 'The Idempotency-Key was already used with another body or route (IDEMPOTENCY.KEY_REUSED)',
  429: 'Too many attempts: wait for Retry-After seconds',
  500: 'Unexpected error: quote the request id',
  502: "The hospital's FHIR server failed or answered something unreadable (the hospital is named)",
  504: "The hospital's FHIR server did not answer in time",
};

/** A route that calls a hospital's FHIR server while the caller waits. */
const FHIR: readonly ErrorStatus[] = [404, 409, 502, 504];

/**
 * What a route answers beyond what every route of its kind answers (see `errorStatuses`): conflicts,
 * throttling, a hospital's FHIR server. Keyed `METHOD /path`; a new route gets a row, even an empty
 * one (test/server/openapi.test.ts holds every mounted route to it).
 */
export const ROUTE_ANSWERS: Record<string, readonly ErrorStatus[]> = {
  'GET /auth/session': [],
  'POST /auth/login': [429],
  'POST /auth/logout': [],
  'POST /auth/password': [],
  'GET /auth/tokens': [],
  'POST /auth/tokens': [],
  'DELETE /auth/tokens/:id': [],
  'GET /admin/tokens': [],
  'DELETE /admin/tokens/:id': [],
  'GET /hospitals': [],
  'GET /hospitals/:id': [],
  'POST /hospitals': [409],
  'PATCH /hospitals/:id': [],
  'GET /hospitals/:id/screening-tiers': [],
  'POST /hospitals/:id/screening-tiers': [],
  'GET /organisations': [],
  'GET /organisations/:id': [],
  'POST /organisations': [409],
  'PATCH /organisations/:id': [409],
  'GET /users': [],
  'GET /users/:id': [],
  'POST /users': [409],
  'PATCH /users/:id': [],
  'GET /patients/search': FHIR,
  'GET /patients': [],
  'POST /patients': FHIR,
  'GET /patients/:id': [],
  'POST /patients/:id/resync': FHIR,
  'GET /patients/:id/matches': [],
  'GET /patients/:id/cases': [],
  // A case's timeline, notes (409 NOTE.LOCKED after 24 hours) and attachments (multipart upload; 413 over ATTACHMENT_MAX_BYTES);
  // 409 CASE.CLOSED: nothing is added to a closed case.
  'GET /cases/:id/timeline': [],
  'POST /cases/:id/notes': [409],
  'PATCH /cases/:id/notes/:noteId': [409],
  'POST /cases/:id/attachments': [409],
  'GET /cases/:id/attachments': [],
  'GET /cases/:id/attachments/:attachmentId/content': [],
  // Cases (decision 0020): 404 an unknown patient to open for; 409 CASE.ALREADY_OPEN, CASE.ILLEGAL_TRANSITION,
  // CASE.CLOSURE_PENDING, CASE.NO_CLOSURE_REQUEST, CASE.CLOSED (work on a closed case, or a move that lost a race).
  'POST /cases': [404, 409],
  'GET /cases': [],
  'GET /cases/:id': [],
  'PUT /cases/:id/assignee': [409],
  'POST /cases/:id/transitions': [409],
  'POST /cases/:id/needs': [409],
  'PATCH /cases/:id/needs/:needId': [409],
  'POST /cases/:id/goals': [409],
  'PATCH /cases/:id/goals/:goalId': [409],
  'POST /cases/:id/interventions': [409],
  'POST /cases/:id/closure-request': [409],
  'POST /cases/:id/closure-decision': [409],
  'GET /screening/questionnaire': [],
  'POST /patients/:id/screenings': [],
  'GET /patients/:id/screenings': [],
  'GET /worklist': [],
  'GET /flags/:id': [],
  'POST /flags/:id/review': [409],
  'POST /flags/:id/write-back/retry': [],
  'POST /hospitals/:id/sync': [409],
  'GET /sync-runs': [],
  'GET /sync-runs/:id': [],
  'GET /audit-events': [],
  'GET /audit-events/fhir': [],
  'GET /notifications': [],
  'POST /notifications/read-all': [],
  'POST /notifications/:id/read': [],
  'GET /admin/mailbox': [404],
  'GET /calendar': [],
  // Consent: 409 recording on a closed case (CASE.CLOSED), withdrawing twice (CONSENT.WITHDRAWN).
  'GET /cases/:id/consents': [],
  'POST /cases/:id/consents': [409],
  'POST /cases/:id/consents/:consentId/withdrawal': [409],
  'GET /cases/:id/elsewhere': [],
  // Referrals (decision 0024): 409 REFERRAL.ALREADY_LIVE, REFERRAL.NO_CONSENT, REFERRAL.ILLEGAL_TRANSITION (a move lost
  // a race or not legal from the state), REFERRAL.NOT_DRAFT, CASE.CLOSED; 403 REFERRAL.OTHER_SIDE, REFERRAL.BOX_NOT_ALLOWED.
  'POST /cases/:caseId/referrals': [409],
  'GET /cases/:caseId/referrals': [],
  'GET /referrals': [],
  'GET /referrals/:id': [],
  'PATCH /referrals/:id': [409],
  'POST /referrals/:id/transitions': [409],
  // A referral's thread (409 REFERRAL.NOT_SENT: a draft has none) and the overdue board.
  'GET /referrals/:id/comments': [],
  'POST /referrals/:id/comments': [409],
  'GET /referrals/overdue': [],
  // Who a case may be referred to: 404 a caseId that is not a case of the caller's hospital.
  'GET /referral-recipients': [404],
  // A shared document's bytes: 404 (from the path's id) when not shared with the caller now.
  'GET /referrals/:id/documents/:attachmentId/content': [],
  // Funding requests (issue 12 point 1, decision 0025): 409 CASE.CLOSED (a closed case), FUNDING.NOT_DRAFT, FUNDING.ILLEGAL_MOVE
  // (not legal from the state, or a move that lost a race), FUNDING.HAS_PLEDGES, FUNDING.STORY_NOT_REVIEWED, FUNDING.NO_CONSENT
  // (publishing); 403 FUNDING.HEAD_ONLY / FUNDING.OWN_REQUEST (the route's 403).
  'POST /cases/:caseId/funding-requests': [409],
  'POST /cases/:caseId/funding-requests/preview': [],
  'GET /cases/:caseId/funding-requests': [],
  'GET /funding-requests': [],
  'GET /funding-requests/:id': [],
  'PATCH /funding-requests/:id': [409],
  'POST /funding-requests/:id/moves': [409],
  // Stories and the marketplace (issue 12 point 2): 400 STORY.IDENTIFYING (spans); 409 FUNDING.STORY_LOCKED (funded already,
  // or changed meanwhile), FUNDING.STORY_NOT_REVIEWED (a listed story taken back to unreviewed).
  'PUT /funding-requests/:id/story': [409],
  'GET /marketplace': [],
  // Reconciliation with the claims (issue 12 point 5): 404 a hospital that does not exist (network staff name it);
  // a claims export that cannot be read is a 400 (RECONCILIATION.BAD_FILE), one over the upload limit a 413.
  'GET /reconciliation': [404],
  'POST /reconciliation/claims': [],
  // Outcomes, receipts, statements (issue 12 points 4 and 6): 409 FUNDING.NOTHING_DISBURSED (an outcome before any
  // disbursement), RECEIPT.NOT_PAID / RECEIPT.TOO_MANY; a receipt over the upload limit is a 413; 404 an organisation
  // that does not exist (network staff name it).
  'POST /funding-requests/:id/outcomes': [409],
  'POST /disbursements/:id/receipts': [409],
  'GET /disbursements/:id/receipts/:receiptId/content': [],
  'GET /statements': [404],
  // Pledges and disbursements (issue 12 points 3-4, decision 0025): money POSTs need an Idempotency-Key (400 without;
  // 422 IDEMPOTENCY.KEY_REUSED with another body; 409 IDEMPOTENCY.IN_FLIGHT while the first runs); 409
  // FUNDING.OVER_PLEDGE (leftVnd), FUNDING.NOT_PLEDGEABLE, FUNDING.OVER_DISBURSE (pledgedVnd), PLEDGE.NOT_PENDING,
  // DISBURSEMENT.NOT_DONE.
  'POST /funding-requests/:id/pledges': [409, 422],
  'POST /pledges/:id/cancel': [409, 422],
  'POST /pledges/:id/disbursements': [409, 422],
  'POST /disbursements/:id/reversal': [409, 422],
  'GET /pledges': [],
  'GET /pledges/:id': [],
  'GET /disbursements/:id': [],
  'GET /funding-requests/:id/ledger': [],
};

/**
 * Every error status a route can answer: 400 (every route validates its query, and its body),
 * 401 (a malformed or unknown bearer token, on any route), 403 (role, tenant, CSRF on writes), 404
 * (a path with an id), 413/415 (routes that read a body), 500, and its row of ROUTE_ANSWERS.
 */
export function errorStatuses(def: RouteDef): ErrorStatus[] {
  const publicRead = POLICY[def.action].roles === 'public' && def.method === 'get';
  const out = new Set<ErrorStatus>([400, 401, 500]);
  if (!publicRead) out.add(403);
  if (def.path.includes(':')) out.add(404);
  if (def.method !== 'get') {
    out.add(413);
    out.add(415);
  }
  for (const s of ROUTE_ANSWERS[`${def.method.toUpperCase()} ${def.path}`] ?? []) out.add(s);
  return [...out].sort((a, b) => a - b);
}

function operation(def: RouteDef): ZodOpenApiOperationObject {
  const rule = POLICY[def.action];
  const roles = rule.roles === 'public' ? 'anyone' : rule.roles.join(', ');
  const status = String(def.status ?? 200);
  const errors = Object.fromEntries(errorStatuses(def).map((s) => [String(s), errorResponse(ERROR_DESCRIPTIONS[s])]));
  return {
    operationId: `${def.method}${def.path.replace(/\/:?([a-zA-Z]+)/g, (_m, p: string) => p[0]?.toUpperCase() + p.slice(1))}`,
    summary: def.summary,
    description: `Action \`${def.action}\`; roles: ${roles}${rule.scope ? `; API-token scope \`${rule.scope}\`` : ''}.`,
    tags: [def.tag],
    ...(def.params || def.query ? { requestParams: { ...(def.params ? { path: def.params } : {}), ...(def.query ? { query: def.query } : {}) } } : {}),
    ...(def.body ? { requestBody: { required: true, content: { [def.media?.request ?? 'application/json']: { schema: def.body } } } } : {}),
    responses: {
      [status]:
        status === '204'
          ? { description: 'Done' }
          : def.media?.response
            ? { description: 'The file', content: Object.fromEntries(def.media.response.map((t) => [t, { schema: t === 'application/json' && def.response ? def.response : z.string().meta({ format: 'binary' }) }])) }
            : { description: 'OK', content: { 'application/json': { schema: def.response ?? z.unknown() } } },
      ...errors,
    },
  };
}

export function buildOpenApi(defs: RouteDef[], version: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const def of defs) {
    const path = `/api/v1${def.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`;
    paths[path] = { ...(paths[path] ?? {}), [def.method]: operation(def) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Nhịp Cầu API',
      version,
      description:
        'Hospital social-work platform. Cookie sessions need the x-csrf-token header (from GET /api/v1/auth/session) on writes; partner integrations use Bearer API tokens. Every answer is Cache-Control: no-store. A method a path does not have answers 405 with Allow (OPTIONS answers 204 with Allow).',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'nhipcau.sid' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  });
}

import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTE_ANSWERS } from '../../server/http/openapi.js';
import { POLICY } from '../../server/http/policy.js';
import type { RouteDef } from '../../server/http/route.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * The OpenAPI document is what an integrator (and the fuzzer) reads: it must list every status a
 * route can answer and every pattern validation enforces (issue 8, D21). The expectations below
 * come from reading the routes and services, not from the generator.
 */
const t = await startTestApp();
afterAll(async () => {
  await t.close();
});

type Json = Record<string, unknown>;
interface Operation {
  parameters?: { in: string; name: string; schema: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}

const doc = (await supertest(t.app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
const keyOf = (r: RouteDef): string => `${r.method.toUpperCase()} ${r.path}`;
const opOf = (r: RouteDef): Operation => {
  const op = doc.paths[`/api/v1${r.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`]?.[r.method];
  if (!op) throw new Error(`${keyOf(r)} is not in the document`);
  return op;
};
const routes = t.handle.routes;

// The money POSTs take an Idempotency-Key: reused with another body, 422 IDEMPOTENCY.KEY_REUSED.
const MONEY_POSTS = ['POST /funding-requests/:id/pledges', 'POST /pledges/:id/cancel', 'POST /pledges/:id/disbursements', 'POST /disbursements/:id/reversal'];
// Read from the services: who throws conflict(...), FHIR.NOT_CONFIGURED, or calls a hospital's FHIR server while the caller waits.
const CONFLICTS = ['POST /hospitals', 'POST /organisations', 'PATCH /organisations/:id', 'POST /users', 'POST /flags/:id/review', 'POST /hospitals/:id/sync', 'POST /cases/:id/notes', 'PATCH /cases/:id/notes/:noteId', 'POST /cases/:id/attachments',
  // Cases (decision 0020): CASE.ALREADY_OPEN, CASE.ILLEGAL_TRANSITION, CASE.CLOSURE_PENDING, CASE.NO_CLOSURE_REQUEST, CASE.CLOSED.
  'POST /cases', 'PUT /cases/:id/assignee', 'POST /cases/:id/transitions', 'POST /cases/:id/needs', 'PATCH /cases/:id/needs/:needId', 'POST /cases/:id/goals',
  'PATCH /cases/:id/goals/:goalId', 'POST /cases/:id/interventions', 'POST /cases/:id/closure-request', 'POST /cases/:id/closure-decision',
  // Consent (decision 0022): CASE.CLOSED for a new consent on a closed case, CONSENT.WITHDRAWN for a second withdrawal.
  'POST /cases/:id/consents', 'POST /cases/:id/consents/:consentId/withdrawal',
  // Referrals (decision 0024): REFERRAL.ALREADY_LIVE, NO_CONSENT, ILLEGAL_TRANSITION, NOT_DRAFT, CASE.CLOSED.
  'POST /cases/:caseId/referrals', 'PATCH /referrals/:id', 'POST /referrals/:id/transitions',
  // A referral's thread: REFERRAL.NOT_SENT (a draft has none).
  'POST /referrals/:id/comments',
  // Funding requests (decision 0025): CASE.CLOSED, FUNDING.NOT_DRAFT, FUNDING.ILLEGAL_MOVE, FUNDING.HAS_PLEDGES, publishing's conditions.
  'POST /cases/:caseId/funding-requests', 'PATCH /funding-requests/:id', 'POST /funding-requests/:id/moves',
  // Stories: FUNDING.STORY_NOT_REVIEWED (a published story set back to unreviewed), FUNDING.STORY_LOCKED (funded).
  'PUT /funding-requests/:id/story',
  // Outcomes and receipts: FUNDING.NOTHING_DISBURSED; RECEIPT.NOT_PAID, RECEIPT.TOO_MANY.
  'POST /funding-requests/:id/outcomes', 'POST /disbursements/:id/receipts',
  // Money (decision 0025): FUNDING.OVER_PLEDGE, NOT_PLEDGEABLE, OVER_DISBURSE, PLEDGE.NOT_PENDING, DISBURSEMENT.NOT_DONE, IDEMPOTENCY.IN_FLIGHT.
  ...MONEY_POSTS];
// A record named in the body or query (not the path) that may not exist or not be the caller's: the patient a case is
// opened for; the case whose consents the referral recipients carry; the hospital whose reconciliation network staff ask for;
// the organisation whose statement network staff ask for.
const BODY_RECORD = ['POST /cases', 'GET /referral-recipients', 'GET /reconciliation', 'GET /statements'];
const FHIR_WHILE_WAITING = ['GET /patients/search', 'POST /patients', 'POST /patients/:id/resync'];
const THROTTLED = ['POST /auth/login'];
// A feature that may be switched off answers 404 on its list: the demo capture mailbox.
const SWITCHABLE = ['GET /admin/mailbox'];

function expectedStatuses(r: RouteDef): string[] {
  const key = keyOf(r);
  const out = new Set([400, 401, 500]);
  if (!(POLICY[r.action].roles === 'public' && r.method === 'get')) out.add(403); // role, tenant or CSRF
  if (r.path.includes(':')) out.add(404);
  if (r.method !== 'get') [413, 415].forEach((s) => out.add(s)); // a body is read: too large, bad encoding
  if (CONFLICTS.includes(key)) out.add(409);
  if (FHIR_WHILE_WAITING.includes(key)) [404, 409, 502, 504].forEach((s) => out.add(s));
  if (THROTTLED.includes(key)) out.add(429);
  if (MONEY_POSTS.includes(key)) out.add(422);
  if (SWITCHABLE.includes(key) || BODY_RECORD.includes(key)) out.add(404);
  return [...out].map(String).sort();
}

describe('OpenAPI: statuses', () => {
  it('every mounted route has a row of its own answers, and no row is stale', () => {
    expect(routes.map(keyOf).filter((k) => !Object.hasOwn(ROUTE_ANSWERS, k)), 'routes without a row in ROUTE_ANSWERS').toEqual([]);
    const mounted = new Set(routes.map(keyOf));
    expect(Object.keys(ROUTE_ANSWERS).filter((k) => !mounted.has(k)), 'rows naming no route').toEqual([]);
  });

  it.each(routes.map((r) => [keyOf(r), r] as const))('%s lists every error status it can answer, each with the Error body', (_k, r) => {
    const op = opOf(r);
    const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400);
    expect(errors.sort()).toEqual(expectedStatuses(r));
    for (const s of errors) expect(op.responses[s]?.content?.['application/json']?.schema, s).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('every route documents its answer: a response schema (tests hold each answer to it, decision 0017), or 204 and no body', () => {
    expect(routes.filter((r) => r.status !== 204 && !r.response).map(keyOf), 'routes answering a body with no response schema').toEqual([]);
    expect(routes.filter((r) => r.status === 204 && r.response).map(keyOf), '204 routes declaring a body').toEqual([]);
    for (const r of routes.filter((x) => x.status !== 204)) {
      // JSON, or the media a streaming route declares (a file: binary in each of its types).
      const ok = Object.values(opOf(r).responses[String(r.status ?? 200)]?.content ?? {})[0]?.schema;
      expect(ok && Object.keys(ok).length > 0, `${keyOf(r)}: its success answer has a schema in the document`).toBe(true);
    }
  });

  it('the conflicts, the throttled sign-in and the FHIR routes are where the table says', () => {
    const with_ = (s: string): string[] => routes.filter((r) => Object.hasOwn(opOf(r).responses, s)).map(keyOf).sort();
    expect(with_('429')).toEqual(THROTTLED);
    expect(with_('502')).toEqual([...FHIR_WHILE_WAITING].sort());
    expect(with_('409')).toEqual([...CONFLICTS, ...FHIR_WHILE_WAITING].filter((k) => routes.some((r) => keyOf(r) === k)).sort());
  });
});

/** Names of inputs whose validation is a pattern: ids, dates and insurance or identity numbers (an OAuth clientId is the hospital's own text). */
const PATTERNED = /^(id|from|to|since)$|(?<!client)Id$|Date$|On$|From$|^bhyt$/;

/** Every string schema of an input, with its dotted name, through objects, arrays, unions and $refs. */
function strings(schema: Json | undefined, name: string, out: { name: string; schema: Json }[] = []): { name: string; schema: Json }[] {
  if (!schema) return out;
  if (typeof schema.$ref === 'string') return strings(doc.components.schemas[schema.$ref.split('/').pop() ?? ''], name, out);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const s of (schema[k] as Json[] | undefined) ?? []) strings(s, name, out);
  // An enum is its own (stricter) pattern: a case's next status `to` is one of a list, not a date.
  if (schema.type === 'string' && !schema.enum) out.push({ name, schema });
  if (schema.items) strings(schema.items as Json, name, out);
  for (const [k, v] of Object.entries((schema.properties as Record<string, Json> | undefined) ?? {})) strings(v, k, out);
  return out;
}

describe('OpenAPI: patterns', () => {
  const inputs = routes.flatMap((r) => {
    const op = opOf(r);
    const params = (op.parameters ?? []).flatMap((p) => strings(p.schema, p.name).map((s) => ({ ...s, where: `${p.in}.${s.name}` })));
    const body = strings(Object.values(op.requestBody?.content ?? {})[0]?.schema, 'body').map((s) => ({ ...s, where: `body.${s.name}` }));
    return [...params, ...body].filter((s) => PATTERNED.test(s.name)).map((s) => [keyOf(r), s.where, s.schema] as const);
  });

  it('the walk finds the ids, dates and BHYT numbers it is about', () => {
    const where = new Set(inputs.map(([k, w]) => `${k} ${w}`));
    for (const expected of ['GET /patients/:id path.id', 'GET /patients/search query.bhyt', 'GET /patients/search query.birthDate', 'GET /audit-events query.from', 'GET /audit-events query.actorId', 'GET /worklist query.since', 'POST /users body.hospitalId', 'POST /patients body.fhirId']) {
      expect(where, expected).toContain(expected);
    }
  });

  it.each(inputs)('%s %s carries the pattern validation enforces', (_k, _where, schema) => {
    expect(typeof schema.pattern, JSON.stringify(schema)).toBe('string');
    expect(() => new RegExp(schema.pattern as string, 'u')).not.toThrow();
  });

  it('the patterns are the ones validation uses: an id, a BHYT card with spaces, an ISO date-time', () => {
    const param = (path: string, name: string): RegExp => {
      const p = doc.paths[path]?.get?.parameters?.find((x) => x.name === name);
      return new RegExp(p?.schema.pattern as string, 'u');
    };
    const id = param('/api/v1/patients/{id}', 'id');
    expect(id.test('0123456789abcdef01234567')).toBe(true);
    expect(id.test('0123456789ABCDEF01234567')).toBe(false);
    const bhyt = param('/api/v1/patients/search', 'bhyt');
    for (const ok of ['HN4010031245678', 'hn 4 01 003 1245678', '0123456789', '012345678901']) expect(bhyt.test(ok), ok).toBe(true);
    for (const bad of ['GD41010031245', 'ABC123', 'HN40100312456789']) expect(bhyt.test(bad), bad).toBe(false);
    const from = param('/api/v1/audit-events', 'from');
    for (const ok of ['2026-01-31', '2026-01-31T17:00:00.000Z', '2026-02-01T00:00:00+07:00']) expect(from.test(ok), ok).toBe(true);
    for (const bad of ['31/01/2026', 'yesterday', '2026-1-5']) expect(from.test(bad), bad).toBe(false);
  });
});

import { Types } from 'mongoose';
import { vietnamToday } from '../../clock.js';
import { notFound } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { findUser } from '../admin/users.service.js';
import { assertCaseOpenForWork, findCase, type CaseRecord } from '../cases/cases.service.js';
import type { ConsentRecord } from './consent.model.js';
import { consentBodySchema, consentListSchema, consentParams, consentSchema, withdrawalBodySchema, type Consent } from './consent.schemas.js';
import { consentsOfCase, recordConsent, withdrawConsent, type RecordContext } from './consent.service.js';
import { toConsentView } from './consent.view.js';

/**
 * The consent panel's API (issue 10, point 4): a case's consents, newest first; record one;
 * withdraw one. Only the social-work staff of the case's hospital, by tenancy: a relationship that
 * lets another hospital read the case does not open its consents (`tenancyOnly`).
 */
async function loadCase(id: string, ctx: RequestContext): Promise<CaseRecord> {
  const c = await findCase(id);
  if (!c) throw notFound('Case');
  await ctx.authorize({ _id: c._id, hospitalId: c.hospitalId }, 'case', id, { tenancyOnly: true });
  return c;
}

async function viewsOf(records: ConsentRecord[], now: Date): Promise<Consent[]> {
  const ids = new Set(records.flatMap((r) => [r.recordedBy, ...(r.withdrawal ? [r.withdrawal.recordedBy] : [])]));
  const names = new Map<string, string | null>();
  for (const id of ids) names.set(id, Types.ObjectId.isValid(id) ? ((await findUser(id))?.displayName ?? null) : null);
  return records.map((r) => toConsentView(r, names, now));
}

function recordContext(ctx: RequestContext): RecordContext {
  return { by: ctx.principal?.userId ?? '', now: ctx.clock.now(), today: vietnamToday(ctx.clock), log: ctx.log };
}

const audited = (ctx: RequestContext, action: string, c: CaseRecord, consentId: string | null): Promise<void> =>
  ctx.audit({ action, resourceType: 'consent', resourceId: consentId ?? c._id.toHexString(), patientId: c.patientId.toHexString(), tenant: { hospitalId: c.hospitalId.toHexString() } });

export const consentRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/cases/:id/consents',
    action: 'consent.list',
    tag: 'consent',
    summary: "A case's consents, newest first: every one ever recorded, each with its status now and what it allows",
    params: idParams,
    response: consentListSchema,
    handler: async ({ params }, ctx) => {
      const c = await loadCase(params.id, ctx);
      const rows = await consentsOfCase(c._id);
      await audited(ctx, 'consent.list', c, null);
      return { data: await viewsOf(rows, ctx.clock.now()) };
    },
  }),
  route({
    method: 'post',
    path: '/cases/:id/consents',
    action: 'consent.record',
    tag: 'consent',
    summary: 'Records a consent per purpose and recipient: who gave it (a guardian for a child under 16), how (signed form or verbal with a witness), when, until when',
    params: idParams,
    body: consentBodySchema,
    response: consentSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      const c = await loadCase(params.id, ctx);
      assertCaseOpenForWork(c);
      const saved = await recordConsent(c, body, recordContext(ctx));
      await audited(ctx, 'consent.record', c, saved._id.toHexString());
      return (await viewsOf([saved], ctx.clock.now()))[0];
    },
  }),
  route({
    method: 'post',
    path: '/cases/:id/consents/:consentId/withdrawal',
    action: 'consent.withdraw',
    tag: 'consent',
    summary: "Records the patient's withdrawal of a consent: in effect at once (the next request relying on it is refused); 409 if already withdrawn",
    params: consentParams,
    body: withdrawalBodySchema,
    response: consentSchema,
    handler: async ({ params, body }, ctx) => {
      // A closed case's consents can still be withdrawn: the patient's right does not end with the case.
      const c = await loadCase(params.id, ctx);
      const saved = await withdrawConsent(c, params.consentId, body, recordContext(ctx));
      await audited(ctx, 'consent.withdraw', c, saved._id.toHexString());
      return (await viewsOf([saved], ctx.clock.now()))[0];
    },
  }),
];

import { Types } from 'mongoose';
import { z } from 'zod';
import type { AccessRecord } from '../../access/relationships.js';
import { forbidden, notFound } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { idempotencyKey, idFromKey, withIdempotency, type Answer } from '../../http/idempotency.js';
import { assertMoneyForms } from '../../http/money-json.js';
import type { Principal } from '../../http/policy.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { pledgeBody, pledgeListQuery, pledgeListSchema, pledgeSchema } from './funding.schemas.js';
import { findFundingRequest } from './funding.service.js';
import { listPledges } from './pledges.list.js';
import type { PledgeRecord } from './pledges.model.js';
import { cancelPledge, createPledge, findPledge } from './pledges.service.js';
import { toPledgeView, toPledgeViews } from './pledges.view.js';

/**
 * Pledges (issue 12 point 3, decision 0025): a charity partner pledges to a listed request and
 * cancels its own pending pledge (both need an Idempotency-Key: a retry answers the first answer
 * and moves nothing); partners list and read their organisation's pledges, the request's hospital
 * staff theirs (relationship funding.request-hospital), coordinators all. Reads are audited (ids).
 */
const tag = 'pledge';

export const who = (ctx: RequestContext): Principal => {
  if (!ctx.principal) throw forbidden();
  return ctx.principal;
};

/** Idempotency keys belong to the caller's organisation, hospital, or (network staff) the person. */
export function keyScope(p: Principal, route: string): { scope: string; route: string } {
  const scope = p.organisationId ? `organisation:${p.organisationId}` : p.hospitalId ? `hospital:${p.hospitalId}` : `user:${p.userId}`;
  return { scope, route };
}

export async function loadPledge(id: string, ctx: RequestContext): Promise<PledgeRecord> {
  const p = await findPledge(id);
  if (!p) throw notFound('Pledge');
  await ctx.authorize(p as unknown as AccessRecord, tag, id);
  return p;
}

async function pledgeAnswer(p: PledgeRecord, ctx: RequestContext, action: string, status: number): Promise<Answer> {
  await ctx.audit({ action, resourceType: tag, resourceId: p._id.toHexString(), tenant: { hospitalId: p.hospitalId.toHexString(), organisationId: p.organisationId.toHexString() } });
  return { status, body: await toPledgeView(p, who(ctx)) };
}

/** Sends what withIdempotency answered (the first answer again on a retry). */
function send(ctx: RequestContext, a: Answer): unknown {
  ctx.res.status(a.status);
  return a.body;
}

export const pledgeRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/funding-requests/:id/pledges',
    action: 'pledge.create',
    tag,
    summary:
      'A charity partner pledges an amount to a listed request (Idempotency-Key header required): 409 FUNDING.OVER_PLEDGE (params.leftVnd) beyond what is left; 404 when the request is not on the marketplace',
    params: idParams,
    body: pledgeBody,
    response: pledgeSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      assertMoneyForms(ctx.req);
      const p = who(ctx);
      const key = idempotencyKey(ctx);
      const scope = keyScope(p, `pledge.create:${params.id}`);
      const r = await findFundingRequest(params.id);
      if (!r || !p.organisationId) throw notFound('Funding request');
      const organisationId = new Types.ObjectId(p.organisationId);
      const answer = await withIdempotency(ctx, key, scope, async () => {
        const pledge = await createPledge(r, { pledgeId: idFromKey(scope, key), amountVnd: body.amountVnd, note: body.note ?? null, organisationId, by: p.userId, now: ctx.clock.now() });
        return pledgeAnswer(pledge, ctx, 'pledge.create', 201);
      });
      return send(ctx, answer);
    },
  }),
  route({
    method: 'post',
    path: '/pledges/:id/cancel',
    action: 'pledge.cancel',
    tag,
    summary: 'The pledging partner cancels its pending pledge (Idempotency-Key required); the amount returns to the request. 409 PLEDGE.NOT_PENDING otherwise',
    params: idParams,
    body: z.object({}).strict(),
    response: pledgeSchema,
    handler: async ({ params }, ctx) => {
      const key = idempotencyKey(ctx);
      const pledge = await loadPledge(params.id, ctx);
      const answer = await withIdempotency(ctx, key, keyScope(who(ctx), `pledge.cancel:${params.id}`), async () => {
        const ended = await cancelPledge(pledge, who(ctx).userId, ctx.clock.now());
        return pledgeAnswer(ended, ctx, 'pledge.cancel', 200);
      });
      return send(ctx, answer);
    },
  }),
  route({
    method: 'get',
    path: '/pledges',
    action: 'pledge.list',
    tag,
    summary: 'Pledges: a partner its organisation’s, hospital staff those to their hospital’s requests, coordinators all; newest first',
    query: pledgeListQuery,
    response: pledgeListSchema,
    handler: async ({ query }, ctx) => {
      const page = await listPledges(await ctx.listFilter(), query);
      await ctx.audit({ action: 'pledge.list', resourceType: tag, reason: `${page.data.length} pledges: ${page.data.map((p) => p._id.toHexString()).join(',')}`.slice(0, 2000) });
      return { data: await toPledgeViews(page.data, who(ctx)), nextCursor: page.nextCursor, total: page.total };
    },
  }),
  route({
    method: 'get',
    path: '/pledges/:id',
    action: 'pledge.read',
    tag,
    summary: 'One pledge with its disbursement',
    params: idParams,
    response: pledgeSchema,
    handler: async ({ params }, ctx) => (await pledgeAnswer(await loadPledge(params.id, ctx), ctx, 'pledge.read', 200)).body,
  }),
];

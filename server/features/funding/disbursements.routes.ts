import type { AccessRecord } from '../../access/relationships.js';
import { notFound } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { idempotencyKey, idFromKey, withIdempotency, type Answer } from '../../http/idempotency.js';
import { assertMoneyForms } from '../../http/money-json.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { findDisbursement, createDisbursement, reverseDisbursement } from './disbursements.service.js';
import { disbursementBody, disbursementSchema, reversalBody } from './funding.schemas.js';
import type { DisbursementRecord } from './pledges.model.js';
import { keyScope, loadPledge, who } from './pledges.routes.js';
import { toDisbursementAnswer } from './receipts.view.js';

/**
 * Disbursements (issue 12 point 4, decision 0025): the pledging partner records what it paid
 * (Idempotency-Key required: a retry pays nothing twice) and reverses a mistaken one; the partner,
 * the request's hospital staff (relationship funding.request-hospital) and coordinators read them.
 */
const tag = 'disbursement';

async function loadDisbursement(id: string, ctx: RequestContext): Promise<DisbursementRecord> {
  const d = await findDisbursement(id);
  if (!d) throw notFound('Disbursement');
  await ctx.authorize(d as unknown as AccessRecord, tag, id);
  return d;
}

async function answer(d: DisbursementRecord, ctx: RequestContext, action: string, status: number): Promise<Answer> {
  await ctx.audit({ action, resourceType: tag, resourceId: d._id.toHexString(), tenant: { hospitalId: d.hospitalId.toHexString(), organisationId: d.organisationId.toHexString() } });
  return { status, body: await toDisbursementAnswer(d) };
}

function send(ctx: RequestContext, a: Answer): unknown {
  ctx.res.status(a.status);
  return a.body;
}

export const disbursementRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/pledges/:id/disbursements',
    action: 'disbursement.create',
    tag,
    summary:
      'The pledging partner records a payment of all or part of its pending pledge (Idempotency-Key required); the rest returns to the request. 409 FUNDING.OVER_DISBURSE (params.pledgedVnd) beyond the pledge, PLEDGE.NOT_PENDING when it has ended; cash needs a witness, a supplier its name',
    params: idParams,
    body: disbursementBody,
    response: disbursementSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      assertMoneyForms(ctx.req);
      const key = idempotencyKey(ctx);
      const pledge = await loadPledge(params.id, ctx);
      const scope = keyScope(who(ctx), `disbursement.create:${params.id}`);
      const a = await withIdempotency(ctx, key, scope, async () => {
        const d = await createDisbursement(pledge, { disbursementId: idFromKey(scope, key), body, by: who(ctx).userId, now: ctx.clock.now() });
        return answer(d, ctx, 'disbursement.create', 201);
      });
      return send(ctx, a);
    },
  }),
  route({
    method: 'post',
    path: '/disbursements/:id/reversal',
    action: 'disbursement.reverse',
    tag,
    summary: 'The partner reverses a mistaken disbursement by new transfers (Idempotency-Key required): the amount returns to the request, which can be pledged again. 409 DISBURSEMENT.NOT_DONE',
    params: idParams,
    body: reversalBody,
    response: disbursementSchema,
    handler: async ({ params, body }, ctx) => {
      const key = idempotencyKey(ctx);
      const d = await loadDisbursement(params.id, ctx);
      const a = await withIdempotency(ctx, key, keyScope(who(ctx), `disbursement.reverse:${params.id}`), async () => {
        const reversed = await reverseDisbursement(d, body.reason, who(ctx).userId, ctx.clock.now());
        return answer(reversed, ctx, 'disbursement.reverse', 200);
      });
      return send(ctx, a);
    },
  }),
  route({
    method: 'get',
    path: '/disbursements/:id',
    action: 'disbursement.read',
    tag,
    summary: 'One disbursement with its receipts',
    params: idParams,
    response: disbursementSchema,
    handler: async ({ params }, ctx) => (await answer(await loadDisbursement(params.id, ctx), ctx, 'disbursement.read', 200)).body,
  }),
];

import type { AccessRecord } from '../../../access/relationships.js';
import { notFound } from '../../../errors.js';
import { idParams } from '../../../http/common-schemas.js';
import { route, type RouteDef } from '../../../http/route.js';
import { ledgerViewSchema } from '../funding.schemas.js';
import { findFundingRequest } from '../funding.service.js';
import { ledgerViewOf } from './ledger.view.js';

/** The request's ledger (decision 0025): its hospital's staff and network staff; audited with the request's id. */
export const ledgerRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/funding-requests/:id/ledger',
    action: 'funding.ledger.read',
    tag: 'funding',
    summary: 'Every transfer of the request (oldest first) and the balance of each account it touched (they sum to 0)',
    params: idParams,
    response: ledgerViewSchema,
    handler: async ({ params }, ctx) => {
      const r = await findFundingRequest(params.id);
      if (!r) throw notFound('Funding request');
      await ctx.authorize(r as unknown as AccessRecord, 'funding', params.id);
      await ctx.audit({ action: 'funding.ledger.read', resourceType: 'funding', resourceId: params.id, tenant: { hospitalId: r.hospitalId.toHexString() } });
      return ledgerViewOf(r);
    },
  }),
];

import { forbidden } from '../../errors.js';
import { route, type RouteDef } from '../../http/route.js';
import { marketplaceListSchema, marketplaceQuery } from './funding.schemas.js';
import './funding.relationships.js';
import { listMarketplace, toMarketplaceItems } from './marketplace.js';

/**
 * GET /marketplace (issue 12 point 2): the requests partners may fund now, de-identified, with
 * filters and sorts. Charity partners and network staff; the list is audited with the requests'
 * ids (no patient is named: none is shown).
 */
const tag = 'funding-request';

export const marketplaceRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/marketplace',
    action: 'marketplace.list',
    tag,
    summary:
      'The requests open to pledges now (story listed, the patient’s publish-story consent in force): filters province, ageBand, need, urgency, minLeftVnd/maxLeftVnd; sort needed-by (default), left-asc, left-desc, newest; keyset pages with the total',
    query: marketplaceQuery,
    response: marketplaceListSchema,
    handler: async ({ query }, ctx) => {
      if (!ctx.principal) throw forbidden();
      const page = await listMarketplace(query, ctx.clock);
      const ids = page.rows.map((x) => x.r._id.toHexString());
      await ctx.audit({ action: 'marketplace.list', resourceType: tag, resourceId: null, reason: `${ids.length} of ${page.total}: ${ids.join(',')}`.slice(0, 2000) });
      return { data: await toMarketplaceItems(page.rows), nextCursor: page.nextCursor, total: page.total };
    },
  }),
];

import type { AccessRecord } from '../../access/relationships.js';
import { forbidden, notFound } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { outcomeBody, outcomeSchema } from './funding.schemas.js';
import { findFundingRequest } from './funding.service.js';
import { postOutcome, toOutcomeView } from './outcomes.js';
// The partners' notifications of an outcome register at import.
import './outcomes.notify.js';

/**
 * POST /funding-requests/:id/outcomes (issue 12 point 6): the request's hospital staff post a
 * de-identified outcome update, screened like a story, once something has been disbursed. The
 * partners read it in the request's detail (`outcomes`) and in their statements.
 */
const tag = 'funding-request';

export const outcomeRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/funding-requests/:id/outcomes',
    action: 'funding.outcome.create',
    tag,
    summary:
      'Posts a de-identified outcome update on a funding request (its hospital staff): screened for names, ID numbers, phones, exact dates and addresses (400 STORY.IDENTIFYING with the spans); only once a pledge has been disbursed (409 FUNDING.NOTHING_DISBURSED). The partners that pledged are notified',
    params: idParams,
    body: outcomeBody,
    response: outcomeSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      if (!ctx.principal) throw forbidden();
      const r = await findFundingRequest(params.id);
      if (!r) throw notFound('Funding request');
      // Writing is the own hospital's: a relationship that lets a partner read the request opens no write.
      await ctx.authorize(r as unknown as AccessRecord, tag, params.id, { tenancyOnly: true });
      const outcome = await postOutcome(r, body.text, ctx.principal.userId, ctx.clock.now());
      await ctx.audit({ action: 'funding.outcome.create', resourceType: 'funding-outcome', resourceId: outcome._id.toHexString(), patientId: r.patientId.toHexString(), tenant: { hospitalId: r.hospitalId.toHexString() } });
      return toOutcomeView(outcome);
    },
  }),
];

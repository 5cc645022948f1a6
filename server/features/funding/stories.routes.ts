import type { AccessRecord } from '../../access/relationships.js';
import { forbidden, notFound } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { fundingDetailSchema, storyBody } from './funding.schemas.js';
import { findFundingRequest, toFundingDetail } from './funding.service.js';
// The partners' access to listed requests and the hospital's to the money on them register at import.
import './funding.relationships.js';
import { saveStory } from './stories.js';

/**
 * The story of a funding request (issue 12 point 2): written and reviewed by the social-work staff
 * of the request's hospital (tenancy only: no relationship opens a write), screened for what could
 * identify the patient (400 STORY.IDENTIFYING with the spans), until partners start funding it.
 */
const tag = 'funding-request';

export const storyRoutes: RouteDef[] = [
  route({
    method: 'put',
    path: '/funding-requests/:id/story',
    action: 'funding.story.write',
    tag,
    summary:
      'Writes or revises the de-identified story (title, text, diagnosis group, reviewed): the text is screened for names, ID and card numbers, phones, exact dates, addresses and e-mails (400 STORY.IDENTIFYING, params.spans with their positions); age band, province and needs come from the record; from draft to published (409 FUNDING.STORY_LOCKED after)',
    params: idParams,
    body: storyBody,
    response: fundingDetailSchema,
    handler: async ({ params, body }, ctx) => {
      if (!ctx.principal) throw forbidden();
      const r = await findFundingRequest(params.id);
      if (!r) throw notFound('Funding request');
      await ctx.authorize(r as unknown as AccessRecord, tag, params.id, { tenancyOnly: true });
      const saved = await saveStory(r, body, ctx.principal.userId, ctx.clock.now(), ctx.log);
      await ctx.audit({ action: 'funding.story.write', resourceType: tag, resourceId: params.id, patientId: r.patientId.toHexString(), tenant: { hospitalId: r.hospitalId.toHexString() } });
      return toFundingDetail(saved, ctx.principal, ctx);
    },
  }),
];

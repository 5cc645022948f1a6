import { z } from 'zod';
import type { AccessRecord } from '../../access/relationships.js';
import { forbidden, notFound } from '../../errors.js';
import { idParams, objectId } from '../../http/common-schemas.js';
import { assertMoneyForms } from '../../http/money-json.js';
import type { Principal } from '../../http/policy.js';
import { route, type AuthorizeOptions, type RequestContext, type RouteDef } from '../../http/route.js';
import { caseTenant, findCase, type CaseRecord } from '../cases/cases.service.js';
import { listFundingRequests } from './funding.list.js';
import type { FundingRequestRecord } from './funding.model.js';
import { fundingPatchBody, fundingPreviewSchema } from './funding-requests.schemas.js';
import { fundingCreateBody, fundingDetailSchema, fundingListQuery, fundingListSchema, fundingMoveBody, fundingSummarySchema, type FundingDetail } from './funding.schemas.js';
import { createFundingRequest, findFundingRequest, fundingRequestsOfCase, previewFundingRequest, updateFundingDraft } from './funding.service.js';
import { toFundingDetail, toFundingSummaries, viewerOf } from './funding.view.js';
import { moveFundingRequest } from './funding.workflow.js';
// The case timeline's funding entries register at import; so do the partners' relationship rules (funding.read while
// listed or pledged: stories' funding.relationships.ts), which GET /funding-requests/:id asks.
import './funding.relationships.js';
import './funding.timeline.js';

/**
 * The funding requests API (issue 12 point 1, decision 0025): create from a case (and preview the
 * BHYT split), the case's list, read in the viewer's view, edit a draft, move, the hospital's list
 * and the head's approval queue. Every read is audited (ids only; the patient's id where the
 * caller is the request's hospital).
 */
const tag = 'funding-request';
const caseParams = z.object({ caseId: objectId }).strict();

const who = (ctx: RequestContext): Principal => {
  if (!ctx.principal) throw forbidden();
  return ctx.principal;
};

/** The request, if the policy lets the caller reach it (tenancy: its hospital; partners by the stories' relationship rules). */
async function loadRequest(id: string, ctx: RequestContext, opts: AuthorizeOptions = {}): Promise<FundingRequestRecord> {
  const r = await findFundingRequest(id);
  if (!r) throw notFound('Funding request');
  await ctx.authorize(r as unknown as AccessRecord, tag, id, opts);
  return r;
}

/** The hospital's own case (404 for another hospital's, like a missing one). */
async function loadOwnCase(caseId: string, ctx: RequestContext): Promise<CaseRecord> {
  const c = await findCase(caseId);
  if (!c) throw notFound('Case');
  await ctx.authorize(caseTenant(c), 'case', caseId, { tenancyOnly: true });
  return c;
}

async function answer(r: FundingRequestRecord, ctx: RequestContext, action: string): Promise<FundingDetail> {
  const principal = who(ctx);
  const own = viewerOf(principal, r) === 'hospital';
  await ctx.audit({
    action,
    resourceType: tag,
    resourceId: r._id.toHexString(),
    ...(own ? { patientId: r.patientId.toHexString() } : {}),
    tenant: { hospitalId: r.hospitalId.toHexString() },
  });
  return toFundingDetail(r, principal, ctx);
}

const caseFundingRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/cases/:caseId/funding-requests',
    action: 'funding.create',
    tag,
    summary:
      'A funding request of the case, as a draft: lines (hospital fees split with BHYT by the patient’s card on the service day, or as the bill states; other kinds asked in full), needed-by day, urgency, justification, the case’s documents; 409 CASE.CLOSED on a closed case',
    params: caseParams,
    body: fundingCreateBody,
    response: fundingDetailSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      assertMoneyForms(ctx.req);
      const c = await loadOwnCase(params.caseId, ctx);
      return answer(await createFundingRequest(c, body, who(ctx).userId, ctx.clock.now()), ctx, 'funding.create');
    },
  }),
  route({
    method: 'post',
    path: '/cases/:caseId/funding-requests/preview',
    action: 'funding.create',
    tag,
    summary: 'The BHYT split and the amount a request with these lines would ask, for the editor (nothing stored)',
    params: caseParams,
    body: fundingCreateBody,
    response: fundingPreviewSchema,
    handler: async ({ params, body }, ctx) => {
      assertMoneyForms(ctx.req);
      const c = await loadOwnCase(params.caseId, ctx);
      await ctx.audit({ action: 'funding.preview', resourceType: tag, resourceId: null, patientId: c.patientId.toHexString(), reason: `case ${params.caseId}` });
      return previewFundingRequest(c, body, ctx.clock.now());
    },
  }),
  route({
    method: 'get',
    path: '/cases/:caseId/funding-requests',
    action: 'funding.case-list',
    tag,
    summary: 'The case’s funding requests, newest first (the case page)',
    params: caseParams,
    response: z.object({ data: z.array(fundingSummarySchema) }),
    handler: async ({ params }, ctx) => {
      const c = await loadOwnCase(params.caseId, ctx);
      const rows = await fundingRequestsOfCase(c._id);
      await ctx.audit({ action: 'funding.case-list', resourceType: tag, resourceId: null, patientId: c.patientId.toHexString(), reason: `${rows.length} of case ${params.caseId}` });
      return { data: await toFundingSummaries(rows, who(ctx), ctx) };
    },
  }),
];

export const fundingRequestRoutes: RouteDef[] = [
  ...caseFundingRoutes,
  route({
    method: 'get',
    path: '/funding-requests',
    action: 'funding.list',
    tag,
    summary: 'The hospital’s funding requests (network staff: the network’s), newest change first, with filters; `view=queue`: the submitted ones awaiting approval, oldest first',
    query: fundingListQuery,
    response: fundingListSchema,
    handler: async ({ query }, ctx) => {
      const principal = who(ctx);
      const page = await listFundingRequests(await ctx.listFilter(), query);
      const own = page.data.filter((r) => viewerOf(principal, r) === 'hospital');
      await ctx.audit({ action: 'funding.list', resourceType: tag, reason: `${query.view ?? 'all'}: ${page.data.length} of ${page.total}`, patientIds: own.map((r) => r.patientId.toHexString()) });
      return { data: await toFundingSummaries(page.data, principal, ctx), nextCursor: page.nextCursor, total: page.total };
    },
  }),
  route({
    method: 'get',
    path: '/funding-requests/:id',
    action: 'funding.read',
    tag,
    summary:
      'A funding request in the viewer’s view: the hospital sees the patient, lines and justification; a charity partner the story (while listed) and the money, never the patient; network staff all but the patient; `can` lists what the caller may do now',
    params: idParams,
    response: fundingDetailSchema,
    handler: async ({ params }, ctx) => answer(await loadRequest(params.id, ctx), ctx, 'funding.read'),
  }),
  route({
    method: 'patch',
    path: '/funding-requests/:id',
    action: 'funding.update',
    tag,
    summary: 'Changes a draft request (lines recomputed with the card on their service day); 409 FUNDING.NOT_DRAFT once submitted',
    params: idParams,
    body: fundingPatchBody,
    response: fundingDetailSchema,
    handler: async ({ params, body }, ctx) => {
      assertMoneyForms(ctx.req);
      const r = await loadRequest(params.id, ctx, { tenancyOnly: true });
      const c = await findCase(r.caseId.toHexString());
      if (!c) throw notFound('Case');
      return answer(await updateFundingDraft(r, c, body, who(ctx).userId, ctx.clock.now()), ctx, 'funding.update');
    },
  }),
  route({
    method: 'post',
    path: '/funding-requests/:id/moves',
    action: 'funding.move',
    tag,
    summary:
      'Moves a request: submit, return (head, reason), approve (head, not one’s own), publish (reviewed story, consent in force), unpublish (reason), withdraw (reason; no live pledge), close; 409 FUNDING.ILLEGAL_MOVE names the moves still open, 403 FUNDING.HEAD_ONLY / FUNDING.OWN_REQUEST, 409 FUNDING.HAS_PLEDGES',
    params: idParams,
    body: fundingMoveBody,
    response: fundingDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const r = await loadRequest(params.id, ctx, { tenancyOnly: true });
      return answer(await moveFundingRequest(r, body, who(ctx), ctx.clock.now()), ctx, 'funding.move');
    },
  }),
];

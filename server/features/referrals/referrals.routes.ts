import { z } from 'zod';
import type { AccessRecord } from '../../access/relationships.js';
import { vietnamToday } from '../../clock.js';
import { forbidden, notFound } from '../../errors.js';
import { idParams, objectId } from '../../http/common-schemas.js';
import type { Principal } from '../../http/policy.js';
import { route, type AuthorizeOptions, type RequestContext, type RouteDef } from '../../http/route.js';
import { caseTenant, findCase, type CaseRecord } from '../cases/cases.service.js';
import { listReferrals } from './referrals.list.js';
import type { ReferralRecord } from './referrals.model.js';
import { findReferral, referralSideOf } from './referrals.records.js';
import {
  referralCreateBody,
  referralDetailSchema,
  referralListQuery,
  referralListSchema,
  referralSummarySchema,
  referralTransitionBody,
  referralUpdateBody,
  type ReferralDetail,
} from './referrals.schemas.js';
import { createReferral, referralsOfCase, updateDraft } from './referrals.service.js';
import { referralDocumentRoutes } from './referrals.documents.js';
import { toReferralDetail, toReferralSummaries } from './referrals.view.js';
import { transitionReferral } from './referrals.workflow.js';

/**
 * The referrals API (issue 11 points 1–2, decision 0024): create from a case, the case's list, read
 * (in the caller's side's view), edit a draft, move, and the boxes. Every read is audited with the
 * patient's id where the caller is the sender's hospital (ids only).
 */
const tag = 'referral';
const caseParams = z.object({ caseId: objectId }).strict();

const who = (ctx: RequestContext): Principal => {
  if (!ctx.principal) throw forbidden();
  return ctx.principal;
};

/** The referral, if the policy lets the caller reach it (tenancy: the sender's hospital; or the receiver's relationship). */
async function loadReferral(id: string, ctx: RequestContext, opts: AuthorizeOptions = {}): Promise<ReferralRecord> {
  const r = await findReferral(id);
  if (!r) throw notFound('Referral');
  await ctx.authorize(r as unknown as AccessRecord, tag, id, opts);
  return r;
}

/** The sender's own case (404 for another hospital's, like a missing one). */
async function loadOwnCase(caseId: string, ctx: RequestContext): Promise<CaseRecord> {
  const c = await findCase(caseId);
  if (!c) throw notFound('Case');
  await ctx.authorize(caseTenant(c), 'case', caseId, { tenancyOnly: true });
  return c;
}

async function answer(r: ReferralRecord, ctx: RequestContext, action: string): Promise<ReferralDetail> {
  const principal = who(ctx);
  const sender = referralSideOf(principal, r) === 'sender';
  await ctx.audit({
    action,
    resourceType: tag,
    resourceId: r._id.toHexString(),
    ...(sender ? { patientId: r.patientId.toHexString() } : {}),
    tenant: { hospitalId: r.hospitalId.toHexString() },
  });
  return toReferralDetail(r, principal, ctx);
}

const caseReferralRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/cases/:caseId/referrals',
    action: 'referral.create',
    tag,
    summary:
      'Refers the case to another network hospital or an organisation: a draft, or sent at once (send: true, the patient’s consent to the recipient needed); 409 REFERRAL.ALREADY_LIVE (params.referralId) when one to the same recipient is a draft or live',
    params: caseParams,
    body: referralCreateBody,
    response: referralDetailSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      const c = await loadOwnCase(params.caseId, ctx);
      return answer(await createReferral(c, body, who(ctx).userId, ctx.clock.now()), ctx, 'referral.create');
    },
  }),
  route({
    method: 'get',
    path: '/cases/:caseId/referrals',
    action: 'referral.case-list',
    tag,
    summary: 'The case’s referrals, newest first (the sender’s case page)',
    params: caseParams,
    response: z.object({ data: z.array(referralSummarySchema) }),
    handler: async ({ params }, ctx) => {
      const c = await loadOwnCase(params.caseId, ctx);
      const rows = await referralsOfCase(c._id);
      await ctx.audit({ action: 'referral.case-list', resourceType: tag, resourceId: null, patientId: c.patientId.toHexString(), reason: `${rows.length} of case ${params.caseId}` });
      return { data: await toReferralSummaries(rows, who(ctx), ctx) };
    },
  }),
];

export const referralRoutes: RouteDef[] = [
  ...caseReferralRoutes,
  ...referralDocumentRoutes,
  route({
    method: 'get',
    path: '/referrals',
    action: 'referral.list',
    tag,
    summary:
      'Referrals by box: inbox (sent to my hospital or organisation; a charity partner’s default), outbox (sent by my hospital; hospital staff’s default), all (network staff’s default and only box), with filters; newest change first, with the total',
    query: referralListQuery,
    response: referralListSchema,
    handler: async ({ query }, ctx) => {
      const principal = who(ctx);
      const page = await listReferrals(await ctx.listFilter(), query, principal, vietnamToday(ctx.clock));
      const own = page.data.filter((r) => referralSideOf(principal, r) === 'sender');
      await ctx.audit({ action: 'referral.list', resourceType: tag, reason: `${page.box}: ${page.data.length} of ${page.total}`, patientIds: own.map((r) => r.patientId.toHexString()) });
      return { data: await toReferralSummaries(page.data, principal, ctx), nextCursor: page.nextCursor, total: page.total };
    },
  }),
  route({
    method: 'get',
    path: '/referrals/:id',
    action: 'referral.read',
    tag,
    summary:
      'A referral in the caller’s side’s view: the sender sees the patient; the receiver sees the summary and shared documents only while the referral is live and the patient’s consent holds; `can` lists the moves the caller’s side may make now',
    params: idParams,
    response: referralDetailSchema,
    handler: async ({ params }, ctx) => answer(await loadReferral(params.id, ctx), ctx, 'referral.read'),
  }),
  route({
    method: 'patch',
    path: '/referrals/:id',
    action: 'referral.update',
    tag,
    summary: 'Changes a draft referral (the sender only); 409 REFERRAL.NOT_DRAFT once it is sent',
    params: idParams,
    body: referralUpdateBody,
    response: referralDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const r = await loadReferral(params.id, ctx, { tenancyOnly: true });
      const c = await findCase(r.caseId.toHexString());
      if (!c) throw notFound('Case');
      return answer(await updateDraft(r, c, body, who(ctx).userId, ctx.clock.now()), ctx, 'referral.update');
    },
  }),
  route({
    method: 'post',
    path: '/referrals/:id/transitions',
    action: 'referral.transition',
    tag,
    summary:
      'Moves a referral (the Gravity referral Task’s states): the sender sends and cancels, the receiver answers (with its capacity) and does the work; 409 REFERRAL.ILLEGAL_TRANSITION names the caller’s allowed moves, 403 REFERRAL.OTHER_SIDE a move of the other side, 409 REFERRAL.NO_CONSENT sending without the patient’s consent',
    params: idParams,
    body: referralTransitionBody,
    response: referralDetailSchema,
    handler: async ({ params, body }, ctx) => {
      const r = await loadReferral(params.id, ctx);
      const principal = who(ctx);
      const side = referralSideOf(principal, r);
      if (side !== 'sender' && side !== 'receiver') throw forbidden();
      return answer(await transitionReferral(r, body, side, principal.userId, ctx.clock.now()), ctx, 'referral.transition');
    },
  }),
];

import { z } from 'zod';
import { forbidden, notFound } from '../../errors.js';
import { objectId } from '../../http/common-schemas.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { addComment, commentViews, listComments } from './referrals.comments.service.js';
import type { ReferralRecord } from './referrals.model.js';
import { commentBody, commentSchema, type ReferralSide } from './referrals.schemas.js';
import { findReferral, referralSideOf } from './referrals.service.js';
// The referral events on the case timeline: registered with the app's routes.
import './referrals.timeline.js';

/**
 * The thread between the sender's hospital and the receiver (issue 11, point 4). Both sides read
 * and write it while the referral is anything but a draft; network staff (coordinators) do not
 * take part. A referral the caller may not reach answers 404, as a missing one (audited).
 */
const params = z.object({ id: objectId }).strict();

async function loadSide(id: string, ctx: RequestContext): Promise<{ r: ReferralRecord; side: ReferralSide }> {
  const r = await findReferral(id);
  if (!r) throw notFound('Referral');
  await ctx.authorize(r, 'referral', id);
  const side = referralSideOf(ctx.principal!, r);
  if (side !== 'sender' && side !== 'receiver') throw forbidden('Only the sending hospital and the receiver write in a referral’s thread');
  return { r, side };
}

/** The sender's hospital reads the patient's record; the receiver never learns who it is (no patientId in its audit). */
const auditPatient = (r: ReferralRecord, side: ReferralSide): { patientId?: string } => (side === 'sender' ? { patientId: r.patientId.toHexString() } : {});

export const referralCommentRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/referrals/:id/comments',
    action: 'referral.comment.list',
    tag: 'referral',
    summary: 'The thread between the sending hospital and the receiver, oldest first',
    params,
    response: z.object({ data: z.array(commentSchema) }),
    handler: async ({ params: p }, ctx) => {
      const { r, side } = await loadSide(p.id, ctx);
      const data = await listComments(r);
      await ctx.audit({ action: 'referral.comment.list', resourceType: 'referral', resourceId: p.id, ...auditPatient(r, side) });
      return { data };
    },
  }),
  route({
    method: 'post',
    path: '/referrals/:id/comments',
    action: 'referral.comment.create',
    tag: 'referral',
    summary: 'Write in the thread (either side; not on a draft: 409 REFERRAL.NOT_SENT). The other side is notified, without the text',
    params,
    body: commentBody,
    response: commentSchema,
    status: 201,
    handler: async ({ params: p, body }, ctx) => {
      const { r, side } = await loadSide(p.id, ctx);
      const comment = await addComment(r, side, ctx.principal!.userId, body.body, ctx.clock.now(), ctx.log);
      await ctx.audit({ action: 'referral.comment.create', resourceType: 'referral', resourceId: p.id, ...auditPatient(r, side) });
      return (await commentViews([comment]))[0];
    },
  }),
];

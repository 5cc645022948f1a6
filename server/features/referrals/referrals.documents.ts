import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { contentDisposition } from '../cases/attachments.files.js';
import { attachmentContent, findAttachment } from '../cases/attachments.service.js';
import { ATTACHMENT_CONTENT_TYPES, attachmentContentQuery, attachmentParams } from '../cases/timeline.schemas.js';
import { receiverMayShare } from './referrals.relationships.js';
import { findReferral, referralSideOf } from './referrals.service.js';

/**
 * A document shared with a referral (issue 11, point 3): the bytes of one of the case's
 * attachments the referral names in `documentIds`. The sender's hospital reads them always; the
 * receiver only while the referral is live and the patient's consent to that recipient is in force
 * (asked on this request: a withdrawal or the referral's end answers 404 on the next one). Network
 * staff never read the patient's papers. Every refusal answers 404, exactly like a missing id.
 * Headers as the case's own download: never cached, never sniffed, a safe Content-Disposition.
 */
type Referral = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

async function mayRead(r: Referral, attachmentId: string, ctx: RequestContext): Promise<boolean> {
  if (!r.documentIds.some((id) => id.toHexString() === attachmentId)) return false;
  const side = ctx.principal ? referralSideOf(ctx.principal, r) : null;
  if (side === 'sender') return true;
  return side === 'receiver' && (await receiverMayShare(r, ctx.clock.now()));
}

export const referralDocumentRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/referrals/:id/documents/:attachmentId/content',
    action: 'referral.document.read',
    tag: 'referral',
    summary: "A shared document's bytes (download; `inline=1` for a preview): the sender's always, the receiver's only while the referral is live and consented; never cached",
    params: attachmentParams,
    query: attachmentContentQuery,
    media: { response: ATTACHMENT_CONTENT_TYPES },
    response: z.undefined(),
    handler: async ({ params, query }, ctx) => {
      const r = await findReferral(params.id);
      if (!r) throw notFound('Referral');
      await ctx.authorize(r, 'referral', params.id);
      const a = (await mayRead(r, params.attachmentId, ctx)) ? await findAttachment(r.caseId.toHexString(), params.attachmentId) : null;
      if (!a) {
        await ctx.audit({ action: 'referral.document.read', resourceType: 'case-attachment', resourceId: params.attachmentId, outcome: 'denied', reason: 'not shared with this viewer now' });
        throw notFound('Document');
      }
      // The patient's papers were read: the audit names the patient, whichever side read them.
      await ctx.audit({
        action: 'referral.document.read',
        resourceType: 'case-attachment',
        resourceId: params.attachmentId,
        patientId: r.patientId.toHexString(),
        reason: `referral ${params.id}`,
        tenant: { hospitalId: r.hospitalId.toHexString() },
      });
      const res = ctx.res;
      res.status(200);
      res.setHeader('Content-Type', a.contentType);
      res.setHeader('Content-Length', String(a.size));
      res.setHeader('Content-Disposition', contentDisposition(query.inline ? 'inline' : 'attachment', a.fileName));
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await pipeline(attachmentContent(a), res);
      return undefined;
    },
  }),
];

import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { route, type RouteDef } from '../../http/route.js';
import { contentDisposition } from './attachments.files.js';
import { attachmentContent, attachmentsOfCase, attachmentViews, findAttachment, recordAttachment } from './attachments.service.js';
import { receiveAttachment } from './attachments.upload.js';
import { loadCaseFor, loadCaseForWork } from './timeline.case.js';
import { ATTACHMENT_CONTENT_TYPES, attachmentContentQuery, attachmentFields, attachmentList, attachmentParams, attachmentSchema, caseParams } from './timeline.schemas.js';

/** Case attachments (decision 0021): streamed up into GridFS, streamed back with safe headers. */
let maxBytes = 10 * 1024 * 1024;

/** The app's limit (config ATTACHMENT_MAX_BYTES), set by createApp. */
export function configureAttachments(s: { maxBytes: number }): void {
  maxBytes = s.maxBytes;
}

// What OpenAPI shows of the multipart body: the fields, in this order, then the file.
const uploadBody = attachmentFields.extend({ file: z.string().meta({ format: 'binary', description: 'PDF, JPEG or PNG; after the other fields' }) });

export const attachmentRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/cases/:id/attachments',
    action: 'case.attachment.upload',
    tag: 'case',
    summary: 'Attach a paper to a case (multipart: kind, description?, then file): PDF, JPEG or PNG by content, up to ATTACHMENT_MAX_BYTES',
    params: caseParams,
    body: uploadBody,
    media: { request: 'multipart/form-data' },
    response: attachmentSchema,
    status: 201,
    handler: async ({ params }, ctx) => {
      const c = await loadCaseForWork(params.id, ctx);
      const file = await receiveAttachment(ctx.req, ctx.res, maxBytes);
      const record = await recordAttachment(c, file, ctx.principal!.userId, ctx.clock.now());
      await ctx.audit({ action: 'case.attachment.upload', resourceType: 'case-attachment', resourceId: record._id.toHexString(), patientId: c.patientId.toHexString() });
      return (await attachmentViews([record]))[0];
    },
  }),
  route({
    method: 'get',
    path: '/cases/:id/attachments',
    action: 'case.attachment.list',
    tag: 'case',
    summary: "A case's attachments, newest first",
    params: caseParams,
    response: attachmentList,
    handler: async ({ params }, ctx) => {
      const c = await loadCaseFor(params.id, ctx);
      const rows = await attachmentsOfCase(c._id);
      await ctx.audit({ action: 'case.attachment.list', resourceType: 'case', resourceId: params.id, patientId: c.patientId.toHexString() });
      return { data: await attachmentViews(rows) };
    },
  }),
  route({
    method: 'get',
    path: '/cases/:id/attachments/:attachmentId/content',
    action: 'case.attachment.read',
    tag: 'case',
    summary: "An attachment's bytes (download; `inline=1` for a preview), never cached",
    params: attachmentParams,
    query: attachmentContentQuery,
    media: { response: ATTACHMENT_CONTENT_TYPES },
    response: z.undefined(),
    handler: async ({ params, query }, ctx) => {
      const c = await loadCaseFor(params.id, ctx);
      const a = await findAttachment(params.id, params.attachmentId);
      if (!a || !a.caseId.equals(c._id)) throw notFound('Attachment');
      await ctx.audit({ action: 'attachment.read', resourceType: 'case-attachment', resourceId: params.attachmentId, patientId: c.patientId.toHexString() });
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

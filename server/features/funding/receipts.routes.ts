import { z } from 'zod';
import type { AccessRecord } from '../../access/relationships.js';
import { forbidden, notFound } from '../../errors.js';
import { idParams, objectId } from '../../http/common-schemas.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { ATTACHMENT_CONTENT_TYPES } from '../cases/timeline.schemas.js';
import { detectReceiptType, receiveFundingFile, sendFundingFile } from './funding-files.js';
import { disbursementSchema } from './funding.schemas.js';
import type { DisbursementRecord } from './pledges.model.js';
import { addReceipt, assertTakesReceipt, findDisbursementRecord, findReceipt } from './receipts.js';
import { toDisbursementAnswer } from './receipts.view.js';

/**
 * Receipts of a disbursement (issue 12 point 4): uploaded (multipart, one `file`: PDF, JPEG or PNG
 * by its content, up to ATTACHMENT_MAX_BYTES: 413 and nothing kept beyond) and downloaded by the
 * paying partner (its organisation's disbursement) and the request's hospital staff (the stories'
 * relationship rule `funding.request-hospital`); coordinators read. Every upload and read is audited.
 */
const tag = 'disbursement';
const receiptParams = z.object({ id: objectId, receiptId: objectId }).strict();
// What OpenAPI shows of the multipart body.
const uploadBody = z.object({ file: z.string().meta({ format: 'binary', description: 'PDF, JPEG or PNG (by content): a stamped bill, a signed receipt, an invoice, a bank slip' }) });

/** The disbursement, if the policy lets the caller reach it for the route's action (404 otherwise). */
async function loadDisbursement(id: string, ctx: RequestContext): Promise<DisbursementRecord> {
  const d = await findDisbursementRecord(id);
  if (!d) throw notFound('Disbursement');
  await ctx.authorize(d as unknown as AccessRecord, tag, id);
  return d;
}

export const receiptRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/disbursements/:id/receipts',
    action: 'receipt.create',
    tag,
    summary:
      'Adds a receipt to a disbursement (multipart: file): PDF, JPEG or PNG by content, up to ATTACHMENT_MAX_BYTES (413, nothing kept). The paying partner or the request’s hospital staff. 409 RECEIPT.NOT_PAID while the payment is being recorded, RECEIPT.TOO_MANY past 20',
    params: idParams,
    body: uploadBody,
    media: { request: 'multipart/form-data' },
    response: disbursementSchema,
    status: 201,
    handler: async ({ params }, ctx) => {
      if (!ctx.principal) throw forbidden();
      const d = await loadDisbursement(params.id, ctx);
      assertTakesReceipt(d);
      const file = await receiveFundingFile(ctx.req, ctx.res, { detect: detectReceiptType });
      const updated = await addReceipt(d, file, ctx.principal.userId, ctx.clock.now(), ctx.log);
      const added = updated.receipts[updated.receipts.length - 1];
      await ctx.audit({ action: 'receipt.create', resourceType: 'funding-receipt', resourceId: added?._id.toHexString() ?? null, reason: `disbursement ${params.id}`, tenant: { hospitalId: d.hospitalId.toHexString(), organisationId: d.organisationId.toHexString() } });
      return toDisbursementAnswer(updated);
    },
  }),
  route({
    method: 'get',
    path: '/disbursements/:id/receipts/:receiptId/content',
    action: 'receipt.read',
    tag,
    summary: "A receipt's bytes (download), never cached nor sniffed",
    params: receiptParams,
    media: { response: ATTACHMENT_CONTENT_TYPES },
    response: z.undefined(),
    handler: async ({ params }, ctx) => {
      const d = await loadDisbursement(params.id, ctx);
      const receipt = findReceipt(d, params.receiptId);
      if (!receipt) throw notFound('Receipt');
      await ctx.audit({ action: 'receipt.read', resourceType: 'funding-receipt', resourceId: params.receiptId, reason: `disbursement ${params.id}`, tenant: { hospitalId: d.hospitalId.toHexString(), organisationId: d.organisationId.toHexString() } });
      await sendFundingFile(ctx.res, receipt);
      return undefined;
    },
  }),
];

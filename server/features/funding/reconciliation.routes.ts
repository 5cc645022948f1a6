import { Types } from 'mongoose';
import { z } from 'zod';
import { forbidden, validationFailed } from '../../errors.js';
import type { Principal } from '../../http/policy.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { contentDisposition } from '../cases/attachments.files.js';
import { receiveClaims, storeClaimsFile } from './claims-upload.js';
import { deleteFundingFile } from './funding-files.js';
import { reconciliationQuery, reconciliationSchema } from './funding.schemas.js';
import { hospitalCode, reconcile, reconciliationCsv, saveClaimsUpload } from './reconciliation.js';

/**
 * Reconciliation with the hospital's claims (issue 12 point 5): the month's charity payments to
 * the hospital's bills per episode (JSON, or CSV in the shape of the claims field T_NGUONKHAC), and
 * the upload of the hospital's claims export to compare with. The hospital's staff see their own
 * hospital with its patient codes (MA_BN); network staff name a hospital and see no patient code.
 */
const tag = 'reconciliation';
const uploadQuery = reconciliationQuery.pick({ month: true }).strict();
// What OpenAPI shows of the multipart body.
const uploadBody = z.object({ file: z.string().meta({ format: 'binary', description: '4210 claims XML (GIAMDINHHS package or TONG_HOP list) or CSV with MA_LK, MA_BN, T_NGUONKHAC' }) });

const who = (ctx: RequestContext): Principal => {
  if (!ctx.principal) throw forbidden();
  return ctx.principal;
};
const hospitalBound = (p: Principal): boolean => p.role === 'social_worker' || p.role === 'sw_lead';

/** Whose reconciliation: the hospital staff's own (another's is refused by the policy), or the hospital a coordinator names. */
async function hospitalOf(ctx: RequestContext, asked: string | undefined): Promise<string> {
  const p = who(ctx);
  const hospitalId = asked ?? (hospitalBound(p) ? p.hospitalId : null);
  if (!hospitalId) throw validationFailed([{ path: 'query.hospitalId', message: 'name the hospital', code: 'required_for_role', params: { role: p.role } }]);
  await ctx.authorize({ hospitalId }, tag, hospitalId);
  return hospitalId;
}

export const reconciliationRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/reconciliation',
    action: 'reconciliation.read',
    tag,
    summary:
      'A hospital’s month: what charity paid to its bills per treatment episode (MA_LK, T_NGUONKHAC) against the claims export uploaded for the month (match, differs, missing-in-claims, missing-here); format=csv: MA_LK, MA_BN, T_NGUONKHAC (+ the claims’ value, difference, status) as text/csv with a BOM',
    query: reconciliationQuery,
    response: reconciliationSchema,
    media: { response: ['application/json', 'text/csv'] },
    handler: async ({ query }, ctx) => {
      const p = who(ctx);
      const hospitalId = await hospitalOf(ctx, query.hospitalId);
      const { view, patientIds } = await reconcile(hospitalId, query.month, hospitalBound(p));
      await ctx.audit({ action: 'reconciliation.read', resourceType: tag, resourceId: null, patientIds, tenant: { hospitalId }, reason: `${query.month} ${query.format}: ${view.rows.length} episodes` });
      if (query.format === 'json') return view;
      const res = ctx.res;
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', contentDisposition('attachment', `doi-soat-T_NGUONKHAC-${await hospitalCode(hospitalId)}-${query.month}.csv`));
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(reconciliationCsv(view));
      return undefined;
    },
  }),
  route({
    method: 'post',
    path: '/reconciliation/claims',
    action: 'reconciliation.upload',
    tag,
    summary:
      'Uploads the hospital’s claims export for a month (multipart: file): 4210 XML (XML1 TONG_HOP records in a GIAMDINHHS package, base64 or plain, or a TONG_HOP list) or CSV; kept in GridFS; answers the month’s reconciliation against it. 400 RECONCILIATION.BAD_FILE names the record and field',
    query: uploadQuery,
    body: uploadBody,
    media: { request: 'multipart/form-data' },
    response: reconciliationSchema,
    status: 201,
    handler: async ({ query }, ctx) => {
      const p = who(ctx);
      const hospitalId = await hospitalOf(ctx, undefined);
      const received = await receiveClaims(ctx.req, ctx.res, query.month);
      const file = await storeClaimsFile(received);
      const { read } = received;
      const upload = await saveClaimsUpload({ hospitalId: new Types.ObjectId(hospitalId), month: query.month, ...file, format: read.format, records: read.records, otherMonth: read.otherMonth, rows: read.rows, uploadedBy: p.userId, uploadedAt: ctx.clock.now() }).catch(async (err: unknown) => {
        await deleteFundingFile(file.fileId);
        throw err;
      });
      await ctx.audit({ action: 'reconciliation.upload', resourceType: tag, resourceId: upload._id.toHexString(), tenant: { hospitalId }, reason: `${query.month}: ${read.rows.length} episodes (${read.format})` });
      return (await reconcile(hospitalId, query.month, true)).view;
    },
  }),
];

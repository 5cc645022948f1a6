import { forbidden, validationFailed } from '../../errors.js';
import type { Principal } from '../../http/policy.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { contentDisposition } from '../cases/attachments.files.js';
import { statementQuery, statementSchema } from './funding.schemas.js';
import { statementCsv, statementFileName } from './statement.csv.js';
import { statementPdf } from './statement.pdf.js';
import { buildStatement, toStatementJson } from './statements.js';

/**
 * A charity partner's statement (issue 12 point 6): its own organisation's (a partner naming
 * another is refused by the policy); coordinators and admins name the organisation. JSON for the
 * screen, CSV and PDF as downloads. The period is at most a year of Vietnam days.
 */
const tag = 'statement';
const MAX_DAYS = 366;

const who = (ctx: RequestContext): Principal => {
  if (!ctx.principal) throw forbidden();
  return ctx.principal;
};

function checkPeriod(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days < 0) throw validationFailed([{ path: 'query.to', message: 'must be on or after from', code: 'too_small', params: { minimum: from } }]);
  if (days >= MAX_DAYS) throw validationFailed([{ path: 'query.to', message: `a period of at most ${MAX_DAYS} days`, code: 'too_big', params: { maximum: MAX_DAYS } }]);
}

/** Whose statement: the partner's own organisation, or the one a coordinator names (400 without one). */
async function organisationOf(ctx: RequestContext, asked: string | undefined): Promise<string> {
  const p = who(ctx);
  const organisationId = asked ?? p.organisationId;
  if (!organisationId) throw validationFailed([{ path: 'query.organisationId', message: 'name the organisation', code: 'required_for_role', params: { role: p.role } }]);
  await ctx.authorize({ organisationId }, tag, organisationId);
  return organisationId;
}

function download(ctx: RequestContext, contentType: string, fileName: string, bytes: string | Buffer): void {
  const res = ctx.res;
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', contentDisposition('attachment', fileName));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(bytes);
}

export const statementRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/statements',
    action: 'statement.read',
    tag,
    summary:
      "A charity partner's statement for a period of Vietnam days (from..to, at most a year): what it pledged, what it paid to whom (de-identified: the request's reference, hospital, age band, province, the payee's kind and the method), receipts, outcomes. format=csv: text/csv with a BOM and Vietnamese headers; format=pdf: a PDF with Vietnamese diacritics. Coordinators and admins pass organisationId",
    query: statementQuery,
    response: statementSchema,
    media: { response: ['application/json', 'text/csv', 'application/pdf'] },
    handler: async ({ query }, ctx) => {
      checkPeriod(query.from, query.to);
      const organisationId = await organisationOf(ctx, query.organisationId);
      const s = await buildStatement(organisationId, query.from, query.to);
      await ctx.audit({ action: 'statement.read', resourceType: tag, resourceId: organisationId, tenant: { organisationId }, reason: `${query.from}..${query.to} ${query.format}` });
      if (query.format === 'json') return toStatementJson(s);
      if (query.format === 'csv') download(ctx, 'text/csv; charset=utf-8', statementFileName(s, 'csv'), statementCsv(s));
      else download(ctx, 'application/pdf', statementFileName(s, 'pdf'), await statementPdf(s, ctx.clock.now()));
      return undefined;
    },
  }),
];

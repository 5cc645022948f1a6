import { Types } from 'mongoose';
import { z } from 'zod';
import { vietnamToday, workingDaysBetween } from '../../clock.js';
import { badRequest } from '../../errors.js';
import { pageQuerySchema } from '../../http/common-schemas.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import type { Principal } from '../../http/policy.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { ReferralModel, type ReferralRecord } from './referrals.model.js';
import { LIVE_STATUSES, overdueRowSchema, type OverdueRow } from './referrals.schemas.js';
import { toReferralSummaries } from './referrals.service.js';

/**
 * The overdue board (issue 11, point 4): live referrals whose due day (to accept, or to complete)
 * has passed, escalated ones first, then the longest overdue (the earliest due day: most working
 * days late). Coordinators and admins see the network's; a head of social work sees its
 * hospital's, sent or received (the receiving side's share of the delay is theirs to chase too).
 * Keyset-paged in two runs, the escalated then the rest, each on (due day, id).
 */
type Phase = 'e' | 'r';
interface Key {
  p: Phase;
  on: string;
  id: string;
}

const query = pageQuerySchema.strict();
const page = z.object({ data: z.array(overdueRowSchema), nextCursor: z.string().nullable(), total: z.number().int() });

function keyOf(cursor: string | undefined): Key | null {
  if (!cursor) return null;
  const { p, on, id } = decodeCursor(cursor);
  if ((p !== 'e' && p !== 'r') || typeof on !== 'string' || typeof id !== 'string' || !/^[a-f0-9]{24}$/.test(id)) {
    throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
  }
  return { p, on, id };
}

/** The tenancy half from the policy (own hospital's sent referrals), and for a head also what its hospital received. */
async function reach(principal: Principal, ctx: RequestContext): Promise<Record<string, unknown>> {
  const sent = await ctx.listFilter();
  if (principal.role !== 'sw_lead' || !principal.hospitalId) return sent;
  return { $or: [sent, { 'to.hospitalId': new Types.ObjectId(principal.hospitalId) }] };
}

const PHASES: Record<Phase, Record<string, unknown>> = { e: { escalation: { $ne: null } }, r: { escalation: null } };

async function phaseRows(base: Record<string, unknown>, p: Phase, after: Key | null, limit: number): Promise<ReferralRecord[]> {
  const keyset = after && after.p === p ? [{ $or: [{ 'due.on': { $gt: after.on } }, { 'due.on': after.on, _id: { $gt: new Types.ObjectId(after.id) } }] }] : [];
  return ReferralModel.find({ $and: [base, PHASES[p], ...keyset] })
    .sort({ 'due.on': 1, _id: 1 })
    .limit(limit)
    .lean<ReferralRecord[]>();
}

export async function overdueBoard(q: { limit: number; cursor?: string | undefined }, ctx: RequestContext): Promise<{ rows: ReferralRecord[]; nextCursor: string | null; total: number }> {
  const after = keyOf(q.cursor);
  const base = { $and: [{ status: { $in: LIVE_STATUSES }, 'due.on': { $lt: vietnamToday(ctx.clock) } }, await reach(ctx.principal!, ctx)] };
  const want = q.limit + 1;
  const rows = after?.p === 'r' ? [] : await phaseRows(base, 'e', after, want);
  if (rows.length < want) rows.push(...(await phaseRows(base, 'r', after?.p === 'r' ? after : null, want - rows.length)));
  const kept = rows.slice(0, q.limit);
  const last = kept[kept.length - 1];
  const nextCursor = rows.length > q.limit && last ? encodeCursor({ p: last.escalation ? 'e' : 'r', on: last.due?.on ?? '', id: last._id.toHexString() }) : null;
  return { rows: kept, nextCursor, total: await ReferralModel.countDocuments(base) };
}

export const referralBoardRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/referrals/overdue',
    action: 'referral.overdue.read',
    tag: 'referral',
    summary: "The overdue board: live referrals past their due day, escalated first, then the longest overdue (coordinators: the network's; a head of social work: its hospital's, sent or received)",
    query,
    response: page,
    handler: async ({ query: q }, ctx) => {
      const { rows, nextCursor, total } = await overdueBoard(q, ctx);
      const today = vietnamToday(ctx.clock);
      const summaries = await toReferralSummaries(rows, ctx.principal!, ctx);
      const data: OverdueRow[] = summaries.map((s, i) => ({ ...s, workingDaysOverdue: workingDaysBetween(rows[i]!.due!.on, today) }));
      const patientIds = rows.filter((_, i) => summaries[i]?.viewer === 'sender').map((r) => r.patientId.toHexString());
      await ctx.audit({ action: 'referral.overdue.read', resourceType: 'referral', patientIds });
      return { data, nextCursor, total };
    },
  }),
];

import { Types } from 'mongoose';
import { AppError, badRequest } from '../../errors.js';
import type { Principal } from '../../http/policy.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { ReferralModel, type ReferralRecord } from './referrals.model.js';
import { ENDED_STATUSES, LIVE_STATUSES, type ReferralListQuery } from './referrals.schemas.js';

/**
 * The inbox, the outbox and the network's list (issue 11 point 6), newest change first, keyset-paged
 * on `(updatedAt, _id)` with the total the filters match. The policy's list filter (tenancy OR the
 * receiver's relationship rule) is ANDed with the box: a box can only narrow what the policy opens.
 * Drafts are in the sender's outbox only: never in an inbox, nor in the network's list.
 */
export type Box = 'inbox' | 'outbox' | 'all';

const hospitalStaff = (p: Principal): boolean => p.role === 'social_worker' || p.role === 'sw_lead';
const network = (p: Principal): boolean => p.role === 'coordinator' || p.role === 'admin';

export function defaultBox(principal: Principal): Box {
  if (principal.role === 'charity_partner') return 'inbox';
  return network(principal) ? 'all' : 'outbox';
}

function notYours(box: Box): never {
  throw new AppError(403, 'REFERRAL.BOX_NOT_ALLOWED', `You have no ${box} of referrals`, undefined, undefined, { box });
}

/** The box as a filter: a charity partner has only an inbox; hospital staff an inbox and an outbox; network staff `all`. */
function boxFilter(box: Box, p: Principal): Record<string, unknown> {
  const sent = { status: { $ne: 'draft' } };
  if (box === 'all') return network(p) ? sent : notYours(box);
  if (box === 'outbox') return hospitalStaff(p) && p.hospitalId ? { hospitalId: new Types.ObjectId(p.hospitalId) } : notYours(box);
  if (hospitalStaff(p) && p.hospitalId) return { 'to.hospitalId': new Types.ObjectId(p.hospitalId), ...sent };
  if (p.role === 'charity_partner' && p.organisationId) return { 'to.organisationId': new Types.ObjectId(p.organisationId), ...sent };
  return notYours(box);
}

function queryFilters(q: ReferralListQuery, today: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (q.status) out.push({ status: q.status });
  if (q.state) out.push({ status: { $in: [...(q.state === 'live' ? LIVE_STATUSES : ENDED_STATUSES)] } });
  if (q.service) out.push({ service: q.service });
  // Overdue: live, and the due day (YYYY-MM-DD, sorting as text) is before Vietnam today.
  const overdue = { status: { $in: [...LIVE_STATUSES] }, 'due.on': { $lt: today } };
  if (q.overdue === true) out.push(overdue);
  if (q.overdue === false) out.push({ $nor: [overdue] });
  return out;
}

function after(cursor: string | undefined): Record<string, unknown> | null {
  if (!cursor) return null;
  const { u, id } = decodeCursor(cursor);
  const at = typeof u === 'string' ? new Date(u) : null;
  if (!at || Number.isNaN(at.getTime()) || typeof id !== 'string' || !Types.ObjectId.isValid(id)) {
    throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
  }
  const _id = new Types.ObjectId(id);
  return { $or: [{ updatedAt: { $lt: at } }, { updatedAt: at, _id: { $lt: _id } }] };
}

export interface ReferralPage {
  box: Box;
  data: ReferralRecord[];
  nextCursor: string | null;
  total: number;
}

export async function listReferrals(access: Record<string, unknown>, q: ReferralListQuery, principal: Principal, today: string): Promise<ReferralPage> {
  const box = q.box ?? defaultBox(principal);
  const filter = { $and: [access, boxFilter(box, principal), ...queryFilters(q, today)] };
  const from = after(q.cursor);
  const paged = from ? { $and: [...filter.$and, from] } : filter;
  const [rows, total] = await Promise.all([
    ReferralModel.find(paged)
      .sort({ updatedAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<ReferralRecord[]>(),
    ReferralModel.countDocuments(filter),
  ]);
  const more = rows.length > q.limit;
  const data = more ? rows.slice(0, q.limit) : rows;
  const last = data[data.length - 1];
  return { box, data, nextCursor: more && last ? encodeCursor({ u: last.updatedAt.toISOString(), id: last._id.toHexString() }) : null, total };
}

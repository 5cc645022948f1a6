import { Types } from 'mongoose';
import type { z } from 'zod';
import { badRequest } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import type { fundingListQuery } from './funding.schemas.js';

/**
 * GET /funding-requests (issue 12 point 1): the hospital's requests (network staff: the network's),
 * newest change first, keyset-paged on (updatedAt, _id) with the total the filters match; the
 * approval queue (`view=queue`): the submitted ones, OLDEST first (who has waited longest comes
 * first). The policy's list filter (tenancy) is ANDed with the query's: a filter only narrows.
 */
export type FundingListQuery = z.infer<typeof fundingListQuery>;

export interface FundingPage {
  data: FundingRequestRecord[];
  nextCursor: string | null;
  total: number;
}

function queryFilters(q: FundingListQuery): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (q.view === 'queue') out.push({ status: 'submitted' });
  if (q.status) out.push({ status: q.status });
  if (q.caseId) out.push({ caseId: new Types.ObjectId(q.caseId) });
  return out;
}

function after(cursor: string | undefined, ascending: boolean): Record<string, unknown> | null {
  if (!cursor) return null;
  const { u, id } = decodeCursor(cursor);
  const at = typeof u === 'string' ? new Date(u) : null;
  if (!at || Number.isNaN(at.getTime()) || typeof id !== 'string' || !Types.ObjectId.isValid(id)) {
    throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
  }
  const op = ascending ? '$gt' : '$lt';
  return { $or: [{ updatedAt: { [op]: at } }, { updatedAt: at, _id: { [op]: new Types.ObjectId(id) } }] };
}

export async function listFundingRequests(access: Record<string, unknown>, q: FundingListQuery): Promise<FundingPage> {
  const ascending = q.view === 'queue';
  const filter = { $and: [access, ...queryFilters(q)] };
  const from = after(q.cursor, ascending);
  const paged = from ? { $and: [...filter.$and, from] } : filter;
  const dir = ascending ? 1 : -1;
  const [rows, total] = await Promise.all([
    FundingRequestModel.find(paged)
      .sort({ updatedAt: dir, _id: dir })
      .limit(q.limit + 1)
      .lean<FundingRequestRecord[]>(),
    FundingRequestModel.countDocuments(filter),
  ]);
  const more = rows.length > q.limit;
  const data = more ? rows.slice(0, q.limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last ? encodeCursor({ u: last.updatedAt.toISOString(), id: last._id.toHexString() }) : null, total };
}

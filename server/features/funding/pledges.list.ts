import { Types } from 'mongoose';
import type { z } from 'zod';
import { badRequest } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import type { pledgeListQuery } from './funding.schemas.js';
import { PledgeModel, type PledgeRecord } from './pledges.model.js';

/** GET /pledges: newest first, keyset-paged on (createdAt, _id), the policy's filter ANDed with the query's. */
export type PledgeListQuery = z.infer<typeof pledgeListQuery>;

function after(cursor: string | undefined): Record<string, unknown> | null {
  if (!cursor) return null;
  const { c, id } = decodeCursor(cursor);
  const at = typeof c === 'string' ? new Date(c) : null;
  if (!at || Number.isNaN(at.getTime()) || typeof id !== 'string' || !Types.ObjectId.isValid(id)) {
    throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
  }
  return { $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: new Types.ObjectId(id) } }] };
}

export async function listPledges(access: Record<string, unknown>, q: PledgeListQuery): Promise<{ data: PledgeRecord[]; nextCursor: string | null; total: number }> {
  const filters: Record<string, unknown>[] = [access];
  if (q.state) filters.push({ state: q.state });
  if (q.requestId) filters.push({ requestId: new Types.ObjectId(q.requestId) });
  const from = after(q.cursor);
  const [rows, total] = await Promise.all([
    PledgeModel.find({ $and: from ? [...filters, from] : filters })
      .sort({ createdAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<PledgeRecord[]>(),
    PledgeModel.countDocuments({ $and: filters }),
  ]);
  const more = rows.length > q.limit;
  const data = more ? rows.slice(0, q.limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last ? encodeCursor({ c: last.createdAt.toISOString(), id: last._id.toHexString() }) : null, total };
}

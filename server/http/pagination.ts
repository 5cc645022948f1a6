import { Types } from 'mongoose';
import { badRequest } from '../errors.js';
import type { Page } from './common-schemas.js';

/**
 * Cursor pagination: `?limit=&cursor=` in, `{ data, nextCursor }` out. A cursor is opaque to
 * clients: base64url JSON of the sort key of the last item returned (keyset paging, so pages
 * stay correct while records are added). The page schemas live in common-schemas.ts (part of the
 * API contract the client type-checks against); this file is the server side.
 */
export { pageQuerySchema, pageSchema, type Page } from './common-schemas.js';

export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, string | number> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, string | number>;
  } catch {
    // fall through to the error below
  }
  throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
}

/** The `_id` a cursor points after, for lists in `_id` order. */
export function cursorObjectId(cursor: string | undefined): Types.ObjectId | null {
  if (!cursor) return null;
  const { id } = decodeCursor(cursor);
  if (typeof id !== 'string' || !Types.ObjectId.isValid(id)) {
    throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
  }
  return new Types.ObjectId(id);
}

/** Cuts a `limit + 1` fetch into a page and its next cursor. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, key: (row: R) => Record<string, string | number>): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(map), nextCursor: more && last ? encodeCursor(key(last)) : null };
}

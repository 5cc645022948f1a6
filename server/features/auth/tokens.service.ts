import { Types, type QueryFilter } from 'mongoose';
import { notFound, validationFailed } from '../../errors.js';
import { cursorObjectId, toPage, type Page } from '../../http/pagination.js';
import { scopesForRole, type Principal, type Scope } from '../../http/policy.js';
import { issueToken } from './auth.service.js';
import type { TokenCreate, TokenListQuery, TokenView } from './auth.schemas.js';
import { ApiTokenModel, type ApiTokenRecord } from './tokens.model.js';

export function toTokenView(t: ApiTokenRecord): TokenView {
  return {
    id: t._id.toHexString(),
    userId: t.userId.toHexString(),
    name: t.name,
    prefix: t.prefix,
    scopes: [...t.scopes],
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}

/** A token never carries a scope its owner's role could not use. */
export async function createToken(principal: Principal, input: TokenCreate, now: Date): Promise<TokenView & { token: string }> {
  const allowed = new Set<Scope>(scopesForRole(principal.role));
  const bad = input.scopes.map((s, i) => ({ s, i })).filter(({ s }) => !allowed.has(s));
  if (bad.length > 0) {
    throw validationFailed(bad.map(({ s, i }) => ({ path: `body.scopes.${i}`, message: `your role cannot grant ${s}`, code: 'scope_not_grantable', params: { scope: s } })));
  }
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const { token, record } = await issueToken(principal.userId, input.name, input.scopes, expiresAt);
  return { ...toTokenView(record), token };
}

/** `userId` null lists every user's tokens (admin). */
export async function listTokens(userId: string | null, q: TokenListQuery): Promise<Page<TokenView>> {
  const filter: QueryFilter<ApiTokenRecord> = {};
  if (userId) filter.userId = new Types.ObjectId(userId);
  const after = cursorObjectId(q.cursor);
  if (after) filter._id = { $gt: after };
  const rows = await ApiTokenModel.find(filter).sort({ _id: 1 }).limit(q.limit + 1).lean<ApiTokenRecord[]>();
  return toPage(rows, q.limit, toTokenView, (r) => ({ id: r._id.toHexString() }));
}

/** Revokes a token: a user their own, an admin any. Idempotent: revoking twice keeps the first time. */
export async function revokeToken(id: string, ownerId: string | null, now: Date): Promise<TokenView> {
  const filter: QueryFilter<ApiTokenRecord> = { _id: id };
  if (ownerId) filter.userId = new Types.ObjectId(ownerId);
  const existing = await ApiTokenModel.findOne(filter).lean<ApiTokenRecord>();
  if (!existing) throw notFound('API token');
  if (existing.revokedAt) return toTokenView(existing);
  const updated = await ApiTokenModel.findOneAndUpdate({ _id: id, revokedAt: null }, { $set: { revokedAt: now } }, { returnDocument: 'after' }).lean<ApiTokenRecord>();
  return toTokenView(updated ?? existing);
}

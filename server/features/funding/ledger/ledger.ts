import mongoose, { type Types } from 'mongoose';
import { AccountModel, requestAccount, type AccountRecord } from './ledger.model.js';

/**
 * The request accounts' life and reads (decision 0025). A request's account is opened when it is
 * published (its limit: the amount asked), closed to new pledges when unpublished or closed, and
 * reopened on republishing. Its counters are the guard; `ledgerInvariants` (ledger.invariants.ts)
 * proves them against the immutable transfers.
 */
export interface RequestMoney {
  askedVnd: number;
  pledgedVnd: number;
  disbursedVnd: number;
  /** What partners may still pledge: 0 while the account is closed. */
  leftVnd: number;
  open: boolean;
}

/**
 * Idempotent (an upsert): creates the account open with `limitVnd`, or reopens it. The limit may
 * change only while nothing is pledged or posted (conditional on the counters being 0).
 */
export async function openRequestAccount(requestId: Types.ObjectId, limitVnd: number, meta: { hospitalId: Types.ObjectId }): Promise<void> {
  const _id = requestAccount(requestId);
  await AccountModel.updateOne(
    { _id },
    {
      $setOnInsert: { kind: 'request', requestId, hospitalId: meta.hospitalId, organisationId: null, limit: limitVnd, available: limitVnd, pendingVnd: 0, postedVnd: 0, reservations: [], reversed: [] },
      $set: { open: true },
    },
    { upsert: true },
  ).catch(retryOnceOnDuplicate);
  // Nothing pledged yet: the limit follows the request (an edited, republished request).
  await AccountModel.updateOne({ _id, pendingVnd: 0, postedVnd: 0, limit: { $ne: limitVnd } }, { $set: { limit: limitVnd, available: limitVnd } });
}

/** Two first opens at once: the loser's upsert hits the unique _id; the account exists, which is all it wanted. */
function retryOnceOnDuplicate(err: unknown): void {
  if ((err as { code?: unknown }).code !== 11000) throw err;
}

/** Closes the account to new pledges (unpublish, close, consent withdrawn) or reopens it (republish). No-op without an account. */
export async function setRequestAccountOpen(requestId: Types.ObjectId, open: boolean): Promise<void> {
  await AccountModel.updateOne({ _id: requestAccount(requestId) }, { $set: { open } });
}

export async function findRequestAccount(requestId: { toString(): string }): Promise<AccountRecord | null> {
  return AccountModel.findById(requestAccount(requestId)).lean<AccountRecord>();
}

const moneyOf = (a: AccountRecord): RequestMoney => ({
  askedVnd: a.limit,
  pledgedVnd: a.pendingVnd,
  disbursedVnd: a.postedVnd,
  leftVnd: a.open ? a.available : 0,
  open: a.open,
});

/** The money of many requests at once (lists); a request never published has no account: asked from the request, nothing else. */
export async function requestMoneyMany(ids: readonly Types.ObjectId[]): Promise<Map<string, RequestMoney>> {
  const out = new Map<string, RequestMoney>();
  if (ids.length === 0) return out;
  const accounts = await AccountModel.find({ _id: { $in: ids.map((id) => requestAccount(id)) } }).lean<AccountRecord[]>();
  for (const a of accounts) if (a.requestId) out.set(a.requestId.toString(), moneyOf(a));
  const missing = ids.filter((id) => !out.has(id.toString()));
  if (missing.length > 0) {
    // Read raw: the request model belongs to the requests part of the feature; only askedVnd is needed.
    const rows = await mongoose.connection
      .collection('funding_requests')
      .find({ _id: { $in: missing } }, { projection: { askedVnd: 1 } })
      .toArray();
    const asked = new Map(rows.map((r) => [String(r._id), Number(r.askedVnd ?? 0)]));
    for (const id of missing) out.set(id.toString(), { askedVnd: asked.get(id.toString()) ?? 0, pledgedVnd: 0, disbursedVnd: 0, leftVnd: 0, open: false });
  }
  return out;
}

export async function requestMoney(requestId: Types.ObjectId): Promise<RequestMoney> {
  const many = await requestMoneyMany([requestId]);
  return many.get(requestId.toString()) as RequestMoney;
}

import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../../db/duplicate-key.js';
import { PledgeModel, type PledgeRecord } from '../pledges.model.js';
import { crashAfter } from './crash.js';
import { AccountModel, partnerAccount, requestAccount, type AccountRecord, type TransferRecord } from './ledger.model.js';
import { findTransfer, markTransfers, writeIntent } from './transfers.js';

/**
 * Pledging and ending a pledge on the ledger (decision 0025), without transactions: intent, guard,
 * mark + business record. Every step is idempotent, so the repair job (or a retry with the same
 * Idempotency-Key) can run an operation again from the start and it converges.
 */
export interface PledgeIntent {
  pledgeId: Types.ObjectId;
  requestId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  organisationId: Types.ObjectId;
  amountVnd: number;
  note: string | null;
  createdBy: string;
  now: Date;
  expiresAt: Date;
}

export type PledgeOutcome = { ok: true; pledge: PledgeRecord } | { ok: false; reason: 'over' | 'closed'; leftVnd: number };

export async function recordPledge(i: PledgeIntent): Promise<PledgeOutcome> {
  const id = i.pledgeId.toHexString();
  const t = await writeIntent({
    _id: id,
    kind: 'pending',
    debit: partnerAccount(i.organisationId),
    credit: requestAccount(i.requestId),
    amountVnd: i.amountVnd,
    pendingId: null,
    timeoutAt: i.expiresAt,
    requestId: i.requestId,
    hospitalId: i.hospitalId,
    organisationId: i.organisationId,
    pledgeId: i.pledgeId,
    disbursementId: null,
    intent: { note: i.note, createdBy: i.createdBy, expiresAt: i.expiresAt },
    at: i.now,
  });
  crashAfter('pledge.intent');
  return applyPledge(t);
}

/** Steps 2 and 3 from the intent alone: the repair job resumes a pledge here. */
export async function applyPledge(t: TransferRecord): Promise<PledgeOutcome> {
  if (t.state === 'refused') return refusal(t.requestId);
  // The pledge record exists: the guard has applied (its reservation may already be posted or voided, so it must not run again).
  const existing = await PledgeModel.findById(t.pledgeId).lean<PledgeRecord>();
  if (existing) {
    await markTransfers([t._id], 'applied');
    return { ok: true, pledge: existing };
  }
  if (!(await reserve(t))) {
    await markTransfers([t._id], 'refused');
    return refusal(t.requestId);
  }
  crashAfter('pledge.guard');
  const pledge = await insertPledge(t);
  crashAfter('pledge.record');
  await markTransfers([t._id], 'applied');
  return { ok: true, pledge };
}

/** The guard: one conditional update; true when this transfer's reservation is (now or already) on the account. */
async function reserve(t: TransferRecord): Promise<boolean> {
  const res = await AccountModel.updateOne(
    { _id: t.credit, open: true, available: { $gte: t.amountVnd }, 'reservations.transferId': { $ne: t._id } },
    { $inc: { available: -t.amountVnd, pendingVnd: t.amountVnd }, $push: { reservations: { transferId: t._id, amountVnd: t.amountVnd } } },
  );
  if (res.modifiedCount === 1) return true;
  return (await AccountModel.countDocuments({ _id: t.credit, 'reservations.transferId': t._id })) === 1;
}

async function refusal(requestId: Types.ObjectId): Promise<PledgeOutcome> {
  const a = await AccountModel.findById(requestAccount(requestId)).lean<AccountRecord>();
  if (!a?.open) return { ok: false, reason: 'closed', leftVnd: 0 };
  return { ok: false, reason: 'over', leftVnd: a.available };
}

async function insertPledge(t: TransferRecord): Promise<PledgeRecord> {
  const intent = t.intent as { note: string | null; createdBy: string; expiresAt: Date };
  const doc: PledgeRecord = {
    _id: t.pledgeId as Types.ObjectId,
    requestId: t.requestId,
    hospitalId: t.hospitalId,
    organisationId: t.organisationId,
    amountVnd: t.amountVnd,
    note: intent.note,
    state: 'pending',
    transferId: t._id,
    expiresAt: new Date(intent.expiresAt),
    disbursementId: null,
    closingTransferId: null,
    createdBy: intent.createdBy,
    createdAt: t.at,
    endedAt: null,
    version: 1,
  };
  try {
    await PledgeModel.collection.insertOne(doc as never);
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await PledgeModel.findById(doc._id).lean<PledgeRecord>()) as PledgeRecord;
  }
}

/**
 * The exclusive claim on closing a pending pledge (its post, void or expire), taken before any
 * money moves: true when `transferId` holds it (now or from an earlier run of the same operation).
 */
export async function claimClose(pledgeId: Types.ObjectId, transferId: string): Promise<boolean> {
  await PledgeModel.updateOne({ _id: pledgeId, state: 'pending', closingTransferId: null }, { $set: { closingTransferId: transferId } });
  const p = await PledgeModel.findById(pledgeId, { closingTransferId: 1 }).lean<Pick<PledgeRecord, 'closingTransferId'>>();
  return p?.closingTransferId === transferId;
}

/** Releases a pending reservation (void, expire, post): matches the reservation and pulls it, so it applies at most once. */
export async function release(t: TransferRecord, pending: TransferRecord, postedVnd: number): Promise<void> {
  await AccountModel.updateOne(
    { _id: requestAccount(t.requestId), 'reservations.transferId': pending._id },
    { $pull: { reservations: { transferId: pending._id } }, $inc: { pendingVnd: -pending.amountVnd, postedVnd, available: pending.amountVnd - postedVnd } },
  );
}

export type EndOutcome = { ok: true; pledge: PledgeRecord } | { ok: false; state: PledgeRecord['state'] | 'missing' };

/** Cancelling (void) or expiring a pending pledge. Not pending (or claimed by its disbursement) → refused. */
export async function endPledge(pledgeId: Types.ObjectId, kind: 'void' | 'expire', now: Date): Promise<EndOutcome> {
  const pledge = await PledgeModel.findById(pledgeId).lean<PledgeRecord>();
  if (!pledge) return { ok: false, state: 'missing' };
  const pending = (await findTransfer(pledge.transferId)) as TransferRecord;
  const t = await writeIntent({
    _id: `${pledge.transferId}.${kind}`,
    kind,
    debit: pending.credit,
    credit: pending.debit,
    amountVnd: pledge.amountVnd,
    pendingId: pending._id,
    timeoutAt: null,
    requestId: pledge.requestId,
    hospitalId: pledge.hospitalId,
    organisationId: pledge.organisationId,
    pledgeId: pledge._id,
    disbursementId: null,
    intent: null,
    at: now,
  });
  return applyEnd(t);
}

/** From the intent: the repair job resumes a cancel or an expiry here. */
export async function applyEnd(t: TransferRecord): Promise<EndOutcome> {
  const pledgeId = t.pledgeId as Types.ObjectId;
  if (t.state === 'refused' || !(await claimClose(pledgeId, t._id))) {
    await markTransfers([t._id], 'refused');
    const p = await PledgeModel.findById(pledgeId).lean<PledgeRecord>();
    return { ok: false, state: p?.state ?? 'missing' };
  }
  const pending = (await findTransfer(t.pendingId as string)) as TransferRecord;
  await release(t, pending, 0);
  await markTransfers([t._id], 'applied');
  await PledgeModel.updateOne(
    { _id: pledgeId, state: 'pending', closingTransferId: t._id },
    { $set: { state: t.kind === 'void' ? 'cancelled' : 'expired', endedAt: t.at }, $inc: { version: 1 } },
  );
  return { ok: true, pledge: (await PledgeModel.findById(pledgeId).lean<PledgeRecord>()) as PledgeRecord };
}

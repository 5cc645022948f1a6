import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../../db/duplicate-key.js';
import { DisbursementModel, PledgeModel, type DisbursementRecord, type PledgeRecord } from '../pledges.model.js';
import { crashAfter } from './crash.js';
import { AccountModel, payeeAccount, requestAccount, type TransferRecord } from './ledger.model.js';
import { claimClose, release } from './pledge-ops.js';
import { findTransfer, markTransfers, writeIntent } from './transfers.js';

/**
 * A disbursement posts all or part of a pending pledge (`<id>.post`, partner → request; the rest
 * returns to the request's available amount) and pays it on (`<id>.pay`, request → payee). Order:
 * the disbursement record (recording), both intents, the exclusive close claim on the pledge, the
 * guard, the marks, then the records' states. A reversal is two new transfers payee → request →
 * partner, guarded by the account's `reversed` list. Each step idempotent (decision 0025).
 */
export type DisburseOutcome = { ok: true; disbursement: DisbursementRecord } | { ok: false; reason: 'not-pending'; state: PledgeRecord['state'] | 'missing' };

export async function recordDisbursement(d: DisbursementRecord): Promise<DisburseOutcome> {
  try {
    await DisbursementModel.collection.insertOne(d as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  crashAfter('disbursement.record');
  return completeDisbursement(d._id);
}

/** From the disbursement record alone: the repair job and retries resume here. */
export async function completeDisbursement(id: Types.ObjectId): Promise<DisburseOutcome> {
  const d = await DisbursementModel.findById(id).lean<DisbursementRecord>();
  if (!d) return { ok: false, reason: 'not-pending', state: 'missing' };
  const pledge = (await PledgeModel.findById(d.pledgeId).lean<PledgeRecord>()) as PledgeRecord;
  const [post, pay] = await writeDisbursementIntents(d, pledge);
  crashAfter('disbursement.transfers');
  if (d.state !== 'recording') return { ok: true, disbursement: d };
  if (post.state === 'refused' || !(await claimClose(pledge._id, post._id))) return refuse(d, [post._id, pay._id]);
  crashAfter('disbursement.claim');
  const pending = (await findTransfer(pledge.transferId)) as TransferRecord;
  await release(post, pending, d.amountVnd);
  crashAfter('disbursement.post');
  await markTransfers([post._id, pay._id], 'applied');
  crashAfter('disbursement.mark');
  await PledgeModel.updateOne(
    { _id: pledge._id, state: 'pending', closingTransferId: post._id },
    { $set: { state: 'disbursed', disbursementId: d._id, endedAt: d.createdAt }, $inc: { version: 1 } },
  );
  await DisbursementModel.updateOne({ _id: d._id, state: 'recording' }, { $set: { state: 'done' } });
  return { ok: true, disbursement: (await DisbursementModel.findById(d._id).lean<DisbursementRecord>()) as DisbursementRecord };
}

async function writeDisbursementIntents(d: DisbursementRecord, pledge: PledgeRecord): Promise<[TransferRecord, TransferRecord]> {
  const base = { requestId: d.requestId, hospitalId: d.hospitalId, organisationId: d.organisationId, pledgeId: d.pledgeId, disbursementId: d._id, timeoutAt: null, intent: null, at: d.createdAt };
  const post = await writeIntent({ ...base, _id: `${d._id.toHexString()}.post`, kind: 'post', debit: `partner:${d.organisationId.toHexString()}`, credit: requestAccount(d.requestId), amountVnd: d.amountVnd, pendingId: pledge.transferId });
  const pay = await writeIntent({ ...base, _id: `${d._id.toHexString()}.pay`, kind: 'pay', debit: requestAccount(d.requestId), credit: payeeAccount(d.requestId, d.payee), amountVnd: d.amountVnd, pendingId: null });
  return [post, pay];
}

/** The pledge was closed by something else (cancelled, expired, another disbursement): the intents are refused and the record goes. */
async function refuse(d: DisbursementRecord, transferIds: string[]): Promise<DisburseOutcome> {
  await markTransfers(transferIds, 'refused');
  await DisbursementModel.deleteOne({ _id: d._id, state: 'recording' });
  const p = (await PledgeModel.findById(d.pledgeId).lean<PledgeRecord>()) as PledgeRecord;
  return { ok: false, reason: 'not-pending', state: p.state };
}

export interface ReversalIntent {
  disbursementId: Types.ObjectId;
  reason: string;
  by: string;
  now: Date;
}

/** Reverses a done disbursement: payee → request, request → partner; the amount returns to the request's available. */
export async function reverseOnLedger(r: ReversalIntent): Promise<DisbursementRecord | null> {
  const d = await DisbursementModel.findById(r.disbursementId).lean<DisbursementRecord>();
  if (!d || d.state === 'recording') return null;
  const id = d._id.toHexString();
  const base = { requestId: d.requestId, hospitalId: d.hospitalId, organisationId: d.organisationId, pledgeId: d.pledgeId, disbursementId: d._id, timeoutAt: null, pendingId: null, at: r.now };
  const intent = { reason: r.reason, by: r.by };
  await writeIntent({ ...base, _id: `${id}.reverse-pay`, kind: 'reverse', debit: payeeAccount(d.requestId, d.payee), credit: requestAccount(d.requestId), amountVnd: d.amountVnd, intent });
  const back = await writeIntent({ ...base, _id: `${id}.reverse-post`, kind: 'reverse', debit: requestAccount(d.requestId), credit: `partner:${d.organisationId.toHexString()}`, amountVnd: d.amountVnd, intent });
  crashAfter('reversal.transfers');
  return applyReversal(back);
}

/** From the `.reverse-post` intent: the repair job resumes a reversal here. */
export async function applyReversal(back: TransferRecord): Promise<DisbursementRecord> {
  const d = (await DisbursementModel.findById(back.disbursementId).lean<DisbursementRecord>()) as DisbursementRecord;
  const id = d._id.toHexString();
  await AccountModel.updateOne(
    { _id: requestAccount(d.requestId), reversed: { $ne: id } },
    { $push: { reversed: id }, $inc: { postedVnd: -d.amountVnd, available: d.amountVnd } },
  );
  await markTransfers([`${id}.reverse-pay`, `${id}.reverse-post`], 'applied');
  const intent = back.intent as { reason: string; by: string };
  await DisbursementModel.updateOne({ _id: d._id, state: 'done' }, { $set: { state: 'reversed', reversal: { reason: intent.reason, at: back.at, by: intent.by } } });
  return (await DisbursementModel.findById(d._id).lean<DisbursementRecord>()) as DisbursementRecord;
}

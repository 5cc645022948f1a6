import { Types } from 'mongoose';
import { conflict } from '../../errors.js';
import { updateWithEvent } from '../../events/append.js';
import type { Logger } from 'pino';
import { fundingEvents } from './funding.events.js';
import { deleteFundingFile, type StoredFundingFile } from './funding-files.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import { DisbursementModel, type DisbursementRecord } from './pledges.model.js';

/**
 * Receipts of a disbursement (issue 12 point 4): the paper that proves the money arrived (the
 * hospital's bill stamped paid, the family's signed receipt, the supplier's invoice, a bank slip),
 * uploaded by the paying partner or the request's hospital staff, kept in GridFS (funding-files.ts)
 * and listed on the disbursement. A receipt is added, never replaced: the trail only grows.
 */
export type Receipt = DisbursementRecord['receipts'][number];

/** At most this many papers per payment: the list lives in the disbursement's document. */
export const MAX_RECEIPTS = 20;

export async function findDisbursementRecord(id: string): Promise<DisbursementRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return DisbursementModel.findById(id).lean<DisbursementRecord>();
}

/** Before reading the body: a payment still being recorded, or one with its papers full, takes none (409). */
export function assertTakesReceipt(d: Pick<DisbursementRecord, 'state' | 'receipts'>): void {
  if (d.state === 'recording') throw conflict('RECEIPT.NOT_PAID', 'The payment is still being recorded; add its receipt in a moment');
  if (d.receipts.length >= MAX_RECEIPTS) throw conflict('RECEIPT.TOO_MANY', `A payment keeps at most ${MAX_RECEIPTS} receipts`, { max: MAX_RECEIPTS });
}

/**
 * Adds the stored file to the disbursement, conditional on it still taking one (a concurrent upload
 * may have filled the last place); refused → the bytes are deleted. The request's stream then tells
 * `funding.receipt-added` (ids only). The two are separate writes: a process stopping between them
 * loses the event, never the receipt (the receipt is the record; the event only feeds the timeline).
 */
export async function addReceipt(d: DisbursementRecord, file: StoredFundingFile, by: string, now: Date, log?: Logger): Promise<DisbursementRecord> {
  const receipt: Receipt = { _id: new Types.ObjectId(), fileId: file.fileId, fileName: file.fileName, contentType: file.contentType, size: file.size, at: now, by };
  const updated = await DisbursementModel.findOneAndUpdate(
    { _id: d._id, state: { $ne: 'recording' }, [`receipts.${MAX_RECEIPTS - 1}`]: { $exists: false } },
    { $push: { receipts: receipt } },
    { new: true },
  ).lean<DisbursementRecord>();
  if (!updated) {
    await deleteFundingFile(file.fileId);
    const fresh = await findDisbursementRecord(d._id.toHexString());
    assertTakesReceipt(fresh ?? { state: 'recording', receipts: [] });
    throw conflict('RECEIPT.TOO_MANY', `A payment keeps at most ${MAX_RECEIPTS} receipts`, { max: MAX_RECEIPTS });
  }
  await tellReceiptAdded(updated, receipt, by, now, log);
  return updated;
}

async function tellReceiptAdded(d: DisbursementRecord, receipt: Receipt, by: string, now: Date, log?: Logger): Promise<void> {
  const r = await FundingRequestModel.findById(d.requestId, { caseId: 1, hospitalId: 1 }).lean<Pick<FundingRequestRecord, '_id' | 'caseId' | 'hospitalId'>>();
  if (!r) return;
  const data = { requestId: r._id.toHexString(), caseId: r.caseId.toHexString(), hospitalId: r.hospitalId.toHexString(), disbursementId: d._id.toHexString(), receiptId: receipt._id.toHexString() };
  await updateWithEvent(fundingEvents, { _id: r._id }, { $set: { updatedAt: now } }, { type: 'funding.receipt-added', hospitalId: r.hospitalId, organisationId: d.organisationId, actorUserId: by, data }, now, log);
}

export function findReceipt(d: DisbursementRecord, receiptId: string): Receipt | null {
  return d.receipts.find((x) => x._id.toHexString() === receiptId) ?? null;
}

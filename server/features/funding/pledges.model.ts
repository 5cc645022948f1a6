import mongoose, { Schema, type Types } from 'mongoose';
import type { PayeeKind, PledgeState } from './funding.schemas.js';

/**
 * Pledges and disbursements (decision 0025): the business records over the ledger's transfers.
 * A pledge's id is its pending transfer's id; a disbursement's transfers are `<id>.post` and
 * `<id>.pay`. Both ids derive from the caller's Idempotency-Key (ledger/ids.ts), so a retried or
 * resumed request converges on the same records.
 */
export interface PledgeRecord {
  _id: Types.ObjectId;
  requestId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  organisationId: Types.ObjectId;
  amountVnd: number;
  note: string | null;
  state: PledgeState;
  transferId: string;
  expiresAt: Date;
  disbursementId: Types.ObjectId | null;
  /**
   * The one transfer allowed to close the pledge (its post, void or expire): claimed by a
   * conditional update before the guard moves any money, so a cancel racing a disbursement lets
   * exactly one of them through and a resumed operation knows whether the close was its own.
   */
  closingTransferId: string | null;
  createdBy: string;
  createdAt: Date;
  endedAt: Date | null;
  version: number;
}

export type DisbursementState = 'recording' | 'done' | 'reversed';

export interface DisbursementRecord {
  _id: Types.ObjectId;
  pledgeId: Types.ObjectId;
  requestId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  organisationId: Types.ObjectId;
  /** The treatment episode (claims MA_LK), copied from the request for hospital-bill payments. */
  episodeId: string | null;
  amountVnd: number;
  /** What returned from the pledge to the request's available amount when it was posted. */
  returnedVnd: number;
  payee: PayeeKind;
  payeeName: string | null;
  method: 'bank-transfer' | 'cash' | 'direct-payment';
  witness: string | null;
  paymentReference: string | null;
  paidOn: string;
  receipts: { _id: Types.ObjectId; fileId: Types.ObjectId; fileName: string; contentType: string; size: number; at: Date; by: string }[];
  state: DisbursementState;
  transferIds: string[];
  reversal: { reason: string; at: Date; by: string } | null;
  createdBy: string;
  createdAt: Date;
}

const pledgeSchema = new Schema<PledgeRecord>(
  {
    requestId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    organisationId: { type: Schema.Types.ObjectId, required: true },
    amountVnd: { type: Number, required: true },
    note: { type: String, default: null },
    state: { type: String, required: true },
    transferId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    disbursementId: { type: Schema.Types.ObjectId, default: null },
    closingTransferId: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    version: { type: Number, required: true },
  },
  { collection: 'funding_pledges', versionKey: false, minimize: false },
);
// The partner's list, the hospital's list, the request's pledges, the expiry job.
pledgeSchema.index({ organisationId: 1, createdAt: -1, _id: -1 });
pledgeSchema.index({ hospitalId: 1, createdAt: -1, _id: -1 });
pledgeSchema.index({ requestId: 1, state: 1 });
pledgeSchema.index({ state: 1, expiresAt: 1 });

const disbursementSchema = new Schema<DisbursementRecord>(
  {
    pledgeId: { type: Schema.Types.ObjectId, required: true },
    requestId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    organisationId: { type: Schema.Types.ObjectId, required: true },
    episodeId: { type: String, default: null },
    amountVnd: { type: Number, required: true },
    returnedVnd: { type: Number, required: true },
    payee: { type: String, required: true },
    payeeName: { type: String, default: null },
    method: { type: String, required: true },
    witness: { type: String, default: null },
    paymentReference: { type: String, default: null },
    paidOn: { type: String, required: true },
    receipts: { type: Schema.Types.Mixed, default: [] },
    state: { type: String, required: true },
    transferIds: { type: [String], required: true },
    reversal: { type: Schema.Types.Mixed, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'funding_disbursements', versionKey: false, minimize: false },
);
disbursementSchema.index({ pledgeId: 1 });
disbursementSchema.index({ requestId: 1 });
disbursementSchema.index({ organisationId: 1, paidOn: 1 });
disbursementSchema.index({ hospitalId: 1, payee: 1, paidOn: 1 });

export const PledgeModel = mongoose.model<PledgeRecord>('FundingPledge', pledgeSchema);
export const DisbursementModel = mongoose.model<DisbursementRecord>('FundingDisbursement', disbursementSchema);

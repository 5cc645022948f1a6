import mongoose, { Schema, type Types } from 'mongoose';

/**
 * The double-entry ledger of charity money (decision 0025). Accounts are named
 * `partner:<orgId>`, `request:<requestId>` and `payee:<requestId>:<payeeKind>`. Only a request's
 * account carries counters: they are the guard ("debits must not exceed credits") applied by ONE
 * conditional single-document update per money step, since no invariant may rely on transactions.
 * Transfers are immutable: only `state` changes, once (recorded → applied | refused).
 */
export type TransferKind = 'pending' | 'post' | 'void' | 'expire' | 'pay' | 'reverse';
export type TransferState = 'recorded' | 'applied' | 'refused';

export interface Reservation {
  transferId: string;
  amountVnd: number;
}

export interface AccountRecord {
  _id: string;
  kind: 'request' | 'partner' | 'payee';
  requestId: Types.ObjectId | null;
  hospitalId: Types.ObjectId | null;
  organisationId: Types.ObjectId | null;
  /** Request accounts: the amount asked; fixed once anything is pledged. */
  limit: number;
  /** limit − pendingVnd − postedVnd, never below 0 (the guard's condition). */
  available: number;
  pendingVnd: number;
  postedVnd: number;
  /** Open to new pledges (published and consented). Posting, voiding and expiring ignore it. */
  open: boolean;
  /** The live pending transfers: bounded by the live pledges of the request. */
  reservations: Reservation[];
  /** Disbursement ids whose reversal has been applied to the counters (each at most once). */
  reversed: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface Entry {
  account: string;
  amountVnd: number;
}

export interface TransferRecord {
  /** Deterministic from the operation: `<pledgeId>`, `<pledgeId>.void`, `<disbursementId>.post`… */
  _id: string;
  kind: TransferKind;
  debit: string;
  credit: string;
  amountVnd: number;
  /** post / void / expire: the pending transfer it closes. */
  pendingId: string | null;
  /** pending: when it expires by itself. */
  timeoutAt: Date | null;
  entries: Entry[];
  state: TransferState;
  requestId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  organisationId: Types.ObjectId;
  pledgeId: Types.ObjectId | null;
  disbursementId: Types.ObjectId | null;
  /** What the repair job needs to finish a pledge whose process died (note, author, expiry). */
  intent: Record<string, unknown> | null;
  at: Date;
}

const accountSchema = new Schema<AccountRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['request', 'partner', 'payee'], required: true },
    requestId: { type: Schema.Types.ObjectId, default: null },
    hospitalId: { type: Schema.Types.ObjectId, default: null },
    organisationId: { type: Schema.Types.ObjectId, default: null },
    limit: { type: Number, default: 0 },
    available: { type: Number, default: 0 },
    pendingVnd: { type: Number, default: 0 },
    postedVnd: { type: Number, default: 0 },
    open: { type: Boolean, default: false },
    reservations: { type: Schema.Types.Mixed, default: [] },
    reversed: { type: [String], default: [] },
  },
  { collection: 'ledger_accounts', timestamps: true, minimize: false },
);

const transferSchema = new Schema<TransferRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    debit: { type: String, required: true },
    credit: { type: String, required: true },
    amountVnd: { type: Number, required: true },
    pendingId: { type: String, default: null },
    timeoutAt: { type: Date, default: null },
    entries: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: ['recorded', 'applied', 'refused'], required: true },
    requestId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    organisationId: { type: Schema.Types.ObjectId, required: true },
    pledgeId: { type: Schema.Types.ObjectId, default: null },
    disbursementId: { type: Schema.Types.ObjectId, default: null },
    intent: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'ledger_transfers', versionKey: false, minimize: false },
);
// A request's trail (the ledger view, the invariant), the repair job's scan, an account's balance.
transferSchema.index({ requestId: 1, at: 1, _id: 1 });
transferSchema.index({ state: 1, at: 1 });
transferSchema.index({ 'entries.account': 1, state: 1 });

export const AccountModel = mongoose.model<AccountRecord>('LedgerAccount', accountSchema);
export const TransferModel = mongoose.model<TransferRecord>('LedgerTransfer', transferSchema);

export const requestAccount = (requestId: { toString(): string }): string => `request:${requestId.toString()}`;
export const partnerAccount = (orgId: { toString(): string }): string => `partner:${orgId.toString()}`;
export const payeeAccount = (requestId: { toString(): string }, payee: string): string => `payee:${requestId.toString()}:${payee}`;

import mongoose, { Schema, type Types } from 'mongoose';
import type { PendingEvent } from '../../events/events.model.js';
import type { NeedDomain } from '../cases/cases.schemas.js';
import {
  CAPACITY_ANSWERS,
  REFERRAL_RECIPIENT_KINDS,
  REFERRAL_SERVICES,
  REFERRAL_STATUSES,
  REFERRAL_URGENCIES,
  type CapacityAnswer,
  type ReferralRecipientKind,
  type ReferralService,
  type ReferralSide,
  type ReferralStatus,
  type ReferralUrgency,
} from './referrals.schemas.js';

/**
 * A referral (issue 11, decision 0024): from a case of the sender's hospital (`hospitalId`, its
 * tenant) to another network hospital or to an organisation. Its state follows the Gravity referral
 * Task; every move is one conditional update on `{ _id, status, version }` that appends its history
 * entry and carries its event mark (decision 0014). Drafts are the sender's alone.
 */
export interface ReferralRecipient {
  kind: ReferralRecipientKind;
  hospitalId: Types.ObjectId | null;
  organisationId: Types.ObjectId | null;
}

export interface ReferralHistoryEntry {
  /** null: the referral's creation (as a draft, or sent at once). */
  from: ReferralStatus | null;
  to: ReferralStatus;
  side: ReferralSide;
  by: string;
  at: Date;
  reason: string | null;
  capacity: CapacityAnswer | null;
  outcome: string | null;
}

export interface ReferralDue {
  kind: 'accept' | 'complete';
  /** A Vietnam day, YYYY-MM-DD. */
  on: string;
}

export interface ReferralRecord {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  patientId: Types.ObjectId;
  /** The sender's hospital: the referral's tenant. */
  hospitalId: Types.ObjectId;
  to: ReferralRecipient;
  service: ReferralService;
  needs: NeedDomain[];
  urgency: ReferralUrgency;
  summary: string;
  documentIds: Types.ObjectId[];
  status: ReferralStatus;
  capacity: CapacityAnswer | null;
  statusReason: string | null;
  outcome: string | null;
  history: ReferralHistoryEntry[];
  due: ReferralDue | null;
  /** Set once per due by the escalation job (referrals.escalation.ts); cleared when `due` changes. */
  escalation: { dueKind: ReferralDue['kind']; dueOn: string; at: Date } | null;
  createdBy: string;
  sentAt: Date | null;
  /** Counts every change: the moves and the draft's edits are conditional on the version the user saw. */
  version: number;
  /**
   * `caseId:kind:recipientId` while the referral is a draft or live; removed when it ends. Unique
   * (sparse): a case has one draft-or-live referral per recipient, so ten clicks create one.
   */
  liveKey?: string;
  eventSeq?: number;
  pendingEvents?: PendingEvent[];
  createdAt: Date;
  updatedAt: Date;
}

const recipientSchema = new Schema<ReferralRecipient>(
  {
    kind: { type: String, enum: REFERRAL_RECIPIENT_KINDS, required: true },
    hospitalId: { type: Schema.Types.ObjectId, default: null },
    organisationId: { type: Schema.Types.ObjectId, default: null },
  },
  { _id: false },
);

const referralSchema = new Schema<ReferralRecord>(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    to: { type: recipientSchema, required: true },
    service: { type: String, enum: REFERRAL_SERVICES, required: true },
    needs: { type: [String], default: [] },
    urgency: { type: String, enum: REFERRAL_URGENCIES, required: true },
    summary: { type: String, required: true },
    documentIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: REFERRAL_STATUSES, required: true },
    capacity: { type: String, enum: [...CAPACITY_ANSWERS, null], default: null },
    statusReason: { type: String, default: null },
    outcome: { type: String, default: null },
    history: { type: Schema.Types.Mixed, default: [] },
    due: { type: Schema.Types.Mixed, default: null },
    escalation: { type: Schema.Types.Mixed, default: null },
    createdBy: { type: String, required: true },
    sentAt: { type: Date, default: null },
    version: { type: Number, required: true },
    liveKey: { type: String },
    eventSeq: { type: Number },
    pendingEvents: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'referrals', timestamps: true, minimize: false },
);
// The outbox (the sender's hospital) and the inboxes (the receiving hospital or organisation), newest change first.
referralSchema.index({ hospitalId: 1, updatedAt: -1, _id: -1 });
referralSchema.index({ 'to.hospitalId': 1, updatedAt: -1, _id: -1 });
referralSchema.index({ 'to.organisationId': 1, updatedAt: -1, _id: -1 });
// The network's list (coordinators) and the case page's panel.
referralSchema.index({ updatedAt: -1, _id: -1 });
referralSchema.index({ caseId: 1 });
// The escalation job: live referrals whose due day has passed.
referralSchema.index({ status: 1, 'due.on': 1 });
referralSchema.index({ liveKey: 1 }, { unique: true, sparse: true, name: 'one_live_referral_per_recipient' });

export const ReferralModel = mongoose.model<ReferralRecord>('Referral', referralSchema);

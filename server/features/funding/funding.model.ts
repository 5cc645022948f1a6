import mongoose, { Schema, type Types } from 'mongoose';
import type { PendingEvent } from '../../events/events.model.js';
import { FUNDING_STATUSES, FUNDING_URGENCIES, type FundingStatus, type LineKind } from './funding.schemas.js';

/**
 * A funding request (issue 12, decision 0025): on a case of the request's hospital (`hospitalId`,
 * its tenant), lines with their BHYT split computed once at writing (an old request keeps its
 * numbers), moved through its states by one conditional update on `{ _id, status, version }` that
 * appends the history entry and carries the event mark (decision 0014). The money lives in the
 * ledger (ledger/), never here: the request's `askedVnd` is its account's limit.
 */
export interface FundingLine {
  kind: LineKind;
  description: string;
  totalVnd: number;
  insuranceVnd: number;
  patientVnd: number;
  split: 'stated' | 'benefit-applied' | 'uninsured' | 'outside-bhyt';
  /** YYYY-MM-DD, the day whose benefit period applied (hospital fees); null for other kinds unless given. */
  serviceDate: string | null;
}

export interface FundingBhyt {
  benefitDigit: number | null;
  percent: number | null;
  source: string | null;
  capsNotApplied: boolean;
}

export interface FundingHistoryEntry {
  /** null: the request's creation. */
  from: FundingStatus | null;
  to: FundingStatus;
  /** null: a move the ledger's money made (partly/fully funded, disbursed) or a job (expiry). */
  by: string | null;
  at: Date;
  reason: string | null;
}

export interface FundingStory {
  title: string;
  text: string;
  diagnosisGroup: string;
  reviewed: boolean;
  ageBand: string | null;
  province: string | null;
  needs: LineKind[];
  listed: boolean;
  publishedAt: Date | null;
  unpublishedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

export interface FundingOutcome {
  _id: Types.ObjectId;
  text: string;
  by: string | null;
  at: Date;
}

export interface FundingRequestRecord {
  _id: Types.ObjectId;
  /** "HT-2026-000123": shown to everyone, quoted by partners; never a patient id. */
  reference: string;
  caseId: Types.ObjectId;
  patientId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  lines: FundingLine[];
  bhyt: FundingBhyt | null;
  askedVnd: number;
  urgency: (typeof FUNDING_URGENCIES)[number];
  neededBy: string;
  justification: string;
  documentIds: Types.ObjectId[];
  episodeId: string | null;
  status: FundingStatus;
  history: FundingHistoryEntry[];
  version: number;
  /** Written by the stories part (stories.ts). */
  story: FundingStory | null;
  /** Appended by the statements part (outcomes.ts). */
  outcomes: FundingOutcome[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  eventSeq?: number;
  pendingEvents?: PendingEvent[];
}

const fundingRequestSchema = new Schema<FundingRequestRecord>(
  {
    reference: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    lines: { type: Schema.Types.Mixed, default: [] },
    bhyt: { type: Schema.Types.Mixed, default: null },
    askedVnd: { type: Number, required: true },
    urgency: { type: String, enum: FUNDING_URGENCIES, required: true },
    neededBy: { type: String, required: true },
    justification: { type: String, required: true },
    documentIds: { type: [Schema.Types.ObjectId], default: [] },
    episodeId: { type: String, default: null },
    status: { type: String, enum: FUNDING_STATUSES, required: true },
    history: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    story: { type: Schema.Types.Mixed, default: null },
    outcomes: { type: Schema.Types.Mixed, default: [] },
    createdBy: { type: String, required: true },
    eventSeq: { type: Number },
    pendingEvents: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'funding_requests', timestamps: true, minimize: false },
);
// The hospital's list (newest change first), the case page's panel, the approval queue and the
// expiry job (by status), the marketplace (listed, pledgeable, by needed-by day).
fundingRequestSchema.index({ hospitalId: 1, updatedAt: -1, _id: -1 });
fundingRequestSchema.index({ updatedAt: -1, _id: -1 });
fundingRequestSchema.index({ caseId: 1 });
fundingRequestSchema.index({ status: 1, hospitalId: 1 });
fundingRequestSchema.index({ 'story.listed': 1, status: 1, neededBy: 1 });
fundingRequestSchema.index({ reference: 1 }, { unique: true });

export const FundingRequestModel = mongoose.model<FundingRequestRecord>('FundingRequest', fundingRequestSchema);

/** One counter per year for the references (`_id`: "funding-request:2026"). */
interface CounterRecord {
  _id: string;
  seq: number;
}
const counterSchema = new Schema<CounterRecord>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { collection: 'funding_counters', versionKey: false });
export const FundingCounterModel = mongoose.model<CounterRecord>('FundingCounter', counterSchema);

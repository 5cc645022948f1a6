import mongoose, { Schema, type Types } from 'mongoose';
import type { PendingEvent } from '../../events/events.model.js';
import type { ActivityGroup, CaseStatus, CLOSURE_OUTCOMES, GOAL_STATUSES, NEED_STATUSES, NeedDomain } from './cases.schemas.js';
import { ACTIVITY_GROUPS, CASE_STATUSES, NEED_DOMAINS } from './cases.schemas.js';

/**
 * A social-work case (issue 10, decision 0020): opened from a confirmed flag or by hand; worked
 * through open → assessment → plan → active support; closed only when the head of social work
 * approves a closure request. The plan (needs, goals, interventions) lives in the case: it is read
 * and changed with it, and a case holds tens of them, not thousands. Every change is one
 * conditional update carrying its event mark (decision 0014), `eventSeq` doubling as the version.
 */
export interface NeedRecord {
  _id: Types.ObjectId;
  domain: NeedDomain;
  description: string;
  status: (typeof NEED_STATUSES)[number];
  createdAt: Date;
  createdBy: string;
}

export interface GoalRecord {
  _id: Types.ObjectId;
  needId: Types.ObjectId | null;
  description: string;
  /** A Vietnam day, YYYY-MM-DD (strings of this form sort as days). */
  targetDate: string;
  status: (typeof GOAL_STATUSES)[number];
  createdAt: Date;
  createdBy: string;
}

export interface InterventionRecord {
  _id: Types.ObjectId;
  needId: Types.ObjectId | null;
  goalId: Types.ObjectId | null;
  description: string;
  activityGroup: ActivityGroup;
  performedOn: string;
  by: string;
  createdAt: Date;
}

type Outcome = (typeof CLOSURE_OUTCOMES)[number];

export interface CaseRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  status: CaseStatus;
  /** The flag whose confirmation opened the case; absent for a case opened by hand. */
  openedFromFlagId?: Types.ObjectId;
  openedBy: string;
  /** The social worker responsible now (a user id); the one who opened the case at first. */
  assignedTo: string | null;
  /** The social worker's short note at opening: why the case is open. */
  note: string | null;
  needs: NeedRecord[];
  goals: GoalRecord[];
  interventions: InterventionRecord[];
  closureRequest: { outcome: Outcome; summary: string; requestedBy: string; requestedAt: Date } | null;
  closure: { outcome: Outcome; summary: string; approvedBy: string; closedAt: Date } | null;
  /** The last move by hand, with its reason (free text stays here, never in the event). */
  lastTransition?: { from: CaseStatus; to: CaseStatus; reason: string | null; by: string; at: Date } | null;
  /** The last closure request the head of social work sent back, and why. */
  lastClosureReturn?: { reason: string; returnedBy: string; returnedAt: Date; outcome: Outcome } | null;
  /** `hospitalId:patientId` while a case opened by hand is not closed: unique, so two clicks open one case. */
  handOpenKey?: string;
  eventSeq?: number;
  pendingEvents?: PendingEvent[];
  createdAt: Date;
  updatedAt: Date;
}

const needSchema = new Schema<NeedRecord>(
  {
    domain: { type: String, enum: NEED_DOMAINS, required: true },
    description: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { _id: true },
);
const goalSchema = new Schema<GoalRecord>(
  {
    needId: { type: Schema.Types.ObjectId, default: null },
    description: { type: String, required: true },
    targetDate: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { _id: true },
);
const interventionSchema = new Schema<InterventionRecord>(
  {
    needId: { type: Schema.Types.ObjectId, default: null },
    goalId: { type: Schema.Types.ObjectId, default: null },
    description: { type: String, required: true },
    activityGroup: { type: String, enum: ACTIVITY_GROUPS, required: true },
    performedOn: { type: String, required: true },
    by: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { _id: true },
);

const caseSchema = new Schema<CaseRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: CASE_STATUSES, default: 'open' },
    openedFromFlagId: { type: Schema.Types.ObjectId },
    openedBy: { type: String, required: true },
    assignedTo: { type: String, default: null },
    note: { type: String, default: null },
    needs: { type: [needSchema], default: [] },
    goals: { type: [goalSchema], default: [] },
    interventions: { type: [interventionSchema], default: [] },
    closureRequest: { type: Schema.Types.Mixed, default: null },
    closure: { type: Schema.Types.Mixed, default: null },
    handOpenKey: { type: String },
    lastTransition: { type: Schema.Types.Mixed, default: null },
    lastClosureReturn: { type: Schema.Types.Mixed, default: null },
    eventSeq: { type: Number },
    pendingEvents: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'cases', timestamps: true, minimize: false },
);
// The lists (newest first, keyset on _id): the caseload by status, "my cases", by need, by overdue goal.
caseSchema.index({ hospitalId: 1, status: 1, _id: -1 });
caseSchema.index({ hospitalId: 1, assignedTo: 1, status: 1, _id: -1 });
caseSchema.index({ hospitalId: 1, 'needs.domain': 1, 'needs.status': 1 });
caseSchema.index({ hospitalId: 1, 'goals.status': 1, 'goals.targetDate': 1 });
caseSchema.index({ patientId: 1, createdAt: -1 });
// One case per flag, enforced by the database: a confirm retried after a failure finds the case
// the first attempt opened instead of opening a second. Sparse: cases not opened from a flag.
caseSchema.index({ openedFromFlagId: 1 }, { unique: true, sparse: true, name: 'one_case_per_flag' });
caseSchema.index({ handOpenKey: 1 }, { unique: true, sparse: true, name: 'one_hand_opened_case_per_patient' });

export const CaseModel = mongoose.model<CaseRecord>('Case', caseSchema);

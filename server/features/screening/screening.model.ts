import mongoose, { Schema, type Types } from 'mongoose';
import type { Finding } from './rules/index.js';

/**
 * A screening of one patient: automatic (from what FHIR already tells, at census sync) or a
 * questionnaire the social worker filled in with the patient. Each keeps the rule set it was
 * scored by and its findings; a newer screening supersedes the older (history kept).
 */
export interface ScreeningRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  kind: 'auto' | 'questionnaire';
  screeningDate: string;
  ruleSet: { id: string; version: string };
  findings: Finding[];
  priority: number;
  /** Codes and certainties, sorted: two screenings with the same fingerprint say the same thing. */
  fingerprint: string;
  questionnaireResponse: Record<string, unknown> | null;
  answers: Record<string, unknown> | null;
  supersededBy: Types.ObjectId | null;
  createdBy: string;
  createdAt: Date;
}

/**
 * Where one patient's screening stands (its _id is the patient's): the current screening and its
 * fingerprint, and the last questionnaire, whose answers automatic re-screenings carry forward.
 * A small document of its own, read and written by _id, so re-screening a census page needs no
 * search of the screenings and does not rewrite the patients' (large) records.
 */
export interface ScreeningStateRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  currentId: Types.ObjectId | null;
  fingerprint: string | null;
  answersId: Types.ObjectId | null;
  updatedAt: Date;
}

export type ScreeningState = Pick<ScreeningStateRecord, 'currentId' | 'fingerprint' | 'answersId'>;
export const NO_SCREENING: ScreeningState = { currentId: null, fingerprint: null, answersId: null };

export const FLAG_STATUSES = ['active', 'confirmed', 'dismissed', 'expired', 'superseded'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** The flag on a patient (FHIR Flag, category social/financial) with the reasons that raised it. */
export interface FlagRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  screeningId: Types.ObjectId;
  status: FlagStatus;
  /**
   * The patient's id while the flag is active, absent otherwise: a unique sparse index on it keeps
   * at most one active flag per patient, and finds a page of patients' active flags by index.
   */
  activeFor?: Types.ObjectId;
  priority: number;
  flagTypes: string[];
  codes: string[];
  /** The best certainty among poverty findings: authoritative (HN/CN card, certificate) or likely (self-report). */
  povertyCertainty: string | null;
  findings: Finding[];
  ward: string | null;
  /**
   * The Vietnam day the patient left hospital (null: in hospital, or no stay end known), copied
   * from the patient's census while the flag is active (patients.presence.ts): the worklist's
   * "here now or discharged lately" filter reads it instead of joining the patients.
   */
  leftOn?: string | null;
  expiresAt: Date;
  review: { by: string; at: Date; reason: string | null; caseId: Types.ObjectId | null } | null;
  writeBack: { status: 'disabled' | 'pending' | 'sent' | 'failed'; outboxId: Types.ObjectId | null; lastError: string | null };
  createdAt: Date;
  updatedAt: Date;
}

const screeningSchema = new Schema<ScreeningRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['auto', 'questionnaire'], required: true },
    screeningDate: { type: String, required: true },
    ruleSet: { id: String, version: String },
    findings: { type: Schema.Types.Mixed, default: [] },
    priority: { type: Number, required: true },
    fingerprint: { type: String, required: true },
    questionnaireResponse: { type: Schema.Types.Mixed, default: null },
    answers: { type: Schema.Types.Mixed, default: null },
    supersededBy: { type: Schema.Types.ObjectId, default: null },
    createdBy: { type: String, required: true },
  },
  { collection: 'screenings', timestamps: { createdAt: true, updatedAt: false }, minimize: false },
);
screeningSchema.index({ patientId: 1, createdAt: -1 });

const flagSchema = new Schema<FlagRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    screeningId: { type: Schema.Types.ObjectId, required: true, unique: true },
    status: { type: String, enum: FLAG_STATUSES, required: true },
    activeFor: { type: Schema.Types.ObjectId },
    priority: { type: Number, required: true },
    flagTypes: { type: [String], default: [] },
    codes: { type: [String], default: [] },
    povertyCertainty: { type: String, default: null },
    findings: { type: Schema.Types.Mixed, default: [] },
    ward: { type: String, default: null },
    leftOn: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    review: { type: new Schema({ by: String, at: Date, reason: String, caseId: Schema.Types.ObjectId }, { _id: false }), default: null },
    writeBack: {
      status: { type: String, enum: ['disabled', 'pending', 'sent', 'failed'], default: 'disabled' },
      outboxId: { type: Schema.Types.ObjectId, default: null },
      lastError: { type: String, default: null },
    },
  },
  { collection: 'flags', timestamps: true, minimize: false },
);
flagSchema.index({ hospitalId: 1, status: 1, priority: -1 });
flagSchema.index({ patientId: 1, createdAt: -1 });
flagSchema.index({ activeFor: 1 }, { unique: true, sparse: true });

const screeningStateSchema = new Schema<ScreeningStateRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    currentId: { type: Schema.Types.ObjectId, default: null },
    fingerprint: { type: String, default: null },
    answersId: { type: Schema.Types.ObjectId, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'screening_states', versionKey: false },
);

export const ScreeningStateModel = mongoose.model<ScreeningStateRecord>('ScreeningState', screeningStateSchema);
export const ScreeningModel = mongoose.model<ScreeningRecord>('Screening', screeningSchema);
export const FlagModel = mongoose.model<FlagRecord>('Flag', flagSchema);

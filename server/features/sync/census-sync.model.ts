import mongoose, { Schema, type Types } from 'mongoose';
import { SYNC_PHASES, SYNC_STATUSES, type SyncPhaseName, type SyncStatus } from './census-sync.schemas.js';

/**
 * One census sync of one hospital. Its checkpoint (each phase's next-page link and counters) is
 * saved after every page, so a crashed or failed run resumes where it stopped instead of redoing
 * finished pages.
 */
// The statuses and phases are part of the API contract (census-sync.schemas.ts).
export { SYNC_PHASES, SYNC_STATUSES, type SyncPhaseName, type SyncStatus };

export interface SyncPhase {
  name: SyncPhaseName;
  /** Where to go on: the next-page link of the last page saved; null before the first page. */
  nextUrl: string | null;
  done: boolean;
  pages: number;
  /** Encounters (the phase's matches) and patients saved so far in this phase. */
  encounters: number;
  patients: number;
  /** The phase's Bundle.total from its first page; null when the server does not say (it may omit it). */
  total: number | null;
}

export interface SyncRunRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  hospitalCode: string;
  status: SyncStatus;
  startedBy: string;
  /** When it was asked for (queued) or, for a run begun at once (the command line), begun. */
  startedAt: Date;
  /**
   * The worker that claimed it (and holds the hospital's sync lease in this name), null while
   * queued and for runs of the command line. Its writes are conditional on still being the owner.
   */
  owner?: string | null;
  finishedAt: Date | null;
  heartbeatAt: Date;
  /** Incremental: only resources updated after this instant (the last successful run's start). */
  since: Date | null;
  /** The instant the census is taken at ("recent discharges" counts back from it). */
  asOf: Date;
  /**
   * A fingerprint of the hospital's FHIR settings the run read with (base URL, auth, secrets):
   * its next links belong to that server, so a run is never resumed under other settings.
   */
  fhirKey: string | null;
  phases: SyncPhase[];
  progress: { pages: number; encounters: number; patients: number; total: number };
  resumedCount: number;
  error: { code: string; message: string; transient: boolean } | null;
}

const syncRunSchema = new Schema<SyncRunRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, ref: 'Hospital', required: true },
    hospitalCode: { type: String, required: true },
    status: { type: String, enum: SYNC_STATUSES, required: true },
    startedBy: { type: String, required: true },
    owner: { type: String, default: null },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    heartbeatAt: { type: Date, required: true },
    since: { type: Date, default: null },
    asOf: { type: Date, required: true },
    fhirKey: { type: String, default: null },
    phases: [
      new Schema<SyncPhase>(
        {
          name: { type: String, enum: SYNC_PHASES, required: true },
          nextUrl: { type: String, default: null },
          done: { type: Boolean, default: false },
          pages: { type: Number, default: 0 },
          encounters: { type: Number, default: 0 },
          patients: { type: Number, default: 0 },
          total: { type: Number, default: null },
        },
        { _id: false },
      ),
    ],
    progress: {
      pages: { type: Number, default: 0 },
      encounters: { type: Number, default: 0 },
      patients: { type: Number, default: 0 },
      /** Sum of each phase's Bundle.total as its first page arrives; 0 while unknown. */
      total: { type: Number, default: 0 },
    },
    resumedCount: { type: Number, default: 0 },
    error: { type: new Schema({ code: String, message: String, transient: Boolean }, { _id: false }), default: null },
  },
  { collection: 'sync_runs', versionKey: false },
);
syncRunSchema.index({ hospitalId: 1, startedAt: -1 });
// Workers look for queued runs, and for running ones whose heartbeat went quiet, oldest first.
syncRunSchema.index({ status: 1, heartbeatAt: 1 });

export const SyncRunModel = mongoose.model<SyncRunRecord>('SyncRun', syncRunSchema);

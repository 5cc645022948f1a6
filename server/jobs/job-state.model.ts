import mongoose, { Schema } from 'mongoose';

/**
 * When each shared job is next due, kept in the database so every scheduler (API instances and
 * workers alike) agrees: a job that ran on one worker is not due on another until its period
 * has passed. Written only by the holder of the job's lease, so it needs no compare-and-set.
 */
export interface JobStateRecord {
  _id: string; // the job's name
  nextRunAt: Date;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOwner: string | null;
  lastOutcome: 'ok' | 'failed' | null;
  runs: number;
}

export const JobStateModel = mongoose.model<JobStateRecord>(
  'JobState',
  new Schema<JobStateRecord>(
    {
      _id: String,
      nextRunAt: { type: Date, required: true },
      lastStartedAt: { type: Date, default: null },
      lastFinishedAt: { type: Date, default: null },
      lastOwner: { type: String, default: null },
      lastOutcome: { type: String, default: null },
      runs: { type: Number, default: 0 },
    },
    { collection: 'job_state', versionKey: false },
  ),
);

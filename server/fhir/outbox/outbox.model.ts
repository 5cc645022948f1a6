import type { Bundle } from '@medplum/fhirtypes';
import mongoose, { Schema, type Types } from 'mongoose';
import { eventSource } from '../../events/append.js';
import type { PendingEvent } from '../../events/events.model.js';
import type { WrittenEntry } from '../transaction-response.js';

/**
 * The outbox of what the module writes to hospitals' FHIR servers (decision 0014): one entry per
 * subject and kind (today a flag's findings; later a referral's ServiceRequest + Task, a Consent),
 * holding the transaction Bundle of PUTs to ids the module owns, so a retry never duplicates.
 * Entries written before kinds existed have `flagId` and no `kind`: they are flag entries.
 */
export interface OutboxRecord {
  _id: Types.ObjectId;
  kind: string;
  subjectId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  bundle: Bundle | null;
  /** What the server said it stored, per entry (ids and versions from `response.location`), once sent. */
  written: WrittenEntry[] | null;
  /** Entries from before kinds: the flag's id. */
  flagId?: Types.ObjectId;
  eventSeq?: number;
  pendingEvents?: PendingEvent[];
  createdAt: Date;
  updatedAt: Date;
}

const outboxSchema = new Schema<OutboxRecord>(
  {
    kind: { type: String, default: 'flag' },
    subjectId: { type: Schema.Types.ObjectId },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['pending', 'sent', 'failed'], required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    bundle: { type: Schema.Types.Mixed, default: null },
    written: { type: Schema.Types.Mixed, default: null },
    flagId: { type: Schema.Types.ObjectId },
  },
  { collection: 'fhir_outbox', timestamps: true, minimize: false, strict: false },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ kind: 1, subjectId: 1 });
export const OutboxModel = mongoose.model<OutboxRecord>('FhirOutbox', outboxSchema);

/** Events of the outbox: 'write-back.succeeded', 'write-back.failed' (for good), on stream `fhir-outbox:<id>`. */
export const outboxEvents = eventSource('fhir-outbox', OutboxModel as never);

export const kindOf = (e: Pick<OutboxRecord, 'kind'>): string => e.kind ?? 'flag';
export const subjectOf = (e: Pick<OutboxRecord, 'subjectId' | 'flagId'>): Types.ObjectId => (e.subjectId ?? e.flagId) as Types.ObjectId;

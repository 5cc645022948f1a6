import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import mongoose, { Schema, type Types } from 'mongoose';
import { UpstreamFhirError } from '../../errors.js';
import { gatewayFor } from '../../fhir/gateways.js';
import type { HospitalRecord } from '../admin/hospitals.model.js';
import { findHospital } from '../admin/hospitals.service.js';
import type { PatientRecord } from '../patients/patients.model.js';
import { findPatient } from '../patients/patients.service.js';
import { buildWriteBackResources } from './write-back.resources.js';
import type { FlagRecord, ScreeningRecord } from './screening.model.js';
import { FlagModel, ScreeningModel } from './screening.model.js';

/**
 * Write-back of the module's findings to the hospital's FHIR server (switchable per hospital:
 * `fhir.writeBack`). Each flag's resources go as one transaction Bundle of PUTs to ids the module
 * owns (nc-…), so a retry never duplicates. An outbox entry per flag holds the Bundle; a failed
 * send is retried with backoff and its error is shown on the flag, and a send that cannot succeed
 * (invalid resource) fails at once.
 */
const BACKOFF_MINUTES = [1, 5, 30, 120, 720];

export interface OutboxRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  flagId: Types.ObjectId;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  bundle: Bundle | null;
  createdAt: Date;
  updatedAt: Date;
}

const outboxSchema = new Schema<OutboxRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    flagId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['pending', 'sent', 'failed'], required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    bundle: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'fhir_outbox', timestamps: true, minimize: false },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
export const OutboxModel = mongoose.model<OutboxRecord>('FhirOutbox', outboxSchema);

function transaction(resources: Resource[]): Bundle {
  const entry: BundleEntry[] = resources.map((r) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } }));
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

async function markFlag(flagId: Types.ObjectId, status: FlagRecord['writeBack']['status'], outboxId: Types.ObjectId | null, lastError: string | null): Promise<void> {
  await FlagModel.updateOne({ _id: flagId }, { $set: { writeBack: { status, outboxId, lastError } } });
}

/** Queues the flag's resources and tries at once, in the background: screening never waits for the hospital. */
export async function enqueueWriteBack(h: HospitalRecord, record: Pick<PatientRecord, 'fhirId'>, screening: ScreeningRecord, flag: FlagRecord): Promise<void> {
  let bundle: Bundle | null = null;
  let error: string | null = null;
  try {
    bundle = transaction(buildWriteBackResources(record, screening, flag));
  } catch (err) {
    error = `The module could not build valid FHIR resources: ${err instanceof Error ? err.message : String(err)}`;
  }
  const entry = await OutboxModel.create({ hospitalId: h._id, flagId: flag._id, status: error ? 'failed' : 'pending', nextAttemptAt: new Date(), lastError: error, bundle });
  await markFlag(flag._id, error ? 'failed' : 'pending', entry._id, error);
  if (!error) void sendEntry(entry._id).catch(() => undefined);
}

/** One attempt at one entry; claims it first so two workers never send it at the same time. */
export async function sendEntry(id: Types.ObjectId, now = new Date()): Promise<OutboxRecord | null> {
  const claimed = await OutboxModel.findOneAndUpdate(
    { _id: id, status: 'pending', nextAttemptAt: { $lte: now } },
    { $set: { nextAttemptAt: new Date(now.getTime() + 5 * 60_000) }, $inc: { attempts: 1 } },
    { returnDocument: 'after' },
  ).lean<OutboxRecord>();
  if (!claimed || !claimed.bundle) return claimed;
  const h = await findHospital(claimed.hospitalId.toHexString());
  try {
    if (!h) throw new Error('the hospital no longer exists');
    await gatewayFor(h).transaction(claimed.bundle);
    await OutboxModel.updateOne({ _id: id }, { $set: { status: 'sent', lastError: null } });
    await markFlag(claimed.flagId, 'sent', id, null);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const retry = (!(err instanceof UpstreamFhirError) || err.transient) && claimed.attempts < BACKOFF_MINUTES.length;
    const delay = (BACKOFF_MINUTES[claimed.attempts - 1] ?? 60) * 60_000;
    await OutboxModel.updateOne({ _id: id }, { $set: { status: retry ? 'pending' : 'failed', lastError: message, nextAttemptAt: new Date(now.getTime() + delay) } });
    await markFlag(claimed.flagId, retry ? 'pending' : 'failed', id, message);
  }
  return OutboxModel.findById(id).lean<OutboxRecord>();
}

/** Sends every entry that is due (the app runs this every 30 s). */
export async function sendDue(now = new Date(), limit = 50): Promise<number> {
  const due = await OutboxModel.find({ status: 'pending', nextAttemptAt: { $lte: now } }, { _id: 1 }).limit(limit).lean();
  for (const d of due) await sendEntry(d._id, now);
  return due.length;
}

/** A user's "try again now": a failed or waiting entry becomes due at once. */
export async function retryFlagWriteBack(flag: FlagRecord): Promise<OutboxRecord | null> {
  if (!flag.writeBack.outboxId) {
    const h = await findHospital(flag.hospitalId.toHexString());
    const record = await findPatient(flag.patientId.toHexString());
    const screening = await ScreeningModel.findById(flag.screeningId).lean<ScreeningRecord>();
    // Write-back is the hospital's switch: a flag raised while it was off is not sent on a retry either.
    if (h?.fhir.writeBack && record && screening) await enqueueWriteBack(h, record, screening, flag);
    return null;
  }
  await OutboxModel.updateOne({ _id: flag.writeBack.outboxId, status: { $in: ['pending', 'failed'] }, bundle: { $ne: null } }, { $set: { status: 'pending', nextAttemptAt: new Date(0), attempts: 0 } });
  return sendEntry(flag.writeBack.outboxId);
}

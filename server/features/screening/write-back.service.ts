import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import mongoose, { Schema, type Types } from 'mongoose';
import { UpstreamFhirError } from '../../errors.js';
import { fhirRuntime } from '../../fhir/fhir-runtime.js';
import { upstreamStatusOf } from '../../fhir/gateway.js';
import { gatewayFor, interactiveGatewayFor } from '../../fhir/gateways.js';
import type { WrittenEntry } from '../../fhir/transaction-response.js';
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
 * (invalid resource, a 4xx answer) fails at once. Transient failures (429, 5xx, no answer) are
 * also retried within the attempt by the gateway, since every entry is an idempotent PUT.
 * Every failed attempt is logged with the hospital and the attempt's request id, never patient data.
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
  /** What the server said it stored, per entry (ids and versions from `response.location`), once sent. */
  written: WrittenEntry[] | null;
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
    written: { type: Schema.Types.Mixed, default: null },
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

export interface WriteBackItem {
  record: Pick<PatientRecord, 'fhirId'>;
  screening: ScreeningRecord;
  flag: FlagRecord;
}

type OutboxEntry = Pick<OutboxRecord, '_id' | 'hospitalId' | 'flagId' | 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'bundle' | 'written' | 'createdAt' | 'updatedAt'>;

/**
 * The outbox entries of new flags, built (and validated) before the flags are stored: each flag's
 * `writeBack` is set here to its entry, so storing the flags needs no second write. Store the
 * entries with `storeWriteBacks` once the flags are in.
 */
export function prepareWriteBacks(h: HospitalRecord, items: WriteBackItem[]): OutboxEntry[] {
  return items.map(({ record, screening, flag }) => {
    let bundle: Bundle | null = null;
    let error: string | null = null;
    try {
      bundle = transaction(buildWriteBackResources(record, screening, flag));
    } catch (err) {
      error = `The module could not build valid FHIR resources: ${err instanceof Error ? err.message : String(err)}`;
    }
    const now = new Date(); // set here: a lean insertMany does not add timestamps
    const entry: OutboxEntry = { _id: new mongoose.Types.ObjectId(), hospitalId: h._id, flagId: flag._id, status: error ? 'failed' : 'pending', attempts: 0, nextAttemptAt: now, lastError: error, bundle, written: null, createdAt: now, updatedAt: now };
    flag.writeBack = { status: entry.status, outboxId: entry._id, lastError: error };
    // The validation message stays on the entry and the flag: it may quote the resources, so the log gets ids only.
    if (error) fhirRuntime().log.error({ hospitalId: h._id.toHexString(), hospitalCode: h.code, outboxId: entry._id.toHexString(), flagId: flag._id.toHexString(), status: 'failed', reason: 'invalid-resources' }, 'write-back failed');
    return entry;
  });
}

/** Stores prepared entries in one write and sends the pending ones soon, a few at a time: screening never waits for the hospital. */
export async function storeWriteBacks(entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await OutboxModel.insertMany(entries, { lean: true });
  sendSoon(entries.filter((e) => e.status === 'pending').map((e) => e._id));
}

/** Queues one flag's resources (a retry of a flag that never had an entry). */
export async function enqueueWriteBack(h: HospitalRecord, record: Pick<PatientRecord, 'fhirId'>, screening: ScreeningRecord, flag: FlagRecord): Promise<void> {
  const [entry] = prepareWriteBacks(h, [{ record, screening, flag }]);
  if (!entry) return;
  // The flag first, as with new flags: a send finishing before it could otherwise be overwritten.
  await markFlag(flag._id, entry.status, entry._id, entry.lastError);
  await storeWriteBacks([entry]);
}

/** Entries to send now, in the background, SEND_CONCURRENCY at a time (a census page raises a hundred flags at once). */
const SEND_CONCURRENCY = 4;
const sendQueue: Types.ObjectId[] = [];
let senders = 0;

function sendSoon(ids: Types.ObjectId[]): void {
  sendQueue.push(...ids);
  while (senders < SEND_CONCURRENCY && sendQueue.length > 0) {
    senders += 1;
    void drainSendQueue().finally(() => (senders -= 1));
  }
}

async function drainSendQueue(): Promise<void> {
  for (let id = sendQueue.shift(); id; id = sendQueue.shift()) {
    // A failure is kept on the entry and retried by the sweeper; nothing to do here.
    await sendEntry(id).catch(() => undefined);
  }
}

/**
 * One attempt at one entry; claims it first so two workers never send it at the same time.
 * `interactive`: a person waits for this attempt (their "try again now"), so it gets the
 * interactive deadline instead of the background's retries of full timeouts.
 */
export async function sendEntry(id: Types.ObjectId, now = new Date(), options: { interactive?: boolean } = {}): Promise<OutboxRecord | null> {
  const claimed = await OutboxModel.findOneAndUpdate(
    { _id: id, status: 'pending', nextAttemptAt: { $lte: now } },
    { $set: { nextAttemptAt: new Date(now.getTime() + 5 * 60_000) }, $inc: { attempts: 1 } },
    { returnDocument: 'after' },
  ).lean<OutboxRecord>();
  if (!claimed || !claimed.bundle) return claimed;
  const h = await findHospital(claimed.hospitalId.toHexString());
  // One id per attempt, sent as X-Request-Id on each of its tries: the hospital's logs and ours meet on it.
  const requestId = randomUUID();
  try {
    if (!h) throw new Error('the hospital no longer exists');
    const gateway = options.interactive ? interactiveGatewayFor(h) : gatewayFor(h);
    const { entries } = await gateway.transaction(claimed.bundle, { requestId });
    await OutboxModel.updateOne({ _id: id }, { $set: { status: 'sent', lastError: null, written: entries } });
    await markFlag(claimed.flagId, 'sent', id, null);
  } catch (err) {
    await recordFailure(claimed, h, requestId, err, now);
  }
  return OutboxModel.findById(id).lean<OutboxRecord>();
}

/** Keeps a failed attempt on the entry and its flag (pending again, or failed for good), and logs it by ids. */
async function recordFailure(claimed: OutboxRecord, h: HospitalRecord | null, requestId: string, err: unknown, now: Date): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const transient = !(err instanceof UpstreamFhirError) || err.transient;
  const retry = transient && claimed.attempts < BACKOFF_MINUTES.length;
  const delay = (BACKOFF_MINUTES[claimed.attempts - 1] ?? 60) * 60_000;
  const status = retry ? 'pending' : 'failed';
  await OutboxModel.updateOne({ _id: claimed._id }, { $set: { status, lastError: message, nextAttemptAt: new Date(now.getTime() + delay) } });
  await markFlag(claimed.flagId, status, claimed._id, message);
  // The message names the hospital and the call, never the patient (the gateway's messages carry no resource content).
  fhirRuntime().log[retry ? 'warn' : 'error'](
    {
      hospitalId: claimed.hospitalId.toHexString(),
      hospitalCode: h?.code ?? null,
      outboxId: claimed._id.toHexString(),
      flagId: claimed.flagId.toHexString(),
      attempt: claimed.attempts,
      requestId,
      upstreamStatus: upstreamStatusOf(err) ?? null,
      transient,
      status,
      ...(retry ? { nextAttemptAt: new Date(now.getTime() + delay).toISOString() } : {}),
      error: message,
    },
    'write-back failed',
  );
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
  const entry = await OutboxModel.findOneAndUpdate(
    { _id: flag.writeBack.outboxId, status: { $in: ['pending', 'failed'] }, bundle: { $ne: null } },
    { $set: { status: 'pending', nextAttemptAt: new Date(0), attempts: 0 } },
    { returnDocument: 'after' },
  ).lean<OutboxRecord>();
  if (!entry && !(await OutboxModel.exists({ _id: flag.writeBack.outboxId }))) {
    // The flag was stored but its entry was not (the service stopped in between): queue it again.
    return retryFlagWriteBack({ ...flag, writeBack: { ...flag.writeBack, outboxId: null } });
  }
  return sendEntry(flag.writeBack.outboxId, new Date(), { interactive: true });
}

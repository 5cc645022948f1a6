import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import mongoose, { type Types } from 'mongoose';
import type { Clock } from '../../clock.js';
import { UpstreamFhirError } from '../../errors.js';
import { publishPending, updateWithEvent, withFirstEvent } from '../../events/append.js';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { emitSignal } from '../../jobs/signals.js';
import { fhirRuntime } from '../fhir-runtime.js';
import { upstreamStatusOf } from '../gateway.js';
import { findHospital } from '../../features/admin/hospitals.service.js';
import { gatewayFor, interactiveGatewayFor } from '../gateways.js';
import { kindOf, OutboxModel, outboxEvents, subjectOf, type OutboxRecord } from './outbox.model.js';

/**
 * The general outbox (decision 0014). A feature registers a kind: how to build the transaction
 * for a subject, how to find the hospital, and how to show an attempt's outcome on the subject.
 * An entry is sent soon after it is queued, a few at a time, and a failed send is retried with
 * backoff by the sweep job; a send that cannot succeed (invalid resources, a 4xx answer) fails at
 * once. Transient failures (429, 5xx, no answer) are also retried within the attempt by the
 * gateway, since every entry is an idempotent PUT. Every failed attempt is logged with the
 * hospital and the attempt's request id, never patient data.
 */
const BACKOFF_MINUTES = [1, 5, 30, 120, 720];
const CLAIM_MS = 5 * 60_000;

export interface OutboxKind {
  kind: string;
  /** The resources to write for this subject; throws when valid resources cannot be built. */
  build(subjectId: Types.ObjectId): Promise<Resource[]>;
  /** Shows an attempt's outcome on the subject (e.g. the flag's write-back status). */
  onOutcome(entry: Pick<OutboxRecord, '_id' | 'status' | 'lastError'>, subjectId: Types.ObjectId): Promise<void>;
}

const kinds = new Map<string, OutboxKind>();

export function registerOutboxKind(def: OutboxKind): void {
  kinds.set(def.kind, def);
}

function kindDef(kind: string): OutboxKind {
  const def = kinds.get(kind);
  if (!def) throw new Error(`no outbox kind ${kind} is registered in this process`);
  return def;
}

function transaction(resources: Resource[]): Bundle {
  const entry: BundleEntry[] = resources.map((r) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } }));
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

export interface EnqueueInput {
  /** The entry's id, chosen by the feature (a flag is stored already pointing at it): a second enqueue is a no-op. */
  id: Types.ObjectId;
  kind: string;
  subjectId: Types.ObjectId;
  hospitalId: Types.ObjectId;
}

/** Builds and stores the entry (idempotent by id), shows it on the subject and sends it soon. */
export async function enqueueOutbox(input: EnqueueInput, clock: Clock): Promise<OutboxRecord | null> {
  const now = clock.now();
  const existing = await OutboxModel.findById(input.id).lean<OutboxRecord>();
  if (existing) return existing;
  const def = kindDef(input.kind);
  let bundle: Bundle | null = null;
  let error: string | null = null;
  try {
    bundle = transaction(await def.build(input.subjectId));
  } catch (err) {
    error = `The module could not build valid FHIR resources: ${err instanceof Error ? err.message : String(err)}`;
  }
  const base = { _id: input.id, kind: input.kind, subjectId: input.subjectId, hospitalId: input.hospitalId, status: error ? 'failed' : 'pending', attempts: 0, nextAttemptAt: now, lastError: error, bundle, written: null, createdAt: now, updatedAt: now } as OutboxRecord;
  const entry = error ? withFirstEvent(outboxEvents, base, { type: 'write-back.failed', hospitalId: input.hospitalId, data: outcomeData(base, 'invalid-resources') }, now) : base;
  try {
    await OutboxModel.insertMany([entry], { lean: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return OutboxModel.findById(input.id).lean<OutboxRecord>();
  }
  if (error) {
    await publishPending(outboxEvents, [entry], fhirRuntime().log);
    // The validation message stays on the entry and the subject: it may quote the resources, so the log gets ids only.
    fhirRuntime().log.error({ hospitalId: input.hospitalId.toHexString(), outboxId: input.id.toHexString(), kind: input.kind, subjectId: input.subjectId.toHexString(), status: 'failed', reason: 'invalid-resources' }, 'write-back failed');
  }
  await def.onOutcome(entry, input.subjectId);
  emitSignal({ kind: 'outbox.queued', outboxId: input.id.toHexString(), subjectId: input.subjectId.toHexString() });
  if (!error) sendSoon([input.id], clock);
  return entry;
}

function outcomeData(e: Pick<OutboxRecord, '_id' | 'kind' | 'subjectId' | 'attempts'>, reason: string | null, upstreamStatus: number | null = null): Record<string, unknown> {
  return { outboxId: e._id.toHexString(), kind: e.kind, subjectId: e.subjectId.toHexString(), attempts: e.attempts, reason, upstreamStatus };
}

/** Entries to send now, in the background, SEND_CONCURRENCY at a time (a census page raises a hundred flags at once). */
const SEND_CONCURRENCY = 4;
const sendQueue: { id: Types.ObjectId; clock: Clock }[] = [];
let senders = 0;

function sendSoon(ids: Types.ObjectId[], clock: Clock): void {
  sendQueue.push(...ids.map((id) => ({ id, clock })));
  while (senders < SEND_CONCURRENCY && sendQueue.length > 0) {
    senders += 1;
    void drainSendQueue().finally(() => (senders -= 1));
  }
}

async function drainSendQueue(): Promise<void> {
  for (let next = sendQueue.shift(); next; next = sendQueue.shift()) {
    // A failure is kept on the entry and retried by the sweep; nothing to do here.
    await sendEntry(next.id, next.clock.now()).catch(() => undefined);
  }
}

/**
 * One attempt at one entry; claims it first so two workers never send it at the same time.
 * `interactive`: a person waits for this attempt (their "try again now"), so it gets the
 * interactive deadline instead of the background's retries of full timeouts.
 */
export async function sendEntry(id: Types.ObjectId, now: Date, options: { interactive?: boolean } = {}): Promise<OutboxRecord | null> {
  const claimed = await OutboxModel.findOneAndUpdate(
    { _id: id, status: 'pending', nextAttemptAt: { $lte: now } },
    { $set: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) }, $inc: { attempts: 1 } },
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
    const entry = { ...claimed, kind: kindOf(claimed), subjectId: subjectOf(claimed) };
    await updateWithEvent(outboxEvents, { _id: id }, { $set: { status: 'sent', lastError: null, written: entries, updatedAt: now } }, { type: 'write-back.succeeded', hospitalId: claimed.hospitalId, data: outcomeData(entry, null) }, now, fhirRuntime().log);
    await kindDef(entry.kind).onOutcome({ _id: id, status: 'sent', lastError: null }, entry.subjectId);
  } catch (err) {
    await recordFailure(claimed, h?.code ?? null, requestId, err, now);
  } finally {
    // After the entry, its subject and the log line are written (or a write of them failed): whoever waits reads again.
    emitSignal({ kind: 'outbox.attempted', outboxId: id.toHexString(), subjectId: subjectOf(claimed).toHexString() });
  }
  return OutboxModel.findById(id).lean<OutboxRecord>();
}

/** Keeps a failed attempt on the entry and its subject (pending again, or failed for good), and logs it by ids. */
async function recordFailure(claimed: OutboxRecord, hospitalCode: string | null, requestId: string, err: unknown, now: Date): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const transient = !(err instanceof UpstreamFhirError) || err.transient;
  const retry = transient && claimed.attempts < BACKOFF_MINUTES.length;
  const nextAttemptAt = new Date(now.getTime() + (BACKOFF_MINUTES[claimed.attempts - 1] ?? 60) * 60_000);
  const status = retry ? 'pending' : 'failed';
  const entry = { ...claimed, kind: kindOf(claimed), subjectId: subjectOf(claimed) };
  const set = { $set: { status, lastError: message, nextAttemptAt, updatedAt: now } };
  if (retry) await OutboxModel.updateOne({ _id: claimed._id }, set);
  else await updateWithEvent(outboxEvents, { _id: claimed._id }, set, { type: 'write-back.failed', hospitalId: claimed.hospitalId, data: outcomeData(entry, transient ? 'gave-up' : 'refused', upstreamStatusOf(err) ?? null) }, now, fhirRuntime().log);
  await kindDef(entry.kind).onOutcome({ _id: claimed._id, status, lastError: message }, entry.subjectId);
  // The message names the hospital and the call, never the patient (the gateway's messages carry no resource content).
  fhirRuntime().log[retry ? 'warn' : 'error'](
    {
      hospitalId: claimed.hospitalId.toHexString(),
      hospitalCode,
      outboxId: claimed._id.toHexString(),
      kind: entry.kind,
      subjectId: entry.subjectId.toHexString(),
      ...(entry.kind === 'flag' ? { flagId: entry.subjectId.toHexString() } : {}),
      attempt: claimed.attempts,
      requestId,
      upstreamStatus: upstreamStatusOf(err) ?? null,
      transient,
      status,
      ...(retry ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}),
      error: message,
    },
    'write-back failed',
  );
}

/** Sends every entry that is due (the sweep job). */
export async function sendDue(now: Date, limit = 50): Promise<number> {
  const due = await OutboxModel.find({ status: 'pending', nextAttemptAt: { $lte: now } }, { _id: 1 }).limit(limit).lean();
  for (const d of due) await sendEntry(d._id, now);
  return due.length;
}

/**
 * A person's "try again now": a failed or waiting entry becomes due at once and is sent while
 * they wait. Null when the entry does not exist (the caller queues it again).
 */
export async function retryNow(id: Types.ObjectId, now: Date): Promise<OutboxRecord | null> {
  const entry = await OutboxModel.findOneAndUpdate(
    { _id: id, status: { $in: ['pending', 'failed'] }, bundle: { $ne: null } },
    { $set: { status: 'pending', nextAttemptAt: new Date(0), attempts: 0 } },
    { returnDocument: 'after' },
  ).lean<OutboxRecord>();
  if (!entry && !(await OutboxModel.exists({ _id: id }))) return null;
  return sendEntry(id, now, { interactive: true });
}

export const newOutboxId = (): Types.ObjectId => new mongoose.Types.ObjectId();

import { createHash, randomUUID } from 'node:crypto';
import { systemClock } from '../../clock.js';
import { acquireLease, releaseLease } from '../../db/lease.js';
import { conflict } from '../../errors.js';
import { fhirRuntime } from '../../fhir/fhir-runtime.js';
import { emitSignal } from '../../jobs/signals.js';
import type { HospitalRecord } from '../admin/hospitals.service.js';
import { SYNC_PHASES, SyncRunModel, type SyncRunRecord, type SyncStatus } from './census-sync.model.js';

/**
 * Opening a census sync run: a new one, or the unfinished one resumed from its checkpoints. A run
 * is resumed only while its checkpoints still mean something: begun less than
 * SYNC_RESUME_MAX_AGE_MINUTES ago (a real server forgets its search pages: HAPI after an hour,
 * and a census, a card's validity, the rule set and flag expiry are all taken as of the run's
 * start), and under the same FHIR settings (another base URL or account makes its next links
 * meaningless). Otherwise its checkpoints are dropped and a new run starts as of now.
 *
 * Two ways in: the API queues a run (queueSync) for a worker to claim (census-sync.claim.ts); the
 * command line and tests begin one at once in their own process (beginSync). Both take the
 * hospital's lease, so neither ever runs beside the other.
 */
export const LEASE_TTL_MS = 60_000;
export const INSTANCE = `${process.pid}-${randomUUID().slice(0, 8)}`;

export const leaseName = (h: Pick<HospitalRecord, '_id'>): string => `census-sync:${h._id.toHexString()}`;

/** The filter a run's writes go through: a worker's run only while that worker still owns it. */
export const ownedBy = (run: Pick<SyncRunRecord, '_id' | 'owner'>): Record<string, unknown> => (run.owner ? { _id: run._id, owner: run.owner } : { _id: run._id });

/** A run's ids, for its in-process signals (server/jobs/signals.ts): ids only. */
export const signalIds = (run: Pick<SyncRunRecord, '_id' | 'hospitalId'>): { runId: string; hospitalId: string } => ({ runId: run._id.toHexString(), hospitalId: run.hospitalId.toHexString() });

const alreadyRunning = (h: HospitalRecord): Error => conflict('SYNC.ALREADY_RUNNING', `A census sync of ${h.name} (${h.code}) is already running`, { hospital: h.code });

/** The FHIR settings a run's next links depend on. Sealed secrets change when a secret is set again. */
export function fhirKeyOf(h: HospitalRecord): string {
  const { baseUrl, authType, secrets } = h.fhir;
  // Sorted, so the order the fields happen to be stored in never changes the fingerprint.
  const sealed = Object.entries(secrets ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify({ baseUrl, authType, sealed })).digest('hex').slice(0, 32);
}

/** In this process, now: takes the hospital's lease and opens a run (resuming an unfinished one). 409 when one is running. */
export async function beginSync(h: HospitalRecord, startedBy: string, now = systemClock.now(), owner = INSTANCE): Promise<SyncRunRecord> {
  if (!(await acquireLease(leaseName(h), owner, LEASE_TTL_MS, now))) throw alreadyRunning(h);
  try {
    return (await resumable(h, now, 'running')) ?? (await openRun(h, startedBy, now, 'running'));
  } catch (err) {
    await releaseLease(leaseName(h), owner);
    throw err;
  }
}

/**
 * For a worker: queues a run (resuming an unfinished one). 409 while one is queued, claimed by a
 * worker, or running anywhere (the hospital's lease, held here only while queueing).
 */
export async function queueSync(h: HospitalRecord, startedBy: string, now: Date): Promise<SyncRunRecord> {
  const holder = `queue-${INSTANCE}`;
  if (!(await acquireLease(leaseName(h), holder, LEASE_TTL_MS, now))) throw alreadyRunning(h);
  try {
    if (await SyncRunModel.exists({ hospitalId: h._id, $or: [{ status: 'queued' }, { status: 'running', owner: { $ne: null } }] })) throw alreadyRunning(h);
    const queued = (await resumable(h, now, 'queued')) ?? (await openRun(h, startedBy, now, 'queued'));
    emitSignal({ kind: 'sync.queued', ...signalIds(queued) });
    return queued;
  } finally {
    await releaseLease(leaseName(h), holder);
  }
}

/** Why the newest unfinished run may not be resumed, or null when it may. */
export function staleReason(h: HospitalRecord, run: SyncRunRecord, now: Date): string | null {
  const maxAgeMs = fhirRuntime().syncResumeMaxAgeMs;
  if (now.getTime() - run.startedAt.getTime() > maxAgeMs) return `it began more than ${Math.round(maxAgeMs / 60_000)} minutes ago`;
  if (run.fhirKey && run.fhirKey !== fhirKeyOf(h)) return "the hospital's FHIR settings changed since it began";
  return null;
}

/** The newest run that did not finish (crashed or failed), when no success came after it and it may still be resumed. */
async function resumable(h: HospitalRecord, now: Date, status: SyncStatus): Promise<SyncRunRecord | null> {
  const last = await SyncRunModel.findOne({ hospitalId: h._id }).sort({ startedAt: -1 }).lean<SyncRunRecord>();
  if (!last || last.status === 'succeeded') return null;
  const stale = staleReason(h, last, now);
  if (stale) {
    await dropCheckpoints(last, stale, now);
    return null;
  }
  // Conditional on what was read: a worker claiming the same run at this moment wins, and this asks again.
  const resumed = await SyncRunModel.findOneAndUpdate(
    { _id: last._id, status: last.status, owner: last.owner ?? null },
    { $set: { status, owner: null, heartbeatAt: now, error: null, finishedAt: null }, $inc: { resumedCount: 1 } },
    { returnDocument: 'after' },
  ).lean<SyncRunRecord>();
  if (!resumed) throw alreadyRunning(h);
  return resumed;
}

/** The run is closed for good: its next links are forgotten; one that was left running (crashed) is marked failed. */
export async function dropCheckpoints(run: SyncRunRecord, reason: string, now: Date): Promise<void> {
  const set: Record<string, unknown> = Object.fromEntries(run.phases.map((_, i) => [`phases.${i}.nextUrl`, null]));
  if (run.status === 'running' || run.status === 'queued') {
    Object.assign(set, {
      status: 'failed',
      finishedAt: now,
      error: { code: 'SYNC.NOT_RESUMED', message: `Census sync of ${run.hospitalCode} was not resumed: ${reason}; a new run started instead`, transient: false },
    });
  }
  await SyncRunModel.updateOne({ _id: run._id }, { $set: set });
  if (set.status) emitSignal({ kind: 'sync.ended', ...signalIds(run) });
}

export async function openRun(h: HospitalRecord, startedBy: string, now: Date, status: 'queued' | 'running', owner: string | null = null): Promise<SyncRunRecord> {
  const lastOk = await SyncRunModel.findOne({ hospitalId: h._id, status: 'succeeded' }).sort({ startedAt: -1 }).lean<SyncRunRecord>();
  const created = await SyncRunModel.create({
    hospitalId: h._id,
    hospitalCode: h.code,
    status,
    owner,
    startedBy,
    startedAt: now,
    heartbeatAt: now,
    asOf: now,
    since: lastOk?.startedAt ?? null,
    fhirKey: fhirKeyOf(h),
    phases: SYNC_PHASES.map((name) => ({ name, nextUrl: null, done: false, pages: 0, encounters: 0, patients: 0, total: null })),
  });
  return created.toObject<SyncRunRecord>();
}

import { createHash, randomUUID } from 'node:crypto';
import { acquireLease, releaseLease } from '../../db/lease.js';
import { conflict } from '../../errors.js';
import { fhirRuntime } from '../../fhir/fhir-runtime.js';
import type { HospitalRecord } from '../admin/hospitals.model.js';
import { SYNC_PHASES, SyncRunModel, type SyncRunRecord } from './census-sync.model.js';

/**
 * Opening a census sync run: a new one, or the unfinished one resumed from its checkpoints. A run
 * is resumed only while its checkpoints still mean something: begun less than
 * SYNC_RESUME_MAX_AGE_MINUTES ago (a real server forgets its search pages: HAPI after an hour,
 * and a census, a card's validity, the rule set and flag expiry are all taken as of the run's
 * start), and under the same FHIR settings (another base URL or account makes its next links
 * meaningless). Otherwise its checkpoints are dropped and a new run starts as of now.
 */
export const LEASE_TTL_MS = 60_000;
export const INSTANCE = `${process.pid}-${randomUUID().slice(0, 8)}`;

export const leaseName = (h: HospitalRecord): string => `census-sync:${h._id.toHexString()}`;

/** The FHIR settings a run's next links depend on. Sealed secrets change when a secret is set again. */
export function fhirKeyOf(h: HospitalRecord): string {
  const { baseUrl, authType, secrets } = h.fhir;
  // Sorted, so the order the fields happen to be stored in never changes the fingerprint.
  const sealed = Object.entries(secrets ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify({ baseUrl, authType, sealed })).digest('hex').slice(0, 32);
}

/** Takes the hospital's lease and opens a run (resuming an unfinished one). Throws 409 when one is running. */
export async function beginSync(h: HospitalRecord, startedBy: string, now = new Date()): Promise<SyncRunRecord> {
  if (!(await acquireLease(leaseName(h), INSTANCE, LEASE_TTL_MS, now))) {
    throw conflict('SYNC.ALREADY_RUNNING', `A census sync of ${h.name} (${h.code}) is already running`);
  }
  try {
    return (await resumable(h, now)) ?? (await openRun(h, startedBy, now));
  } catch (err) {
    await releaseLease(leaseName(h), INSTANCE);
    throw err;
  }
}

/** Why the newest unfinished run may not be resumed, or null when it may. */
function staleReason(h: HospitalRecord, run: SyncRunRecord, now: Date): string | null {
  const maxAgeMs = fhirRuntime().syncResumeMaxAgeMs;
  if (now.getTime() - run.startedAt.getTime() > maxAgeMs) return `it began more than ${Math.round(maxAgeMs / 60_000)} minutes ago`;
  if (run.fhirKey && run.fhirKey !== fhirKeyOf(h)) return "the hospital's FHIR settings changed since it began";
  return null;
}

/** The newest run that did not finish (crashed or failed), when no success came after it and it may still be resumed. */
async function resumable(h: HospitalRecord, now: Date): Promise<SyncRunRecord | null> {
  const last = await SyncRunModel.findOne({ hospitalId: h._id }).sort({ startedAt: -1 }).lean<SyncRunRecord>();
  if (!last || last.status === 'succeeded') return null;
  const stale = staleReason(h, last, now);
  if (stale) {
    await dropCheckpoints(last, stale);
    return null;
  }
  return SyncRunModel.findOneAndUpdate(
    { _id: last._id },
    { $set: { status: 'running', heartbeatAt: now, error: null, finishedAt: null }, $inc: { resumedCount: 1 } },
    { returnDocument: 'after' },
  ).lean<SyncRunRecord>();
}

/** The run is closed for good: its next links are forgotten; one that was left running (crashed) is marked failed. */
async function dropCheckpoints(run: SyncRunRecord, reason: string): Promise<void> {
  const set: Record<string, unknown> = Object.fromEntries(run.phases.map((_, i) => [`phases.${i}.nextUrl`, null]));
  if (run.status === 'running') {
    Object.assign(set, {
      status: 'failed',
      finishedAt: new Date(),
      error: { code: 'SYNC.NOT_RESUMED', message: `Census sync of ${run.hospitalCode} was not resumed: ${reason}; a new run started instead`, transient: false },
    });
  }
  await SyncRunModel.updateOne({ _id: run._id }, { $set: set });
}

async function openRun(h: HospitalRecord, startedBy: string, now: Date): Promise<SyncRunRecord> {
  const lastOk = await SyncRunModel.findOne({ hospitalId: h._id, status: 'succeeded' }).sort({ startedAt: -1 }).lean<SyncRunRecord>();
  const created = await SyncRunModel.create({
    hospitalId: h._id,
    hospitalCode: h.code,
    status: 'running',
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

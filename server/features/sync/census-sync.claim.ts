import { acquireLease, releaseLease, renewLease } from '../../db/lease.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { emitSignal } from '../../jobs/signals.js';
import { findHospital, type HospitalRecord } from '../admin/hospitals.service.js';
import { SyncRunModel, type SyncRunRecord } from './census-sync.model.js';
import { dropCheckpoints, LEASE_TTL_MS, leaseName, openRun, ownedBy, signalIds, staleReason } from './census-sync.runs.js';
import { runSync } from './census-sync.service.js';

/**
 * A worker's side of a queued census sync (decision 0015). The worker claims a run atomically (a
 * compare-and-set from queued to running, in its own name, with a heartbeat), takes the hospital's
 * lease, runs it and renews both while it runs. A run whose worker went quiet (heartbeat older
 * than the lease) is claimed by another worker and resumed from its checkpoints; a worker that is
 * stopped puts its run back in the queue, resumable, for the next one.
 */
export const STALE_AFTER_MS = LEASE_TTL_MS;
const HEARTBEAT_MS = Math.floor(LEASE_TTL_MS / 3);

/** The oldest queued run, or a running one whose worker went quiet, claimed for `owner`; null when there is none. */
export async function claimNextRun(owner: string, now: Date): Promise<SyncRunRecord | null> {
  const quietSince = new Date(now.getTime() - STALE_AFTER_MS);
  // A few tries: another worker may claim the run we looked at first; then the next one is taken.
  for (let attempt = 0; attempt < 5; attempt++) {
    const seen = await SyncRunModel.findOne({ $or: [{ status: 'queued' }, { status: 'running', owner: { $ne: null }, heartbeatAt: { $lt: quietSince } }] })
      .sort({ heartbeatAt: 1 }).lean<SyncRunRecord>();
    if (!seen) return null;
    const claimed = await SyncRunModel.findOneAndUpdate(
      { _id: seen._id, status: seen.status, owner: seen.owner ?? null, heartbeatAt: seen.heartbeatAt },
      { $set: { status: 'running', owner, heartbeatAt: now }, $inc: { resumedCount: seen.status === 'running' ? 1 : 0 } },
      { returnDocument: 'after' },
    ).lean<SyncRunRecord>();
    if (claimed) {
      emitSignal({ kind: 'sync.claimed', ...signalIds(claimed) });
      return claimed;
    }
  }
  return null;
}

/** Puts a claimed run back in the queue (resumable): this worker stopped, or could not take the hospital's lease. */
async function requeue(run: SyncRunRecord, now: Date, resumed: boolean): Promise<void> {
  await SyncRunModel.updateOne({ ...ownedBy(run), status: 'running' }, { $set: { status: 'queued', owner: null, heartbeatAt: now }, $inc: { resumedCount: resumed ? 1 : 0 } });
  emitSignal({ kind: 'sync.requeued', ...signalIds(run) });
}

/** Claims and runs queued runs one after another until there is none left or the worker stops. */
export async function runQueuedSyncs(ctx: JobContext): Promise<number> {
  let ran = 0;
  while (!ctx.signal.aborted) {
    const claimed = await claimNextRun(ctx.owner, ctx.clock.now());
    if (!claimed) break;
    if (await runClaimed(claimed, ctx)) ran += 1;
  }
  return ran;
}

/** Runs one claimed run to its end (or to the worker's stop); false when it could not start here. */
async function runClaimed(claimed: SyncRunRecord, ctx: JobContext): Promise<boolean> {
  const log = ctx.log.child({ syncRunId: claimed._id.toHexString(), hospital: claimed.hospitalCode });
  if (!(await acquireLease(leaseName({ _id: claimed.hospitalId }), ctx.owner, LEASE_TTL_MS, ctx.clock.now()))) {
    // The command line is syncing this hospital: the run waits its turn at the back of the queue.
    await requeue(claimed, ctx.clock.now(), false);
    return false;
  }
  const h = await findHospital(claimed.hospitalId.toHexString());
  if (!h) {
    await SyncRunModel.updateOne(ownedBy(claimed), { $set: { status: 'failed', finishedAt: ctx.clock.now(), error: { code: 'NOT_FOUND', message: 'The hospital is gone', transient: false } } });
    emitSignal({ kind: 'sync.ended', ...signalIds(claimed) });
    await releaseLease(leaseName({ _id: claimed.hospitalId }), ctx.owner);
    return false;
  }
  const run = await freshIfStale(h, claimed, ctx);
  log.info({ resumedCount: run.resumedCount, pagesSaved: run.progress.pages }, 'census sync claimed');
  const stopBeat = heartbeat(h, run, ctx);
  try {
    const finished = await runSync(h, run, { signal: stopBeat.signal, clock: ctx.clock });
    if (finished.status === 'running' && finished.owner === ctx.owner) await requeue(finished, ctx.clock.now(), true);
    log.info({ status: finished.status, patients: finished.progress.patients, pages: finished.progress.pages }, 'census sync ended here');
  } finally {
    stopBeat.stop();
  }
  return true;
}

/** A claimed run whose checkpoints no longer hold (too old, other FHIR settings) is closed; a new one runs instead. */
async function freshIfStale(h: HospitalRecord, run: SyncRunRecord, ctx: JobContext): Promise<SyncRunRecord> {
  const now = ctx.clock.now();
  const reason = run.progress.pages > 0 ? staleReason(h, run, now) : null;
  if (!reason) return run;
  await dropCheckpoints(run, reason, now);
  return openRun(h, run.startedBy, now, 'running', ctx.owner);
}

/**
 * Renews the run's heartbeat and the hospital's lease between pages too (a slow page must not look
 * like a dead worker). The signal aborts when the worker stops or the run was taken over.
 */
function heartbeat(h: HospitalRecord, run: SyncRunRecord, ctx: JobContext): { signal: AbortSignal; stop(): void } {
  const lost = new AbortController();
  let over = false;
  const timer = setInterval(() => {
    const now = ctx.clock.now();
    Promise.all([SyncRunModel.updateOne({ ...ownedBy(run), status: 'running' }, { $set: { heartbeatAt: now } }), renewLease(leaseName(h), ctx.owner, LEASE_TTL_MS, now)])
      .then(([beat, held]) => {
        if (over || (beat.matchedCount === 1 && held)) return;
        ctx.log.warn({ syncRunId: run._id.toHexString() }, 'census sync taken over by another worker: stopping here');
        lost.abort();
      })
      .catch((err: unknown) => ctx.log.warn({ err, syncRunId: run._id.toHexString() }, 'census sync heartbeat failed'));
  }, HEARTBEAT_MS);
  return {
    signal: AbortSignal.any([ctx.signal, lost.signal]),
    stop: () => {
      over = true;
      clearInterval(timer);
    },
  };
}

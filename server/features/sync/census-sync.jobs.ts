import { startOfVietnamDay, vietnamToday } from '../../clock.js';
import { registerJob, type JobContext } from '../../jobs/scheduler.js';
import { findHospital, listHospitals, type HospitalRecord } from '../admin/hospitals.service.js';
import { runQueuedSyncs } from './census-sync.claim.js';
import { SyncRunModel } from './census-sync.model.js';
import { queueSync } from './census-sync.runs.js';

/**
 * Census sync's periodic work, run by the worker's scheduler (decision 0015):
 * - census-sync.claim: every worker, when idle, claims queued runs and runs them one after the
 *   other (per worker, so several workers sync several hospitals at once; each run's own claim
 *   keeps it to one worker).
 * - census-sync.daily: when SYNC_DAILY_AT is set (HH:MM, Vietnam time), queues a sync of every
 *   hospital with an enabled FHIR link that has had no run begun since that time today. One
 *   scheduler at a time (its lease); queueing takes the hospital's lease, so never two.
 */
export const CLAIM_JOB = 'census-sync.claim';
export const DAILY_JOB = 'census-sync.daily';

const schedule: { dailyAt: string | null } = { dailyAt: null };

/** Set once at start from the configuration (the worker; tests). */
export function configureSyncSchedule(settings: { dailyAt: string | null }): void {
  schedule.dailyAt = settings.dailyAt;
}

/** Today's instant of the daily sync, by the clock; null when daily syncs are off. */
export function dailySyncTime(ctx: Pick<JobContext, 'clock'>): Date | null {
  if (!schedule.dailyAt) return null;
  const [hh = 0, mm = 0] = schedule.dailyAt.split(':').map(Number);
  return new Date(startOfVietnamDay(vietnamToday(ctx.clock)).getTime() + (hh * 60 + mm) * 60_000);
}

async function linkedHospitals(): Promise<HospitalRecord[]> {
  const linked: HospitalRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listHospitals({ limit: 100, active: true, ...(cursor ? { cursor } : {}) });
    for (const v of page.data.filter((h) => h.fhir.enabled && h.fhir.baseUrl)) {
      const h = await findHospital(v.id);
      if (h) linked.push(h);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return linked;
}

/** Queues today's sync of each linked hospital not yet synced since the daily time. Returns how many it queued. */
export async function queueDailySyncs(ctx: JobContext): Promise<number> {
  const at = dailySyncTime(ctx);
  const now = ctx.clock.now();
  if (!at || now < at) return 0;
  let queued = 0;
  for (const h of await linkedHospitals()) {
    if (ctx.signal.aborted) break;
    if (await SyncRunModel.exists({ hospitalId: h._id, startedAt: { $gte: at } })) continue;
    try {
      const run = await queueSync(h, 'schedule', now);
      queued += 1;
      ctx.log.info({ hospital: h.code, syncRunId: run._id.toHexString() }, 'daily census sync queued');
    } catch (err) {
      // One running already (begun before today's time): the next look, after it ends, queues today's.
      ctx.log.info({ hospital: h.code, err: err instanceof Error ? err.message : String(err) }, 'daily census sync not queued now');
    }
  }
  return queued;
}

registerJob({
  name: CLAIM_JOB,
  everyMs: 500,
  perOwner: true,
  run: async (ctx) => void (await runQueuedSyncs(ctx)),
});

registerJob({
  name: DAILY_JOB,
  everyMs: 5 * 60_000,
  run: async (ctx) => void (await queueDailySyncs(ctx)),
});

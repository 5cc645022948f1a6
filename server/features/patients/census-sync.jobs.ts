import type { Logger } from 'pino';
import type { HospitalRecord } from '../admin/hospitals.model.js';
import type { SyncRunRecord } from './census-sync.model.js';
import { runSync } from './census-sync.service.js';

/**
 * Sync runs started from the API run in the background of this process. On shutdown they are
 * asked to stop after their current page and awaited: the run stays resumable.
 */
const running = new Map<string, { controller: AbortController; done: Promise<SyncRunRecord> }>();

export function runInBackground(h: HospitalRecord, run: SyncRunRecord, log: Logger): void {
  const controller = new AbortController();
  const id = run._id.toHexString();
  const done = runSync(h, run, { signal: controller.signal })
    .then((finished) => {
      log.info({ syncRunId: id, hospital: h.code, status: finished.status, patients: finished.progress.patients }, 'census sync ended');
      return finished;
    })
    .catch((err: unknown) => {
      log.error({ err, syncRunId: id, hospital: h.code }, 'census sync crashed');
      return run;
    })
    .finally(() => running.delete(id));
  running.set(id, { controller, done });
}

/** For tests and shutdown: wait for a run started here to end. */
export async function waitForRun(id: string): Promise<SyncRunRecord | null> {
  return (await running.get(id)?.done) ?? null;
}

export async function stopAllRuns(): Promise<void> {
  const all = [...running.values()];
  for (const r of all) r.controller.abort();
  await Promise.all(all.map((r) => r.done));
}

import type { Logger } from 'pino';
import type { Clock } from '../../server/clock.js';
import { systemClock } from '../../server/clock.js';
import type { AppConfig } from '../../server/config.js';
import { testConfig } from '../../server/config.js';
import type { SyncRunRecord } from '../../server/features/sync/census-sync.model.js';
import { findRun } from '../../server/features/sync/census-sync.service.js';
import '../../server/jobs/all-jobs.js';
import { configureJobRuntime } from '../../server/jobs/runtime.js';
import { createScheduler, newOwner } from '../../server/jobs/scheduler.js';
import { createLogger } from '../../server/logger.js';
import { heard, untilSignalled } from './wait.js';

/**
 * The worker in the test's own process: the same scheduler and jobs as `npm run worker`
 * (server/worker.ts), on the test file's database, looking for work often so tests wait little.
 */
export interface TestWorker {
  owner: string;
  stop(): Promise<void>;
}

export interface TestWorkerOptions {
  config?: AppConfig;
  clock?: Clock;
  log?: Logger;
  owner?: string;
  /** Only these jobs; every job in server/jobs/all-jobs.ts by default. */
  only?: readonly string[];
}

export function startTestWorker(opts: TestWorkerOptions = {}): TestWorker {
  const log = opts.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  configureJobRuntime(opts.config ?? testConfig(), log);
  const owner = opts.owner ?? newOwner('test-worker');
  const scheduler = createScheduler({ owner, clock: opts.clock ?? systemClock, log, tickMs: 50, pollMs: 50, ...(opts.only ? { only: opts.only } : {}) });
  scheduler.start();
  return { owner, stop: () => scheduler.stop() };
}

const FINISHED = new Set(['succeeded', 'failed']);

/**
 * Waits until a census sync run has ended (succeeded or failed): a worker in this process runs it
 * and signals each change of the run (test/setup/wait.ts). Bounded: fails with the run's last
 * status after `timeoutMs`.
 */
export async function waitForRun(id: string, timeoutMs = 60_000): Promise<SyncRunRecord> {
  return waitForRunWhere(id, (r) => FINISHED.has(r.status), 'ended', timeoutMs);
}

/** Waits until the run is as `ok` says (e.g. some pages saved), reading it again at each of its signals; bounded. */
export async function waitForRunWhere(id: string, ok: (r: SyncRunRecord) => boolean, what = 'as expected', timeoutMs = 60_000): Promise<SyncRunRecord> {
  const run = await untilSignalled(() => findRun(id), (r) => r !== null && ok(r), heard.sync(id), {
    what: `sync run ${id} ${what}`,
    timeoutMs,
    show: (r) => `status ${r?.status ?? 'none'}, ${r?.progress.pages ?? 0} pages`,
  });
  return run as SyncRunRecord;
}

/** A worker that runs census syncs only (the queued runs), as the API ran them in its own process before: for tests about something else. */
export const SYNC_ONLY = { only: ['census-sync.claim'] } as const;

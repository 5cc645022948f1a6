import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppHandle } from '../../../server/app.js';
import { systemClock, vietnamDayOf } from '../../../server/clock.js';
import { testConfig } from '../../../server/config.js';
import { SyncRunModel, type SyncRunRecord } from '../../../server/features/sync/census-sync.model.js';
import { DAILY_JOB } from '../../../server/features/sync/census-sync.jobs.js';
import { JobStateModel } from '../../../server/jobs/job-state.model.js';
import { createLogger } from '../../../server/logger.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startFhirProxy, type FhirProxy } from '../../setup/fhir-servers.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';
import { startTestWorker, type TestWorker } from '../../setup/worker.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';

/**
 * Issue 9 point 2, "done when": two API instances and two workers on one database. Syncs asked
 * for through either instance, and the daily syncs the schedule queues, are each run exactly once
 * by one of the workers: none lost, none twice, no census page fetched twice; also when a worker
 * is stopped in the middle of a run (the other resumes it from its checkpoint).
 */
const VIA_API = 2;
const BY_SCHEDULE = 2;
const t = await startTestApp();
let apiB: AppHandle;
let demo: RunningDemoHospital;
const proxies = new Map<string, FhirProxy>(); // hospital id → its counting proxy
const workers: TestWorker[] = [];

beforeAll(async () => {
  apiB = createApp({ config: testConfig({ login: { maxFailures: 5, lockoutMinutes: 15, ratePerMinute: 1000 } }), logger: createLogger('silent') });
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 150, seed: 4242, now: new Date(), limits: { maxCount: 10 } });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await apiB?.close();
  await Promise.all([...proxies.values()].map((p) => p.close()));
  await demo?.stop();
  await t.close();
});

async function linkedHospital(): Promise<HospitalView> {
  const proxy = await startFhirProxy(demo.baseUrl);
  const h = await makeFhirHospital(proxy.baseUrl);
  proxies.set(h.id, proxy);
  return h;
}

/** Reads `get` again at each change of any census sync run (the workers' signals) until it gives something; bounded. */
async function until<T>(what: string, get: () => Promise<T | null>, timeoutMs = 120_000): Promise<T> {
  return (await untilSignalled(get, (got) => Boolean(got), heard.sync(), { what, timeoutMs })) as T;
}

/** A minute ago, as HH:MM in Vietnam (UTC+7): today's daily sync is due now. */
function dailyTimeJustPassed(): string {
  const vn = new Date(systemClock.now().getTime() + 7 * 3_600_000 - 60_000);
  // Just after midnight in Vietnam a minute ago is yesterday: the test would then wait a day; it never runs then.
  expect(vietnamDayOf(new Date(vn.getTime() - 7 * 3_600_000))).toBe(vietnamDayOf(systemClock.now()));
  return vn.toISOString().slice(11, 16);
}

describe('two API instances and two workers on one database', () => {
  it('run every queued and every scheduled sync exactly once, also when one worker is stopped mid-run', async () => {
    const instances: SignedIn[] = [await signInAs(t.app, 'coordinator'), await signInAs(apiB.app, 'coordinator')];
    const viaApi = await Promise.all(Array.from({ length: VIA_API }, () => linkedHospital()));
    const bySchedule = await Promise.all(Array.from({ length: BY_SCHEDULE }, () => linkedHospital()));
    // Asked for through both instances; the other instance refuses a second one while it waits.
    for (const [i, h] of viaApi.entries()) {
      const [asking, other] = [instances[i % 2], instances[(i + 1) % 2]] as [SignedIn, SignedIn];
      const res = await asking.agent.post(`/api/v1/hospitals/${h.id}/sync`).set('x-csrf-token', asking.csrf).expect(202);
      expect(res.body.status).toBe('queued');
      const twice = await other.agent.post(`/api/v1/hospitals/${h.id}/sync`).set('x-csrf-token', other.csrf).expect(409);
      expect(twice.body.error.code).toBe('SYNC.ALREADY_RUNNING');
    }

    const config = testConfig({ syncDailyAt: dailyTimeJustPassed() });
    const [w1, w2] = [startTestWorker({ config, owner: 'worker-1' }), startTestWorker({ config, owner: 'worker-2' })];
    workers.push(w1, w2);

    // Worker 1 is stopped once it has saved a page of a run: that run goes back to the queue and worker 2 resumes it.
    const interrupted = await until('worker 1 in the middle of a run', () =>
      SyncRunModel.findOne({ owner: 'worker-1', status: 'running', 'progress.pages': { $gte: 1 }, 'phases.0.done': false }).lean<SyncRunRecord>(),
    );
    await w1.stop();

    const all = [...viaApi, ...bySchedule];
    const runs = await until('every hospital synced', async () => {
      const found = await SyncRunModel.find({ hospitalId: { $in: all.map((h) => h.id) } }).lean<SyncRunRecord[]>();
      return found.length >= all.length && found.every((r) => r.status === 'succeeded' || r.status === 'failed') ? found : null;
    });

    // Exactly one run per hospital (the schedule queued none for a hospital already asked for), each succeeded.
    expect(runs.map((r) => r.hospitalId.toHexString()).sort()).toEqual(all.map((h) => h.id).sort());
    expect(runs.map((r) => [r.hospitalCode, r.status, r.error?.message ?? null])).toEqual(runs.map((r) => [r.hospitalCode, 'succeeded', null]));
    expect(runs.filter((r) => r.startedBy === 'schedule').map((r) => r.hospitalId.toHexString()).sort()).toEqual(bySchedule.map((h) => h.id).sort());
    // The same census everywhere: each run brought in the same patients, in the same pages.
    const first = runs[0] as SyncRunRecord;
    for (const r of runs) expect([r.progress.pages, r.progress.patients]).toEqual([first.progress.pages, first.progress.patients]);
    // No census page asked for twice, the interrupted run's included.
    for (const [id, proxy] of proxies) {
      expect(new Set(proxy.censusPages).size, `hospital ${id}`).toBe(proxy.censusPages.length);
      expect(proxy.censusPages.length, `hospital ${id}`).toBe(first.progress.pages);
    }
    const resumed = runs.find((r) => r._id.equals(interrupted._id));
    expect(resumed).toMatchObject({ owner: 'worker-2', status: 'succeeded' });
    expect(resumed?.resumedCount).toBeGreaterThanOrEqual(1);
    // Every patient is there once: the unique (hospital, FHIR id) holds, and the count matches the run's.
    for (const h of all) expect(await mongoose.connection.collection('patients').countDocuments({ hospitalId: new mongoose.Types.ObjectId(h.id) })).toBe(first.progress.patients);
    expect(runs.every((r) => r.owner === 'worker-1' || r.owner === 'worker-2')).toBe(true);
    // The daily job ran once in its period, on one of the two.
    expect(await JobStateModel.findById(DAILY_JOB).lean()).toMatchObject({ runs: 1, lastOutcome: 'ok' });
  }, 180_000);
});

import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { acquireLease, leaseHolder } from '../../../server/db/lease.js';
import { findHospital } from '../../../server/features/admin/hospitals.service.js';
import { claimNextRun } from '../../../server/features/sync/census-sync.claim.js';
import { CLAIM_JOB, configureSyncSchedule, DAILY_JOB } from '../../../server/features/sync/census-sync.jobs.js';
import { SyncRunModel, type SyncRunRecord } from '../../../server/features/sync/census-sync.model.js';
import { leaseName, LEASE_TTL_MS } from '../../../server/features/sync/census-sync.runs.js';
import { findRun, runSync } from '../../../server/features/sync/census-sync.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { runJobNow, type JobContext } from '../../../server/jobs/scheduler.js';
import { createLogger } from '../../../server/logger.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startFhirProxy, type FhirProxy } from '../../setup/fhir-servers.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * The worker's side of census sync, driven step by step with a settable clock: the API queues,
 * a worker claims (runJobNow of the claim job, as the scheduler runs it), a run whose worker died
 * is resumed by another only once its heartbeat is older than the lease, and the daily schedule
 * queues each linked hospital's sync once a day at the configured Vietnam time.
 */
const t = await startTestApp();
const log = createLogger('silent');
let demo: RunningDemoHospital;
let coordinator: SignedIn;
const proxies: FhirProxy[] = [];

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 150, seed: 4242, now: new Date(), limits: { maxCount: 10 } });
  coordinator = await signInAs(t.app, 'coordinator');
});

afterAll(async () => {
  configureSyncSchedule({ dailyAt: null });
  await Promise.all(proxies.map((p) => p.close()));
  await demo?.stop();
  await t.close();
});

const ctxOf = (owner: string, clock: JobContext['clock']): JobContext => ({ owner, clock, log, signal: new AbortController().signal });

async function queue(hospitalId: string): Promise<{ id: string; status: string }> {
  return (await coordinator.agent.post(`/api/v1/hospitals/${hospitalId}/sync`).set('x-csrf-token', coordinator.csrf).expect(202)).body;
}

describe('a queued sync', () => {
  it('waits as queued until a worker claims it; a second request meanwhile is 409; the worker runs it to the end', async () => {
    const h = await makeFhirHospital(demo.baseUrl);
    const run = await queue(h.id);
    expect(run.status).toBe('queued');
    expect((await coordinator.agent.get(`/api/v1/sync-runs/${run.id}`).expect(200)).body.status).toBe('queued');
    const twice = await coordinator.agent.post(`/api/v1/hospitals/${h.id}/sync`).set('x-csrf-token', coordinator.csrf).expect(409);
    expect(twice.body.error.code).toBe('SYNC.ALREADY_RUNNING');

    expect(await runJobNow(CLAIM_JOB, ctxOf('worker-a', settableClock()))).toBe(true);
    const done = (await coordinator.agent.get(`/api/v1/sync-runs/${run.id}`).expect(200)).body;
    expect(done).toMatchObject({ status: 'succeeded', resumedCount: 0, error: null });
    expect((await findRun(run.id))?.owner).toBe('worker-a');
    expect(await leaseHolder(`census-sync:${h.id}`)).toBeNull();
    // Its end is an event on the run's stream (for notifications): ids, codes and counts only.
    const events = await mongoose.connection.collection('events').find({ stream: `sync-run:${run.id}` }).toArray();
    expect(events.map((e) => [e._id, e.type, e.hospitalId, e.actorUserId])).toEqual([[`sync-run:${run.id}#1`, 'sync.completed', h.id, coordinator.user.id]]);
    expect(events[0]?.data).toEqual({ runId: run.id, hospitalCode: h.code, patients: done.progress.patients, pages: done.progress.pages, errorCode: null, transient: null });
  });
});

describe('a run whose worker died', () => {
  it('is left alone while its heartbeat is fresh, then claimed by another worker and resumed from its last saved page', async () => {
    const proxy = await startFhirProxy(demo.baseUrl);
    proxies.push(proxy);
    const view = await makeFhirHospital(proxy.baseUrl);
    const h = await findHospital(view.id);
    if (!h) throw new Error('hospital vanished');
    const { id } = await queue(view.id);
    // The API queued it by the system clock; the workers' clock goes on from there.
    const clock = settableClock((await findRun(id))?.startedAt ?? new Date());
    // A worker claims it, saves one page and dies, holding the hospital's lease.
    const claimed = await claimNextRun('dead-worker', clock.now());
    expect(claimed?._id.toHexString()).toBe(id);
    const stop = new AbortController();
    stop.abort();
    expect(await acquireLease(leaseName(h), 'dead-worker', LEASE_TTL_MS, clock.now())).toBe(true);
    const half = await runSync(h, claimed as SyncRunRecord, { signal: stop.signal, clock });
    expect(half).toMatchObject({ status: 'running', owner: 'dead-worker', progress: { pages: 1 } });
    expect(await acquireLease(leaseName(h), 'dead-worker', LEASE_TTL_MS, clock.now())).toBe(true);
    const pagesBefore = proxy.censusPages.length;

    clock.advance(LEASE_TTL_MS - 1_000);
    expect(await runJobNow(CLAIM_JOB, ctxOf('rescuer', clock))).toBe(true);
    expect(await findRun(id)).toMatchObject({ status: 'running', owner: 'dead-worker' });

    clock.advance(2_000);
    expect(await runJobNow(CLAIM_JOB, ctxOf('rescuer', clock))).toBe(true);
    const done = await findRun(id);
    expect(done).toMatchObject({ status: 'succeeded', owner: 'rescuer', resumedCount: 1, error: null });
    // Resumed, not redone: the saved page was not asked for again.
    expect(new Set(proxy.censusPages).size).toBe(proxy.censusPages.length);
    expect(proxy.censusPages.length).toBe(done?.progress.pages);
    expect(pagesBefore).toBe(1);
    expect(done?.finishedAt).toEqual(clock.now());
  });
});

describe('the daily sync (SYNC_DAILY_AT, Vietnam time)', () => {
  it('queues each linked, enabled hospital once a day from that time on, and none that had a run since', async () => {
    configureSyncSchedule({ dailyAt: '02:00' });
    // Runs from other cases are done; hospitals of this case only.
    const [a, b] = [await makeFhirHospital(demo.baseUrl), await makeFhirHospital(demo.baseUrl)];
    const disabled = await makeFhirHospital(demo.baseUrl, { enabled: false });
    const unlinked = await makeHospital();
    const ours = [a.id, b.id, disabled.id, unlinked.id];
    const scheduled = async (): Promise<string[]> =>
      (await SyncRunModel.find({ hospitalId: { $in: ours }, startedBy: 'schedule' }).lean<SyncRunRecord[]>()).map((r) => r.hospitalCode).sort();
    // 01:59 in Hà Nội on 7 Dec is 18:59 UTC on 6 Dec.
    const clock = settableClock('2026-12-06T18:59:00Z');
    const worker = ctxOf('worker-daily', clock);
    await runJobNow(DAILY_JOB, worker);
    expect(await scheduled()).toEqual([]);

    clock.set('2026-12-06T19:00:00Z'); // 02:00
    await runJobNow(DAILY_JOB, worker);
    expect(await scheduled()).toEqual([a.code, b.code].sort());
    await runJobNow(DAILY_JOB, worker);
    expect(await scheduled()).toHaveLength(2);
    await runJobNow(CLAIM_JOB, worker);
    expect((await SyncRunModel.find({ hospitalId: { $in: ours } }).lean<SyncRunRecord[]>()).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);

    // The next day: again, except for a hospital someone synced after 02:00 already.
    clock.set('2026-12-07T19:30:00Z'); // 8 Dec, 02:30
    const manual = await queue(b.id);
    await runJobNow(DAILY_JOB, worker);
    expect(await scheduled()).toEqual([a.code, a.code, b.code].sort());
    await runJobNow(CLAIM_JOB, worker);
    expect((await findRun(manual.id))?.status).toBe('succeeded');
  });
});

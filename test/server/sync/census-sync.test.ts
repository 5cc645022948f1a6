import { spawn } from 'node:child_process';
import type { Bundle, Encounter } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acquireLease, leaseHolder, releaseLease, renewLease } from '../../../server/db/lease.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { findHospital } from '../../../server/features/admin/hospitals.service.js';
import type { HospitalRecord } from '../../../server/features/admin/hospitals.model.js';
import { SyncRunModel, type SyncRunRecord } from '../../../server/features/sync/census-sync.model.js';
import { toSyncRunView } from '../../../server/features/sync/census-sync.routes.js';
import { beginSync, findRun, runSync } from '../../../server/features/sync/census-sync.service.js';
import { PatientModel } from '../../../server/features/patients/patients.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startForgetfulProxy, type ForgetfulProxy } from '../../setup/forgetful-proxy.js';
import { startFhirProxy, type FhirProxy } from '../../setup/fhir-servers.js';
import { walkPages } from '../../setup/http.js';
import { startTestApp } from '../../setup/test-app.js';
import { waitForRun } from '../../setup/worker.js';

/**
 * Census sync against a demo hospital over HTTP: what it brings in, one run at a time (the lease),
 * resuming without redoing pages, incremental runs, and the command line.
 */
/** Runs begun longer ago than this are not resumed (SYNC_RESUME_MAX_AGE_MINUTES). */
const RESUME_MAX_AGE_MINUTES = 30;
const t = await startTestApp({ syncResumeMaxAgeMinutes: RESUME_MAX_AGE_MINUTES }, { worker: true });
let demo: RunningDemoHospital;
let fhir: Client;
let coordinator: SignedIn;
const proxies: (FhirProxy | ForgetfulProxy)[] = [];

interface RunView {
  id: string;
  status: string;
  since: string | null;
  startedAt: string;
  progress: { pages: number; encounters: number; patients: number };
  phases: { name: string; done: boolean; pages: number }[];
  resumedCount: number;
  error: { message: string } | null;
}

async function hospitalRecord(h: HospitalView): Promise<HospitalRecord> {
  const r = await findHospital(h.id);
  if (!r) throw new Error('hospital vanished');
  return r;
}

/** Starts a sync through the API (it queues it) and waits for the worker to end it; returns the run as the API shows it. */
async function syncViaApi(who: SignedIn, hospitalId: string): Promise<RunView> {
  const started = await who.agent.post(`/api/v1/hospitals/${hospitalId}/sync`).set('x-csrf-token', who.csrf).expect(202);
  expect(started.body.status).toBe('queued');
  await waitForRun(started.body.id as string);
  return (await who.agent.get(`/api/v1/sync-runs/${started.body.id as string}`).expect(200)).body as RunView;
}

/** Patient ids with an in-progress inpatient stay, counted on the FHIR server itself. */
async function inpatientsOnServer(): Promise<Set<string>> {
  const subjects = new Set<string>();
  let encounters = 0;
  let page = (await fhir.search({ resourceType: 'Encounter', searchParams: { class: 'IMP', status: 'in-progress', _count: 10 } })) as unknown as Bundle | undefined;
  while (page) {
    for (const e of page.entry ?? []) {
      encounters += 1;
      subjects.add(((e.resource as Encounter).subject?.reference ?? '').replace('Patient/', ''));
    }
    page = page.link?.some((l) => l.relation === 'next') ? ((await fhir.nextPage({ bundle: page as never })) as unknown as Bundle) : undefined;
  }
  expect(subjects.size, 'one in-progress stay per patient').toBe(encounters);
  return subjects;
}

async function listPatients(who: SignedIn, query: Record<string, string> = {}): Promise<{ id: string; fhirId: string; snapshotAt: string; ward: string | null }[]> {
  const pages = await walkPages(async (cursor) => (await who.agent.get('/api/v1/patients').query({ limit: '100', ...query, ...(cursor ? { cursor } : {}) }).expect(200)).body);
  return pages.flat() as { id: string; fhirId: string; snapshotAt: string; ward: string | null }[];
}

beforeAll(async () => {
  // Ten resources a page at most, so a sync spans several pages of each phase.
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 150, seed: 4242, now: new Date(), limits: { maxCount: 10 } });
  fhir = new Client({ baseUrl: demo.baseUrl });
  coordinator = await signInAs(t.app, 'coordinator');
});

afterAll(async () => {
  await t.close();
  await Promise.all(proxies.map((p) => p.close()));
  await demo?.stop();
});

async function proxy(): Promise<FhirProxy> {
  const p = await startFhirProxy(demo.baseUrl);
  proxies.push(p);
  return p;
}

describe('census sync through the API', () => {
  it('brings in exactly the inpatients the FHIR server has', async () => {
    const h = await makeFhirHospital(demo.baseUrl);
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const run = await syncViaApi(sw, h.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null, resumedCount: 0, since: null });
    expect(run.phases.map((p) => [p.name, p.done])).toEqual([
      ['inpatients', true],
      ['discharges', true],
    ]);
    const expected = await inpatientsOnServer();
    expect(expected.size).toBeGreaterThan(20);
    expect(run.phases[0]?.pages).toBe(Math.ceil(expected.size / 10));
    const inpatients = await listPatients(sw, { inpatient: 'true' });
    expect(inpatients.map((p) => p.fhirId).sort()).toEqual([...expected].sort());
    expect(inpatients.every((p) => p.ward !== null)).toBe(true);
    const all = await listPatients(sw);
    expect(all.length).toBe(run.progress.patients);
  });

  it('answers 409 SYNC.ALREADY_RUNNING while another instance holds the hospital’s lease, and starts once it is free', async () => {
    const h = await makeFhirHospital(demo.baseUrl);
    const lease = `census-sync:${h.id}`;
    expect(await acquireLease(lease, 'another-instance', 60_000)).toBe(true);
    const res = await coordinator.agent.post(`/api/v1/hospitals/${h.id}/sync`).set('x-csrf-token', coordinator.csrf).expect(409);
    expect(res.body.error.code).toBe('SYNC.ALREADY_RUNNING');
    expect(res.body.error.message).toContain(`${h.name} (${h.code})`);
    expect(await SyncRunModel.countDocuments({ hospitalId: h.id })).toBe(0);
    await releaseLease(lease, 'another-instance');
    expect((await syncViaApi(coordinator, h.id)).status).toBe('succeeded');
    expect(await leaseHolder(lease)).toBeNull();
  });
});

describe('the sync lease', () => {
  it('goes to one of two owners asking at once', async () => {
    const name = `test-lease:${Math.random()}`;
    const results = await Promise.all([acquireLease(name, 'a', 60_000), acquireLease(name, 'b', 60_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'a' : 'b';
    const loser = winner === 'a' ? 'b' : 'a';
    expect(await leaseHolder(name)).toBe(winner);
    expect(await acquireLease(name, loser, 60_000)).toBe(false);
    expect(await renewLease(name, loser, 60_000)).toBe(false);
    expect(await acquireLease(name, winner, 60_000)).toBe(true);
  });

  it('is taken over once it has expired, and the old owner cannot renew it', async () => {
    const name = `test-lease:${Math.random()}`;
    const t0 = new Date('2026-03-01T00:00:00Z');
    expect(await acquireLease(name, 'crashed', 60_000, t0)).toBe(true);
    expect(await acquireLease(name, 'next', 60_000, new Date(t0.getTime() + 59_000))).toBe(false);
    expect(await acquireLease(name, 'next', 60_000, new Date(t0.getTime() + 61_000))).toBe(true);
    expect(await leaseHolder(name, new Date(t0.getTime() + 62_000))).toBe('next');
    expect(await renewLease(name, 'crashed', 60_000)).toBe(false);
  });
});

describe('resuming a stopped sync', () => {
  it('goes on from the saved page: same pages as one uninterrupted run, no page fetched twice', async () => {
    const counting = await proxy();
    const stopped = await hospitalRecord(await makeFhirHospital(counting.baseUrl));
    const controller = new AbortController();
    const run = await beginSync(stopped, 'test');
    const first = await runSync(stopped, run, { signal: controller.signal, onPage: () => controller.abort() });
    // Stopped after the page under way (one, or two when the next was already being fetched): mid-phase, resumable.
    expect(first.status).toBe('running');
    const savedPages = first.progress.pages;
    expect(savedPages).toBeGreaterThanOrEqual(1);
    expect(first.phases[0]).toMatchObject({ name: 'inpatients', pages: savedPages, done: false });
    expect(first.phases[0]?.nextUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/Encounter\?/);
    expect(counting.censusPages, 'every page fetched before the stop was saved').toHaveLength(savedPages);

    const resumed = await beginSync(stopped, 'test');
    expect(resumed._id.toHexString()).toBe(run._id.toHexString());
    expect(resumed.resumedCount).toBe(1);
    const done = await runSync(stopped, resumed);
    expect(done.status).toBe('succeeded');

    const whole = await hospitalRecord(await makeFhirHospital(demo.baseUrl));
    const baseline = await runSync(whole, await beginSync(whole, 'test'));
    expect(baseline.status).toBe('succeeded');
    expect(done.progress).toEqual(baseline.progress);
    expect(done.phases.map((p) => p.pages)).toEqual(baseline.phases.map((p) => p.pages));
    expect(savedPages).toBeLessThan(done.phases[0]?.pages ?? 0);
    // Every census page was asked for once: the first one before the stop, none of them again after it.
    expect(counting.censusPages).toHaveLength(done.progress.pages);
    expect(new Set(counting.censusPages).size).toBe(counting.censusPages.length);
    expect(counting.censusPages.filter((u) => !u.includes('_cursor=') && u.includes('status=in-progress'))).toHaveLength(1);
  });
});

describe('incremental sync', () => {
  it('after a success, fetches only what changed since the last run started: one changed stay, one new snapshot', async () => {
    const counting = await proxy();
    const h = await makeFhirHospital(counting.baseUrl);
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const firstRun = await syncViaApi(sw, h.id);
    expect(firstRun.status).toBe('succeeded');
    const before = new Map((await listPatients(sw)).map((p) => [p.fhirId, p]));
    const pagesOfFirst = counting.censusPages.length;

    const inpatient = [...(await inpatientsOnServer())][0] as string;
    const stays = (await fhir.search({ resourceType: 'Encounter', searchParams: { subject: `Patient/${inpatient}`, status: 'in-progress' } })) as unknown as Bundle;
    const stay = stays.entry?.[0]?.resource as Encounter & { id: string };
    const moved = { ...stay, location: [{ location: { display: 'Khoa Hồi sức tích cực' }, status: 'active' as const }] };
    await fhir.update({ resourceType: 'Encounter', id: stay.id, body: moved as never });

    const second = await syncViaApi(sw, h.id);
    expect(second).toMatchObject({ status: 'succeeded', since: firstRun.startedAt, progress: { encounters: 1, patients: 1 } });
    const asked = counting.censusPages.slice(pagesOfFirst);
    expect(asked.length).toBeGreaterThan(0);
    for (const url of asked) expect(new URL(url, 'http://x').searchParams.get('_lastUpdated')).toBe(`gt${firstRun.startedAt}`);

    const after = await listPatients(sw);
    expect(after).toHaveLength(before.size);
    const changed = after.filter((p) => p.snapshotAt !== before.get(p.fhirId)?.snapshotAt);
    expect(changed.map((p) => p.fhirId)).toEqual([inpatient]);
    expect(changed[0]?.ward).toBe('Khoa Hồi sức tích cực');
  });
});

describe('the sync command line', () => {
  function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const env = { ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: t.dbName, SESSION_SECRET: '', FHIR_SECRET_KEY: 'k'.repeat(40) };
      const child = spawn('npx', ['tsx', 'scripts/sync.ts', ...args], { env, cwd: process.cwd() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('syncs a hospital by code (any case) and exits 0 with the success line', async () => {
    const h = await makeFhirHospital(demo.baseUrl);
    const { code, stdout, stderr } = await runCli(['--hospital', h.code.toLowerCase()]);
    expect(code, stderr).toBe(0);
    const line = new RegExp(`Census sync of ${h.code} succeeded: (\\d+) patients in (\\d+) pages\\.`).exec(stdout);
    expect(line, stdout).not.toBeNull();
    const runs = await coordinator.agent.get('/api/v1/sync-runs').query({ hospitalId: h.id }).expect(200);
    expect(runs.body.data).toHaveLength(1);
    expect(runs.body.data[0]).toMatchObject({ status: 'succeeded', progress: { patients: Number(line?.[1]), pages: Number(line?.[2]) } });
  }, 60_000);

  it('exits 2 for an unknown hospital code, and for no code', async () => {
    const unknown = await runCli(['--hospital', 'KHONGCO99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No hospital with code KHONGCO99');
    expect((await runCli([])).code).toBe(2);
  }, 60_000);
});

async function forgetful(): Promise<ForgetfulProxy> {
  const p = await startForgetfulProxy(demo.baseUrl);
  proxies.push(p);
  return p;
}

/** Starts a run and stops it after its first saved page; returns the stored run and its saved next link. */
async function stoppedAfterFirstPage(h: HospitalRecord, now?: Date): Promise<{ run: SyncRunRecord; nextUrl: string }> {
  // Asked to stop before it starts: it saves the page under way (the first) and asks for no other.
  // (Stopping from onPage raced the pipelined next pages, which could finish a short phase first.)
  const controller = new AbortController();
  controller.abort();
  const first = await runSync(h, await beginSync(h, 'test', now), { signal: controller.signal });
  expect(first.progress.pages).toBe(1);
  expect(first.status).toBe('running');
  const nextUrl = first.phases[0]?.nextUrl;
  if (!nextUrl) throw new Error('the stopped run saved no next link');
  return { run: first, nextUrl };
}

const pathOf = (url: string): string => `${new URL(url).pathname}${new URL(url).search}`;

let baseline: Promise<SyncRunRecord> | null = null;
/** One uninterrupted full run against the demo server, to compare with. */
function uninterrupted(): Promise<SyncRunRecord> {
  baseline ??= (async () => {
    const h = await hospitalRecord(await makeFhirHospital(demo.baseUrl));
    return runSync(h, await beginSync(h, 'test'));
  })();
  return baseline;
}

describe('a saved next link the server no longer knows', () => {
  it.each([410, 404, 400])('answered %i: the phase starts again from its query, and the run ends as an uninterrupted one would', async (status) => {
    const p = await forgetful();
    p.forgetStatus = status;
    const h = await hospitalRecord(await makeFhirHospital(p.baseUrl));
    const { run, nextUrl } = await stoppedAfterFirstPage(h);
    p.forgotten.add(pathOf(nextUrl));

    const resumed = await beginSync(h, 'test');
    expect(resumed._id.toHexString()).toBe(run._id.toHexString());
    const done = await runSync(h, resumed);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const whole = await uninterrupted();
    expect(done.progress).toEqual(whole.progress);
    expect(done.phases.map((ph) => [ph.name, ph.pages, ph.encounters, ph.total])).toEqual(whole.phases.map((ph) => [ph.name, ph.pages, ph.encounters, ph.total]));
    // The forgotten link was tried once; the phase's query was asked again from the start (a new search, with new links).
    expect(p.censusPages.filter((u) => u === pathOf(nextUrl))).toHaveLength(1);
    expect(p.censusPages.filter((u) => !u.includes('_cursor=') && u.includes('status=in-progress'))).toHaveLength(2);
  });
});

describe('a next link the server forgets while the run is under way', () => {
  it('starts that phase again from its query, once; the run ends as an uninterrupted one would', async () => {
    const p = await forgetful();
    p.forgetCensusPage = 3;
    const h = await hospitalRecord(await makeFhirHospital(p.baseUrl));
    const done = await runSync(h, await beginSync(h, 'test'));
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'succeeded', resumedCount: 0 });
    const whole = await uninterrupted();
    expect(done.progress).toEqual(whole.progress);
    expect(done.phases.map((ph) => [ph.name, ph.pages, ph.encounters, ph.total])).toEqual(whole.phases.map((ph) => [ph.name, ph.pages, ph.encounters, ph.total]));
    expect(p.censusPages.filter((u) => !u.includes('_cursor=') && u.includes('status=in-progress'))).toHaveLength(2);
  });

  it('a server that forgets every link fails the run rather than start again for ever', async () => {
    const p = await forgetful();
    p.forgetEveryNextPage = true;
    const h = await hospitalRecord(await makeFhirHospital(p.baseUrl));
    const done = await runSync(h, await beginSync(h, 'test'));
    expect(done.status).toBe('failed');
    expect(done.error?.message).toContain('answered GET next page with HTTP 410');
    const ended = await SyncRunModel.db.collection('events').findOne({ stream: `sync-run:${done._id.toHexString()}` });
    expect(ended).toMatchObject({ type: 'sync.failed', actorUserId: null, data: { runId: done._id.toHexString(), errorCode: 'FHIR.UPSTREAM_ERROR', transient: false } });
    // The first page, its forgotten next page; the first page again, its next page forgotten again: then it stops.
    expect(p.censusPages.filter((u) => !u.includes('_cursor=') && u.includes('status=in-progress'))).toHaveLength(2);
    expect(p.censusPages).toHaveLength(4);
  });
});

describe('a run that may not be resumed starts afresh', () => {
  it('after the hospital’s FHIR settings change, the next sync reads the new server from the start and never follows an old link', async () => {
    const [oldServer, newServer] = [await forgetful(), await forgetful()];
    const view = await makeFhirHospital(oldServer.baseUrl);
    const { run } = await stoppedAfterFirstPage(await hospitalRecord(view));
    const admin = await signInAs(t.app, 'admin');
    await admin.agent.patch(`/api/v1/hospitals/${view.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { baseUrl: newServer.baseUrl } }).expect(200);
    const askedOld = oldServer.requests.length;

    const next = await syncViaApi(coordinator, view.id);
    expect(next.id).not.toBe(run._id.toHexString());
    expect(next).toMatchObject({ status: 'succeeded', resumedCount: 0, error: null });
    expect(next.progress).toMatchObject({ pages: (await uninterrupted()).progress.pages, patients: (await uninterrupted()).progress.patients });
    expect(oldServer.requests).toHaveLength(askedOld);
    const dropped = await findRun(run._id.toHexString());
    expect(dropped?.status).toBe('failed');
    expect(dropped?.error?.code).toBe('SYNC.NOT_RESUMED');
    expect(dropped?.phases.map((ph) => ph.nextUrl)).toEqual([null, null]);
  });

  it('a change that leaves the link alone (the write-back switch, the timeout) keeps the run resumable', async () => {
    const view = await makeFhirHospital(demo.baseUrl);
    const { run } = await stoppedAfterFirstPage(await hospitalRecord(view));
    const admin = await signInAs(t.app, 'admin');
    await admin.agent.patch(`/api/v1/hospitals/${view.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack: true, timeoutMs: 12_000 } }).expect(200);
    const next = await syncViaApi(coordinator, view.id);
    expect(next).toMatchObject({ id: run._id.toHexString(), status: 'succeeded', resumedCount: 1 });
  });

  it(`a run begun more than SYNC_RESUME_MAX_AGE_MINUTES (${RESUME_MAX_AGE_MINUTES}) ago is not resumed: a new run takes the census, cards and flags as of now`, async () => {
    const t0 = new Date();
    const young = await hospitalRecord(await makeFhirHospital(demo.baseUrl));
    const { run: youngRun } = await stoppedAfterFirstPage(young, t0);
    const inTime = await beginSync(young, 'test', new Date(t0.getTime() + (RESUME_MAX_AGE_MINUTES - 1) * 60_000));
    expect(inTime._id.toHexString()).toBe(youngRun._id.toHexString());
    expect((await runSync(young, inTime)).status).toBe('succeeded');

    const old = await hospitalRecord(await makeFhirHospital(demo.baseUrl));
    const { run: oldRun } = await stoppedAfterFirstPage(old, t0);
    const later = new Date(t0.getTime() + (RESUME_MAX_AGE_MINUTES + 1) * 60_000);
    const fresh = await beginSync(old, 'test', later);
    expect(fresh._id.toHexString()).not.toBe(oldRun._id.toHexString());
    expect(fresh).toMatchObject({ resumedCount: 0, asOf: later, startedAt: later });
    const done = await runSync(old, fresh);
    expect(done.status).toBe('succeeded');
    // Every snapshot, the first page's too, is taken again as of the new run.
    const snapshotTimes = await PatientModel.find({ hospitalId: old._id }).distinct('snapshotAt');
    expect(snapshotTimes.map((d: Date) => d.toISOString())).toEqual([later.toISOString()]);
    const dropped = await findRun(oldRun._id.toHexString());
    expect(dropped).toMatchObject({ status: 'failed', error: { code: 'SYNC.NOT_RESUMED' } });
    expect(dropped?.phases.map((ph) => ph.nextUrl)).toEqual([null, null]);
  });
});

describe('progress', () => {
  /** The API's view of the run after every saved page, and at the end. */
  async function progressOf(p: ForgetfulProxy): Promise<{ during: ReturnType<typeof toSyncRunView>['progress'][]; end: ReturnType<typeof toSyncRunView> }> {
    const h = await hospitalRecord(await makeFhirHospital(p.baseUrl));
    const during: ReturnType<typeof toSyncRunView>['progress'][] = [];
    const end = await runSync(h, await beginSync(h, 'test'), { onPage: (run) => void during.push(toSyncRunView(run).progress) });
    expect(end.status).toBe('succeeded');
    expect(during.length).toBeGreaterThan(4);
    return { during, end: toSyncRunView(end) };
  }

  it('is counted over all phases: it only moves forward, from one phase to the next, and reaches 100 % only at the end', async () => {
    const { during, end } = await progressOf(await forgetful());
    const percents = during.map((x) => x.percent);
    // 100 only once every phase is done: after the last page.
    expect(percents.every((x, i) => typeof x === 'number' && (x < 100 || i === percents.length - 1)), JSON.stringify(percents)).toBe(true);
    for (let i = 1; i < percents.length; i++) expect(percents[i] as number, JSON.stringify(percents)).toBeGreaterThanOrEqual(percents[i - 1] as number);
    expect(percents).toContain(50); // the inpatients done, the discharges not yet begun
    expect(end.progress.percent).toBe(100);
  });

  it('from a server that leaves out Bundle.total: no percentage is made up, the pages and patients so far are given', async () => {
    const p = await forgetful();
    p.omitTotal = true;
    const { during, end } = await progressOf(p);
    expect(during.map((x) => x.percent)).toEqual(during.map(() => null));
    expect(during.map((x) => x.total)).toEqual(during.map(() => null));
    expect(during.map((x) => x.pages)).toEqual(during.map((_, i) => i + 1));
    for (let i = 1; i < during.length; i++) expect(during[i]?.patients).toBeGreaterThanOrEqual(during[i - 1]?.patients ?? 0);
    expect(end.progress.percent).toBe(100);
    expect(end.phases.every((ph) => ph.total === null)).toBe(true);
  });
});

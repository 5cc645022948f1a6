import { spawn } from 'node:child_process';
import type { Bundle, Encounter } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acquireLease, leaseHolder, releaseLease, renewLease } from '../../server/db/lease.js';
import type { HospitalView } from '../../server/features/admin/hospitals.schemas.js';
import { findHospital } from '../../server/features/admin/hospitals.service.js';
import type { HospitalRecord } from '../../server/features/admin/hospitals.model.js';
import { waitForRun } from '../../server/features/patients/census-sync.jobs.js';
import { SyncRunModel } from '../../server/features/patients/census-sync.model.js';
import { beginSync, runSync } from '../../server/features/patients/census-sync.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { startFhirProxy, type FhirProxy } from '../setup/fhir-servers.js';
import { walkPages } from '../setup/http.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * Census sync against a demo hospital over HTTP: what it brings in, one run at a time (the lease),
 * resuming without redoing pages, incremental runs, and the command line.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let coordinator: SignedIn;
const proxies: FhirProxy[] = [];

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

/** Starts a sync through the API and waits for it to end; returns the run as the API shows it. */
async function syncViaApi(who: SignedIn, hospitalId: string): Promise<RunView> {
  const started = await who.agent.post(`/api/v1/hospitals/${hospitalId}/sync`).set('x-csrf-token', who.csrf).expect(202);
  expect(started.body.status).toBe('running');
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

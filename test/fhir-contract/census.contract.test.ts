import type { Encounter } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { walkPages } from '../setup/http.js';
import { startTestApp } from '../setup/test-app.js';
import { SYNC_ONLY, waitForRun } from '../setup/worker.js';
import { startHapiProxy, type HapiProxy } from './hapi-proxy.js';

/**
 * Census sync against HAPI FHIR, through the API: the same census as the project's own demo FHIR
 * server made from the same generator options, an incremental run after a change on HAPI, and a
 * run resumed after HAPI forgot its page links.
 */
const t = await startTestApp({}, { worker: SYNC_ONLY });
const hapiBase = inject('hapiBaseUrl');
const data = inject('contractData');
const hapi = new Client({ baseUrl: hapiBase });
let demo: RunningDemoHospital;
let proxy: HapiProxy;

interface RunView {
  id: string;
  status: string;
  since: string | null;
  progress: { pages: number; encounters: number; patients: number };
  phases: { name: string; done: boolean; pages: number }[];
  resumedCount: number;
  error: { code: string; message: string } | null;
}

interface Census {
  all: string[];
  inpatients: string[];
}

async function startSync(who: SignedIn, hospitalId: string): Promise<RunView> {
  const started = await who.agent.post(`/api/v1/hospitals/${hospitalId}/sync`).set('x-csrf-token', who.csrf).expect(202);
  await waitForRun(started.body.id as string);
  return (await who.agent.get(`/api/v1/sync-runs/${started.body.id as string}`).expect(200)).body as RunView;
}

async function fhirIds(who: SignedIn, query: Record<string, string>): Promise<string[]> {
  const pages = await walkPages(
    async (cursor) =>
      (
        await who.agent
          .get('/api/v1/patients')
          .query({ limit: '100', ...query, ...(cursor ? { cursor } : {}) })
          .expect(200)
      ).body,
  );
  return (pages.flat() as { fhirId: string }[]).map((p) => p.fhirId).sort();
}

async function census(who: SignedIn): Promise<Census> {
  return { all: await fhirIds(who, {}), inpatients: await fhirIds(who, { inpatient: 'true' }) };
}

async function socialWorkerAt(baseUrl: string): Promise<{ id: string; sw: SignedIn }> {
  const h = await makeFhirHospital(baseUrl, { timeoutMs: 30_000 });
  return { id: h.id, sw: await signInAs(t.app, 'social_worker', { hospitalId: h.id }) };
}

let reference: Census;
let hapiSide: { id: string; sw: SignedIn };

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: data.hospitalCode, patients: data.patients, seed: data.seed, now: new Date(data.now) });
  proxy = await startHapiProxy(hapiBase);
});

afterAll(async () => {
  await t.close();
  await proxy?.close();
  await demo?.stop();
});

describe('census sync against HAPI FHIR', () => {
  it('brings in the same inpatients and recent discharges as from the demo server on the same seed', async () => {
    const demoSide = await socialWorkerAt(demo.baseUrl);
    hapiSide = await socialWorkerAt(hapiBase);
    const fromDemo = await startSync(demoSide.sw, demoSide.id);
    const fromHapi = await startSync(hapiSide.sw, hapiSide.id);
    expect(fromDemo).toMatchObject({ status: 'succeeded', error: null });
    expect(fromHapi).toMatchObject({ status: 'succeeded', error: null });
    reference = await census(demoSide.sw);
    expect(reference.inpatients.length).toBeGreaterThan(10);
    expect(reference.all.length).toBeGreaterThan(reference.inpatients.length);
    const got = await census(hapiSide.sw);
    expect(got.inpatients).toEqual(reference.inpatients);
    // Everyone synced who is not in hospital now was discharged within the window: the date=ge search.
    expect(got.all).toEqual(reference.all);
    expect(fromHapi.progress.encounters).toBe(fromDemo.progress.encounters);
    expect(fromHapi.progress.patients).toBe(fromDemo.progress.patients);
  });

  it('after a discharge and an admission on HAPI, the next run fetches only those and shows them', async () => {
    expect(hapiSide, 'needs the first test’s synced hospital').toBeDefined();
    const inpatient = reference.inpatients[0] as string;
    const notIn = reference.all.find((id) => !reference.inpatients.includes(id)) as string;
    const stays = (await hapi.search({
      resourceType: 'Encounter',
      searchParams: { subject: `Patient/${inpatient}`, status: 'in-progress' },
    })) as { entry?: { resource: Encounter }[] };
    const stay = stays.entry?.[0]?.resource as Encounter;
    const { meta: _meta, ...original } = stay;
    const admission: Encounter = {
      resourceType: 'Encounter',
      id: `contract-adm-${Date.now().toString(36)}`,
      status: 'in-progress',
      class: stay.class,
      subject: { reference: `Patient/${notIn}` },
      serviceProvider: stay.serviceProvider,
      period: { start: new Date().toISOString() },
    };
    try {
      await hapi.update({
        resourceType: 'Encounter',
        id: stay.id as string,
        body: { ...original, status: 'finished', period: { ...stay.period, end: new Date().toISOString() } } as never,
      });
      await hapi.update({ resourceType: 'Encounter', id: admission.id as string, body: admission as never });
      const run = await startSync(hapiSide.sw, hapiSide.id);
      expect(run).toMatchObject({ status: 'succeeded', error: null });
      expect(run.since).not.toBeNull();
      expect(run.progress.encounters).toBe(2);
      const after = await census(hapiSide.sw);
      expect(after.inpatients).not.toContain(inpatient);
      expect(after.inpatients).toContain(notIn);
      expect(after.inpatients).toHaveLength(reference.inpatients.length);
      expect(after.all).toEqual(reference.all);
    } finally {
      // Back as loaded, so a reused HAPI (HAPI_FHIR_BASE) gives the next run the same census.
      await hapi.update({ resourceType: 'Encounter', id: stay.id as string, body: original as never });
      await hapi.delete({ resourceType: 'Encounter', id: admission.id as string }).catch(() => undefined);
    }
  });

  it('resumes a run whose saved page link HAPI no longer knows (410 Gone) by starting that phase again', async () => {
    const side = await socialWorkerAt(proxy.baseUrl);
    proxy.capCount(10);
    proxy.breakPages(true);
    const broken = await startSync(side.sw, side.id);
    expect(broken.status).toBe('failed');
    expect(broken.progress.pages).toBeGreaterThan(0);
    // An hour later: the server has dropped the search the checkpoint points into.
    proxy.breakPages(false);
    proxy.forgetPages();
    const resumed = await startSync(side.sw, side.id);
    expect(proxy.requests.some((r) => r.path.includes('_getpages'))).toBe(true);
    expect(resumed).toMatchObject({ status: 'succeeded', error: null });
    expect(resumed.resumedCount).toBe(1);
    const got = await census(side.sw);
    expect(got.inpatients).toEqual(reference.inpatients);
    expect(got.all).toEqual(reference.all);
  });
});

import type { Bundle } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppHandle } from '../../../server/app.js';
import { testConfig } from '../../../server/config.js';
import { ConsumerStateModel, EventModel } from '../../../server/events/events.model.js';
import { FlagModel } from '../../../server/features/screening/screening.model.js';
import { OutboxModel } from '../../../server/fhir/outbox/outbox.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { createLogger } from '../../../server/logger.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { readBody, startHttpServer, type TestServer } from '../../setup/fhir-servers.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse, until } from '../../setup/screening.js';
import { startTestApp, type TestApp } from '../../setup/test-app.js';
import { heard } from '../../setup/wait.js';
import { startTestWorker, type TestWorker } from '../../setup/worker.js';

/**
 * Two API instances and two workers on one database (issue 9, point 2): flags raised through both
 * instances are each written back exactly once, none lost. Both workers dispatch events and sweep
 * the outbox at the same time; the per-consumer leases and checkpoints, the entry ids taken from
 * the flags and the entries' claims keep every reaction single.
 */
const a: TestApp = await startTestApp({}, { worker: { only: ['events.dispatch', 'events.repair', 'fhir-outbox.sweep'] } });
/** The second API instance: another createApp on the same database. */
const b: AppHandle = createApp({ config: testConfig({ login: { maxFailures: 5, lockoutMinutes: 15, ratePerMinute: 1000 } }), logger: createLogger('silent') });
let workerB: TestWorker;
let demo: RunningDemoHospital;
let fhir: Client;
let proxy: TestServer;
/** Flag ids of the transactions the hospital received, one per transaction. */
const sentFlags: string[] = [];

beforeAll(async () => {
  workerB = startTestWorker({ owner: 'second-worker', only: ['events.dispatch', 'events.repair', 'fhir-outbox.sweep'] });
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 5, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  const target = new URL(demo.baseUrl);
  proxy = await startHttpServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && /^\/fhir\/?$/.test(req.url ?? '')) {
      const flag = ((JSON.parse(body) as Bundle).entry ?? []).find((e) => e.resource?.resourceType === 'Flag');
      sentFlags.push(String(flag?.resource?.id).replace(/^nc-flag-/, ''));
    }
    const up = await fetch(`${target.origin}${req.url ?? '/'}`, { method: req.method, headers: { 'content-type': 'application/fhir+json' }, body: body || undefined });
    res.writeHead(up.status, { 'content-type': 'application/fhir+json' }).end(await up.text());
  });
});

afterAll(async () => {
  await workerB?.stop();
  await b.close();
  await a.close();
  await proxy?.close();
  await demo?.stop();
});

describe('two workers on one database', () => {
  it('every flag raised through either instance gets one outbox entry and one transaction; every event reaches the consumer once', async () => {
    const admin = await signInAs(a.app, 'admin');
    const hospital = await makeFhirHospital(proxy.baseUrl);
    await admin.agent.patch(`/api/v1/hospitals/${hospital.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack: true } }).expect(200);
    const workers: SignedIn[] = [await signInAs(a.app, 'social_worker', { hospitalId: hospital.id }), await signInAs(b.app, 'social_worker', { hospitalId: hospital.id })];
    const patients = await Promise.all(Array.from({ length: 8 }, async (_, i) => ({ sw: workers[i % 2] as SignedIn, id: await linkViaApi(workers[i % 2] as SignedIn, await createBarePatient(fhir)) })));
    const flagIds = await Promise.all(patients.map(async (p) => (await postScreening(p.sw, p.id, questionnaireResponse({ certificate: 'poor' })).expect(201)).body.flag.id as string));

    const flags = await until(
      () => FlagModel.find({ _id: { $in: flagIds } }).lean(),
      (fs) => fs.every((f) => f.writeBack.status === 'sent'),
      heard.outbox(),
    );
    expect(flags.map((f) => f.writeBack.status)).toEqual(flagIds.map(() => 'sent'));
    expect([...sentFlags].sort()).toEqual([...flagIds].sort());
    expect(await OutboxModel.countDocuments({ subjectId: { $in: flagIds } })).toBe(flagIds.length);
    const top = (await EventModel.findOne({ position: { $exists: true } }).sort({ position: -1 }).lean())?.position ?? 0;
    const state = await until(() => ConsumerStateModel.findById('fhir-write-back').lean(), (st) => (st?.checkpoint ?? 0) >= top, heard.consumed('fhir-write-back'));
    expect(state?.checkpoint).toBeGreaterThanOrEqual(top);
    // The write-backs' own outcome events are written after the flags read 'sent': they too get sequenced.
    expect(await until(() => EventModel.countDocuments({ unsequenced: true }), (n) => n === 0, heard.sequenced())).toBe(0);
  });
});

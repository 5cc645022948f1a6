import type { Consent } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, vietnamToday } from '../../../server/clock.js';
import { consentOutboxId } from '../../../server/features/consent/consent.fhir.js';
import { ConsumerStateModel, EventModel } from '../../../server/events/events.model.js';
import { OutboxModel } from '../../../server/fhir/outbox/outbox.model.js';
import { retryNow } from '../../../server/fhir/outbox/outbox.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { readBody, sendJson, startHttpServer, type TestServer } from '../../setup/fhir-servers.js';
import { until } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard } from '../../setup/wait.js';
import { caseFor, postConsent, shareWith, withdraw } from './consent-fixture.js';

/**
 * A consent written back to the hospital's FHIR server as a Consent (issue 10, point 4), through
 * the outbox, following the consent's events (the app runs with its worker in this process). The
 * hospital's server is the demo hospital behind a proxy that can refuse the writes of an active
 * Consent, to make an older write land after the withdrawal's.
 */
const t = await startTestApp({}, { worker: true });
let demo: RunningDemoHospital;
let fhir: Client;
let proxy: TestServer;
let admin: SignedIn;
/** While true, the proxy refuses (422) every transaction that writes a Consent with status active. */
let refuseActive = false;
const today = vietnamToday(systemClock);

async function hospitalWith(writeBack: boolean): Promise<SignedIn> {
  const hospital = await makeFhirHospital(proxy.baseUrl);
  await admin.agent.patch(`/api/v1/hospitals/${hospital.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack } }).expect(200);
  return signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
}

async function onServer(consentId: string): Promise<Consent | null> {
  try {
    return (await fhir.read({ resourceType: 'Consent', id: `nc-consent-${consentId}` })) as unknown as Consent;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 5150, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  admin = await signInAs(t.app, 'admin');
  const target = new URL(demo.baseUrl);
  proxy = await startHttpServer(async (req, res) => {
    const body = await readBody(req);
    const isTransaction = req.method === 'POST' && /^\/fhir\/?(\?.*)?$/.test(req.url ?? '');
    if (isTransaction && refuseActive && /"resourceType":"Consent"[^]*"status":"active"/.test(body)) {
      return sendJson(res, 422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing' }] });
    }
    const up = await fetch(`${target.origin}${req.url ?? '/'}`, { method: req.method, headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }, body: body || undefined });
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/fhir+json' }).end(await up.text());
  });
});

afterAll(async () => {
  await t.close();
  await proxy?.close();
  await demo?.stop();
});

describe('consent write-back', () => {
  it('a recorded consent appears on the hospital’s server as an active Consent; its withdrawal turns the same resource inactive', async () => {
    const sw = await hospitalWith(true);
    const { caseId } = await caseFor(sw, new Client({ baseUrl: proxy.baseUrl }));
    const bachMai = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
    const consentId = (await postConsent(sw, caseId, shareWith(bachMai.id, today)).expect(201)).body.id as string;

    const active = await until(() => onServer(consentId), (c) => c?.status === 'active', heard.outbox(consentId));
    expect(active?.provision).toMatchObject({
      period: { start: today },
      purpose: [{ code: 'share-hospital' }],
      actor: [{ reference: { identifier: { value: bachMai.id }, display: 'Bệnh viện Bạch Mai' } }],
    });
    expect(active?.provision?.period?.end).toBeUndefined();

    await withdraw(sw, caseId, consentId, { reason: 'Gia đình đổi ý' }).expect(200);
    const inactive = await until(() => onServer(consentId), (c) => c?.status === 'inactive', heard.outbox(consentId));
    expect(inactive?.provision?.period).toEqual({ start: today, end: today });
    expect(inactive?.meta?.versionId).not.toBe(active?.meta?.versionId);
    // One resource per consent: the withdrawal replaced it, it did not add a second.
    const all = (await fhir.search({ resourceType: 'Consent', searchParams: { _count: '200' } })) as unknown as { entry?: { resource: Consent }[] };
    expect((all.entry ?? []).filter((e) => e.resource.identifier?.[0]?.value === consentId)).toHaveLength(1);
  });

  it('a hospital without write-back: the consent’s event is handled and nothing is queued or written', async () => {
    const sw = await hospitalWith(false);
    const { caseId } = await caseFor(sw, new Client({ baseUrl: proxy.baseUrl }));
    const consentId = (await postConsent(sw, caseId, shareWith((await makeHospital()).id, today)).expect(201)).body.id as string;
    const handled = async (): Promise<boolean> => {
      const [event, state] = await Promise.all([EventModel.findById(`consent:${consentId}#1`).lean(), ConsumerStateModel.findById('fhir-write-back.consent').lean()]);
      return event?.position !== undefined && (state?.checkpoint ?? 0) >= event.position;
    };
    await until(handled, (done) => done, heard.consumed('fhir-write-back.consent'));
    expect(await OutboxModel.countDocuments({ kind: 'consent', subjectId: consentId })).toBe(0);
    expect(await onServer(consentId)).toBeNull();
  });

  it('a withdrawal reaches the hospital even after its write-back was switched off, once the consent was written', async () => {
    const sw = await hospitalWith(true);
    const { caseId } = await caseFor(sw, new Client({ baseUrl: proxy.baseUrl }));
    const consentId = (await postConsent(sw, caseId, shareWith((await makeHospital()).id, today)).expect(201)).body.id as string;
    await until(() => onServer(consentId), (c) => c?.status === 'active', heard.outbox(consentId));
    const hospitalId = sw.user.hospital?.id ?? '';
    await admin.agent.patch(`/api/v1/hospitals/${hospitalId}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack: false } }).expect(200);

    await withdraw(sw, caseId, consentId).expect(200);
    const inactive = await until(() => onServer(consentId), (c) => c?.status === 'inactive', heard.outbox(consentId));
    expect(inactive?.provision?.period?.end).toBe(today);
  });

  it('an older write of the active consent that lands after the withdrawal is followed by the withdrawn state again', async () => {
    const sw = await hospitalWith(true);
    const { caseId } = await caseFor(sw, new Client({ baseUrl: proxy.baseUrl }));
    refuseActive = true;
    const consentId = (await postConsent(sw, caseId, shareWith((await makeHospital()).id, today)).expect(201)).body.id as string;
    const recordedEntry = consentOutboxId(`consent:${consentId}#1`);
    await until(() => OutboxModel.findById(recordedEntry).lean(), (e) => e?.status === 'failed', heard.outbox(consentId));

    await withdraw(sw, caseId, consentId).expect(200);
    await until(() => onServer(consentId), (c) => c?.status === 'inactive', heard.outbox(consentId));

    // The first write is tried again (a person's "try again now") and lands last, as active.
    refuseActive = false;
    expect((await retryNow(recordedEntry, systemClock.now()))?.status).toBe('sent');
    const followUp = consentOutboxId(`after:${recordedEntry.toHexString()}`);
    await until(() => OutboxModel.findById(followUp).lean(), (e) => e?.status === 'sent', heard.outbox(consentId));
    expect((await onServer(consentId))?.status).toBe('inactive');
  });
});

import type { Bundle, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { systemClock, vietnamToday } from '../../../server/clock.js';
import { queueReferralWriteBack, referralOutboxId } from '../../../server/features/referrals/referrals.fhir.js';
import { ReferralModel } from '../../../server/features/referrals/referrals.model.js';
import { ConsumerStateModel, EventModel } from '../../../server/events/events.model.js';
import { OutboxModel } from '../../../server/fhir/outbox/outbox.model.js';
import { sendDue } from '../../../server/fhir/outbox/outbox.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { readBody, sendJson, startHttpServer, type TestServer } from '../../setup/fhir-servers.js';
import { until } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard } from '../../setup/wait.js';
import { consentTo, moved, referableCase, referral, type Recipient } from './core-fixture.js';

/**
 * A referral written back to the SENDING hospital's FHIR server (issue 11 point 5): sent, it is a
 * ServiceRequest and a Task (focus → the request, owner the receiver); every move replaces the same
 * Task (a new version) and the request's status where it changes. Nothing where write-back is off;
 * nothing on the receiving hospital's own server; the sender's server down: retried, nothing lost.
 * Both hospitals' servers are demo hospitals over HTTP, the sender's behind a proxy that can be
 * "down" (503 to every transaction). The app runs with its worker in this process.
 */
const t = await startTestApp({}, { worker: true });
let senderDemo: RunningDemoHospital;
let receiverDemo: RunningDemoHospital;
let proxy: TestServer;
let admin: SignedIn;
/** While true, the sender's server answers every transaction 503 (and reads pass). */
let down = false;
const today = vietnamToday(systemClock);

interface Side {
  hospitalId: string;
  sw: SignedIn;
}

async function hospital(baseUrl: string, writeBack: boolean): Promise<Side> {
  const h = await makeFhirHospital(baseUrl);
  await admin.agent.patch(`/api/v1/hospitals/${h.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack } }).expect(200);
  return { hospitalId: h.id, sw: await signInAs(t.app, 'social_worker', { hospitalId: h.id }) };
}

const senderFhir = (): Client => new Client({ baseUrl: senderDemo.baseUrl });

async function read<T extends Resource>(client: Client, resourceType: string, id: string): Promise<T | null> {
  try {
    return (await client.read({ resourceType, id })) as unknown as T;
  } catch {
    return null;
  }
}

const referralVersion = async (id: string): Promise<number> => ((await ReferralModel.findById(id, { version: 1 }).lean())?.version ?? -1);

const ids = (referralId: string): { sr: string; task: string } => ({ sr: `nc-referral-${referralId}`, task: `nc-referral-task-${referralId}` });

/** The Task's versions on the sender's server, oldest first. */
async function taskHistory(referralId: string): Promise<Task[]> {
  const b = (await senderFhir().history({ resourceType: 'Task', id: ids(referralId).task })) as unknown as Bundle;
  return (b.entry ?? []).map((e) => e.resource as Task).sort((a, b) => Number(a.meta?.versionId) - Number(b.meta?.versionId));
}

async function taskOnSender(referralId: string, status: Task['status']): Promise<Task> {
  const task = await until(() => read<Task>(senderFhir(), 'Task', ids(referralId).task), (x) => x?.status === status, heard.outbox(referralId));
  if (!task) throw new Error('no Task');
  return task;
}

/** A case of the sender's with consent to the receiver, referred and sent. */
async function sent(sender: Side, to: Recipient, over: object = {}): Promise<{ id: string; caseId: string; consentId: string }> {
  const caseId = await referableCase(sender.sw, new Client({ baseUrl: proxy.baseUrl }), to, today, false);
  const consentId = await consentTo(sender.sw, caseId, to, today);
  return { id: await referral(sender.sw, caseId, to, over), caseId, consentId };
}

beforeAll(async () => {
  [senderDemo, receiverDemo] = await Promise.all([
    startDemoHospital({ hospitalCode: 'BVDKLC', patients: 5, seed: 1101, now: new Date() }),
    startDemoHospital({ hospitalCode: 'BVBM', patients: 5, seed: 1102, now: new Date() }),
  ]);
  admin = await signInAs(t.app, 'admin');
  const target = new URL(senderDemo.baseUrl);
  proxy = await startHttpServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && /^\/fhir\/?(\?.*)?$/.test(req.url ?? '')) {
      if (down) return sendJson(res, 503, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] });
    }
    const up = await fetch(`${target.origin}${req.url ?? '/'}`, { method: req.method, headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }, body: body || undefined });
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/fhir+json' }).end(await up.text());
  });
});

afterAll(async () => {
  await t.close();
  await proxy?.close();
  await Promise.all([senderDemo?.stop(), receiverDemo?.stop()]);
});

describe('referral write-back to the sending hospital', () => {
  it('sent, accepted, started, completed: one ServiceRequest and one Task on the sender’s server, in step; the receiver’s server gets nothing', async () => {
    const sender = await hospital(proxy.baseUrl, true);
    // The receiver has a FHIR server of its own with write-back on: the referral is still the sender's record.
    const receiver = await hospital(receiverDemo.baseUrl, true);
    const to: Recipient = { kind: 'hospital', id: receiver.hospitalId };
    const { id, consentId } = await sent(sender, to, { needs: ['financial', 'psychosocial'], urgency: 'emergency' });

    const requested = await taskOnSender(id, 'requested');
    const sr = await read<ServiceRequest>(senderFhir(), 'ServiceRequest', ids(id).sr);
    expect(sr).toMatchObject({
      status: 'active',
      intent: 'order',
      priority: 'stat',
      identifier: [{ system: SYSTEMS.nhipcau.sid('referral'), value: id }],
      code: { coding: [{ system: SYSTEMS.nhipcau.referralService, code: 'continuing-support' }] },
      performer: [{ type: 'Organization', identifier: { system: SYSTEMS.nhipcau.hospitalId, value: receiver.hospitalId } }],
      supportingInfo: [{ type: 'Consent', identifier: { system: SYSTEMS.nhipcau.sid('consent'), value: consentId } }],
    });
    expect(sr?.category?.map((c) => c.coding?.[0]?.code)).toEqual(['financial-insecurity', 'stress']);
    expect(sr?.reasonReference).toBeUndefined();
    expect(requested).toMatchObject({
      focus: { reference: `ServiceRequest/${ids(id).sr}` },
      for: { reference: sr?.subject?.reference },
      owner: { type: 'Organization', identifier: { system: SYSTEMS.nhipcau.hospitalId, value: receiver.hospitalId } },
      requester: { identifier: { system: SYSTEMS.nhipcau.hospitalId, value: sender.hospitalId } },
    });
    expect(requested.owner?.display).toBeTruthy();

    await moved(receiver.sw, id, { to: 'accepted', capacity: 'capacity' });
    const accepted = await taskOnSender(id, 'accepted');
    expect(accepted.businessStatus?.coding?.[0]).toMatchObject({ system: SYSTEMS.nhipcau.referralCapacity, code: 'capacity' });
    await moved(receiver.sw, id, { to: 'in-progress' });
    await taskOnSender(id, 'in-progress');
    await moved(receiver.sw, id, { to: 'completed', outcome: 'Đã tiếp nhận, hỗ trợ tâm lý và chi phí đi lại' });
    const completed = await taskOnSender(id, 'completed');
    expect(completed.output).toEqual([{ type: { text: 'outcome' }, valueString: 'Đã tiếp nhận, hỗ trợ tâm lý và chi phí đi lại' }]);
    expect((await read<ServiceRequest>(senderFhir(), 'ServiceRequest', ids(id).sr))?.status).toBe('completed');

    // One Task, its versions the referral's states in order.
    expect((await taskHistory(id)).map((x) => x.status)).toEqual(['requested', 'accepted', 'in-progress', 'completed']);
    const receiverFhir = new Client({ baseUrl: receiverDemo.baseUrl });
    expect(await read(receiverFhir, 'Task', ids(id).task)).toBeNull();
    expect(await read(receiverFhir, 'ServiceRequest', ids(id).sr)).toBeNull();
  });

  it('a referral to an organisation rejected with a reason: the Task rejected with the reason and the capacity answer, the request revoked', async () => {
    const sender = await hospital(proxy.baseUrl, true);
    const org = await makeOrganisation({ name: 'Quỹ Vòng Tay Nhân Ái' });
    const to: Recipient = { kind: 'organisation', id: org.id };
    const { id } = await sent(sender, to);
    await taskOnSender(id, 'requested');
    // The consumer handling the event again (it may, decision 0014) queues nothing more.
    const sentEvent = await EventModel.findOne({ stream: `referral:${id}`, type: 'referral.sent' }).lean();
    if (!sentEvent) throw new Error('no referral.sent event');
    await queueReferralWriteBack({ ...sentEvent, id: sentEvent._id }, { clock: systemClock });
    expect(await OutboxModel.countDocuments({ kind: 'referral', subjectId: id })).toBe(1);
    const partner = await signInAs(t.app, 'charity_partner', { organisationId: org.id });
    await moved(partner, id, { to: 'rejected', capacity: 'no-capacity', reason: 'Quỹ đã hết ngân sách quý này' });
    const rejected = await taskOnSender(id, 'rejected');
    expect(rejected).toMatchObject({
      statusReason: { text: 'Quỹ đã hết ngân sách quý này' },
      businessStatus: { coding: [{ code: 'no-capacity' }] },
      owner: { identifier: { system: SYSTEMS.nhipcau.organisationId, value: org.id }, display: org.name },
    });
    expect((await read<ServiceRequest>(senderFhir(), 'ServiceRequest', ids(id).sr))?.status).toBe('revoked');
  });

  it('a hospital without write-back: the referral’s events are handled and nothing is queued or written', async () => {
    const sender = await hospital(proxy.baseUrl, false);
    const receiver = await hospital(receiverDemo.baseUrl, true);
    const { id } = await sent(sender, { kind: 'hospital', id: receiver.hospitalId });
    await moved(receiver.sw, id, { to: 'received' });
    const handled = async (): Promise<boolean> => {
      const events = await EventModel.find({ stream: `referral:${id}`, type: { $in: ['referral.sent', 'referral.status-changed'] } }).lean();
      const state = await ConsumerStateModel.findById('fhir-write-back.referral').lean();
      return events.length === 2 && events.every((e) => e.position !== undefined && (state?.checkpoint ?? 0) >= e.position);
    };
    await until(handled, (done) => done, heard.consumed('fhir-write-back.referral'));
    expect(await OutboxModel.countDocuments({ kind: 'referral', subjectId: id })).toBe(0);
    expect(await read(senderFhir(), 'Task', ids(id).task)).toBeNull();
  });

  it('the sender’s server down: the write is retried, the moves meanwhile queue nothing more, and the current state lands once it is back', async () => {
    const sender = await hospital(proxy.baseUrl, true);
    const receiver = await hospital(receiverDemo.baseUrl, true);
    const to: Recipient = { kind: 'hospital', id: receiver.hospitalId };
    const caseId = await referableCase(sender.sw, new Client({ baseUrl: proxy.baseUrl }), to, today);
    down = true;
    try {
      const id = await referral(sender.sw, caseId, to);
      const failing = await until(() => OutboxModel.findOne({ kind: 'referral', subjectId: id }).lean(), (e) => !!e?.lastError, heard.outbox(id));
      const first = failing?._id;
      if (!first) throw new Error('no entry');
      expect(failing).toMatchObject({ status: 'pending', attempts: 1 });
      expect(failing?.lastError).toMatch(/503/);
      await moved(receiver.sw, id, { to: 'accepted', capacity: 'waitlist' });
      await moved(receiver.sw, id, { to: 'on-hold', reason: 'Chờ giường trống' });
      const allHandled = async (): Promise<boolean> => {
        const events = await EventModel.find({ stream: `referral:${id}`, type: 'referral.status-changed' }).lean();
        const state = await ConsumerStateModel.findById('fhir-write-back.referral').lean();
        return events.length === 2 && events.every((e) => e.position !== undefined && (state?.checkpoint ?? 0) >= e.position);
      };
      await until(allHandled, (done) => done, heard.consumed('fhir-write-back.referral'));
      expect(await OutboxModel.countDocuments({ kind: 'referral', subjectId: id })).toBe(1);
      expect(await read(senderFhir(), 'Task', ids(id).task)).toBeNull();

      down = false;
      // The sweep's next round, once the backoff has passed: the first write lands, then the current state after it.
      await sendDue(new Date(Date.now() + 10 * 60_000));
      const onHold = await taskOnSender(id, 'on-hold');
      expect(onHold).toMatchObject({ statusReason: { text: 'Chờ giường trống' }, businessStatus: { coding: [{ code: 'waitlist' }] } });
      // Two entries in all: the first, then the state it missed (the referral's version at the end).
      const detail = (await sender.sw.agent.get(`/api/v1/referrals/${id}`).expect(200)).body as { status: string };
      expect(detail.status).toBe('on-hold');
      const entries = await OutboxModel.find({ kind: 'referral', subjectId: id }).sort({ createdAt: 1 }).lean();
      expect(entries.map((e) => [e._id.toHexString(), e.status])).toEqual([
        [first.toHexString(), 'sent'],
        [referralOutboxId(id, await referralVersion(id)).toHexString(), 'sent'],
      ]);
      expect((await taskHistory(id)).map((x) => x.status)).toEqual(['requested', 'on-hold']);
    } finally {
      down = false;
    }
  });

  it('a consent withdrawn after sending: later writes still name the consent the referral was sent under', async () => {
    const sender = await hospital(proxy.baseUrl, true);
    const receiver = await hospital(receiverDemo.baseUrl, true);
    const to: Recipient = { kind: 'hospital', id: receiver.hospitalId };
    const caseId = await referableCase(sender.sw, new Client({ baseUrl: proxy.baseUrl }), to, today, false);
    const consentId = await consentTo(sender.sw, caseId, to, today);
    const id = await referral(sender.sw, caseId, to);
    await taskOnSender(id, 'requested');
    await sender.sw.agent.post(`/api/v1/cases/${caseId}/consents/${consentId}/withdrawal`).set('x-csrf-token', sender.sw.csrf).send({}).expect(200);
    // A new consent after the withdrawal is not the one the referral went under.
    await consentTo(sender.sw, caseId, to, today);
    await moved(sender.sw, id, { to: 'cancelled', reason: 'Gia đình rút lại đồng ý' });
    await taskOnSender(id, 'cancelled');
    const sr = await read<ServiceRequest>(senderFhir(), 'ServiceRequest', ids(id).sr);
    expect(sr?.status).toBe('revoked');
    expect(sr?.supportingInfo?.[0]?.identifier?.value).toBe(consentId);
  });
});

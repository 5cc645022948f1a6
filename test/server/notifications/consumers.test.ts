import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../server/clock.js';
import { EventModel } from '../../../server/events/events.model.js';
import { toDomainEvent, type EventRecord } from '../../../server/events/events.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { onWriteBackFailed } from '../../../server/notifications/notifications.consumers.js';
import { sendDueMails } from '../../../server/notifications/notifications.api.js';
import { MailModel, NotificationModel } from '../../../server/notifications/notifications.model.js';
import { createLogger } from '../../../server/logger.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { readBody, sendJson, startHttpServer, type TestServer } from '../../setup/fhir-servers.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp, type TestApp } from '../../setup/test-app.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

/**
 * Notifications follow from domain events, handled by the worker (in this process): a FHIR
 * write-back of a flag that the hospital refused reaches the hospital's heads of social work, in
 * the app and by e-mail (to a real SMTP server), with no patient name anywhere in the mail; the
 * same event handled again sends nothing more.
 */
const PATIENT_NAME = 'Giàng A Páo'; // createBarePatient's name
let smtp: TestSmtpServer;
let t: TestApp;
let demo: RunningDemoHospital;
let proxy: TestServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp(
    {
      mail: {
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        capture: false,
        from: 'Nhịp Cầu <khong-tra-loi@nhipcau.example.vn>',
        publicUrl: 'https://nhipcau.example.vn',
      },
    },
    { worker: true },
  );
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 20, seed: 909, now: new Date() });
  const target = new URL(demo.baseUrl);
  // The hospital reads as usual but refuses every transaction (422): the write-back fails for good at once.
  proxy = await startHttpServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && /^\/fhir\/?(\?.*)?$/.test(req.url ?? ''))
      return sendJson(res, 422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing' }] });
    const up = await fetch(`${target.origin}${req.url ?? '/'}`, {
      method: req.method,
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: body || undefined,
    });
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/fhir+json' }).end(await up.text());
  });
});

afterAll(async () => {
  await t.close();
  await smtp.close();
  await proxy?.close();
  await demo?.stop();
});

async function leadWithAddress(hospitalId: string, email: string, admin: SignedIn): Promise<SignedIn> {
  const lead = await signInAs(t.app, 'sw_lead', { hospitalId });
  await admin.agent.patch(`/api/v1/users/${lead.user.id}`).set('x-csrf-token', admin.csrf).send({ email }).expect(200);
  return lead;
}

describe('a flag write-back the hospital refused', () => {
  it('tells the hospital’s heads of social work, in the app and by e-mail, without the patient’s name; handled again, nothing more is sent', async () => {
    const admin = await signInAs(t.app, 'admin');
    const hospital = await makeFhirHospital(proxy.baseUrl);
    await admin.agent
      .patch(`/api/v1/hospitals/${hospital.id}`)
      .set('x-csrf-token', admin.csrf)
      .send({ fhir: { writeBack: true } })
      .expect(200);
    const lead = await leadWithAddress(hospital.id, 'truongphong@benhvien.example.vn', admin);
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });

    const fhirId = await createBarePatient(new Client({ baseUrl: demo.baseUrl }));
    const patientId = await linkViaApi(sw, fhirId);
    await postScreening(sw, patientId, questionnaireResponse()).expect(201);

    const [got] = await smtp.waitFor(1);
    expect(got?.envelopeTo).toEqual(['truongphong@benhvien.example.vn']);
    expect(got?.mail.subject).toBe(
      'Chưa ghi được một cờ hỗ trợ vào hồ sơ bệnh viện · A support flag could not be written to the hospital record',
    );
    expect(got?.mail.text).toContain(`hệ thống FHIR của ${hospital.name}`);
    expect(got?.mail.text).toContain(`https://nhipcau.example.vn/patients/${patientId}`);
    for (const part of [got?.mail.subject, got?.mail.text, got?.mail.html]) {
      expect(part).not.toContain(PATIENT_NAME);
      expect(part).not.toContain(fhirId);
    }

    const mine = await lead.agent.get('/api/v1/notifications').expect(200);
    expect(mine.body.unread).toBe(1);
    expect(mine.body.data).toMatchObject([
      { template: 'flag.write-back-failed', params: { hospital: hospital.name }, link: `/patients/${patientId}`, readAt: null },
    ]);
    expect((await sw.agent.get('/api/v1/notifications').expect(200)).body.data, 'the social worker is not told').toEqual([]);

    // The same event once more (a consumer that died before its checkpoint moved): no second row, no second mail.
    const event = await EventModel.findOne({ type: 'write-back.failed', hospitalId: hospital.id }).lean<EventRecord>();
    if (!event) throw new Error('no write-back.failed event');
    await onWriteBackFailed(toDomainEvent(event), {
      clock: systemClock,
      log: createLogger('silent'),
      signal: new AbortController().signal,
      owner: 'test',
    });
    await sendDueMails(systemClock);
    expect(smtp.received).toHaveLength(1);
    expect(await NotificationModel.countDocuments({ recipientId: lead.user.id })).toBe(1);
    expect(await MailModel.countDocuments({ recipientId: lead.user.id })).toBe(1);
  });
});

describe('a census sync that ended', () => {
  async function startedSync(who: SignedIn, hospitalId: string): Promise<string> {
    const res = await who.agent.post(`/api/v1/hospitals/${hospitalId}/sync`).set('x-csrf-token', who.csrf).expect(202);
    return res.body.id as string;
  }

  it('failed: tells whoever started it and the hospital’s heads of social work, not the rest of the team', async () => {
    const admin = await signInAs(t.app, 'admin');
    // The hospital's FHIR server refuses the census search (400): the run fails at once, for good.
    const refusing = await startHttpServer((_req, res) =>
      sendJson(res, 400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] }),
    );
    try {
      const hospital = await makeFhirHospital(refusing.baseUrl);
      const starter = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
      await admin.agent
        .patch(`/api/v1/users/${starter.user.id}`)
        .set('x-csrf-token', admin.csrf)
        .send({ email: 'nguoi-chay@benhvien.example.vn' })
        .expect(200);
      const lead = await leadWithAddress(hospital.id, 'truong-khoa@benhvien.example.vn', admin);
      const colleague = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
      const before = smtp.received.length;
      await startedSync(starter, hospital.id);

      const got = (await smtp.waitFor(before + 2)).slice(before);
      expect(got.map((m) => m.envelopeTo[0]).sort()).toEqual(['nguoi-chay@benhvien.example.vn', 'truong-khoa@benhvien.example.vn']);
      expect(got[0]?.mail.subject).toBe('Đồng bộ danh sách nội trú không thành công · Census sync failed');
      expect(got[0]?.mail.text).toContain(`Lần đồng bộ danh sách bệnh nhân nội trú của ${hospital.name}`);
      for (const who of [starter, lead]) {
        const mine = await who.agent.get('/api/v1/notifications').expect(200);
        expect(mine.body.data).toMatchObject([{ template: 'sync.failed', params: { hospital: hospital.name }, link: '/sync' }]);
      }
      expect((await colleague.agent.get('/api/v1/notifications').expect(200)).body.data).toEqual([]);
    } finally {
      await refusing.close();
    }
  });

  it('succeeded: tells whoever started it, with how many patients were updated', async () => {
    const admin = await signInAs(t.app, 'admin');
    const hospital = await makeFhirHospital(demo.baseUrl);
    const starter = await signInAs(t.app, 'sw_lead', { hospitalId: hospital.id });
    await admin.agent
      .patch(`/api/v1/users/${starter.user.id}`)
      .set('x-csrf-token', admin.csrf)
      .send({ email: 'da-xong@benhvien.example.vn' })
      .expect(200);
    const otherLead = await leadWithAddress(hospital.id, 'khong-bao@benhvien.example.vn', admin);
    const before = smtp.received.length;
    await startedSync(starter, hospital.id);

    const [got] = (await smtp.waitFor(before + 1)).slice(before);
    expect(got?.envelopeTo).toEqual(['da-xong@benhvien.example.vn']);
    expect(got?.mail.subject).toBe('Đồng bộ danh sách nội trú đã xong · Census sync finished');
    const mine = await starter.agent.get('/api/v1/notifications').expect(200);
    expect(mine.body.data).toMatchObject([{ template: 'sync.completed', params: { hospital: hospital.name }, link: '/sync' }]);
    expect(mine.body.data[0].params.patients).toBeGreaterThan(0);
    expect((await otherLead.agent.get('/api/v1/notifications').expect(200)).body.data, 'a success goes to the starter only').toEqual([]);
  });
});

import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventModel } from '../../../server/events/events.model.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { post, referableCase, referral, type Recipient } from './core-fixture.js';

/**
 * A referral's thread (issue 11, point 4): the sender's hospital and the receiver both write and
 * both read the same messages, oldest first, each with its side and author; a draft has no thread
 * (409 REFERRAL.NOT_SENT for its sender; the receiver does not see it at all); anyone else gets 404,
 * as for a referral that does not exist. The event tells of the message without its text.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let receiving: HospitalView;
let sw: SignedIn;
let rsw: SignedIn;
let rlead: SignedIn;
let to: Recipient;
const GIVEN_ON = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 2101, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  home = await makeFhirHospital(demo.baseUrl);
  receiving = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  rsw = await signInAs(t.app, 'social_worker', { hospitalId: receiving.id });
  rlead = await signInAs(t.app, 'sw_lead', { hospitalId: receiving.id });
  to = { kind: 'hospital', id: receiving.id };
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const write = (who: SignedIn, id: string, body: string) => post(who, `/referrals/${id}/comments`, { body });
const read = (who: SignedIn, id: string) => who.agent.get(`/api/v1/referrals/${id}/comments`);

describe('the thread of a sent referral', () => {
  it('both sides write and read the same messages, oldest first, with their side and author', async () => {
    const caseId = await referableCase(sw, fhir, to, GIVEN_ON);
    const id = await referral(sw, caseId, to);
    const first = await write(sw, id, 'Bé sẽ chuyển viện sáng thứ Hai.').expect(201);
    expect(first.body).toMatchObject({ body: 'Bé sẽ chuyển viện sáng thứ Hai.', side: 'sender', author: { id: sw.user.id, name: sw.user.displayName } });
    await write(rsw, id, 'Đã nhận, chúng tôi sẽ đón gia đình.').expect(201);
    await write(rlead, id, 'Phòng CTXH đã sắp xếp chỗ ở.').expect(201);
    await write(sw, id, 'Cảm ơn.').expect(201);

    const expected = [
      { side: 'sender', body: 'Bé sẽ chuyển viện sáng thứ Hai.', author: { id: sw.user.id } },
      { side: 'receiver', body: 'Đã nhận, chúng tôi sẽ đón gia đình.', author: { id: rsw.user.id } },
      { side: 'receiver', body: 'Phòng CTXH đã sắp xếp chỗ ở.', author: { id: rlead.user.id } },
      { side: 'sender', body: 'Cảm ơn.', author: { id: sw.user.id } },
    ];
    const bySender = (await read(sw, id).expect(200)).body.data;
    const byReceiver = (await read(rsw, id).expect(200)).body.data;
    expect(bySender).toMatchObject(expected);
    expect(byReceiver).toEqual(bySender);
    expect(bySender[0].id).toBe(first.body.id);

    // The stream says a message was written, by which side; never what it says (free text may name the patient).
    const events = await EventModel.find({ stream: `referral:${id}`, type: 'referral.comment-added' }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.data.side)).toEqual(['sender', 'receiver', 'receiver', 'sender']);
    expect(events[0]?.data).toMatchObject({ commentId: first.body.id, caseId, hospitalId: home.id, to: { kind: 'hospital', hospitalId: receiving.id } });
    expect(JSON.stringify(events)).not.toContain('chuyển viện sáng');
  });

  it('refuses an empty or over-long message at its field, and writes nothing', async () => {
    const caseId = await referableCase(sw, fhir, to, GIVEN_ON);
    const id = await referral(sw, caseId, to);
    const empty = await write(sw, id, '   ').expect(400);
    expect(empty.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.body']);
    await write(sw, id, 'x'.repeat(2001)).expect(400);
    expect((await read(sw, id).expect(200)).body.data).toEqual([]);
  });
});

describe('a draft', () => {
  it('has no thread: its sender gets 409 REFERRAL.NOT_SENT, the receiver does not see it at all', async () => {
    const caseId = await referableCase(sw, fhir, to, GIVEN_ON);
    const id = await referral(sw, caseId, to, { send: false });
    const refused = await write(sw, id, 'Chưa gửi').expect(409);
    expect(refused.body.error.code).toBe('REFERRAL.NOT_SENT');
    expect((await read(sw, id).expect(200)).body.data).toEqual([]);
    await write(rsw, id, 'Chào').expect(404);
    await read(rsw, id).expect(404);
    expect(await EventModel.countDocuments({ stream: `referral:${id}`, type: 'referral.comment-added' })).toBe(0);
  });
});

describe('someone outside the referral', () => {
  it('gets 404 as for a referral that does not exist: another hospital, another organisation; coordinators take no part', async () => {
    const caseId = await referableCase(sw, fhir, to, GIVEN_ON);
    const id = await referral(sw, caseId, to);
    const elsewhere = await makeHospital({ name: 'Bệnh viện Đa khoa Sa Pa' });
    const outsider = await signInAs(t.app, 'sw_lead', { hospitalId: elsewhere.id });
    const partner = await signInAs(t.app, 'charity_partner');
    for (const who of [outsider, partner]) {
      await read(who, id).expect(404);
      await write(who, id, 'Xin chào').expect(404);
    }
    const missing = '0123456789abcdef01234567';
    await read(sw, missing).expect(404);
    const coordinator = await signInAs(t.app, 'coordinator');
    await write(coordinator, id, 'Điều phối').expect(403);
    expect((await read(sw, id).expect(200)).body.data).toEqual([]);
  });
});

import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { EventModel } from '../../../server/events/events.model.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { move, post, referableCase, referral, referralBody, type Recipient } from './core-fixture.js';

/**
 * Two people acting on one referral at the same moment (issue 11 point 2, decision 0024): every
 * move is a conditional write on the state and version read, so two receivers' staff accepting at
 * once: exactly one 200, the other 409 naming where it is now; ten sends of one draft: one; ten
 * creates of the same referral (a double click, retries): one, the others 409 naming it.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let receiving: HospitalView;
let sw: SignedIn;
let rsw: SignedIn;
let rlead: SignedIn;
let to: Recipient;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 1112, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  const home = await makeFhirHospital(demo.baseUrl);
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

const TODAY = '2026-12-07';
const statuses = (rs: { status: number }[]): number[] => rs.map((r) => r.status).sort();

describe('at the same moment', () => {
  it('two receivers’ staff accept: exactly one 200, the other 409 from accepted; one history entry, one event', async () => {
    const id = await referral(sw, await referableCase(sw, fhir, to, TODAY), to);
    const both = await Promise.all([move(rsw, id, { to: 'accepted', capacity: 'capacity' }), move(rlead, id, { to: 'accepted', capacity: 'waitlist' })]);
    expect(statuses(both)).toEqual([200, 409]);
    const lost = both.find((r) => r.status === 409);
    expect(lost?.body.error).toMatchObject({ code: 'REFERRAL.ILLEGAL_TRANSITION', params: { from: 'accepted', to: 'accepted', allowed: ['in-progress', 'on-hold', 'failed'] } });
    const got = await sw.agent.get(`/api/v1/referrals/${id}`).expect(200);
    expect(got.body.history.filter((h: { to: string }) => h.to === 'accepted')).toHaveLength(1);
    const events = await EventModel.find({ stream: `referral:${id}`, type: 'referral.status-changed' }).lean();
    expect(events).toHaveLength(1);
  });

  it('the receiver rejects while the sender cancels: one wins, the other 409 from where the winner left it', async () => {
    const id = await referral(sw, await referableCase(sw, fhir, to, TODAY), to);
    const both = await Promise.all([move(rsw, id, { to: 'rejected', reason: 'Hết chỗ' }), move(sw, id, { to: 'cancelled', reason: 'Gia đình đổi ý' })]);
    expect(statuses(both)).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)?.body.status as string;
    expect(both.find((r) => r.status === 409)?.body.error).toMatchObject({ code: 'REFERRAL.ILLEGAL_TRANSITION', params: { from: winner, allowed: [] } });
  });

  it('ten sends of one draft: one 200, nine 409; one referral.sent event', async () => {
    const id = await referral(sw, await referableCase(sw, fhir, to, TODAY), to, { send: false });
    const tries = await Promise.all(Array.from({ length: 10 }, () => move(sw, id, { to: 'requested' })));
    expect(statuses(tries)).toEqual([200, ...Array<number>(9).fill(409)]);
    expect(await EventModel.countDocuments({ stream: `referral:${id}`, type: 'referral.sent' })).toBe(1);
  });

  it('ten creates of the same referral (sent at once): one 201, nine 409 REFERRAL.ALREADY_LIVE naming it', async () => {
    const caseId = await referableCase(sw, fhir, to, TODAY);
    const tries = await Promise.all(Array.from({ length: 10 }, () => post(sw, `/cases/${caseId}/referrals`, referralBody(to, { send: true }))));
    expect(statuses(tries)).toEqual([201, ...Array<number>(9).fill(409)]);
    const made = tries.find((r) => r.status === 201)?.body as { id: string; status: string };
    expect(made.status).toBe('requested');
    for (const r of tries.filter((x) => x.status === 409)) expect(r.body.error).toMatchObject({ code: 'REFERRAL.ALREADY_LIVE', params: { referralId: made.id } });
    const list = await sw.agent.get(`/api/v1/cases/${caseId}/referrals`).expect(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([made.id]);
  });
});

import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import { ReferralModel } from '../../../server/features/referrals/referrals.model.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { moved, referableCase, referral, type Recipient } from './core-fixture.js';

/**
 * Due times in working days (issue 11 point 4, decision 0024), on a settable clock: 2 working days to
 * answer from the Vietnam day it was sent, 10 to complete from the day it was accepted, counted past
 * weekends and Vietnam's public holidays (reference-data/vn-public-holidays.json); overdue is the
 * clock's Vietnam today after the due day, in the referral and in the list's filter.
 */
const clock = settableClock('2026-04-23T03:00:00Z'); // Thursday 23 April 2026, 10:00 in Vietnam
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let sw: SignedIn;
let rsw: SignedIn;
let to: Recipient;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 1113, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  const home: HospitalView = await makeFhirHospital(demo.baseUrl);
  const receiving = await makeHospital({ name: 'Bệnh viện Nhi Trung ương' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  rsw = await signInAs(t.app, 'social_worker', { hospitalId: receiving.id });
  to = { kind: 'hospital', id: receiving.id };
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const read = async (who: SignedIn, id: string): Promise<Record<string, unknown>> => (await who.agent.get(`/api/v1/referrals/${id}`).expect(200)).body as Record<string, unknown>;
const overdueIds = async (who: SignedIn, box: string): Promise<string[]> =>
  ((await who.agent.get(`/api/v1/referrals?box=${box}&overdue=true`).expect(200)).body.data as { id: string }[]).map((r) => r.id);

describe('due times across a weekend and a public holiday', () => {
  it('sent on a Thursday before the Hùng Kings’ day off: answer due the Tuesday after; overdue only from Wednesday in Vietnam', async () => {
    clock.set('2026-04-23T03:00:00Z');
    const id = await referral(sw, await referableCase(sw, fhir, to, '2026-04-23'), to);
    // Friday 24 (1), the weekend, Monday 27 April off (Hùng Kings), Tuesday 28 (2).
    expect(await read(sw, id)).toMatchObject({ status: 'requested', due: { kind: 'accept', on: '2026-04-28' }, overdue: false });
    clock.set('2026-04-28T16:59:00Z'); // 23:59 on Tuesday in Vietnam: still due today
    expect(await read(rsw, id)).toMatchObject({ overdue: false });
    expect(await overdueIds(rsw, 'inbox')).not.toContain(id);
    clock.set('2026-04-28T17:00:00Z'); // 00:00 on Wednesday in Vietnam
    expect(await read(rsw, id)).toMatchObject({ overdue: true });
    expect(await overdueIds(rsw, 'inbox')).toContain(id);
    expect(await overdueIds(sw, 'outbox')).toContain(id);
    // As the escalation job marks it (referrals.escalation.ts), once for this due.
    await ReferralModel.updateOne({ _id: id }, { $set: { escalation: { dueKind: 'accept', dueOn: '2026-04-28', at: clock.now() } } });
    // Being received keeps the answer's due time (and its escalation); accepting starts the 10 working days to complete.
    await moved(rsw, id, { to: 'received' });
    expect(await read(rsw, id)).toMatchObject({ due: { kind: 'accept', on: '2026-04-28' }, overdue: true, escalatedAt: clock.now().toISOString() });
    const accepted = await moved(rsw, id, { to: 'accepted', capacity: 'capacity' });
    // From Wednesday 29: 30 April and 1 May off, the weekend; 4–8 May (5), 11–15 May (10).
    expect(accepted).toMatchObject({ due: { kind: 'complete', on: '2026-05-15' }, overdue: false, escalatedAt: null });
    expect(await overdueIds(rsw, 'inbox')).not.toContain(id);
    await moved(rsw, id, { to: 'in-progress' });
    const held = await moved(rsw, id, { to: 'on-hold', reason: 'Chờ gia đình bổ sung giấy tờ' });
    expect(held).toMatchObject({ due: { kind: 'complete', on: '2026-05-15' } });
    clock.set('2026-05-16T01:00:00Z');
    expect(await read(sw, id)).toMatchObject({ overdue: true });
    const ended = await moved(rsw, id, { to: 'failed', reason: 'Gia đình chuyển đi nơi khác' });
    expect(ended).toMatchObject({ due: null, overdue: false });
  });

  it('sent on a Saturday: the working days count from the next Monday; Tết pushes the answer past the holiday week', async () => {
    clock.set('2027-01-30T02:00:00Z'); // Saturday 30 January 2027
    const id = await referral(sw, await referableCase(sw, fhir, to, '2027-01-30'), to);
    expect(await read(sw, id)).toMatchObject({ due: { kind: 'accept', on: '2027-02-02' } }); // Monday 1 (1), Tuesday 2 (2)
    clock.set('2027-02-04T03:00:00Z'); // Thursday 4 February, the last working day before Tết
    const id2 = await referral(sw, await referableCase(sw, fhir, to, '2027-02-04'), to);
    // 5–11 February off (Tết), the weekend of 13–14; Friday 12 (1), Monday 15 (2).
    expect(await read(sw, id2)).toMatchObject({ due: { kind: 'accept', on: '2027-02-15' } });
  });
});

describe('the configuration', () => {
  it('REFERRAL_ACCEPT_WORKING_DAYS and REFERRAL_COMPLETE_WORKING_DAYS: 2 and 10 by default, set by the environment, refused when not whole days', () => {
    const env = { NODE_ENV: 'test', DEMO: 'true' } as const;
    expect(loadConfig(env).referralDue).toEqual({ acceptWorkingDays: 2, completeWorkingDays: 10 });
    expect(loadConfig({ ...env, REFERRAL_ACCEPT_WORKING_DAYS: '3', REFERRAL_COMPLETE_WORKING_DAYS: '15' }).referralDue).toEqual({ acceptWorkingDays: 3, completeWorkingDays: 15 });
    expect(() => loadConfig({ ...env, REFERRAL_ACCEPT_WORKING_DAYS: '1.5' })).toThrow(/REFERRAL_ACCEPT_WORKING_DAYS/);
    expect(() => loadConfig({ ...env, REFERRAL_COMPLETE_WORKING_DAYS: '0' })).toThrow(/REFERRAL_COMPLETE_WORKING_DAYS/);
  });
});

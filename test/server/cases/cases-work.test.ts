import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { onCaseEvent } from '../../../server/features/cases/cases.consumers.js';
import { EventModel, toDomainEvent, type EventRecord } from '../../../server/events/events.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { createLogger } from '../../../server/logger.js';
import { NotificationModel } from '../../../server/notifications/notifications.model.js';
import { makeFhirHospital, makeUser, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { openCase, patch, patientWith, post, put } from './cases-setup.js';

/**
 * Working a case (issue 10 point 1): the plan's needs, goals and interventions (each tied to the
 * case's own needs and goals, days checked against Vietnam today), reassignment by the head only
 * and only to social-work staff of the case's hospital, and who is told (notifications follow from
 * the case's events, with no patient name anywhere).
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;
let sw2: SignedIn;
let lead: SignedIn;
const NAME = 'Mùa A Dình';

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 5, seed: 1013, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  sw2 = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const newCase = async (): Promise<string> => openCase(sw, await patientWith(fhir, sw, { name: NAME }));
const lastEvent = async (caseId: string): Promise<EventRecord> =>
  (await EventModel.findOne({ stream: `case:${caseId}` })
    .sort({ seq: -1 })
    .lean<EventRecord>()) as EventRecord;
const handle = async (e: EventRecord): Promise<void> =>
  onCaseEvent(toDomainEvent(e), { clock: systemClock, log: createLogger('silent'), signal: new AbortController().signal, owner: 'test' });

describe('the plan', () => {
  it('needs, goals tied to a need, interventions tied to both, each an event with ids and codes only', async () => {
    const id = await newCase();
    const need = (await post(sw, `/cases/${id}/needs`, { domain: 'housing', description: 'Nhà tạm bị dột' }).expect(201)).body.needs[0];
    expect(need).toMatchObject({ domain: 'housing', status: 'open' });
    expect((await lastEvent(id)).type).toBe('case.need-added');
    const goal = (
      await post(sw, `/cases/${id}/goals`, { needId: need.id, description: 'Sửa mái nhà', targetDate: '2099-05-01' }).expect(201)
    ).body.goals[0];
    expect(goal).toMatchObject({ needId: need.id, status: 'open', overdue: false });
    const done = await post(sw, `/cases/${id}/interventions`, {
      needId: need.id,
      goalId: goal.id,
      description: 'Liên hệ hội chữ thập đỏ',
      activityGroup: 'charity-community',
      performedOn: '2026-01-05',
    }).expect(201);
    expect(done.body.interventions[0]).toMatchObject({
      activityGroup: 'charity-community',
      by: { id: sw.user.id },
      needId: need.id,
      goalId: goal.id,
    });
    const ev = await lastEvent(id);
    expect(ev).toMatchObject({ type: 'case.intervention-added', data: { activityGroup: 'charity-community', performedOn: '2026-01-05' } });
    expect(JSON.stringify(ev.data)).not.toContain('chữ thập');
    const met = await patch(sw, `/cases/${id}/needs/${need.id as string}`, { status: 'met' }).expect(200);
    expect(met.body.needs[0].status).toBe('met');
    expect(met.body.needs.length).toBe(1);
    const achieved = await patch(sw, `/cases/${id}/goals/${goal.id as string}`, { status: 'achieved' }).expect(200);
    expect(achieved.body).toMatchObject({ goals: [{ status: 'achieved' }], nextGoalDue: null });
    expect((await lastEvent(id)).type).toBe('case.goal-updated');
  });

  it('refuses a need or goal of another case, a target day in the past and an intervention in the future (400, nothing written)', async () => {
    const id = await newCase();
    const other = await newCase();
    const foreignNeed = (await post(sw, `/cases/${other}/needs`, { domain: 'food', description: 'Thiếu ăn' }).expect(201)).body.needs[0]
      .id as string;
    const seq = (await lastEvent(id)).seq;
    const paths = async (path: string, body: object): Promise<string[]> =>
      ((await post(sw, `/cases/${id}/${path}`, body).expect(400)).body.error.details as { path: string }[]).map((d) => d.path);
    expect(await paths('goals', { needId: foreignNeed, description: 'x', targetDate: '2099-01-01' })).toEqual(['body.needId']);
    expect(await paths('goals', { description: 'x', targetDate: '2020-01-01' })).toEqual(['body.targetDate']);
    expect(await paths('interventions', { description: 'x', activityGroup: 'sponsorship', performedOn: '2099-01-01' })).toEqual([
      'body.performedOn',
    ]);
    expect(
      await paths('interventions', { needId: foreignNeed, description: 'x', activityGroup: 'sponsorship', performedOn: '2026-01-01' }),
    ).toEqual(['body.needId']);
    await patch(sw, `/cases/${id}/needs/${foreignNeed}`, { status: 'met' }).expect(404);
    expect((await lastEvent(id)).seq).toBe(seq);
  });
});

describe('assignment', () => {
  it('only the head reassigns (a social worker: 403), and only to social-work staff of the case’s hospital (400 body.userId)', async () => {
    const id = await newCase();
    await put(sw, `/cases/${id}/assignee`, { userId: sw2.user.id }).expect(403);
    const elsewhere = await makeUser('social_worker');
    const coordinator = await makeUser('coordinator');
    for (const who of [elsewhere.id, coordinator.id, '0'.repeat(24)]) {
      const refused = await put(lead, `/cases/${id}/assignee`, { userId: who }).expect(400);
      expect(refused.body.error.details).toMatchObject([{ path: 'body.userId', code: 'not_hospital_staff' }]);
    }
    const moved = await put(lead, `/cases/${id}/assignee`, { userId: sw2.user.id }).expect(200);
    expect(moved.body.assignedTo).toEqual({ id: sw2.user.id, name: sw2.user.displayName });
    expect(await lastEvent(id)).toMatchObject({ type: 'case.assigned', data: { from: sw.user.id, to: sw2.user.id } });
  });
});

describe('who is told', () => {
  it('the new assignee; the heads when closure is asked; the asker when it is returned or approved — never the patient’s name', async () => {
    const id = await newCase();
    await put(lead, `/cases/${id}/assignee`, { userId: sw2.user.id }).expect(200);
    await handle(await lastEvent(id));
    await post(sw2, `/cases/${id}/closure-request`, { outcome: 'resolved', summary: `${NAME} đã về nhà` }).expect(200);
    await handle(await lastEvent(id));
    await post(lead, `/cases/${id}/closure-decision`, { decision: 'return', reason: 'Thiếu biên nhận' }).expect(200);
    await handle(await lastEvent(id));
    await post(sw2, `/cases/${id}/closure-request`, { outcome: 'resolved', summary: 'Xong' }).expect(200);
    await post(lead, `/cases/${id}/closure-decision`, { decision: 'approve' }).expect(200);
    const closed = await lastEvent(id);
    await handle(closed);
    await handle(closed); // the same event again: nothing more
    const mine = async (who: SignedIn): Promise<string[]> =>
      (
        await NotificationModel.find({ recipientId: who.user.id, link: `/cases/${id}` })
          .sort({ createdAt: 1, _id: 1 })
          .lean()
      ).map((n) => n.template);
    expect(await mine(sw2)).toEqual(['case.assigned', 'case.closure-returned', 'case.closed']);
    expect(await mine(lead)).toEqual(['case.closure-requested']);
    expect(await mine(sw)).toEqual([]);
    const all = await NotificationModel.find({ link: `/cases/${id}` }).lean();
    expect(JSON.stringify(all)).not.toContain(NAME);
    expect(all.every((n) => (n.params as { hospital?: string }).hospital === hospital.name)).toBe(true);
  });
});

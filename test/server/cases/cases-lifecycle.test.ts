import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { EventModel } from '../../../server/events/events.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { moveTo, openCase, patientWith, post } from './cases-setup.js';

/**
 * A case's life (issue 10 point 1, decision 0020): opened by hand once per patient (a second → 409
 * naming the open case), or from a confirmed flag with the confirmer as assignee; every legal move
 * and every illegal one (409 naming the allowed moves); closure requested by a social worker,
 * decided only by the head (a social worker's decision → 403), returned only with a reason; two
 * conflicting moves or decisions at the same moment: exactly one wins.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 5, seed: 1010, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('opening a case', () => {
  it('by hand: 201, open, assigned to the opener, with the note; a second time 409 CASE.ALREADY_OPEN naming the case', async () => {
    const patientId = await patientWith(fhir, sw);
    const res = await post(sw, '/cases', { patientId, note: 'Mẹ đơn thân, không có tiền ăn' }).expect(201);
    expect(res.body).toMatchObject({
      audience: 'own-hospital',
      status: 'open',
      note: 'Mẹ đơn thân, không có tiền ăn',
      assignedTo: { id: sw.user.id },
      openedBy: { id: sw.user.id },
      hospital: { id: hospital.id },
    });
    expect(res.body.patient).toMatchObject({ id: patientId, name: 'Lò Thị Mai' });
    expect(res.body.can).toEqual(expect.arrayContaining(['case.transition', 'case.closure.request', 'case.plan.update']));
    expect(res.body.can).not.toContain('case.closure.decide');
    const again = await post(sw, '/cases', { patientId }).expect(409);
    expect(again.body.error).toMatchObject({ code: 'CASE.ALREADY_OPEN', params: { caseId: res.body.id } });
    const opened = await EventModel.find({ stream: `case:${res.body.id as string}` }).lean();
    expect(opened.map((e) => e.type)).toEqual(['case.opened']);
  });

  it('two clicks at the same moment open one case', async () => {
    const patientId = await patientWith(fhir, sw);
    const both = await Promise.all([post(sw, '/cases', { patientId }), post(sw, '/cases', { patientId })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it("another hospital's social worker cannot open a case for this hospital's patient (404)", async () => {
    const patientId = await patientWith(fhir, sw);
    const other = await signInAs(t.app, 'social_worker');
    await post(other, '/cases', { patientId }).expect(404);
  });

  it('from a confirmed flag: one case, assigned to the social worker who confirmed it', async () => {
    const patientId = await linkViaApi(sw, await createBarePatient(fhir));
    const flag = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
    const reviewed = await post(sw, `/flags/${flag.body.flag.id as string}/review`, {
      decision: 'confirm',
      reason: 'Hộ nghèo, cần hỗ trợ viện phí',
    }).expect(200);
    const caseId = reviewed.body.review.caseId as string;
    const got = await sw.agent.get(`/api/v1/cases/${caseId}`).expect(200);
    expect(got.body).toMatchObject({ status: 'open', assignedTo: { id: sw.user.id }, flag: { id: flag.body.flag.id } });
    expect((await post(sw, '/cases', { patientId }).expect(409)).body.error.params).toEqual({ caseId });
  });
});

describe('transitions', () => {
  const legal: [string, string][] = [
    ['open', 'assessment'],
    ['assessment', 'plan'],
    ['plan', 'active-support'],
    ['assessment', 'open'],
    ['plan', 'assessment'],
    ['active-support', 'plan'],
  ];
  const allowedFrom: Record<string, string[]> = {
    open: ['assessment'],
    assessment: ['plan', 'open'],
    plan: ['active-support', 'assessment'],
    'active-support': ['plan'],
  };

  async function caseAt(status: string): Promise<string> {
    const id = await openCase(sw, await patientWith(fhir, sw));
    if (status !== 'open') await moveTo(sw, id, status as 'assessment');
    return id;
  }

  it.each(legal)('%s → %s is allowed, and recorded as an event', async (from, to) => {
    const id = await caseAt(from);
    const res = await post(sw, `/cases/${id}/transitions`, { to, reason: 'Đã gặp gia đình' }).expect(200);
    expect(res.body.status).toBe(to);
    const last = await EventModel.findOne({ stream: `case:${id}` })
      .sort({ seq: -1 })
      .lean();
    expect(last).toMatchObject({ type: 'case.status-changed', data: { from, to } });
    expect(JSON.stringify(last?.data)).not.toContain('Đã gặp');
  });

  const illegal: [string, string][] = [];
  for (const from of ['open', 'assessment', 'plan', 'active-support'])
    for (const to of ['open', 'assessment', 'plan', 'active-support', 'closed'])
      if (!allowedFrom[from]?.includes(to)) illegal.push([from, to]);

  it.each(illegal)('%s → %s is refused: 409 naming the allowed moves, nothing changes', async (from, to) => {
    const id = await caseAt(from);
    const res = await post(sw, `/cases/${id}/transitions`, { to }).expect(409);
    expect(res.body.error).toMatchObject({ code: 'CASE.ILLEGAL_TRANSITION', params: { from, to, allowed: allowedFrom[from] } });
    expect((await sw.agent.get(`/api/v1/cases/${id}`).expect(200)).body.status).toBe(from);
  });

  it('two moves from the same step at the same moment: exactly one wins, the other gets 409', async () => {
    const id = await caseAt('assessment');
    const both = await Promise.all([
      post(sw, `/cases/${id}/transitions`, { to: 'plan' }),
      post(lead, `/cases/${id}/transitions`, { to: 'open' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)?.body.status as string;
    expect((await sw.agent.get(`/api/v1/cases/${id}`).expect(200)).body.status).toBe(winner);
    expect(await EventModel.countDocuments({ stream: `case:${id}`, type: 'case.status-changed' })).toBe(2); // the move to assessment, and the winner
  });
});

describe('closure by request and approval', () => {
  it('a social worker asks; a second ask is 409 CASE.CLOSURE_PENDING; the social worker cannot decide (403)', async () => {
    const id = await openCase(sw, await patientWith(fhir, sw));
    const asked = await post(sw, `/cases/${id}/closure-request`, { outcome: 'resolved', summary: 'Đã được hỗ trợ đủ viện phí' }).expect(
      200,
    );
    expect(asked.body).toMatchObject({
      status: 'open',
      closureRequested: true,
      closureRequest: { outcome: 'resolved', requestedBy: { id: sw.user.id } },
    });
    expect((await post(sw, `/cases/${id}/closure-request`, { outcome: 'declined', summary: 'x' }).expect(409)).body.error.code).toBe(
      'CASE.CLOSURE_PENDING',
    );
    await post(sw, `/cases/${id}/closure-decision`, { decision: 'approve' }).expect(403);
    expect((await sw.agent.get(`/api/v1/cases/${id}`).expect(200)).body.status).toBe('open');
  });

  it('the head returns it only with a reason (400 body.reason); returned, the request is gone and the reason kept', async () => {
    const id = await openCase(sw, await patientWith(fhir, sw));
    await post(sw, `/cases/${id}/closure-request`, { outcome: 'resolved', summary: 'Xong' }).expect(200);
    const refused = await post(lead, `/cases/${id}/closure-decision`, { decision: 'return' }).expect(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.reason']);
    const back = await post(lead, `/cases/${id}/closure-decision`, { decision: 'return', reason: 'Chưa có biên nhận viện phí' }).expect(
      200,
    );
    expect(back.body).toMatchObject({
      status: 'open',
      closureRequest: null,
      closureRequested: false,
      lastClosureReturn: { reason: 'Chưa có biên nhận viện phí', returnedBy: { id: lead.user.id } },
    });
    expect((await post(lead, `/cases/${id}/closure-decision`, { decision: 'approve' }).expect(409)).body.error.code).toBe(
      'CASE.NO_CLOSURE_REQUEST',
    );
  });

  it('the head approves: closed with the outcome; then no more work on it (409) and no move out of closed', async () => {
    const id = await openCase(sw, await patientWith(fhir, sw));
    await moveTo(sw, id, 'plan');
    await post(sw, `/cases/${id}/closure-request`, { outcome: 'transferred', summary: 'Chuyển tuyến Nhi Trung ương' }).expect(200);
    const closed = await post(lead, `/cases/${id}/closure-decision`, { decision: 'approve' }).expect(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closure: { outcome: 'transferred', approvedBy: { id: lead.user.id } },
      closureRequest: null,
    });
    // Closed, only a consent's withdrawal (the patient's right at any moment) is still offered.
    expect((closed.body.can as string[]).filter((a) => a !== 'consent.withdraw')).toEqual([]);
    const ev = await EventModel.findOne({ stream: `case:${id}`, type: 'case.closed' }).lean();
    expect(ev?.data).toMatchObject({ outcome: 'transferred' });
    expect((await post(sw, `/cases/${id}/transitions`, { to: 'plan' }).expect(409)).body.error.code).toBe('CASE.CLOSED');
    expect((await post(sw, `/cases/${id}/needs`, { domain: 'food', description: 'Cần suất ăn' }).expect(409)).body.error.code).toBe(
      'CASE.CLOSED',
    );
    expect((await post(sw, `/cases/${id}/closure-request`, { outcome: 'resolved', summary: 'x' }).expect(409)).body.error.code).toBe(
      'CASE.CLOSED',
    );
    // Closed, the patient may have a new case opened by hand.
    const patientId = closed.body.patient.id as string;
    await post(sw, '/cases', { patientId }).expect(201);
  });

  it('two decisions at the same moment: exactly one wins', async () => {
    const id = await openCase(sw, await patientWith(fhir, sw));
    await post(sw, `/cases/${id}/closure-request`, { outcome: 'resolved', summary: 'Xong' }).expect(200);
    const other = await signInAs(t.app, 'sw_lead', { hospitalId: hospital.id });
    const both = await Promise.all([
      post(lead, `/cases/${id}/closure-decision`, { decision: 'approve' }),
      post(other, `/cases/${id}/closure-decision`, { decision: 'return', reason: 'Thiếu giấy tờ' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await EventModel.find({ stream: `case:${id}`, type: { $in: ['case.closed', 'case.closure-returned'] } }).lean();
    expect(events).toHaveLength(1);
  });
});

import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERRAL_TRANSITIONS } from '../../../fhir-mappings/outbound/task.js';
import { settableClock } from '../../../server/clock.js';
import { EventModel } from '../../../server/events/events.model.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { MOVE_SIDE, movesFor, REFERRAL_STATUSES, type ReferralSide, type ReferralStatus } from '../../../server/features/referrals/referrals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor } from '../consent/consent-fixture.js';
import { consentTo, move, moved, post, referableCase, referral, referralBody, type Recipient } from './core-fixture.js';

/**
 * A referral's life (issue 11 point 2, decision 0024): every legal move by the side that makes it
 * (200, history with actor and time); the same move by the other side 403 REFERRAL.OTHER_SIDE; every
 * move not legal from a state 409 REFERRAL.ILLEGAL_TRANSITION naming the caller's allowed moves;
 * reasons, outcome and capacity at their fields; sending without consent 409; a closed case 409.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // a Monday, 10:00 in Vietnam
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let receiving: HospitalView;
let sw: SignedIn;
let lead: SignedIn;
let rsw: SignedIn;
let to: Recipient;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 1111, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  home = await makeFhirHospital(demo.baseUrl);
  receiving = await makeHospital({ name: 'Bệnh viện Nhi Trung ương' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: home.id });
  rsw = await signInAs(t.app, 'social_worker', { hospitalId: receiving.id });
  to = { kind: 'hospital', id: receiving.id };
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const TODAY = '2026-12-07';
const REASONED: readonly string[] = ['rejected', 'failed', 'cancelled', 'on-hold'];

/** The body of a move to `status` that meets the field rules. */
const bodyFor = (status: ReferralStatus): object => ({
  to: status,
  ...(REASONED.includes(status) ? { reason: 'Lý do thử' } : {}),
  ...(status === 'completed' ? { outcome: 'Đã hỗ trợ viện phí 1.500.000 ₫' } : {}),
});

/** The moves from a draft that reach each state. */
const PATHS: Record<ReferralStatus, ReferralStatus[]> = {
  draft: [],
  requested: ['requested'],
  received: ['requested', 'received'],
  accepted: ['requested', 'accepted'],
  'in-progress': ['requested', 'accepted', 'in-progress'],
  'on-hold': ['requested', 'accepted', 'on-hold'],
  rejected: ['requested', 'rejected'],
  completed: ['requested', 'accepted', 'in-progress', 'completed'],
  failed: ['requested', 'accepted', 'failed'],
  cancelled: ['requested', 'cancelled'],
};

const actor = (side: ReferralSide): SignedIn => (side === 'sender' ? sw : rsw);

/**
 * A new referral brought to `state` along PATHS, of one shared case: a case has one draft-or-live
 * referral per recipient, so each test ends its referral (`release`) for the next.
 */
let shared: string | null = null;
async function reach(state: ReferralStatus): Promise<string> {
  shared ??= await referableCase(sw, fhir, to, TODAY);
  const id = await referral(sw, shared, to, { send: false });
  for (const step of PATHS[state]) await moved(actor(MOVE_SIDE[step] as ReferralSide), id, bodyFor(step));
  return id;
}

/** Ends a referral still draft or live (the sender cancels), so the shared case may be referred again. */
async function release(id: string): Promise<void> {
  const r = await sw.agent.get(`/api/v1/referrals/${id}`).expect(200);
  if ((r.body.can as string[]).includes('move:cancelled')) await moved(sw, id, { to: 'cancelled', reason: 'Kết thúc phép thử' });
}

const LEGAL = (Object.entries(REFERRAL_TRANSITIONS) as [ReferralStatus, readonly ReferralStatus[]][]).flatMap(([from, tos]) => tos.map((target) => [from, target] as const));

describe('every legal move, by its side', () => {
  it.each(LEGAL)('%s → %s: the other side 403 (or 404 for a draft), the right side 200 with its history entry', async (from, target) => {
    const id = await reach(from);
    const side = MOVE_SIDE[target] as ReferralSide;
    const other = side === 'sender' ? 'receiver' : 'sender';
    const wrong = await move(actor(other), id, bodyFor(target));
    if (from === 'draft') expect(wrong.status).toBe(404); // the receiver never sees a draft
    else expect(wrong.body.error).toMatchObject({ code: 'REFERRAL.OTHER_SIDE', params: { side } });
    if (from !== 'draft') expect(wrong.status).toBe(403);
    const done = await moved(actor(side), id, bodyFor(target));
    expect(done.status).toBe(target);
    const history = done.history as { from: string; to: string; side: string; by: { id: string }; at: string }[];
    expect(history.at(-1)).toMatchObject({ from, to: target, side, by: { id: actor(side).user.id }, at: clock.now().toISOString() });
    expect(history).toHaveLength(PATHS[from].length + 2);
    await release(id);
  });
});

describe('every move that is not legal from a state', () => {
  it.each(REFERRAL_STATUSES.map((s) => [s] as const))('from %s: 409 naming the caller’s allowed moves, nothing changes', async (from) => {
    const id = await reach(from);
    const before = await sw.agent.get(`/api/v1/referrals/${id}`).expect(200);
    for (const target of REFERRAL_STATUSES.filter((s) => !REFERRAL_TRANSITIONS[from].includes(s))) {
      const side = MOVE_SIDE[target] ?? 'sender';
      if (from === 'draft' && side === 'receiver') continue; // the receiver never reaches a draft (404, above)
      const res = await move(actor(side), id, bodyFor(target)).expect(409);
      expect(res.body.error).toMatchObject({ code: 'REFERRAL.ILLEGAL_TRANSITION', params: { from, to: target, allowed: movesFor(from, side) } });
    }
    const after = await sw.agent.get(`/api/v1/referrals/${id}`).expect(200);
    expect(after.body.history).toEqual(before.body.history);
    expect(after.body.status).toBe(from);
    await release(id);
  });
});

describe('the fields a move needs', () => {
  it('a reason for rejected, on-hold, failed, cancelled; the outcome for completed; a capacity only with its moves (400 at the field)', async () => {
    const id = await reach('requested');
    const noReason = await move(rsw, id, { to: 'rejected' }).expect(400);
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'body.reason' })]);
    const cancel = await move(sw, id, { to: 'cancelled', reason: '   ' }).expect(400);
    expect(cancel.body.error.details).toEqual([expect.objectContaining({ path: 'body.reason' })]);
    await moved(rsw, id, { to: 'accepted', capacity: 'waitlist' });
    const badCapacity = await move(rsw, id, { to: 'in-progress', capacity: 'capacity' }).expect(400);
    expect(badCapacity.body.error.details).toEqual([expect.objectContaining({ path: 'body.capacity' })]);
    await moved(rsw, id, { to: 'in-progress' });
    const noOutcome = await move(rsw, id, { to: 'completed' }).expect(400);
    expect(noOutcome.body.error.details).toEqual([expect.objectContaining({ path: 'body.outcome' })]);
    const done = await moved(rsw, id, { to: 'completed', outcome: 'Bệnh viện đã hỗ trợ 2.000.000 ₫ tiền thuốc' });
    expect(done).toMatchObject({ status: 'completed', capacity: 'waitlist', outcome: 'Bệnh viện đã hỗ trợ 2.000.000 ₫ tiền thuốc', due: null, overdue: false });
  });

  it('the receiver’s capacity answer and reasons stay in the history, with actor and time of each move', async () => {
    const id = await reach('requested');
    clock.advance(60_000);
    await moved(rsw, id, { to: 'received', capacity: 'additional-assessment-required' });
    clock.advance(60_000);
    const done = await moved(rsw, id, { to: 'rejected', reason: 'Không còn giường', capacity: 'no-capacity' });
    expect(done).toMatchObject({ status: 'rejected', statusReason: 'Không còn giường', capacity: 'no-capacity' });
    const h = done.history as Record<string, unknown>[];
    expect(h.map((e) => [e.from, e.to, e.side])).toEqual([
      [null, 'draft', 'sender'],
      ['draft', 'requested', 'sender'],
      ['requested', 'received', 'receiver'],
      ['received', 'rejected', 'receiver'],
    ]);
    expect(h[2]).toMatchObject({ capacity: 'additional-assessment-required', reason: null, by: { id: rsw.user.id } });
    expect(h[3]).toMatchObject({ capacity: 'no-capacity', reason: 'Không còn giường', at: clock.now().toISOString() });
    expect(Date.parse(h[3]?.at as string) - Date.parse(h[2]?.at as string)).toBe(60_000);
    const events = await EventModel.find({ stream: `referral:${id}` }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.type)).toEqual(['referral.created', 'referral.sent', 'referral.status-changed', 'referral.status-changed']);
    expect(events[3]?.data).toMatchObject({ from: 'received', status: 'rejected', capacity: 'no-capacity', to: { kind: 'hospital', hospitalId: receiving.id } });
    expect(JSON.stringify(events)).not.toContain('Không còn giường'); // free text stays on the record
  });
});

describe('sending', () => {
  it('without the patient’s consent to the recipient: 409 REFERRAL.NO_CONSENT, still a draft; with it: requested', async () => {
    const caseId = await referableCase(sw, fhir, to, TODAY, false);
    const refused = await post(sw, `/cases/${caseId}/referrals`, referralBody(to, { send: true })).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'REFERRAL.NO_CONSENT', params: { purpose: 'share-hospital' } });
    const id = await referral(sw, caseId, to, { send: false });
    const again = await move(sw, id, { to: 'requested' }).expect(409);
    expect(again.body.error).toMatchObject({ code: 'REFERRAL.NO_CONSENT', params: { purpose: 'share-hospital' } });
    expect((await sw.agent.get(`/api/v1/referrals/${id}`).expect(200)).body.status).toBe('draft');
    await consentTo(sw, caseId, to, TODAY);
    const sent = await moved(sw, id, { to: 'requested' });
    expect(sent).toMatchObject({ status: 'requested', sentAt: clock.now().toISOString(), due: { kind: 'accept' } });
  });

  it('from a closed case: 409 CASE.CLOSED (neither a new referral nor sending a draft)', async () => {
    const caseId = await referableCase(sw, fhir, to, TODAY);
    const id = await referral(sw, caseId, to, { send: false });
    await post(sw, `/cases/${caseId}/closure-request`, { outcome: 'transferred', summary: 'Chuyển viện' }).expect(200);
    await post(lead, `/cases/${caseId}/closure-decision`, { decision: 'approve' }).expect(200);
    const send = await move(sw, id, { to: 'requested' }).expect(409);
    expect(send.body.error).toMatchObject({ code: 'CASE.CLOSED' });
    const create = await post(sw, `/cases/${caseId}/referrals`, referralBody({ kind: 'hospital', id: (await makeHospital()).id })).expect(409);
    expect(create.body.error).toMatchObject({ code: 'CASE.CLOSED' });
  });
});

describe('creating and editing', () => {
  it('a draft: the sender sees the patient and may edit and send; a second to the same recipient 409 naming it; ended frees the recipient', async () => {
    const { caseId, patientId } = await caseFor(sw, fhir);
    const res = await post(sw, `/cases/${caseId}/referrals`, referralBody(to)).expect(201);
    expect(res.body).toMatchObject({ status: 'draft', viewer: 'sender', patient: { id: patientId, name: 'Lò Thị Mai' }, shared: true, due: null });
    expect(res.body.can).toEqual(['referral.update', 'move:requested', 'move:cancelled']);
    const twice = await post(sw, `/cases/${caseId}/referrals`, referralBody(to)).expect(409);
    expect(twice.body.error).toMatchObject({ code: 'REFERRAL.ALREADY_LIVE', params: { referralId: res.body.id } });
    const edited = await sw.agent.patch(`/api/v1/referrals/${res.body.id as string}`).set('x-csrf-token', sw.csrf).send({ urgency: 'emergency', needs: ['housing'] }).expect(200);
    expect(edited.body).toMatchObject({ urgency: 'emergency', needs: ['housing'] });
    await moved(sw, res.body.id as string, { to: 'cancelled', reason: 'Gửi nhầm' });
    const notDraft = await sw.agent.patch(`/api/v1/referrals/${res.body.id as string}`).set('x-csrf-token', sw.csrf).send({ urgency: 'routine' }).expect(409);
    expect(notDraft.body.error).toMatchObject({ code: 'REFERRAL.NOT_DRAFT', params: { status: 'cancelled' } });
    await post(sw, `/cases/${caseId}/referrals`, referralBody(to)).expect(201);
  });

  it('400 at the field: an unknown recipient, the case’s own hospital, a service the recipient does not offer, a paper not of this case', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const unknown = await post(sw, `/cases/${caseId}/referrals`, referralBody({ kind: 'hospital', id: '0123456789abcdef01234567' })).expect(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: 'body.to.id' })]);
    const own = await post(sw, `/cases/${caseId}/referrals`, referralBody({ kind: 'hospital', id: home.id })).expect(400);
    expect(own.body.error.details).toEqual([expect.objectContaining({ path: 'body.to.id' })]);
    const service = await post(sw, `/cases/${caseId}/referrals`, referralBody(to, { service: 'legal-aid' })).expect(400);
    expect(service.body.error.details).toEqual([expect.objectContaining({ path: 'body.service' })]);
    const paper = await post(sw, `/cases/${caseId}/referrals`, referralBody(to, { documentIds: ['0123456789abcdef01234567'] })).expect(400);
    expect(paper.body.error.details).toEqual([expect.objectContaining({ path: 'body.documentIds.0' })]);
    expect((await sw.agent.get(`/api/v1/cases/${caseId}/referrals`).expect(200)).body.data).toEqual([]);
  });

  it('the receiver sees no patient, and no draft; another hospital’s social worker sees nothing (404)', async () => {
    const caseId = await referableCase(sw, fhir, to, TODAY);
    const id = await referral(sw, caseId, to, { send: false });
    await rsw.agent.get(`/api/v1/referrals/${id}`).expect(404);
    await moved(sw, id, { to: 'requested' });
    const seen = await rsw.agent.get(`/api/v1/referrals/${id}`).expect(200);
    expect(seen.body).toMatchObject({ viewer: 'receiver', patient: null, shared: true, summary: 'Bé chuyển viện, gia đình cần hỗ trợ tiếp tục' });
    expect(seen.body.can).toEqual(['referral.comment', 'move:received', 'move:accepted', 'move:rejected']);
    const stranger = await signInAs(t.app, 'social_worker');
    await stranger.agent.get(`/api/v1/referrals/${id}`).expect(404);
    await move(stranger, id, { to: 'accepted' }).expect(404);
    const coordinator = await signInAs(t.app, 'coordinator');
    const network = await coordinator.agent.get(`/api/v1/referrals/${id}`).expect(200);
    expect(network.body).toMatchObject({ viewer: 'network', patient: null, summary: null, documents: [], shared: false, can: [] });
    await move(coordinator, id, { to: 'accepted' }).expect(403);
  });
});

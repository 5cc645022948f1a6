import { Client } from 'fhir-kit-client';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { EventModel } from '../../../server/events/events.model.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { FundingRequestModel, type FundingRequestRecord } from '../../../server/features/funding/funding.model.js';
import { FUNDING_MOVES, FUNDING_STATUSES, type FundingMove, type FundingStatus } from '../../../server/features/funding/funding.schemas.js';
import { expireFundingRequests, settleFundingStatus } from '../../../server/features/funding/funding.service.js';
import { MOVES_FROM, movesFrom } from '../../../server/features/funding/funding.workflow.js';
import { findRequestAccount, requestMoney } from '../../../server/features/funding/ledger/ledger.js';
import { ledgerInvariants } from '../../../server/features/funding/ledger/ledger.invariants.js';
import { recordPledge } from '../../../server/features/funding/ledger/pledge-ops.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { postConsent, VERBAL } from '../consent/consent-fixture.js';
import { caseWithCard, draft, get, move, moved } from './requests-fixture.js';

/**
 * A funding request's moves (issue 12 point 1, decision 0025): every move by who makes it (the head
 * approves and returns: a social worker 403 FUNDING.HEAD_ONLY, nobody their own request 403
 * FUNDING.OWN_REQUEST); every move not legal from a state 409 FUNDING.ILLEGAL_MOVE with the moves
 * still open; two heads approving at once → one 200, one 409; withdrawing with a live pledge 409
 * FUNDING.HAS_PLEDGES; the money-derived states from the ledger; expiry; history and events.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // a Monday, 10:00 in Vietnam
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let sw: SignedIn;
let lead: SignedIn;
let lead2: SignedIn;
let coordinator: SignedIn;
let orgId: string;
let partner: SignedIn;
let caseId: string;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 2, seed: 1313, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  home = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: home.id });
  lead2 = await signInAs(t.app, 'sw_lead', { hospitalId: home.id });
  coordinator = await signInAs(t.app, 'coordinator');
  orgId = (await makeOrganisation()).id;
  partner = await signInAs(t.app, 'charity_partner', { organisationId: orgId });
  ({ caseId } = await caseWithCard(sw, fhir, { number: 'GD4010123456789' }));
  const consent = await postConsent(sw, caseId, { purpose: 'publish-story', recipient: { kind: 'none' }, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: '2026-12-07' });
  if (consent.status !== 201) throw new Error(`consent: ${consent.status} ${JSON.stringify(consent.body)}`);
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const record = async (id: string): Promise<FundingRequestRecord> => (await FundingRequestModel.findById(id).lean<FundingRequestRecord>()) as FundingRequestRecord;

/** A reviewed, de-identified story on the request (what the stories part writes through its route). */
async function withStory(id: string): Promise<void> {
  const story = { title: 'Chi phí điều trị ung thư', text: 'Chị đang điều trị ung thư, gia đình thuộc hộ nghèo và không đủ tiền đóng phần viện phí còn lại.', diagnosisGroup: 'Ung thư', reviewed: true, ageBand: '45-59', province: 'Lào Cai', needs: ['hospital-fees'], listed: false, publishedAt: null, unpublishedAt: null, reviewedBy: sw.user.id, reviewedAt: clock.now() };
  await FundingRequestModel.updateOne({ _id: new Types.ObjectId(id) }, { $set: { story } });
}

/** A request moved to `status` through the API where people move it; money-made states written as the ledger's settle would. */
async function requestAt(status: FundingStatus): Promise<string> {
  const d = await draft(sw, caseId);
  const path: Partial<Record<FundingStatus, [SignedIn, object][]>> = {
    submitted: [[sw, { move: 'submit' }]],
    approved: [[sw, { move: 'submit' }], [lead, { move: 'approve' }]],
    published: [[sw, { move: 'submit' }], [lead, { move: 'approve' }], [sw, { move: 'publish' }]],
    withdrawn: [[sw, { move: 'withdraw', reason: 'Gia đình đã tự lo được' }]],
  };
  if (status === 'published') await withStory(d.id);
  for (const [who, body] of path[status] ?? []) await moved(who, d.id, body);
  if (!path[status] && status !== 'draft') await FundingRequestModel.updateOne({ _id: new Types.ObjectId(d.id) }, { $set: { status } });
  return d.id;
}

async function pledge(requestId: string, amountVnd: number): Promise<void> {
  const r = await record(requestId);
  const out = await recordPledge({ pledgeId: new Types.ObjectId(), requestId: r._id, hospitalId: r.hospitalId, organisationId: new Types.ObjectId(orgId), amountVnd, note: null, createdBy: 'partner', now: clock.now(), expiresAt: new Date(clock.now().getTime() + 30 * 86_400_000) });
  if (!out.ok) throw new Error(`pledge refused: ${out.reason}`);
  await settleFundingStatus(r._id, clock.now());
}

const bodyOf = (m: FundingMove): object => ({ move: m, ...(['return', 'withdraw', 'unpublish'].includes(m) ? { reason: 'Lý do thử' } : {}) });

describe('moves by role', () => {
  it('the social worker submits; the head approves; each move in the history with who and when', async () => {
    const d = await draft(sw, caseId);
    const submitted = await moved(sw, d.id, { move: 'submit' });
    expect(submitted.status).toBe('submitted');
    expect(submitted.can).not.toContain('move:approve');
    const forLead = await get(lead, `/funding-requests/${d.id}`);
    expect(forLead.body.can).toEqual(expect.arrayContaining(['move:approve', 'move:return']));
    clock.advance(60_000);
    const approved = await moved(lead, d.id, { move: 'approve' });
    expect(approved.status).toBe('approved');
    expect(approved.history).toEqual([
      expect.objectContaining({ from: null, to: 'draft', by: expect.objectContaining({ id: sw.user.id }) }),
      expect.objectContaining({ from: 'draft', to: 'submitted', by: expect.objectContaining({ id: sw.user.id }), at: '2026-12-07T03:00:00.000Z' }),
      expect.objectContaining({ from: 'submitted', to: 'approved', by: expect.objectContaining({ id: lead.user.id }), at: '2026-12-07T03:01:00.000Z', reason: null }),
    ]);
  });

  it('a social worker may not approve or return (403 FUNDING.HEAD_ONLY); nothing changes', async () => {
    const id = await requestAt('submitted');
    for (const m of ['approve', 'return'] as const) {
      const res = await move(sw, id, bodyOf(m));
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FUNDING.HEAD_ONLY', params: { move: m } });
    }
    expect((await record(id)).status).toBe('submitted');
  });

  it('a head may not approve a request they wrote (403 FUNDING.OWN_REQUEST); another head may', async () => {
    const d = await draft(lead, caseId);
    await moved(lead, d.id, { move: 'submit' });
    const own = await move(lead, d.id, { move: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('FUNDING.OWN_REQUEST');
    expect((await get(lead, `/funding-requests/${d.id}`)).body.can).not.toContain('move:approve');
    expect((await moved(lead2, d.id, { move: 'approve' })).status).toBe('approved');
  });

  it('return and withdraw need a reason (400 at `reason`); returned, the draft is editable again', async () => {
    const id = await requestAt('submitted');
    const bare = await move(lead, id, { move: 'return' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([expect.objectContaining({ path: 'body.reason', code: 'required' })]);
    const back = await moved(lead, id, { move: 'return', reason: 'Thiếu hoá đơn viện phí' });
    expect(back).toMatchObject({ status: 'draft', history: expect.arrayContaining([expect.objectContaining({ from: 'submitted', to: 'draft', reason: 'Thiếu hoá đơn viện phí' })]) });
    expect(back.can).toContain('funding.update');
  });

  it('network staff read but never move (403)', async () => {
    const id = await requestAt('submitted');
    expect((await move(coordinator, id, { move: 'approve' })).status).toBe(403);
  });
});

describe('illegal moves', () => {
  const cells = FUNDING_STATUSES.flatMap((s) => FUNDING_MOVES.filter((m) => !MOVES_FROM[m].includes(s)).map((m) => [s, m] as const));

  it.each(cells)('from %s, %s answers 409 FUNDING.ILLEGAL_MOVE naming the moves still open', async (status, m) => {
    const id = await requestAt(status);
    const before = await record(id);
    const who = m === 'approve' || m === 'return' ? lead : sw;
    const res = await move(who, id, bodyOf(m));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'FUNDING.ILLEGAL_MOVE', params: { from: status, move: m, allowed: movesFrom(status) } });
    expect((await record(id)).version).toBe(before.version);
  });
});

describe('at the same moment', () => {
  it('two heads approving at once: one 200, one 409 (approved → approve is not a move); one history entry', async () => {
    const id = await requestAt('submitted');
    const [a, b] = await Promise.all([move(lead, id, { move: 'approve' }), move(lead2, id, { move: 'approve' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body.error).toMatchObject({ code: 'FUNDING.ILLEGAL_MOVE', params: { from: 'approved' } });
    expect((await record(id)).history.filter((h) => h.to === 'approved')).toHaveLength(1);
  });
});

describe('publishing, money and the end', () => {
  it('publish opens the ledger account at the amount asked and lists the story; pledges move it to partly, then fully funded', async () => {
    const id = await requestAt('published');
    const r = await record(id);
    expect(r.story?.listed).toBe(true);
    expect(await findRequestAccount(r._id)).toMatchObject({ limit: r.askedVnd, open: true });
    await pledge(id, 500_000);
    expect((await record(id)).status).toBe('partly-funded');
    await pledge(id, r.askedVnd - 500_000);
    expect((await record(id)).status).toBe('fully-funded');
    const money = (await get(sw, `/funding-requests/${id}`)).body.money;
    expect(money).toMatchObject({ askedVnd: r.askedVnd, pledgedVnd: r.askedVnd, leftVnd: 0 });
    // The money-made moves are in the history with nobody as their author.
    expect((await record(id)).history.slice(-2).map((h) => [h.to, h.by])).toEqual([
      ['partly-funded', null],
      ['fully-funded', null],
    ]);
    // Idempotent: settling again changes nothing.
    const v = (await record(id)).version;
    await settleFundingStatus(r._id, clock.now());
    expect((await record(id)).version).toBe(v);
    expect(await ledgerInvariants()).toEqual({ ok: true, problems: [] });
  });

  it('a partner reads a published request without the patient, the case, the lines or the justification; after unpublishing, the money but not the story', async () => {
    const id = await requestAt('published');
    const listed = await get(partner, `/funding-requests/${id}`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const asked = (await record(id)).askedVnd;
    expect(listed.body).toMatchObject({ viewer: 'partner', caseId: null, patient: null, lines: [], bhyt: null, justification: null, documents: [], episodeId: null, createdBy: null, can: ['funding.pledge'] });
    expect(listed.body.money).toMatchObject({ askedVnd: asked, leftVnd: asked });
    expect(listed.body.story).toMatchObject({ title: 'Chi phí điều trị ung thư', listed: true });
    expect(listed.body.history.every((h: { by: unknown; reason: unknown }) => h.by === null && h.reason === null)).toBe(true);
    expect(JSON.stringify(listed.body)).not.toMatch(/Lò Thị Mai|hộ nghèo, không đủ khả năng/);
    await pledge(id, 100_000);
    await moved(sw, id, { move: 'unpublish', reason: 'Cần sửa câu chuyện' });
    const after = await get(partner, `/funding-requests/${id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ viewer: 'partner', story: null, can: [], money: { pledgedVnd: 100_000, leftVnd: 0 } });
    expect(await ledgerInvariants()).toEqual({ ok: true, problems: [] });
  });

  it('withdrawing with a live pledge is refused (409 FUNDING.HAS_PLEDGES) and the account stays open', async () => {
    const id = await requestAt('published');
    await pledge(id, 100_000);
    await FundingRequestModel.updateOne({ _id: new Types.ObjectId(id) }, { $set: { status: 'published' } }); // as if the settle had not run yet
    const res = await move(sw, id, { move: 'withdraw', reason: 'Gia đình đổi ý' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'FUNDING.HAS_PLEDGES', params: { pledgedVnd: 100_000, disbursedVnd: 0 } });
    expect((await requestMoney(new Types.ObjectId(id))).open).toBe(true);
    expect((await record(id)).status).toBe('published');
  });

  it('a withdrawal and a pledge at the same moment: never both (withdrawn with a pledge held)', async () => {
    for (let i = 0; i < 4; i += 1) {
      const id = await requestAt('published');
      const r = await record(id);
      const [res, out] = await Promise.all([
        move(sw, id, { move: 'withdraw', reason: 'Gia đình đổi ý' }),
        recordPledge({ pledgeId: new Types.ObjectId(), requestId: r._id, hospitalId: r.hospitalId, organisationId: new Types.ObjectId(orgId), amountVnd: 100_000, note: null, createdBy: 'partner', now: clock.now(), expiresAt: new Date(clock.now().getTime() + 86_400_000) }),
      ]);
      expect(res.status === 200 && out.ok, `round ${i}: withdrawn and pledged at once`).toBe(false);
      if (res.status === 200) expect((await requestMoney(r._id)).pledgedVnd).toBe(0);
      else expect(res.body.error.code).toBe('FUNDING.HAS_PLEDGES');
    }
    expect(await ledgerInvariants()).toEqual({ ok: true, problems: [] });
  });

  it('withdrawing with nothing pledged closes the account and unlists the story', async () => {
    const id = await requestAt('published');
    const done = await moved(sw, id, { move: 'withdraw', reason: 'Gia đình đã tự lo được' });
    expect(done.status).toBe('withdrawn');
    expect((await requestMoney(new Types.ObjectId(id))).open).toBe(false);
    expect((await record(id)).story?.listed).toBe(false);
  });

  it('unpublish with nothing pledged goes back to approved; with pledges it keeps the money state, only the story leaves', async () => {
    const empty = await requestAt('published');
    expect((await moved(sw, empty, { move: 'unpublish', reason: 'Cần sửa câu chuyện' })).status).toBe('approved');
    expect((await requestMoney(new Types.ObjectId(empty))).open).toBe(false);
    const held = await requestAt('published');
    await pledge(held, 200_000);
    const after = await moved(sw, held, { move: 'unpublish', reason: 'Người bệnh rút lại' });
    expect(after.status).toBe('partly-funded');
    expect((await record(held)).story).toMatchObject({ listed: false });
    expect(await EventModel.exists({ stream: `funding:${held}`, type: 'funding.unpublished', 'data.reason': 'worker' })).toBeTruthy();
  });

  it('close: refused while a pledge is pending, allowed once nothing is pending', async () => {
    const id = await requestAt('published');
    await pledge(id, 300_000);
    const res = await move(sw, id, { move: 'close' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('FUNDING.HAS_PLEDGES');
    const disbursed = await requestAt('disbursed');
    expect((await moved(sw, disbursed, { move: 'close' })).status).toBe('closed');
  });

  it('expiry: approved or published past the needed-by day with nothing pledged → expired; one with a pledge stays', async () => {
    const quiet = await requestAt('published');
    const held = await requestAt('published');
    await pledge(held, 100_000);
    const early = await requestAt('approved');
    await FundingRequestModel.updateMany({ _id: { $in: [quiet, held].map((x) => new Types.ObjectId(x)) } }, { $set: { neededBy: '2026-12-06' } });
    await FundingRequestModel.updateOne({ _id: new Types.ObjectId(early) }, { $set: { neededBy: '2026-12-07' } });
    await expireFundingRequests(clock.now());
    expect((await record(quiet)).status).toBe('expired');
    expect((await requestMoney(new Types.ObjectId(quiet))).open).toBe(false);
    expect((await record(held)).status).toBe('partly-funded');
    expect((await requestMoney(new Types.ObjectId(held))).open).toBe(true);
    expect((await record(early)).status).toBe('approved'); // its day has not passed yet
  });
});

describe('events and the case timeline', () => {
  it('writes created, updated and status-changed events (ids and codes only) and shows them on the case timeline', async () => {
    const d = await draft(sw, caseId);
    await sw.agent.patch(`/api/v1/funding-requests/${d.id}`).set('x-csrf-token', sw.csrf).send({ urgency: 'emergency' }).expect(200);
    await moved(sw, d.id, { move: 'submit' });
    await moved(lead, d.id, { move: 'return', reason: 'Bổ sung hoá đơn của bà Lò Thị Mai' });
    const events = await EventModel.find({ stream: `funding:${d.id}` }).sort({ seq: 1 }).lean<{ type: string; data: Record<string, unknown> }[]>();
    expect(events.map((e) => [e.type, e.data.from ?? null, e.data.to ?? null])).toEqual([
      ['funding.created', null, null],
      ['funding.updated', null, null],
      ['funding.status-changed', 'draft', 'submitted'],
      ['funding.status-changed', 'submitted', 'draft'],
    ]);
    expect(events.every((e) => e.data.caseId === caseId && e.data.requestId === d.id)).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/Lò Thị Mai|hoá đơn|hộ nghèo/);
    const timeline = await get(sw, `/cases/${caseId}/timeline?limit=100`);
    expect(timeline.status).toBe(200);
    const mine = timeline.body.data.filter((i: { kind: string; event?: { data: { requestId?: string } } }) => i.kind === 'funding' && i.event?.data.requestId === d.id);
    expect(mine.map((i: { event: { type: string } }) => i.event.type)).toEqual(['funding.status-changed', 'funding.status-changed', 'funding.updated', 'funding.created']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { EventModel } from '../../../server/events/events.model.js';
import { DisbursementModel } from '../../../server/features/funding/pledges.model.js';
import { disbursementSchema, ledgerViewSchema, pledgeListSchema, pledgeSchema } from '../../../server/features/funding/funding.schemas.js';
import '../../../server/jobs/all-jobs.js';
import { startTestApp } from '../../setup/test-app.js';
import { disburseBody, invariantHolds, moneyOf, runMoneyJob, send } from './money-fixture.js';
import { approvedWithStory, get, published, world, type World } from './stories-fixture.js';

/**
 * Pledges and disbursements over HTTP (issue 12 points 3-4, decision 0025): a partner pledges to a
 * listed request, cancels, pays all or part on (the rest returns), reverses a mistake; refusals
 * name what is left; the expiry job voids a pledge left pending; every answer matches its schema
 * and the ledger's invariant holds after each scenario.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp({}, { clock });
const TODAY = '2026-12-07';
let w: World;

beforeAll(async () => {
  w = await world(t, clock.now());
});
afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

// Travel home only: outside BHYT, asked in full (2.000.000 ₫).
const TRAVEL = { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 2_000_000 }] } };

describe('pledging', () => {
  it('a partner pledges: 201 Pledge, the request partly funded, the event carries ids and amounts; beyond what is left: 409 with leftVnd', async () => {
    const r = await published(w, TODAY, TRAVEL);
    const res = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_500_000, note: 'Quỹ hỗ trợ đợt 1' });
    expect(res.status).toBe(201);
    const p = pledgeSchema.parse(res.body);
    expect(p).toMatchObject({ requestId: r.id, amountVnd: 1_500_000, state: 'pending', request: { reference: r.reference, status: 'partly-funded' }, can: ['pledge.cancel', 'pledge.disburse'] });
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ askedVnd: 2_000_000, pledgedVnd: 1_500_000, leftVnd: 500_000, status: 'partly-funded' });
    const over = await send(w.partnerB, `/funding-requests/${r.id}/pledges`, { amountVnd: 500_001 });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'FUNDING.OVER_PLEDGE', params: { leftVnd: 500_000 } });
    const event = await EventModel.findOne({ stream: `funding:${r.id}`, type: 'funding.pledged' }).lean();
    expect(event?.data).toEqual({ requestId: r.id, caseId: r.caseId, hospitalId: w.home.id, pledgeId: p.id, organisationId: p.organisation.id, amountVnd: 1_500_000 });
    // The last đồng: fully funded.
    expect((await send(w.partnerB, `/funding-requests/${r.id}/pledges`, { amountVnd: 500_000 })).status).toBe(201);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ leftVnd: 0, status: 'fully-funded' });
    await invariantHolds();
  });

  it('a request not on the marketplace (approved, not published) does not exist for a partner: 404, nothing reserved', async () => {
    const r = await approvedWithStory(w, TODAY, TRAVEL);
    const res = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 100_000 });
    expect(res.status).toBe(404);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 0 });
    await invariantHolds();
  });

  it('cancel returns the amount; a second cancel (another key) is 409 PLEDGE.NOT_PENDING; another partner cannot see it (404)', async () => {
    const r = await published(w, TODAY, TRAVEL);
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 700_000 }).expect(201)).body as { id: string };
    expect((await send(w.partnerB, `/pledges/${p.id}/cancel`, {})).status).toBe(404);
    const cancelled = await send(w.partnerA, `/pledges/${p.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(pledgeSchema.parse(cancelled.body)).toMatchObject({ state: 'cancelled', can: [] });
    expect((await send(w.partnerA, `/pledges/${p.id}/cancel`, {})).body.error).toMatchObject({ code: 'PLEDGE.NOT_PENDING', params: { state: 'cancelled' } });
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 0, leftVnd: 2_000_000, status: 'published' });
    await invariantHolds();
  });
});

describe('disbursing', () => {
  it('part of a pledge paid to the hospital bill: the rest returns, the episode is copied; beyond the pledge 409; cash needs a witness, a supplier its name', async () => {
    const r = await published(w, TODAY, TRAVEL);
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_000_000 }).expect(201)).body as { id: string };
    const over = await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(1_000_001));
    expect(over.body.error).toMatchObject({ code: 'FUNDING.OVER_DISBURSE', params: { pledgedVnd: 1_000_000 } });
    const cash = await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(100_000, { method: 'cash', payee: 'supplier' }));
    expect(cash.status).toBe(400);
    expect(cash.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.payeeName', 'body.witness']);
    const res = await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(800_000));
    expect(res.status).toBe(201);
    expect(disbursementSchema.parse(res.body)).toMatchObject({ pledgeId: p.id, requestId: r.id, reference: r.reference, amountVnd: 800_000, returnedVnd: 200_000, payee: 'hospital-bill', state: 'done' });
    const detail = (await get(w.sw, `/funding-requests/${r.id}`)).body as { episodeId: string | null };
    expect((await DisbursementModel.findById(res.body.id).lean())?.episodeId).toBe(detail.episodeId);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 0, disbursedVnd: 800_000, leftVnd: 1_200_000 });
    const again = await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(100_000));
    expect(again.body.error).toMatchObject({ code: 'PLEDGE.NOT_PENDING', params: { state: 'disbursed' } });
    const pledge = pledgeSchema.parse((await get(w.partnerA, `/pledges/${p.id}`).expect(200)).body);
    expect(pledge).toMatchObject({ state: 'disbursed', disbursement: { id: res.body.id } });
    await invariantHolds();
  });

  it('a reversal restores the counters by new transfers; the request can be pledged again; the ledger view sums to 0', async () => {
    const r = await published(w, TODAY, TRAVEL);
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 2_000_000 }).expect(201)).body as { id: string };
    const d = (await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(2_000_000, { payee: 'patient-family', method: 'cash', witness: 'Trưởng thôn' })).expect(201)).body as { id: string };
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ disbursedVnd: 2_000_000, status: 'disbursed' });
    const rev = await send(w.partnerA, `/disbursements/${d.id}/reversal`, { reason: 'Ghi nhầm khoản chi' });
    expect(rev.status).toBe(200);
    expect(disbursementSchema.parse(rev.body)).toMatchObject({ state: 'reversed', reversal: { reason: 'Ghi nhầm khoản chi' } });
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ disbursedVnd: 0, pledgedVnd: 0 });
    const ledger = ledgerViewSchema.parse((await get(w.sw, `/funding-requests/${r.id}/ledger`).expect(200)).body);
    expect(ledger.transfers.map((x) => x.kind)).toEqual(['pending', 'post', 'pay', 'reverse', 'reverse']);
    expect(ledger.accounts.reduce((s, a) => s + a.balanceVnd, 0)).toBe(0);
    expect(ledger.accounts.every((a) => a.balanceVnd === 0)).toBe(true);
    expect((await send(w.partnerA, `/disbursements/${d.id}/reversal`, { reason: 'Lần nữa' }, 'other-key')).status).toBe(200);
    await invariantHolds();
  });
});

describe('who reads pledges and the ledger', () => {
  it('a partner its organisation’s, hospital staff their hospital’s, coordinators all; the ledger only the hospital and the network', async () => {
    const r = await published(w, TODAY, TRAVEL);
    const a = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 300_000 }).expect(201)).body as { id: string };
    const b = (await send(w.partnerB, `/funding-requests/${r.id}/pledges`, { amountVnd: 400_000 }).expect(201)).body as { id: string };
    const ids = async (who: typeof w.sw): Promise<string[]> => pledgeListSchema.parse((await get(who, `/pledges?requestId=${r.id}`).expect(200)).body).data.map((p) => p.id);
    expect(await ids(w.partnerA)).toEqual([a.id]);
    expect((await ids(w.sw)).sort()).toEqual([a.id, b.id].sort());
    expect((await ids(w.coordinator)).sort()).toEqual([a.id, b.id].sort());
    expect(await ids(w.otherSw)).toEqual([]);
    expect((await get(w.partnerB, `/pledges/${a.id}`)).status).toBe(404);
    expect((await get(w.sw, `/pledges/${a.id}`)).status).toBe(200);
    expect((await get(w.otherSw, `/pledges/${a.id}`)).status).toBe(404);
    expect((await get(w.coordinator, `/funding-requests/${r.id}/ledger`)).status).toBe(200);
    expect((await get(w.partnerA, `/funding-requests/${r.id}/ledger`)).status).toBe(403);
    expect((await get(w.otherSw, `/funding-requests/${r.id}/ledger`)).status).toBe(404);
  });
});

describe('expiry', () => {
  it('a pledge left pending past FUNDING_PLEDGE_EXPIRY_DAYS is voided by the job; its amount returns', async () => {
    const r = await published(w, TODAY, { request: { ...TRAVEL.request, neededBy: '2027-06-30' } });
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 600_000 }).expect(201)).body as { id: string; expiresAt: string };
    expect(p.expiresAt).toBe('2027-01-06T03:00:00.000Z');
    clock.set(new Date('2027-01-06T02:59:59Z'));
    await runMoneyJob('funding.expire-pledges', clock);
    expect((await get(w.partnerA, `/pledges/${p.id}`)).body.state).toBe('pending');
    clock.set(new Date('2027-01-06T03:00:00Z'));
    await runMoneyJob('funding.expire-pledges', clock);
    expect((await get(w.partnerA, `/pledges/${p.id}`)).body).toMatchObject({ state: 'expired', endedAt: '2027-01-06T03:00:00.000Z' });
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 0, leftVnd: 2_000_000 });
    clock.set(new Date('2026-12-07T03:00:00Z'));
    await invariantHolds();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { disburseBody, invariantHolds, moneyOf, send } from './money-fixture.js';
import { published, world, type World } from './stories-fixture.js';

/**
 * Partners at the same moment (issue 12 point 8, decision 0025's guard): 40 partners pledging
 * 100.000–1.000.000 ₫ to a request with 1.000.000 ₫ left: what is accepted never exceeds what was
 * left, every refusal is 409 FUNDING.OVER_PLEDGE, and the ledger's invariant holds. Ten
 * disbursements of one pledge at once: exactly one posts it.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp({}, { clock });
const TODAY = '2026-12-07';
let w: World;
let partners: SignedIn[];

beforeAll(async () => {
  w = await world(t, clock.now());
  partners = [];
  for (let i = 0; i < 40; i += 1) partners.push(await signInAs(t.app, 'charity_partner', { organisationId: (await makeOrganisation({ name: `Quỹ số ${i} ${Date.now()}` })).id }));
}, 120_000);
afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

const ONE_MILLION = { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 1_000_000 }] } };

describe('at the last đồng', () => {
  it('40 partners pledge at once to 1.000.000 ₫ left: the accepted sum never exceeds it, the rest 409 OVER_PLEDGE', async () => {
    const r = await published(w, TODAY, ONE_MILLION);
    const amounts = partners.map((_, i) => 100_000 * (1 + (i % 10)));
    const answers = await Promise.all(partners.map((p, i) => send(p, `/funding-requests/${r.id}/pledges`, { amountVnd: amounts[i] })));
    const accepted = answers.flatMap((a, i) => (a.status === 201 ? [amounts[i] as number] : []));
    const refused = answers.filter((a) => a.status !== 201);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.reduce((s, a) => s + a, 0)).toBeLessThanOrEqual(1_000_000);
    for (const a of refused) expect(a.body.error?.code, JSON.stringify(a.body)).toBe('FUNDING.OVER_PLEDGE');
    const money = await moneyOf(w.sw, r.id);
    expect(money.pledgedVnd).toBe(accepted.reduce((s, a) => s + a, 0));
    expect(money.pledgedVnd + money.leftVnd).toBe(1_000_000);
    await invariantHolds();
  }, 60_000);

  it('ten disbursements of one pledge at once (ten keys): exactly one 201, nine 409; posted once', async () => {
    const r = await published(w, TODAY, ONE_MILLION);
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_000_000 }).expect(201)).body as { id: string };
    const tries = await Promise.all(Array.from({ length: 10 }, (_, i) => send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(100_000 * (i + 1)))));
    expect(tries.map((x) => x.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const x of tries.filter((y) => y.status === 409)) expect(x.body.error.code).toBe('PLEDGE.NOT_PENDING');
    const won = tries.find((x) => x.status === 201)?.body as { amountVnd: number };
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ disbursedVnd: won.amountVnd, pledgedVnd: 0 });
    await invariantHolds();
  }, 60_000);

  it('a cancel racing a disbursement of the same pledge: one wins, the other 409; the money is counted once', async () => {
    const r = await published(w, TODAY, ONE_MILLION);
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 500_000 }).expect(201)).body as { id: string };
    const both = await Promise.all([send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(500_000)), send(w.partnerA, `/pledges/${p.id}/cancel`, {})]);
    expect(both.map((x) => x.status).filter((s) => s === 409)).toHaveLength(1);
    const m = await moneyOf(w.sw, r.id);
    expect(m.pledgedVnd).toBe(0);
    expect([0, 500_000]).toContain(m.disbursedVnd);
    await invariantHolds();
  }, 60_000);
});

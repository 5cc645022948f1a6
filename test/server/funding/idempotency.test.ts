import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { IdempotencyModel } from '../../../server/http/idempotency.js';
import { TransferModel } from '../../../server/features/funding/ledger/ledger.model.js';
import { startTestApp } from '../../setup/test-app.js';
import { disburseBody, invariantHolds, moneyOf, send } from './money-fixture.js';
import { published, world, type World } from './stories-fixture.js';

/**
 * Idempotency-Key on the money POSTs (decision 0025): a retry with the same key and body gets the
 * first answer (status and body) and moves nothing; the same key with another body 422; no key 400
 * at `headers.idempotency-key`; a refusal is replayed too; a key whose first request is still
 * running 409 IN_FLIGHT, taken over after FUNDING_REPAIR_AFTER_SECONDS (converging, not doubling).
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

const TRAVEL = { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 2_000_000 }] } };

describe('Idempotency-Key', () => {
  it('the same key and body: the same 201 and body, reserved once; the same key, another body: 422; another route: 422', async () => {
    const r = await published(w, TODAY, TRAVEL);
    const first = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 500_000 }, 'key-1');
    const again = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 500_000 }, 'key-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 500_000 });
    const other = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 600_000 }, 'key-1');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect((await send(w.partnerA, `/pledges/${first.body.id as string}/cancel`, {}, 'key-1')).status).toBe(422);
    // Keys are the organisation's: another partner's same key is its own.
    expect((await send(w.partnerB, `/funding-requests/${r.id}/pledges`, { amountVnd: 500_000 }, 'key-1')).status).toBe(201);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 1_000_000 });
    await invariantHolds();
  });

  it('a disbursement retried pays once; a refusal is replayed as it was', async () => {
    const r = await published(w, TODAY, TRAVEL);
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_000_000 }).expect(201)).body as { id: string };
    const tries = await Promise.all([1, 2, 3].map(() => send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(700_000), 'pay-1')));
    const statuses = tries.map((x) => x.status).sort();
    // Three at once with one key: the first runs; the others get its answer or 409 IN_FLIGHT while it runs.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const x of tries.filter((y) => y.status === 409)) expect(x.body.error.code).toBe('IDEMPOTENCY.IN_FLIGHT');
    const retry = await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(700_000), 'pay-1');
    expect(retry.status).toBe(201);
    expect(await TransferModel.countDocuments({ requestId: r.id, kind: 'post' })).toBe(1);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ disbursedVnd: 700_000 });
    const over = await send(w.partnerB, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_400_000 }, 'big');
    expect(over.body.error).toMatchObject({ code: 'FUNDING.OVER_PLEDGE', params: { leftVnd: 1_300_000 } });
    const replayed = await send(w.partnerB, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_400_000 }, 'big');
    expect(replayed.status).toBe(409);
    expect(replayed.body.error).toMatchObject({ code: 'FUNDING.OVER_PLEDGE', params: { leftVnd: 1_300_000 } });
    await invariantHolds();
  });

  it('no key: 400 at headers.idempotency-key; a key with spaces or over 100 characters: 400; nothing moves', async () => {
    const r = await published(w, TODAY, TRAVEL);
    for (const key of [null, 'has space', 'x'.repeat(101)]) {
      const res = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 100_000 }, key);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
    }
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 0 });
  });

  it('a first request that died mid-way: its retry is 409 IN_FLIGHT until FUNDING_REPAIR_AFTER_SECONDS, then runs and converges', async () => {
    const r = await published(w, TODAY, TRAVEL);
    // What a process killed right after claiming the key leaves behind.
    const body = { amountVnd: 300_000 };
    await send(w.partnerA, `/funding-requests/${r.id}/pledges`, body, 'dies').expect(201);
    const keyId = (await IdempotencyModel.find({}, { _id: 1 }).lean()).map((k) => k._id).find((id) => id.endsWith('|dies'));
    await IdempotencyModel.updateOne({ _id: keyId }, { $set: { state: 'running', status: null, body: null, startedAt: clock.now() } });
    const blocked = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, body, 'dies');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('IDEMPOTENCY.IN_FLIGHT');
    clock.advance(61_000);
    const taken = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, body, 'dies');
    expect(taken.status).toBe(201);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 300_000 });
    await invariantHolds();
  });
});

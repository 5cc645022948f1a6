import { Types } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { recordDisbursement, reverseOnLedger } from '../../../server/features/funding/ledger/disburse-ops.js';
import { accountBalances, ledgerInvariants } from '../../../server/features/funding/ledger/ledger.invariants.js';
import { AccountModel, TransferModel } from '../../../server/features/funding/ledger/ledger.model.js';
import { openRequestAccount, requestMoney, setRequestAccountOpen } from '../../../server/features/funding/ledger/ledger.js';
import { endPledge, recordPledge } from '../../../server/features/funding/ledger/pledge-ops.js';
import type { DisbursementRecord } from '../../../server/features/funding/pledges.model.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * The ledger's functions on the real database (decision 0025): a request account's guard, the
 * two-phase pledge (pending → post | void | expire), the pay-on, reversal, and the invariant that
 * proves the counters against the transfers after each scenario.
 */
const t = await startTestApp();
afterAll(() => t.close());

const now = new Date('2026-12-07T03:00:00Z');
const hospitalId = new Types.ObjectId();
const expiresAt = new Date('2027-01-06T03:00:00Z');

async function opened(limit: number): Promise<Types.ObjectId> {
  const requestId = new Types.ObjectId();
  await openRequestAccount(requestId, limit, { hospitalId });
  return requestId;
}

const pledge = (requestId: Types.ObjectId, amountVnd: number, organisationId = new Types.ObjectId()) =>
  recordPledge({ pledgeId: new Types.ObjectId(), requestId, hospitalId, organisationId, amountVnd, note: null, createdBy: 'u1', now, expiresAt });

function disbursement(p: { _id: Types.ObjectId; requestId: Types.ObjectId; organisationId: Types.ObjectId; amountVnd: number }, amountVnd: number): DisbursementRecord {
  return {
    _id: new Types.ObjectId(),
    pledgeId: p._id,
    requestId: p.requestId,
    hospitalId,
    organisationId: p.organisationId,
    episodeId: null,
    amountVnd,
    returnedVnd: p.amountVnd - amountVnd,
    payee: 'hospital-bill',
    payeeName: null,
    method: 'bank-transfer',
    witness: null,
    paymentReference: null,
    paidOn: '2026-12-07',
    receipts: [],
    state: 'recording',
    transferIds: [],
    reversal: null,
    createdBy: 'u1',
    createdAt: now,
  };
}

async function invariantHolds(): Promise<void> {
  expect(await ledgerInvariants()).toEqual({ ok: true, problems: [] });
}

describe('a request account', () => {
  it('opens once with its limit (idempotent), closes and reopens; the money follows', async () => {
    const id = await opened(1_500_000);
    await openRequestAccount(id, 1_500_000, { hospitalId });
    expect(await AccountModel.countDocuments({ _id: `request:${id.toHexString()}` })).toBe(1);
    expect(await requestMoney(id)).toEqual({ askedVnd: 1_500_000, pledgedVnd: 0, disbursedVnd: 0, leftVnd: 1_500_000, open: true });
    await setRequestAccountOpen(id, false);
    expect(await requestMoney(id)).toMatchObject({ leftVnd: 0, open: false });
    expect(await pledge(id, 100_000)).toEqual({ ok: false, reason: 'closed', leftVnd: 0 });
    await setRequestAccountOpen(id, true);
    expect((await pledge(id, 100_000)).ok).toBe(true);
    // Its limit is fixed once something is pledged.
    await openRequestAccount(id, 9_000_000, { hospitalId });
    expect(await requestMoney(id)).toMatchObject({ askedVnd: 1_500_000, pledgedVnd: 100_000, leftVnd: 1_400_000 });
    await invariantHolds();
  });

  it('a request never published has no account: asked from the request (none here → 0), nothing pledged', async () => {
    expect(await requestMoney(new Types.ObjectId())).toEqual({ askedVnd: 0, pledgedVnd: 0, disbursedVnd: 0, leftVnd: 0, open: false });
  });
});

describe('pledges and disbursements on the ledger', () => {
  it('a pledge beyond what is left is refused with the amount left; nothing moves', async () => {
    const id = await opened(1_000_000);
    expect((await pledge(id, 700_000)).ok).toBe(true);
    expect(await pledge(id, 300_001)).toEqual({ ok: false, reason: 'over', leftVnd: 300_000 });
    expect(await requestMoney(id)).toMatchObject({ pledgedVnd: 700_000, leftVnd: 300_000 });
    await invariantHolds();
  });

  it('the same pledge run twice reserves once', async () => {
    const id = await opened(1_000_000);
    const intent = { pledgeId: new Types.ObjectId(), requestId: id, hospitalId, organisationId: new Types.ObjectId(), amountVnd: 400_000, note: null, createdBy: 'u1', now, expiresAt };
    const [a, b] = await Promise.all([recordPledge(intent), recordPledge(intent)]);
    expect(a.ok && b.ok).toBe(true);
    expect(await requestMoney(id)).toMatchObject({ pledgedVnd: 400_000, leftVnd: 600_000 });
    await invariantHolds();
  });

  it('cancel voids: the amount returns; a second cancel or an expiry is refused', async () => {
    const id = await opened(1_000_000);
    const p = await pledge(id, 600_000);
    if (!p.ok) throw new Error('pledge refused');
    expect(await endPledge(p.pledge._id, 'void', now)).toMatchObject({ ok: true, pledge: { state: 'cancelled' } });
    expect(await endPledge(p.pledge._id, 'expire', now)).toEqual({ ok: false, state: 'cancelled' });
    expect(await requestMoney(id)).toMatchObject({ pledgedVnd: 0, leftVnd: 1_000_000 });
    await invariantHolds();
  });

  it('a partial disbursement posts part, the rest returns; pays the payee; a reversal restores the counters', async () => {
    const id = await opened(2_000_000);
    const p = await pledge(id, 1_500_000);
    if (!p.ok) throw new Error('pledge refused');
    const d = await recordDisbursement(disbursement(p.pledge, 1_200_000));
    expect(d).toMatchObject({ ok: true, disbursement: { state: 'done' } });
    expect(await requestMoney(id)).toMatchObject({ pledgedVnd: 0, disbursedVnd: 1_200_000, leftVnd: 800_000 });
    const org = `partner:${p.pledge.organisationId.toHexString()}`;
    const payee = `payee:${id.toHexString()}:hospital-bill`;
    expect(Object.fromEntries(await accountBalances([org, `request:${id.toHexString()}`, payee]))).toEqual({ [org]: -1_200_000, [`request:${id.toHexString()}`]: 0, [payee]: 1_200_000 });
    await invariantHolds();
    // A pledge is posted at most once; a cancel after the disbursement is refused.
    expect(await recordDisbursement(disbursement(p.pledge, 100_000))).toMatchObject({ ok: false, state: 'disbursed' });
    expect(await endPledge(p.pledge._id, 'void', now)).toEqual({ ok: false, state: 'disbursed' });
    if (!d.ok) throw new Error('unreachable');
    const r = await reverseOnLedger({ disbursementId: d.disbursement._id, reason: 'Nhầm', by: 'u1', now });
    expect(r).toMatchObject({ state: 'reversed', reversal: { reason: 'Nhầm' } });
    await reverseOnLedger({ disbursementId: d.disbursement._id, reason: 'Nhầm', by: 'u1', now });
    expect(await requestMoney(id)).toMatchObject({ pledgedVnd: 0, disbursedVnd: 0, leftVnd: 2_000_000 });
    expect(Object.fromEntries(await accountBalances([org, payee]))).toEqual({ [org]: 0, [payee]: 0 });
    await invariantHolds();
  });

  it('a cancel racing a disbursement: exactly one of them closes the pledge', async () => {
    const id = await opened(1_000_000);
    const p = await pledge(id, 1_000_000);
    if (!p.ok) throw new Error('pledge refused');
    const [d, c] = await Promise.all([recordDisbursement(disbursement(p.pledge, 500_000)), endPledge(p.pledge._id, 'void', now)]);
    expect([d.ok, c.ok].filter(Boolean)).toHaveLength(1);
    expect(await TransferModel.countDocuments({ pendingId: p.pledge.transferId, state: 'applied' })).toBe(1);
    await invariantHolds();
  });

  it('40 pledges at the last đồng at once: the sum accepted never exceeds what is left', async () => {
    const id = await opened(1_000_000);
    const amounts = Array.from({ length: 40 }, (_, i) => 100_000 + (i % 10) * 100_000);
    const outcomes = await Promise.all(amounts.map((a) => pledge(id, a)));
    const accepted = outcomes.flatMap((o) => (o.ok ? [o.pledge.amountVnd] : []));
    expect(accepted.reduce((s, a) => s + a, 0)).toBeLessThanOrEqual(1_000_000);
    expect(accepted.length).toBeGreaterThan(0);
    const money = await requestMoney(id);
    expect(money.pledgedVnd + money.leftVnd).toBe(1_000_000);
    await invariantHolds();
  });
});

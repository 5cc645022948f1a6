import fc from 'fast-check';
import { Types } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { recordDisbursement, reverseOnLedger } from '../../../server/features/funding/ledger/disburse-ops.js';
import { ledgerInvariants } from '../../../server/features/funding/ledger/ledger.invariants.js';
import { openRequestAccount, requestMoney, setRequestAccountOpen } from '../../../server/features/funding/ledger/ledger.js';
import { endPledge, recordPledge } from '../../../server/features/funding/ledger/pledge-ops.js';
import type { DisbursementRecord, PledgeRecord } from '../../../server/features/funding/pledges.model.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * Random sequences of pledge / cancel / expire / disburse / reverse / close / reopen against the
 * real ledger functions on the database (decision 0025): after every sequence the invariants hold,
 * the request's available amount is never negative, and pledged + disbursed never exceed asked.
 * Up to 15 operations in up to 5 steps; the operations of a step run at once, as partners would.
 */
const t = await startTestApp();
afterAll(() => t.close());

const now = new Date('2026-12-07T03:00:00Z');
const hospitalId = new Types.ObjectId();
const orgs = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];

type Op =
  | { op: 'pledge'; org: number; amount: number }
  | { op: 'cancel' | 'expire'; which: number }
  | { op: 'disburse'; which: number; part: number }
  | { op: 'reverse'; which: number }
  | { op: 'close' | 'reopen' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('pledge' as const), org: fc.integer({ min: 0, max: 2 }), amount: fc.integer({ min: 1, max: 40 }).map((k) => k * 50_000) }) },
  fc.record({ op: fc.constantFrom('cancel' as const, 'expire' as const), which: fc.nat(9) }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('disburse' as const), which: fc.nat(9), part: fc.integer({ min: 1, max: 4 }) }) },
  fc.record({ op: fc.constant('reverse' as const), which: fc.nat(9) }),
  fc.record({ op: fc.constantFrom('close' as const, 'reopen' as const) }),
);

function disbursementOf(p: PledgeRecord, amountVnd: number): DisbursementRecord {
  return {
    _id: new Types.ObjectId(), pledgeId: p._id, requestId: p.requestId, hospitalId, organisationId: p.organisationId, episodeId: null, amountVnd,
    returnedVnd: p.amountVnd - amountVnd, payee: 'supplier', payeeName: 'Nhà thuốc', method: 'bank-transfer', witness: null, paymentReference: null,
    paidOn: '2026-12-07', receipts: [], state: 'recording', transferIds: [], reversal: null, createdBy: 'u', createdAt: now,
  };
}

interface World {
  requestId: Types.ObjectId;
  pledges: PledgeRecord[];
  disbursements: DisbursementRecord[];
}

async function apply(w: World, o: Op): Promise<void> {
  const pick = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
  if (o.op === 'pledge') {
    const out = await recordPledge({ pledgeId: new Types.ObjectId(), requestId: w.requestId, hospitalId, organisationId: orgs[o.org] as Types.ObjectId, amountVnd: o.amount, note: null, createdBy: 'u', now, expiresAt: now });
    if (out.ok) w.pledges.push(out.pledge);
  } else if (o.op === 'cancel' || o.op === 'expire') {
    const p = pick(w.pledges, o.which);
    if (p) await endPledge(p._id, o.op === 'cancel' ? 'void' : 'expire', now);
  } else if (o.op === 'disburse') {
    const p = pick(w.pledges, o.which);
    if (!p) return;
    const out = await recordDisbursement(disbursementOf(p, Math.max(1, Math.floor((p.amountVnd * o.part) / 4))));
    if (out.ok) w.disbursements.push(out.disbursement);
  } else if (o.op === 'reverse') {
    const d = pick(w.disbursements, o.which);
    if (d) await reverseOnLedger({ disbursementId: d._id, reason: 'Nhầm', by: 'u', now });
  } else {
    await setRequestAccountOpen(w.requestId, o.op === 'reopen');
  }
}

describe('the ledger under random operations', () => {
  it('keeps its invariants; available never negative; pledged + disbursed never above asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 60 }).map((k) => k * 50_000), fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), async (limit, steps) => {
        const w: World = { requestId: new Types.ObjectId(), pledges: [], disbursements: [] };
        await openRequestAccount(w.requestId, limit, { hospitalId });
        for (const step of steps) {
          await Promise.all(step.map((o) => apply(w, o)));
          const m = await requestMoney(w.requestId);
          expect(m.leftVnd).toBeGreaterThanOrEqual(0);
          expect(m.pledgedVnd + m.disbursedVnd).toBeLessThanOrEqual(m.askedVnd);
          expect(m.pledgedVnd).toBeGreaterThanOrEqual(0);
          expect(m.disbursedVnd).toBeGreaterThanOrEqual(0);
        }
        const inv = await ledgerInvariants();
        expect(inv.problems).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

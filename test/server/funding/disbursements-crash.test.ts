import { spawn } from 'node:child_process';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { TransferModel } from '../../../server/features/funding/ledger/ledger.model.js';
import { DisbursementModel, PledgeModel } from '../../../server/features/funding/pledges.model.js';
import '../../../server/jobs/all-jobs.js';
import { within } from '../../setup/wait.js';
import { startTestApp } from '../../setup/test-app.js';
import { invariantHolds, moneyOf, runMoneyJob, send } from './money-fixture.js';
import { published, world, type World } from './stories-fixture.js';

/**
 * A process killed between two writes of a disbursement (decision 0025, issue 12 point 8): a real
 * child process (fixtures/crash-disbursement.ts) records a disbursement against this file's
 * database and kills itself with SIGKILL after the write FUNDING_CRASH_AFTER names. The repair job
 * then finishes it here: the disbursement done, the pledge posted once and paid on once, nothing
 * lost or doubled, the ledger's invariant holding.
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

function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  // One process (node with tsx's loader, not the tsx launcher): the SIGKILL ends the very process that writes.
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/funding/fixtures/crash-disbursement.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: t.dbName, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => void (stderr += b.toString()));
  return within(new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr }))), 'the child process', 60_000);
}

const STEPS = ['disbursement.record', 'disbursement.transfers', 'disbursement.claim', 'disbursement.post', 'disbursement.mark'] as const;

describe('killed mid-disbursement', () => {
  it.each(STEPS)('killed after %s: the repair job finishes it, nothing lost or doubled', async (step) => {
    clock.set(new Date('2026-12-07T03:00:00Z'));
    const r = await published(w, TODAY, { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 2_000_000 }] } });
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_500_000 }).expect(201)).body as { id: string };
    const disbursementId = new Types.ObjectId().toHexString();
    const ran = await runChild({ PLEDGE_ID: p.id, DISBURSEMENT_ID: disbursementId, AMOUNT_VND: '1200000', USER_ID: w.partnerA.user.id, NOW: clock.now().toISOString(), FUNDING_CRASH_AFTER: step });
    expect(ran.signal, ran.stderr).toBe('SIGKILL');
    expect((await DisbursementModel.findById(disbursementId).lean())?.state).toBe('recording');
    // Not yet: the operation is younger than FUNDING_REPAIR_AFTER_SECONDS (it may still be running).
    await runMoneyJob('funding.repair', clock);
    expect((await DisbursementModel.findById(disbursementId).lean())?.state).toBe('recording');
    clock.advance(61_000);
    await runMoneyJob('funding.repair', clock);
    expect((await DisbursementModel.findById(disbursementId).lean())?.state).toBe('done');
    expect((await PledgeModel.findById(p.id).lean())?.state).toBe('disbursed');
    expect(await TransferModel.countDocuments({ disbursementId: new Types.ObjectId(disbursementId), state: 'applied' })).toBe(2);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 0, disbursedVnd: 1_200_000, leftVnd: 800_000, status: 'partly-funded' });
    // Run again: nothing more moves.
    await runMoneyJob('funding.repair', clock);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ disbursedVnd: 1_200_000, leftVnd: 800_000 });
    await invariantHolds();
  }, 90_000);

  it('without FUNDING_CRASH_AFTER the child finishes the disbursement itself', async () => {
    clock.set(new Date('2026-12-07T03:00:00Z'));
    const r = await published(w, TODAY, { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 2_000_000 }] } });
    const p = (await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_000_000 }).expect(201)).body as { id: string };
    const disbursementId = new Types.ObjectId().toHexString();
    const ran = await runChild({ PLEDGE_ID: p.id, DISBURSEMENT_ID: disbursementId, AMOUNT_VND: '1000000', USER_ID: w.partnerA.user.id, NOW: clock.now().toISOString() });
    expect(ran.code, ran.stderr).toBe(0);
    expect((await DisbursementModel.findById(disbursementId).lean())?.state).toBe('done');
    await invariantHolds();
  }, 90_000);
});

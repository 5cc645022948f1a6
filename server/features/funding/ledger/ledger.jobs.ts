import type { Types } from 'mongoose';
import { registerJob } from '../../../jobs/scheduler.js';
import { expireFundingRequests, settleFundingStatus } from '../funding.service.js';
import { DisbursementModel, type DisbursementRecord } from '../pledges.model.js';
import { expirePledges } from '../pledges.service.js';
import { completeDisbursement, applyReversal } from './disburse-ops.js';
import { moneySettings } from './funding-money-config.js';
import { TransferModel, type TransferRecord } from './ledger.model.js';
// The money's notifications are consumers of its events: registered wherever the jobs run.
import '../pledges.notify.js';
import { applyEnd, applyPledge } from './pledge-ops.js';

/**
 * The money jobs (decision 0025), leased like every job (decision 0015):
 *  - `funding.repair` (every minute): money operations left unfinished longer than
 *    FUNDING_REPAIR_AFTER_SECONDS (a process killed between two writes) are run again from their
 *    intent; each step is idempotent, so nothing is lost or doubled. Then the requests touched are
 *    moved to the status their money says.
 *  - `funding.expire-pledges` (hourly): pending pledges past their expiry are voided by timeout, and
 *    requests whose needed-by day passed with nothing pledged expire.
 */
const BATCH = 500;

export async function repairMoney(now: Date): Promise<number> {
  const before = new Date(now.getTime() - moneySettings().repairAfterSeconds * 1000);
  const stale = await TransferModel.find({ state: 'recorded', at: { $lte: before } }).sort({ at: 1 }).limit(BATCH).lean<TransferRecord[]>();
  const recording = await DisbursementModel.find({ state: 'recording', createdAt: { $lte: before } }, { _id: 1, requestId: 1 }).limit(BATCH).lean<Pick<DisbursementRecord, '_id' | 'requestId'>[]>();
  const touched = new Map<string, Types.ObjectId>();
  const disbursements = new Map(recording.map((d) => [d._id.toHexString(), d._id]));
  for (const t of stale) {
    touched.set(t.requestId.toHexString(), t.requestId);
    if (t.kind === 'pending') await applyPledge(t);
    else if (t.kind === 'void' || t.kind === 'expire') await applyEnd(t);
    else if (t.kind === 'reverse' && t._id.endsWith('.reverse-post')) await applyReversal(t);
    else if ((t.kind === 'post' || t.kind === 'pay') && t.disbursementId) disbursements.set(t.disbursementId.toHexString(), t.disbursementId);
  }
  for (const d of recording) touched.set(d.requestId.toHexString(), d.requestId);
  for (const id of disbursements.values()) await completeDisbursement(id);
  for (const requestId of touched.values()) await settleFundingStatus(requestId, now);
  return stale.length + recording.length;
}

registerJob({
  name: 'funding.repair',
  everyMs: 60_000,
  run: async (ctx) => {
    const repaired = await repairMoney(ctx.clock.now());
    if (repaired > 0) ctx.log.warn({ repaired }, 'funding: finished money operations a process left unfinished');
  },
});

registerJob({
  name: 'funding.expire-pledges',
  everyMs: 3_600_000,
  run: async (ctx) => {
    const now = ctx.clock.now();
    const pledges = await expirePledges(now);
    const requests = await expireFundingRequests(now);
    if (pledges + requests > 0) ctx.log.info({ pledges, requests }, 'funding: pledges and requests expired');
  },
});

import { Types } from 'mongoose';
import { conflict, notFound, validationFailed } from '../../errors.js';
import { updateWithEvent } from '../../events/append.js';
import { fundingEventBase, fundingEvents } from './funding.events.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import { settleFundingStatus } from './funding.service.js';
import { moneySettings } from './ledger/funding-money-config.js';
import { endPledge, recordPledge } from './ledger/pledge-ops.js';
import { PledgeModel, type PledgeRecord } from './pledges.model.js';
import { assertListedForPartner } from './stories.js';

/**
 * Pledges (issue 12 point 3, decision 0025): a charity partner reserves part of a listed request's
 * amount; cancels it while pending; the expiry job voids it after FUNDING_PLEDGE_EXPIRY_DAYS.
 * The money moves on the ledger (ledger/pledge-ops.ts); here: who may, the request's checks, the
 * refusals' errors, the events, and the request's money-derived status.
 */
const DAY_MS = 24 * 3600 * 1000;

export async function findPledge(id: string): Promise<PledgeRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return PledgeModel.findById(id).lean<PledgeRecord>();
}

/** An amount above FUNDING_MAX_VND (the configured cap, at most the schema's): 400 at the field. */
export function assertUnderCap(amountVnd: number, path = 'body.amountVnd'): void {
  const max = moneySettings().maxVnd;
  if (amountVnd > max) throw validationFailed([{ path, message: `at most ${max} đồng`, code: 'too_big', params: { maximum: max } }]);
}

/** The request is on the marketplace now (story listed, pledgeable status, publish-story consent in force): else 404. */
export async function assertPledgeable(r: FundingRequestRecord, now: Date): Promise<void> {
  await assertListedForPartner(r, now);
}

export interface PledgeInput {
  pledgeId: Types.ObjectId;
  amountVnd: number;
  note: string | null;
  organisationId: Types.ObjectId;
  by: string;
  now: Date;
}

export async function createPledge(r: FundingRequestRecord, i: PledgeInput): Promise<PledgeRecord> {
  assertUnderCap(i.amountVnd);
  const known = await PledgeModel.findById(i.pledgeId).lean<PledgeRecord>();
  // A resumed request whose pledge exists: no second listing check (it may have been fully funded since).
  if (!known) await assertPledgeable(r, i.now);
  const expiresAt = new Date(i.now.getTime() + moneySettings().pledgeExpiryDays * DAY_MS);
  const out = await recordPledge({ pledgeId: i.pledgeId, requestId: r._id, hospitalId: r.hospitalId, organisationId: i.organisationId, amountVnd: i.amountVnd, note: i.note, createdBy: i.by, now: i.now, expiresAt });
  if (!out.ok) {
    if (out.reason === 'closed') throw conflict('FUNDING.NOT_PLEDGEABLE', 'This request is not taking pledges now', { status: r.status });
    throw conflict('FUNDING.OVER_PLEDGE', `Only ${out.leftVnd} đồng is left to pledge`, { leftVnd: out.leftVnd });
  }
  await afterMoney(r._id, { type: 'funding.pledged', data: { pledgeId: out.pledge._id.toHexString(), organisationId: i.organisationId.toHexString(), amountVnd: out.pledge.amountVnd } }, out.pledge, i.by, i.now);
  return out.pledge;
}

/** Cancelling (void): only while pending (or the same cancel resumed); else 409 PLEDGE.NOT_PENDING. */
export async function cancelPledge(p: PledgeRecord, by: string, now: Date): Promise<PledgeRecord> {
  // Still pending (a cancel that died half-way resumes here); a retry with the same key is answered by its idempotency record.
  if (p.state !== 'pending') throw conflict('PLEDGE.NOT_PENDING', 'This pledge is no longer pending', { state: p.state });
  const out = await endPledge(p._id, 'void', now);
  if (!out.ok) throw conflict('PLEDGE.NOT_PENDING', 'This pledge is no longer pending', { state: out.state });
  await afterMoney(p.requestId, { type: 'funding.pledge-ended', data: { pledgeId: p._id.toHexString(), state: 'cancelled' } }, out.pledge, by, now);
  return out.pledge;
}

/** The expiry job: pending pledges past their expiry are voided by timeout. Returns how many ended. */
export async function expirePledges(now: Date): Promise<number> {
  const due = await PledgeModel.find({ state: 'pending', expiresAt: { $lte: now } }, { _id: 1 }).limit(1000).lean<Pick<PledgeRecord, '_id'>[]>();
  let ended = 0;
  for (const { _id } of due) {
    const out = await endPledge(_id, 'expire', now);
    if (!out.ok) continue;
    ended += 1;
    await afterMoney(out.pledge.requestId, { type: 'funding.pledge-ended', data: { pledgeId: _id.toHexString(), state: 'expired' } }, out.pledge, null, now);
  }
  return ended;
}

/** After a money operation: the event on the request's stream (ids and amounts only), then its status from the counters. */
export async function afterMoney(requestId: Types.ObjectId, e: { type: string; data: Record<string, unknown> }, p: Pick<PledgeRecord, 'organisationId'>, by: string | null, now: Date): Promise<void> {
  const r = await FundingRequestModel.findById(requestId, { caseId: 1, hospitalId: 1 }).lean<Pick<FundingRequestRecord, '_id' | 'caseId' | 'hospitalId'>>();
  if (r) {
    const draft = { type: e.type, hospitalId: r.hospitalId, organisationId: p.organisationId, actorUserId: by, data: { ...fundingEventBase(r), ...e.data } };
    // Many partners at the last đồng contend for the request's event numbers: try again rather than lose the event.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await updateWithEvent(fundingEvents, { _id: requestId }, { $set: { updatedAt: now } }, draft, now);
        break;
      } catch (err) {
        if (attempt >= 4) throw err;
      }
    }
  }
  await settleFundingStatus(requestId, now);
}

export function notFoundPledge(): never {
  throw notFound('Pledge');
}

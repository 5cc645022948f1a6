import type { Document, Filter, UpdateFilter } from 'mongodb';
import { vietnamDayOf } from '../../clock.js';
import { AppError, badRequest, conflict, type ErrorDetail } from '../../errors.js';
import { updateWithEvent } from '../../events/append.js';
import type { Principal } from '../../http/policy.js';
import { fundingEventBase, fundingEvents } from './funding.events.js';
import { FundingRequestModel, type FundingHistoryEntry, type FundingRequestRecord } from './funding.model.js';
import type { FundingMove, FundingMoveBody, FundingStatus } from './funding.schemas.js';
import { openRequestAccount, requestMoney, setRequestAccountOpen, type RequestMoney } from './ledger/ledger.js';
import { assertPublishable } from './stories.js';

/**
 * A funding request's moves (issue 12 point 1, decision 0025). The order of the answers:
 *  1. the body alone (400 `reason` for return, withdraw, unpublish);
 *  2. the move from the current state (409 FUNDING.ILLEGAL_MOVE with the moves still open);
 *  3. the mover: approve and return are the head of social work's (403 FUNDING.HEAD_ONLY), and
 *     nobody approves a request they wrote (403 FUNDING.OWN_REQUEST);
 *  4. the move's own conditions: publishing needs a reviewed story and the consent in force
 *     (stories.ts), withdrawing and closing need no live pledge (409 FUNDING.HAS_PLEDGES);
 *  5. the write, conditional on `{ _id, status, version }`: of two heads approving at once one
 *     wins; the other reads the new state and gets 409 (approved → approve is not a move).
 * The money-derived states (partly/fully funded, disbursed) follow the ledger: `settleFundingStatus`.
 */
export const MOVES_FROM: Readonly<Record<FundingMove, readonly FundingStatus[]>> = {
  submit: ['draft'],
  return: ['submitted'],
  approve: ['submitted'],
  publish: ['approved'],
  unpublish: ['published', 'partly-funded'],
  withdraw: ['draft', 'submitted', 'approved', 'published'],
  close: ['partly-funded', 'fully-funded', 'disbursed'],
};
const HEAD_MOVES: readonly FundingMove[] = ['approve', 'return'];
const REASONED: readonly FundingMove[] = ['return', 'withdraw', 'unpublish'];
/** The states whose status the ledger's money decides. */
const MONEY_STATES: readonly FundingStatus[] = ['approved', 'published', 'partly-funded', 'fully-funded', 'disbursed'];

export function movesFrom(status: FundingStatus): FundingMove[] {
  return (Object.keys(MOVES_FROM) as FundingMove[]).filter((m) => MOVES_FROM[m].includes(status));
}

/** The moves this principal may make now (the detail's `can`): the head's moves for heads, no approving one's own. */
export function movesFor(r: Pick<FundingRequestRecord, 'status' | 'createdBy'>, p: Principal, money: RequestMoney): FundingMove[] {
  return movesFrom(r.status).filter((m) => {
    if (HEAD_MOVES.includes(m) && p.role !== 'sw_lead') return false;
    if (m === 'approve' && r.createdBy === p.userId) return false;
    if (m === 'withdraw') return money.pledgedVnd === 0 && money.disbursedVnd === 0;
    if (m === 'close') return money.pledgedVnd === 0 || r.status === 'disbursed';
    return true;
  });
}

function checkMove(r: FundingRequestRecord, move: FundingMove, p: Principal): void {
  if (!MOVES_FROM[move].includes(r.status)) {
    throw conflict('FUNDING.ILLEGAL_MOVE', `A ${r.status} request cannot be moved by ${move}`, { from: r.status, move, allowed: movesFrom(r.status) });
  }
  if (HEAD_MOVES.includes(move) && p.role !== 'sw_lead') throw new AppError(403, 'FUNDING.HEAD_ONLY', 'The head of social work makes this move', undefined, undefined, { move });
  if (move === 'approve' && r.createdBy === p.userId) throw new AppError(403, 'FUNDING.OWN_REQUEST', 'Nobody approves a request they wrote');
}

const hasPledges = (m: RequestMoney): AppError =>
  conflict('FUNDING.HAS_PLEDGES', 'The request has a live pledge or money disbursed', { pledgedVnd: m.pledgedVnd, disbursedVnd: m.disbursedVnd });

/** Where the move goes, after its own conditions (they may touch the ledger first: a closed account takes no new pledge meanwhile). */
async function targetOf(r: FundingRequestRecord, move: FundingMove, now: Date): Promise<FundingStatus> {
  switch (move) {
    case 'submit':
      return 'submitted';
    case 'return':
      return 'draft';
    case 'approve':
      return 'approved';
    case 'publish':
      await assertPublishable(r, now);
      await openRequestAccount(r._id, r.askedVnd, { hospitalId: r.hospitalId });
      return 'published';
    case 'unpublish': {
      await setRequestAccountOpen(r._id, false);
      const m = await requestMoney(r._id);
      return m.pledgedVnd + m.disbursedVnd === 0 ? 'approved' : (moneyStatus(r, m) ?? r.status);
    }
    case 'withdraw':
      return closedWithoutMoney(r, 'withdrawn', (m) => m.pledgedVnd > 0 || m.disbursedVnd > 0);
    case 'close':
      return closedWithoutMoney(r, 'closed', (m) => m.pledgedVnd > 0 && r.status !== 'disbursed');
  }
}

/** Closes the account first (no pledge lands after the check), then refuses while money holds it (reopening what was open). */
async function closedWithoutMoney(r: FundingRequestRecord, to: FundingStatus, refused: (m: RequestMoney) => boolean): Promise<FundingStatus> {
  const before = await requestMoney(r._id);
  await setRequestAccountOpen(r._id, false);
  const m = await requestMoney(r._id);
  if (refused(m)) {
    if (before.open) await setRequestAccountOpen(r._id, true);
    throw hasPledges(m);
  }
  return to;
}

function moveUpdate(r: FundingRequestRecord, to: FundingStatus, move: FundingMove, entry: FundingHistoryEntry, now: Date): UpdateFilter<Document> {
  const story: Record<string, unknown> = {};
  if (r.story && move === 'publish') Object.assign(story, { 'story.listed': true, 'story.publishedAt': now, 'story.unpublishedAt': null });
  if (r.story?.listed && (['unpublish', 'withdraw', 'close'].includes(move) || to === 'expired')) Object.assign(story, { 'story.listed': false, 'story.unpublishedAt': now });
  // The whole history, not a $push: the event mark takes the update's $push, and the write is conditional on the version anyway.
  return { $set: { status: to, history: [...r.history, entry], updatedAt: now, ...story }, $inc: { version: 1 } };
}

function bodyProblems(body: FundingMoveBody): ErrorDetail[] {
  if (REASONED.includes(body.move) && !body.reason?.trim()) return [{ path: 'body.reason', code: 'required', message: `a ${body.move} needs a reason` }];
  return [];
}

/** Makes a person's move; answers the request after it. */
export async function moveFundingRequest(r: FundingRequestRecord, body: FundingMoveBody, p: Principal, now: Date): Promise<FundingRequestRecord> {
  const problems = bodyProblems(body);
  if (problems.length > 0) throw badRequest('VALIDATION.FAILED', `Invalid input: ${problems.map((x) => x.path).join(', ')}`, problems);
  let current = r;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    checkMove(current, body.move, p);
    const to = await targetOf(current, body.move, now);
    // Unpublishing with pledges held keeps the money's state: only the story leaves the marketplace.
    const moved = to === current.status ? await unlistOnly(current, p.userId, now) : await writeMove(current, to, body.move, p.userId, body.reason ?? null, now);
    if (moved) {
      if (body.move === 'unpublish' && to !== current.status && current.story?.listed) await unpublishedEvent(moved, p.userId, now);
      return moved;
    }
    const fresh = await FundingRequestModel.findById(current._id).lean<FundingRequestRecord>();
    if (!fresh) throw new Error('a funding request vanished during a move');
    current = fresh;
  }
  throw conflict('FUNDING.ILLEGAL_MOVE', 'The request changed too often while moving it; read it again', { from: current.status, move: body.move, allowed: movesFrom(current.status) });
}

/** One conditional write of a status change with its history entry and event; null when someone changed the request first. */
async function writeMove(r: FundingRequestRecord, to: FundingStatus, move: FundingMove | null, by: string | null, reason: string | null, now: Date): Promise<FundingRequestRecord | null> {
  const entry: FundingHistoryEntry = { from: r.status, to, by, at: now, reason };
  const condition: Filter<Document> = { _id: r._id, status: r.status, version: r.version };
  const data = { ...fundingEventBase(r), from: r.status, to, move };
  return updateWithEvent<FundingRequestRecord>(fundingEvents, condition, moveUpdate(r, to, move ?? ('settle' as FundingMove), entry, now), { type: 'funding.status-changed', hospitalId: r.hospitalId, actorUserId: by, data }, now);
}

async function unlistOnly(r: FundingRequestRecord, by: string, now: Date): Promise<FundingRequestRecord | null> {
  const set = { updatedAt: now, ...(r.story ? { 'story.listed': false, 'story.unpublishedAt': now } : {}) };
  const data = { ...fundingEventBase(r), reason: 'worker' };
  return updateWithEvent<FundingRequestRecord>(fundingEvents, { _id: r._id, status: r.status, version: r.version }, { $set: set, $inc: { version: 1 } }, { type: 'funding.unpublished', hospitalId: r.hospitalId, actorUserId: by, data }, now);
}

async function unpublishedEvent(r: FundingRequestRecord, by: string, now: Date): Promise<void> {
  await updateWithEvent(fundingEvents, { _id: r._id }, { $set: { updatedAt: now } }, { type: 'funding.unpublished', hospitalId: r.hospitalId, actorUserId: by, data: { ...fundingEventBase(r), reason: 'worker' } }, now);
}

/** The status the money says, from the account's counters; null: the money does not decide this request's status. */
export function moneyStatus(r: Pick<FundingRequestRecord, 'status'>, m: RequestMoney): FundingStatus | null {
  if (!MONEY_STATES.includes(r.status)) return null;
  const held = m.pledgedVnd + m.disbursedVnd;
  if (held === 0) return r.status === 'approved' || r.status === 'published' ? r.status : m.open ? 'published' : 'approved';
  if (m.askedVnd > 0 && m.disbursedVnd >= m.askedVnd) return 'disbursed';
  return held >= m.askedVnd ? 'fully-funded' : 'partly-funded';
}

/**
 * After each money operation and in the repair job (the ledger calls it): moves the request to the
 * state its account's counters say, conditional on the status read (history entry by: null).
 * Idempotent: a request already there is left alone.
 */
export async function settleFundingStatus(requestId: { toString(): string }, now: Date): Promise<FundingRequestRecord | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const r = await FundingRequestModel.findById(requestId.toString()).lean<FundingRequestRecord>();
    if (!r) return null;
    const to = moneyStatus(r, await requestMoney(r._id));
    if (!to || to === r.status) return r;
    const moved = await writeMove(r, to, null, null, null, now);
    if (moved) return moved;
  }
  return FundingRequestModel.findById(requestId.toString()).lean<FundingRequestRecord>();
}

/**
 * The expiry (the ledger's hourly job calls it): approved or published requests whose needed-by day
 * has passed (Vietnam today after it) with nothing pledged or disbursed → expired, the account
 * closed first so no pledge lands meanwhile; one with money held is left (and reopened if it was open).
 */
export async function expireFundingRequests(now: Date): Promise<number> {
  const today = vietnamDayOf(now);
  const due = await FundingRequestModel.find({ status: { $in: ['approved', 'published'] }, neededBy: { $lt: today } }).limit(1000).lean<FundingRequestRecord[]>();
  let expired = 0;
  for (const r of due) {
    const before = await requestMoney(r._id);
    await setRequestAccountOpen(r._id, false);
    const m = await requestMoney(r._id);
    if (m.pledgedVnd + m.disbursedVnd > 0) {
      if (before.open) await setRequestAccountOpen(r._id, true);
      continue;
    }
    if (await writeMove(r, 'expired', null, null, null, now)) expired += 1;
    else if (before.open) await reopenIfListed(r._id);
  }
  return expired;
}

/** Someone moved the request while the expiry held its account closed: open again only what is still on the marketplace. */
async function reopenIfListed(id: FundingRequestRecord['_id']): Promise<void> {
  const fresh = await FundingRequestModel.findById(id).lean<FundingRequestRecord>();
  if (fresh?.story?.listed && (fresh.status === 'published' || fresh.status === 'partly-funded')) await setRequestAccountOpen(id, true);
}

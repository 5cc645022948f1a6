import type { Filter, Document, UpdateFilter } from 'mongodb';
import { addWorkingDaysToDay, vietnamDayOf } from '../../clock.js';
import { AppError, badRequest, conflict, type ErrorDetail } from '../../errors.js';
import { updateWithEvent } from '../../events/append.js';
import { assertCaseOpenForWork, findCase } from '../cases/cases.service.js';
import { referralEvents } from './referrals.events.js';
import type { ReferralDue, ReferralHistoryEntry, ReferralRecord } from './referrals.model.js';
import { REFERRAL_TRANSITIONS } from '../../../fhir-mappings/outbound/task.js';
import { consentToSend, findReferral, recipientOf } from './referrals.records.js';
import {
  CAPACITY_MOVES,
  ENDED_STATUSES,
  MOVE_SIDE,
  REASON_REQUIRED,
  movesFor,
  type ReferralSide,
  type ReferralStatus,
  type ReferralTransitionBody,
} from './referrals.schemas.js';

/**
 * A referral's moves (issue 11 point 2, decision 0024). The order of the answers:
 *  1. the body alone (400 at its field: a reason for rejected/failed/cancelled/on-hold, the outcome
 *     for completed, a capacity only with the moves that carry one);
 *  2. the move from the current state (409 REFERRAL.ILLEGAL_TRANSITION naming the caller's moves);
 *  3. the side (403 REFERRAL.OTHER_SIDE: the receiver accepts, the sender cancels);
 *  4. sending: the case open for work (409 CASE.CLOSED) and the consent in force (409 REFERRAL.NO_CONSENT);
 *  5. the write, conditional on `{ _id, status, version }`: of two receivers accepting at once one
 *     wins; the other reads the new state and gets 409 (accepted → accepted is not a move).
 */
let dueDays = { accept: 2, complete: 10 };

/** From the configuration at start (REFERRAL_ACCEPT_WORKING_DAYS, REFERRAL_COMPLETE_WORKING_DAYS). */
export function configureReferrals(opts: { acceptWorkingDays: number; completeWorkingDays: number }): void {
  dueDays = { accept: opts.acceptWorkingDays, complete: opts.completeWorkingDays };
}

const field = (path: string, code: string, message: string): ErrorDetail => ({ path: `body.${path}`, code, message });

function bodyProblems(body: ReferralTransitionBody): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if ((REASON_REQUIRED as readonly string[]).includes(body.to) && !body.reason?.trim()) {
    out.push(field('reason', 'required', `a referral ${body.to} needs a reason`));
  }
  if (body.to === 'completed' && !body.outcome?.trim()) out.push(field('outcome', 'required', 'say what help was given'));
  if (body.outcome !== undefined && body.to !== 'completed' && body.to !== 'failed') {
    out.push(field('outcome', 'not_allowed', 'an outcome goes with completed or failed only'));
  }
  if (body.capacity !== undefined && !(CAPACITY_MOVES as readonly string[]).includes(body.to)) {
    out.push(field('capacity', 'not_allowed', `a capacity answer goes with ${CAPACITY_MOVES.join(', ')} only`));
  }
  return out;
}

function illegal(from: ReferralStatus, to: ReferralStatus, side: ReferralSide): never {
  throw conflict('REFERRAL.ILLEGAL_TRANSITION', `A referral cannot move from ${from} to ${to}`, { from, to, allowed: movesFor(from, side) });
}

/** The checks of steps 2–3 against the referral as it is now. */
function checkMove(r: ReferralRecord, to: ReferralStatus, side: ReferralSide): void {
  if (!REFERRAL_TRANSITIONS[r.status].includes(to)) illegal(r.status, to, side);
  const mover = MOVE_SIDE[to];
  if (mover !== side) {
    throw new AppError(403, 'REFERRAL.OTHER_SIDE', `The ${mover ?? 'other'} side makes this move`, undefined, undefined, { side: mover ?? '' });
  }
}

/** The due time after a move: set on sending and on acceptance, kept while the work goes on, gone at the end. */
export function dueAfter(r: Pick<ReferralRecord, 'due'>, to: ReferralStatus, now: Date): ReferralDue | null {
  const day = vietnamDayOf(now);
  if (to === 'requested') return { kind: 'accept', on: addWorkingDaysToDay(day, dueDays.accept) };
  if (to === 'accepted') return { kind: 'complete', on: addWorkingDaysToDay(day, dueDays.complete) };
  if ((ENDED_STATUSES as readonly string[]).includes(to) || to === 'draft') return null;
  return r.due;
}

async function checkSending(r: ReferralRecord, now: Date): Promise<void> {
  const c = await findCase(r.caseId.toHexString());
  if (c) assertCaseOpenForWork(c);
  const consent = await consentToSend(r.caseId, recipientOf(r), now);
  if (!consent.consent) throw conflict('REFERRAL.NO_CONSENT', 'The patient has not consented to share with this recipient', { purpose: consent.purpose });
}

function moveUpdate(r: ReferralRecord, body: ReferralTransitionBody, entry: ReferralHistoryEntry, now: Date): UpdateFilter<Document> {
  const due = dueAfter(r, body.to, now);
  const dueChanged = JSON.stringify(due) !== JSON.stringify(r.due);
  const ended = (ENDED_STATUSES as readonly string[]).includes(body.to);
  return {
    $set: {
      status: body.to,
      statusReason: body.reason ?? null,
      ...(body.capacity ? { capacity: body.capacity } : {}),
      ...(body.outcome ? { outcome: body.outcome } : {}),
      due,
      ...(dueChanged ? { escalation: null } : {}),
      ...(body.to === 'requested' ? { sentAt: now } : {}),
      // The whole history, not a $push: the event mark takes the update's $push, and the write is conditional on the version anyway.
      history: [...r.history, entry],
      updatedAt: now,
    },
    $inc: { version: 1 },
    ...(ended ? { $unset: { liveKey: '' } } : {}),
  };
}

function moveEvent(r: ReferralRecord, body: ReferralTransitionBody, side: ReferralSide, by: string, due: ReferralDue | null): { type: string; actorUserId: string; data: Record<string, unknown> } {
  const base = { referralId: r._id.toHexString(), ...eventBase(r) };
  if (body.to === 'requested') return { type: 'referral.sent', actorUserId: by, data: { ...base, urgency: r.urgency, service: r.service, due } };
  return { type: 'referral.status-changed', actorUserId: by, data: { ...base, from: r.status, status: body.to, side, capacity: body.capacity ?? null, due } };
}

/** What every referral event carries: the case, the sender's hospital, the recipient (ids only). */
export function eventBase(r: Pick<ReferralRecord, 'caseId' | 'hospitalId' | 'to'>): Record<string, unknown> {
  return {
    caseId: r.caseId.toHexString(),
    hospitalId: r.hospitalId.toHexString(),
    to: { kind: r.to.kind, hospitalId: r.to.hospitalId?.toHexString() ?? null, organisationId: r.to.organisationId?.toHexString() ?? null },
  };
}

/** Makes a move by the caller's side; answers the referral after it. */
export async function transitionReferral(r: ReferralRecord, body: ReferralTransitionBody, side: ReferralSide, by: string, now: Date): Promise<ReferralRecord> {
  const problems = bodyProblems(body);
  if (problems.length > 0) throw badRequest('VALIDATION.FAILED', `Invalid input: ${problems.map((p) => p.path).join(', ')}`, problems);
  let current = r;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    checkMove(current, body.to, side);
    if (body.to === 'requested') await checkSending(current, now);
    const entry: ReferralHistoryEntry = { from: current.status, to: body.to, side, by, at: now, reason: body.reason ?? null, capacity: body.capacity ?? null, outcome: body.outcome ?? null };
    const condition: Filter<Document> = { _id: current._id, status: current.status, version: current.version };
    const due = dueAfter(current, body.to, now);
    const ev = moveEvent(current, body, side, by, due);
    const moved = await updateWithEvent<ReferralRecord>(referralEvents, condition, moveUpdate(current, body, entry, now), { ...ev, hospitalId: current.hospitalId, organisationId: current.to.organisationId }, now);
    if (moved) return moved;
    // Someone changed it first: decide again on what it is now (its new state may not allow this move).
    const fresh = await findReferral(current._id.toHexString());
    if (!fresh) throw new Error('a referral vanished during a move');
    current = fresh;
  }
  throw conflict('REFERRAL.ILLEGAL_TRANSITION', 'The referral changed too often while moving it; read it again', { from: current.status, to: body.to, allowed: movesFor(current.status, side) });
}

import { badRequest, conflict } from '../../errors.js';
import type { Principal } from '../../http/policy.js';
import { findUser } from '../admin/users.service.js';
import type { CaseRecord } from './cases.model.js';
import type { CaseStatus } from './cases.schemas.js';
import type { CLOSURE_OUTCOMES } from './cases.schemas.js';
import { caseOrThrow, changeCase } from './cases.service.js';

/**
 * A case's life (decision 0020): the legal moves by hand are one step forward or one step back
 * along open → assessment → plan → active support; 'closed' only through a closure request the
 * head of social work approves. Every move is a conditional update on the status the user saw:
 * two users moving the same case at the same moment, exactly one wins, the other gets 409.
 */
const ORDER: readonly CaseStatus[] = ['open', 'assessment', 'plan', 'active-support'];

export function allowedMoves(from: CaseStatus): CaseStatus[] {
  const i = ORDER.indexOf(from);
  if (i < 0) return [];
  return [ORDER[i + 1], ORDER[i - 1]].filter((s): s is CaseStatus => s !== undefined);
}

function illegal(from: CaseStatus, to: CaseStatus): never {
  throw conflict('CASE.ILLEGAL_TRANSITION', `A case cannot move from ${from} to ${to}`, { from, to, allowed: allowedMoves(from) });
}

export async function transitionCase(c: CaseRecord, to: CaseStatus, reason: string | null, by: string, now: Date): Promise<CaseRecord> {
  if (c.status === 'closed') throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
  if (!allowedMoves(c.status).includes(to)) illegal(c.status, to);
  // The reason is free text (it may name people): it stays on the case, the event carries codes only.
  const last = { from: c.status, to, reason, by, at: now };
  const moved = await changeCase(
    c,
    { status: c.status },
    { $set: { status: to, lastTransition: last } },
    { type: 'case.status-changed', actorUserId: by, data: { from: c.status, to } },
    now,
  );
  if (moved) return moved;
  // Someone else moved it first: say where it is now and what is allowed from there.
  const now2 = await caseOrThrow(c._id.toHexString());
  if (now2.status === 'closed') throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
  return illegal(now2.status, to);
}

/** The assignee must be an active social worker or head of social work of the case's hospital. */
export async function assignCase(c: CaseRecord, userId: string, by: string, now: Date): Promise<CaseRecord> {
  const user = await findUser(userId);
  const staff =
    user && !user.disabled && (user.role === 'social_worker' || user.role === 'sw_lead') && user.hospitalId?.equals(c.hospitalId);
  if (!staff) {
    throw badRequest('VALIDATION.FAILED', 'The assignee must be a social worker of this hospital', [
      { path: 'body.userId', message: 'not an active social worker of this case’s hospital', code: 'not_hospital_staff' },
    ]);
  }
  if (c.status === 'closed') throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
  if (c.assignedTo === userId) return c;
  const data = { from: c.assignedTo, to: userId };
  // Two leads reassigning at once: the later one's choice stands (each is recorded as an event).
  const done = await changeCase(
    c,
    { status: { $ne: 'closed' } },
    { $set: { assignedTo: userId } },
    { type: 'case.assigned', actorUserId: by, data },
    now,
  );
  if (!done) throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
  return done;
}

export async function requestClosure(
  c: CaseRecord,
  input: { outcome: (typeof CLOSURE_OUTCOMES)[number]; summary: string },
  by: string,
  now: Date,
): Promise<CaseRecord> {
  if (c.status === 'closed') throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
  if (c.closureRequest)
    throw conflict('CASE.CLOSURE_PENDING', 'A closure request is already waiting for a decision', {
      requestedAt: c.closureRequest.requestedAt.toISOString(),
    });
  const request = { outcome: input.outcome, summary: input.summary, requestedBy: by, requestedAt: now };
  const done = await changeCase(
    c,
    { status: { $ne: 'closed' }, closureRequest: null },
    { $set: { closureRequest: request } },
    { type: 'case.closure-requested', actorUserId: by, data: { outcome: input.outcome } },
    now,
  );
  if (!done) return requestClosure(await caseOrThrow(c._id.toHexString()), input, by, now);
  return done;
}

/**
 * The head of social work approves (the case closes with the requested outcome) or returns it
 * with a reason (the request is cleared; the case keeps its status). Conditional on the request
 * the lead saw, so two decisions at once: one wins, the other finds no request (409).
 */
export async function decideClosure(
  c: CaseRecord,
  decision: 'approve' | 'return',
  reason: string | null,
  principal: Principal,
  now: Date,
): Promise<CaseRecord> {
  const request = c.closureRequest;
  if (c.status === 'closed') throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
  if (!request) throw conflict('CASE.NO_CLOSURE_REQUEST', 'There is no closure request waiting for a decision');
  if (decision === 'return' && !reason) {
    throw badRequest('VALIDATION.FAILED', 'Say why the closure request is returned', [
      { path: 'body.reason', message: 'required to return a closure request', code: 'required' },
    ]);
  }
  const pending = { status: { $ne: 'closed' }, 'closureRequest.requestedAt': request.requestedAt };
  const by = principal.userId;
  const done =
    decision === 'approve'
      ? await changeCase(
          c,
          pending,
          {
            $set: {
              status: 'closed',
              closure: { outcome: request.outcome, summary: request.summary, approvedBy: by, closedAt: now },
              closureRequest: null,
            },
            $unset: { handOpenKey: '' },
          },
          {
            type: 'case.closed',
            actorUserId: by,
            data: { outcome: request.outcome, from: c.status, requestedBy: request.requestedBy, assignedTo: c.assignedTo },
          },
          now,
        )
      : await changeCase(
          c,
          pending,
          { $set: { closureRequest: null, lastClosureReturn: { reason, returnedBy: by, returnedAt: now, outcome: request.outcome } } },
          { type: 'case.closure-returned', actorUserId: by, data: { outcome: request.outcome, requestedBy: request.requestedBy } },
          now,
        );
  if (done) return done;
  const current = await caseOrThrow(c._id.toHexString());
  if (current.status === 'closed') throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
  throw conflict('CASE.NO_CLOSURE_REQUEST', 'There is no closure request waiting for a decision');
}

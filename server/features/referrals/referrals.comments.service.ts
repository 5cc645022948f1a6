import { Types } from 'mongoose';
import { publishPending, writeWithMark } from '../../events/index.js';
import { conflict } from '../../errors.js';
import { peopleNamed, personOf } from '../cases/timeline.case.js';
import { ReferralCommentModel, type ReferralCommentRecord } from './referrals.comments.model.js';
import { referralEvents } from './referrals.events.js';
import type { ReferralRecord } from './referrals.model.js';
import type { ReferralComment, ReferralSide } from './referrals.schemas.js';
import { eventBase } from './referrals.workflow.js';
import type { Logger } from 'pino';

/**
 * The thread of a referral (issue 11, point 4): either side writes, both read, oldest first. A
 * comment is stored first, then announced on the referral's stream (`referral.comment-added`,
 * ids and the side only: never the text, which may name the patient), from which the other side
 * is notified (referrals.notify.ts). A process that stops between the two leaves a comment that
 * nobody was told of; the reverse order could tell of a comment that does not exist.
 */
/** What every referral event carries (the core's base: case, sender's hospital, recipient) and the referral's id. */
export function referralEventBase(r: ReferralRecord): Record<string, unknown> {
  return { referralId: r._id.toHexString(), ...eventBase(r) };
}

export async function listComments(r: ReferralRecord): Promise<ReferralComment[]> {
  const rows = await ReferralCommentModel.find({ referralId: r._id }).sort({ createdAt: 1, _id: 1 }).lean<ReferralCommentRecord[]>();
  return commentViews(rows);
}

export async function commentViews(rows: ReferralCommentRecord[]): Promise<ReferralComment[]> {
  const people = await peopleNamed(rows.map((c) => c.authorId));
  return rows.map((c) => ({ id: c._id.toHexString(), body: c.body, author: personOf(people, c.authorId), side: c.side, at: c.createdAt.toISOString() }));
}

export function assertSent(r: ReferralRecord): void {
  if (r.status === 'draft') throw conflict('REFERRAL.NOT_SENT', 'A draft has no thread yet: send the referral first');
}

export async function addComment(r: ReferralRecord, side: ReferralSide, authorId: string, body: string, now: Date, log?: Logger): Promise<ReferralCommentRecord> {
  assertSent(r);
  const comment: ReferralCommentRecord = {
    _id: new Types.ObjectId(),
    referralId: r._id,
    caseId: r.caseId,
    hospitalId: r.hospitalId,
    side,
    authorId,
    body,
    createdAt: now,
  };
  await ReferralCommentModel.create(comment);
  const draft = {
    type: 'referral.comment-added',
    hospitalId: r.hospitalId,
    organisationId: r.to.organisationId,
    actorUserId: authorId,
    data: { ...referralEventBase(r), commentId: comment._id.toHexString(), side },
  };
  // The referral itself is not changed (no version, no updatedAt): only its stream gains the event.
  const marked = await writeWithMark<ReferralRecord>(referralEvents, { _id: r._id }, { $set: {} }, draft, now);
  if (marked) await publishPending(referralEvents, [marked as never], log);
  return comment;
}

import { isDuplicateKey } from '../../db/duplicate-key.js';
import { conflict, notFound } from '../../errors.js';
import { updateWithEvent } from '../../events/append.js';
import { openCaseForFlag } from '../cases/cases.service.js';
import { flagChanged, flagEvents } from './screening.events.js';
import { FlagModel, type FlagRecord } from './screening.model.js';
import type { ReviewInput } from './screening.schemas.js';

/**
 * Review of a flag: confirm (opens its case, with the social worker's note), dismiss (with a
 * reason) or expire. One atomic transition from active, so two reviewers at once cannot both win;
 * a flag past its expiry date counts as expired even before anything has swept it.
 */
export async function reviewFlag(flag: FlagRecord, input: ReviewInput, by: string, now: Date): Promise<FlagRecord> {
  const status = input.decision === 'confirm' ? 'confirmed' : input.decision === 'dismiss' ? 'dismissed' : 'expired';
  // Expiring a flag that has run out is allowed (it says what is already true); confirming or dismissing it is not.
  const unexpired = input.decision === 'expire' ? {} : { expiresAt: { $gt: now } };
  const won = await updateWithEvent<FlagRecord>(
    flagEvents,
    { _id: flag._id, status: 'active', ...unexpired },
    { $set: { status, review: { by, at: now, reason: input.reason ?? null, caseId: null }, updatedAt: now }, $unset: { activeFor: 1 } },
    flagChanged('flag.reviewed', flag, by, { status }),
    now,
  );
  if (!won) throw await notActive(flag, now);
  if (status !== 'confirmed') return won;
  return attachCase(won, by, input.reason ?? null, now);
}

/** 409 FLAG.NOT_ACTIVE saying what the flag is now (`flag` was read before the race was lost). */
async function notActive(flag: FlagRecord, now: Date): Promise<Error> {
  const current = await FlagModel.findById(flag._id, { status: 1, expiresAt: 1 }).lean<Pick<FlagRecord, 'status' | 'expiresAt'>>();
  const status = current?.status === 'active' && current.expiresAt <= now ? 'expired' : (current?.status ?? 'gone');
  const why = status === 'expired' ? 'This flag has expired: screen the patient again' : `This flag is already ${status}: reload the worklist`;
  return conflict('FLAG.NOT_ACTIVE', why, { status });
}

/**
 * Opens (or finds: one case per flag) the flag's case and records it on the flag. If that fails
 * the flag goes back to active so nothing is lost; a later confirm finds the case already opened.
 */
async function attachCase(flag: FlagRecord, by: string, note: string | null, now: Date): Promise<FlagRecord> {
  try {
    const opened = await openCaseForFlag({ hospitalId: flag.hospitalId, patientId: flag.patientId, flagId: flag._id, by, note, now });
    const done = await FlagModel.findOneAndUpdate({ _id: flag._id }, { $set: { 'review.caseId': opened._id } }, { returnDocument: 'after' }).lean<FlagRecord>();
    if (!done) throw notFound('Flag');
    return done;
  } catch (err) {
    await reactivate(flag, now);
    throw err;
  }
}

/** Back to active after a failed confirm; superseded instead if a newer flag became active meanwhile. */
async function reactivate(flag: FlagRecord, now: Date): Promise<void> {
  const filter = { _id: flag._id, status: 'confirmed' };
  try {
    await updateWithEvent(flagEvents, filter, { $set: { status: 'active', review: null, activeFor: flag.patientId, updatedAt: now } }, flagChanged('flag.review-undone', flag, null), now);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await updateWithEvent(flagEvents, filter, { $set: { status: 'superseded', review: null, updatedAt: now } }, flagChanged('flag.superseded', flag, null), now);
  }
}

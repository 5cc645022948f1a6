import { Types } from 'mongoose';
import { conflict, notFound } from '../../errors.js';
import { updateWithEvent } from '../../events/append.js';
import { displayNames } from '../cases/cases.view.js';
import { fundingEventBase, fundingEvents } from './funding.events.js';
import type { FundingOutcome, FundingRequestRecord } from './funding.model.js';
import type { FundingDetail } from './funding.schemas.js';
import { DisbursementModel } from './pledges.model.js';
import { assertNotIdentifying, knownIdentifiersOf } from './stories.js';

/**
 * Outcome updates (issue 12 point 6): after money has reached the family, the social worker tells
 * the partners what it did ("Em đã phẫu thuật xong, đã về nhà"). The text goes to partners, so it is
 * screened like a story (400 STORY.IDENTIFYING with the spans) against the patient's own identifiers
 * and the patterns that identify anyone. Only once something is disbursed (409
 * FUNDING.NOTHING_DISBURSED before): an outcome answers "what did my money do". Appended to the
 * request with the event `funding.outcome-posted` (ids only) in one update; outcomes.notify.ts tells
 * the partners that pledged.
 */
export type Outcome = FundingDetail['outcomes'][number];

/** Whether a standing (done, not reversed) disbursement has paid something on the request. */
export async function hasDisbursed(requestId: Types.ObjectId): Promise<boolean> {
  return (await DisbursementModel.exists({ requestId, state: 'done' })) !== null;
}

export async function postOutcome(r: FundingRequestRecord, text: string, by: string, now: Date): Promise<FundingOutcome> {
  assertNotIdentifying({ text }, await knownIdentifiersOf(r), 'body');
  if (!(await hasDisbursed(r._id))) throw conflict('FUNDING.NOTHING_DISBURSED', 'An outcome can be posted once a pledge has been disbursed');
  const outcome: FundingOutcome = { _id: new Types.ObjectId(), text, by, at: now };
  // $addToSet, not $push: the event's write takes `$push` for its mark (events/append.ts replaces a caller's $push).
  // The outcome's new _id makes it unique, so adding to the set always appends it.
  const updated = await updateWithEvent(
    fundingEvents,
    { _id: r._id },
    { $addToSet: { outcomes: outcome as never }, $set: { updatedAt: now } },
    { type: 'funding.outcome-posted', hospitalId: r.hospitalId, actorUserId: by, data: { ...fundingEventBase(r), outcomeId: outcome._id.toHexString() } },
    now,
  );
  if (!updated) throw notFound('Funding request');
  return outcome;
}

export async function toOutcomeView(o: FundingOutcome): Promise<Outcome> {
  const names = await displayNames([o.by]);
  return { id: o._id.toHexString(), text: o.text, by: o.by ? { id: o.by, name: names.get(o.by) ?? null } : null, at: o.at.toISOString() };
}

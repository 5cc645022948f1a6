import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { updateWithEvent } from '../../events/append.js';
import { registerConsumer, type DomainEvent } from '../../events/index.js';
import { registerJob, type JobContext } from '../../jobs/scheduler.js';
import { fundingEventBase, fundingEvents } from './funding.events.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import { setRequestAccountOpen } from './ledger/ledger.js';
import { storyConsented } from './stories.js';

/**
 * The patient's consent ends, the story comes off the marketplace (issue 12 point 2; decision 0025
 * "Withdrawing the publish-story consent unpublishes at once"). Every partner-facing read already
 * asks the consent on each request (funding.relationships.ts, stories.ts), so nothing shows a
 * moment later; this makes the records say so too: the request's account is closed to new pledges
 * FIRST (a pledge racing the withdrawal is refused by the ledger's guard), then the story is
 * unlisted with a `funding.unpublished` event `{ reason }`. Pledges already made stay honoured.
 *  - `consent.withdrawn` (purpose publish-story): at once, from the event;
 *  - an expiry has no event: the job `funding.story-consent` sweeps listed stories whose consent is
 *    no longer in force.
 * Both are idempotent: a story already unlisted is left alone, and a case with another
 * publish-story consent still in force keeps its story.
 */
export type UnpublishReason = 'consent-withdrawn' | 'consent-expired';

export async function unpublishStory(r: FundingRequestRecord, reason: UnpublishReason, now: Date, log?: Logger): Promise<boolean> {
  if (!r.story?.listed || (await storyConsented(r, now))) return false;
  await setRequestAccountOpen(r._id, false);
  const done = await updateWithEvent<FundingRequestRecord>(
    fundingEvents,
    { _id: r._id, 'story.listed': true },
    { $set: { 'story.listed': false, 'story.unpublishedAt': now, updatedAt: now }, $inc: { version: 1 } },
    { type: 'funding.unpublished', hospitalId: r.hospitalId, actorUserId: null, data: { ...fundingEventBase(r), reason } },
    now,
    log,
  );
  log?.info({ requestId: r._id.toHexString(), reason }, 'story unpublished: the consent ended');
  return done !== null;
}

async function listedOfCases(filter: Record<string, unknown>): Promise<FundingRequestRecord[]> {
  return FundingRequestModel.find({ ...filter, 'story.listed': true }).lean<FundingRequestRecord[]>();
}

export async function onConsentWithdrawn(e: DomainEvent, ctx: JobContext): Promise<void> {
  const caseId = e.data.caseId;
  if (e.data.purpose !== 'publish-story' || typeof caseId !== 'string' || !Types.ObjectId.isValid(caseId)) return;
  for (const r of await listedOfCases({ caseId: new Types.ObjectId(caseId) })) await unpublishStory(r, 'consent-withdrawn', ctx.clock.now(), ctx.log);
}

/** Listed stories whose consent has run out (an end day passed): unlisted. Returns how many. */
export async function unpublishExpiredConsents(ctx: Pick<JobContext, 'clock' | 'log'>): Promise<number> {
  let count = 0;
  for (const r of await listedOfCases({})) if (await unpublishStory(r, 'consent-expired', ctx.clock.now(), ctx.log)) count += 1;
  return count;
}

registerConsumer({ name: 'funding.consent-unpublish', types: ['consent.withdrawn'], handle: onConsentWithdrawn });
registerJob({ name: 'funding.story-consent', everyMs: 15 * 60_000, run: async (ctx) => void (await unpublishExpiredConsents(ctx)) });

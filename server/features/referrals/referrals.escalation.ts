import { vietnamToday } from '../../clock.js';
import { publishPending, writeWithMark } from '../../events/index.js';
import { registerJob, type JobContext } from '../../jobs/scheduler.js';
import { referralEventBase } from './referrals.comments.service.js';
import { referralEvents } from './referrals.events.js';
import { ReferralModel, type ReferralRecord } from './referrals.model.js';
import { LIVE_STATUSES } from './referrals.schemas.js';
// Who hears of an escalation (and of every other referral event): the worker imports this file.
import './referrals.notify.js';

/**
 * Overdue referrals escalate (issue 11, point 4): once a live referral's due day (to accept, or to
 * complete) has passed by Vietnam's calendar, it is marked escalated ONCE for that due, and the
 * event `referral.escalated` tells the coordinators and reminds the receiver (referrals.notify.ts).
 *
 * Once, even with several service instances: the job runs under its lease (decision 0015), and
 * the mark itself is a conditional write on the due it escalates (`escalation` still not set for
 * this due, the status and due unchanged), so a second run, or a move of the referral in between,
 * writes nothing. A new due (the core clears `escalation` when the due changes) escalates anew.
 */
export const ESCALATE_JOB = 'referrals.escalate';
const BATCH = 200;

type Due = NonNullable<ReferralRecord['due']>;
const escalatedFor = (r: ReferralRecord, due: Due): boolean => r.escalation?.dueOn === due.on && r.escalation.dueKind === due.kind;

/** Escalates every live referral overdue today (by the clock); returns how many it escalated. */
export async function escalateOverdue(ctx: Pick<JobContext, 'clock' | 'log' | 'signal'>): Promise<number> {
  const today = vietnamToday(ctx.clock);
  let escalated = 0;
  let after: ReferralRecord['_id'] | null = null;
  for (;;) {
    if (ctx.signal.aborted) break;
    const rows: ReferralRecord[] = await ReferralModel.find({ status: { $in: LIVE_STATUSES }, 'due.on': { $lt: today }, ...(after ? { _id: { $gt: after } } : {}) })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean<ReferralRecord[]>();
    for (const r of rows) if (r.due && !escalatedFor(r, r.due) && (await escalateOne(r, r.due, ctx))) escalated += 1;
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!._id;
  }
  if (escalated > 0) ctx.log.info({ escalated, today }, 'overdue referrals escalated');
  return escalated;
}

async function escalateOne(r: ReferralRecord, due: Due, ctx: Pick<JobContext, 'clock' | 'log'>): Promise<boolean> {
  const now = ctx.clock.now();
  const unchanged = {
    _id: r._id,
    status: r.status,
    'due.kind': due.kind,
    'due.on': due.on,
    $or: [{ escalation: null }, { 'escalation.dueOn': { $ne: due.on } }, { 'escalation.dueKind': { $ne: due.kind } }],
  };
  const draft = {
    type: 'referral.escalated',
    hospitalId: r.hospitalId,
    organisationId: r.to.organisationId,
    actorUserId: null,
    data: { ...referralEventBase(r), dueKind: due.kind, dueOn: due.on },
  };
  const marked = await writeWithMark<ReferralRecord>(referralEvents, unchanged, { $set: { escalation: { dueKind: due.kind, dueOn: due.on, at: now } } }, draft, now);
  if (!marked) return false; // moved, or escalated by another run meanwhile
  await publishPending(referralEvents, [marked as never], ctx.log);
  return true;
}

/** Every ten minutes: a referral escalates within minutes of its due day ending (Vietnam midnight). */
registerJob({ name: ESCALATE_JOB, everyMs: 10 * 60_000, run: async (ctx) => void (await escalateOverdue(ctx)) });

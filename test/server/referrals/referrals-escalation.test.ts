import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { testConfig } from '../../../server/config.js';
import { dispatchEvents } from '../../../server/events/index.js';
import { EventModel } from '../../../server/events/events.model.js';
import { ESCALATE_JOB, escalateOverdue } from '../../../server/features/referrals/referrals.escalation.js';
import { ReferralModel } from '../../../server/features/referrals/referrals.model.js';
import { onJobFinished } from '../../../server/jobs/signals.js';
import { runJobNow } from '../../../server/jobs/scheduler.js';
import { CapturedMailModel, NotificationModel } from '../../../server/notifications/notifications.model.js';
import { signInAs } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';
import { startTestWorker } from '../../setup/worker.js';
import { moved, referableCase, referral, type Recipient } from './core-fixture.js';
import { jobCtx, MAIL_CONFIG, network, withEmail, type Network } from './loop-fixture.js';

/**
 * Overdue referrals escalate (issue 11, points 4 and 7): the day after the due day, by working
 * days across a weekend, exactly once per due, also with two schedulers (two service instances)
 * on one database; a new due clears it; the overdue board lists it, escalated first, for the
 * coordinators and the heads of the sending and the receiving hospital, not for another's.
 */
const clock = settableClock('2026-12-10T03:00:00Z'); // Thursday 10 December 2026, 10:00 in Vietnam
const t = await startTestApp(MAIL_CONFIG, { clock });
let n: Network;
let to: Recipient;

beforeAll(async () => {
  n = await network(t, clock.now(), 3101);
  to = { kind: 'hospital', id: n.receiving.id };
  await withEmail(n.admin, n.coordinator, 'dieuphoi@mang-luoi.example.vn');
});

afterAll(async () => {
  await t.close();
  await n?.demo.stop();
});

const escalations = (id: string) => EventModel.find({ stream: `referral:${id}`, type: 'referral.escalated' }).sort({ seq: 1 }).lean();
const detail = async (id: string) => (await n.sw.agent.get(`/api/v1/referrals/${id}`).expect(200)).body;
const board = (who = n.coordinator, q = '') => who.agent.get(`/api/v1/referrals/overdue${q}`);
const sendOn = async (at: string): Promise<string> => {
  clock.set(at);
  const caseId = await referableCase(n.sw, n.fhir, to, at.slice(0, 10));
  return referral(n.sw, caseId, to);
};
const cancel = (id: string) => moved(n.sw, id, { to: 'cancelled', reason: 'Kết thúc thử nghiệm' });

describe('a referral not answered in time', () => {
  it('escalates once, the day after its due day counted in working days across the weekend; a new due clears it and escalates anew', async () => {
    const id = await sendOn('2026-12-10T03:00:00Z');
    expect((await detail(id)).due).toEqual({ kind: 'accept', on: '2026-12-14' }); // Friday, then Monday: two working days

    // Saturday, Sunday and the whole of Monday in Vietnam: not overdue yet (two calendar days would have been Saturday).
    for (const at of ['2026-12-12T03:00:00Z', '2026-12-13T16:59:59Z', '2026-12-14T16:59:59Z']) {
      clock.set(at);
      expect(await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-a'))).toBe(true);
      expect(await escalations(id), at).toHaveLength(0);
      expect((await detail(id)).overdue).toBe(false);
    }

    clock.set('2026-12-14T17:00:00Z'); // Tuesday 00:00 in Vietnam
    expect(await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-a'))).toBe(true);
    const [first] = await escalations(id);
    expect(first?.data).toMatchObject({ dueKind: 'accept', dueOn: '2026-12-14', caseId: expect.any(String), hospitalId: n.home.id });
    expect(first?.actorUserId).toBeNull();
    expect(await detail(id)).toMatchObject({ overdue: true, escalatedAt: '2026-12-14T17:00:00.000Z' });

    clock.set('2026-12-15T03:00:00Z');
    await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-b'));
    clock.set('2026-12-16T03:00:00Z');
    await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-a'));
    expect(await escalations(id), 'once per due').toHaveLength(1);

    // The receiver accepts on Wednesday: a new due (ten working days to complete), the escalation gone.
    await moved(n.rsw, id, { to: 'accepted', capacity: 'capacity' });
    expect(await detail(id)).toMatchObject({ due: { kind: 'complete', on: '2026-12-30' }, overdue: false, escalatedAt: null });
    expect((await board().expect(200)).body.data.map((r: { id: string }) => r.id)).not.toContain(id);
    await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-a'));
    expect(await escalations(id)).toHaveLength(1);

    clock.set('2026-12-31T03:00:00Z'); // the day after the completion's due day
    await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-b'));
    expect((await escalations(id)).map((e) => e.data.dueKind)).toEqual(['accept', 'complete']);
    await cancel(id);
  });

  it('is marked by one conditional write: five runs at once, past every lease, escalate it once', async () => {
    const id = await sendOn('2027-01-04T03:00:00Z'); // Monday: due Wednesday 6 January
    clock.set('2027-01-07T03:00:00Z');
    const counts = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((o) => escalateOverdue(jobCtx(clock, `racer-${o}`))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await escalations(id)).toHaveLength(1);
    await cancel(id);
  });
});

describe('two service instances on one database', () => {
  it('run the job, and tell the coordinators, exactly once per overdue referral', async () => {
    const ids = [await sendOn('2027-01-14T03:00:00Z'), await sendOn('2027-01-14T04:00:00Z')]; // Thursday: due Monday 18
    clock.set('2027-01-19T03:00:00Z');
    const finishedBy = new Set<string>();
    const off = onJobFinished((s) => {
      if (s.job === ESCALATE_JOB && s.outcome !== 'failed') finishedBy.add(s.owner);
    });
    // The notifications of these two referrals (the earlier tests' escalations are told too, once the consumer runs).
    const told = (recipientId: string, template: string) => ({ recipientId, template, link: { $in: ids.map((id) => `/referrals/${id}`) } });
    const config = testConfig(MAIL_CONFIG);
    const only = [ESCALATE_JOB, 'events.dispatch'];
    const workers = [startTestWorker({ config, clock, owner: 'instance-a', only }), startTestWorker({ config, clock, owner: 'instance-b', only })];
    try {
      const coordinatorRows = () => NotificationModel.countDocuments(told(n.coordinator.user.id, 'referral.escalated'));
      await untilSignalled(coordinatorRows, (c) => c >= 2, heard.consumed('notifications.referrals'), { what: 'the coordinator told of both' });
      await untilSignalled(() => finishedBy.size, (c) => c === 2, heard.job(ESCALATE_JOB), { what: 'both schedulers looked at the job' });
    } finally {
      off();
      await Promise.all(workers.map((w) => w.stop()));
    }
    // Whatever is left in the stream is handled now: nothing more may come of it.
    await dispatchEvents(jobCtx(clock, 'flush'));
    for (const id of ids) expect(await escalations(id)).toHaveLength(1);
    expect(await NotificationModel.countDocuments(told(n.coordinator.user.id, 'referral.escalated'))).toBe(2);
    const mails = await CapturedMailModel.find({ to: 'dieuphoi@mang-luoi.example.vn', subject: 'Một chuyển gửi đã quá hạn · A referral is overdue' }).lean();
    for (const id of ids) expect(mails.filter((m) => m.text.includes(`/referrals/${id}`)), id).toHaveLength(1);
    for (const who of [n.rsw, n.rlead]) {
      expect(await NotificationModel.countDocuments(told(who.user.id, 'referral.reminder.accept')), 'one reminder each').toBe(2);
    }
    for (const id of ids) await cancel(id);
  });
});

describe('the overdue board', () => {
  it('lists overdue referrals, escalated first then the longest overdue, to the coordinators and the heads of both hospitals only', async () => {
    const longest = await sendOn('2027-01-25T03:00:00Z'); // Monday: due Wednesday 27
    const shorter = await sendOn('2027-01-27T03:00:00Z'); // Wednesday: due Friday 29
    const inTime = await sendOn('2027-02-01T03:00:00Z'); // Monday: due Wednesday 3
    clock.set('2027-02-02T03:00:00Z'); // Tuesday
    await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-a'));
    // As if the job had not reached the longest overdue yet (it runs every ten minutes): the escalated one still comes first.
    await ReferralModel.updateOne({ _id: longest }, { $set: { escalation: null } });

    const all = (await board().expect(200)).body;
    expect(all.total).toBe(2);
    expect(all.data.map((r: { id: string; workingDaysOverdue: number; escalatedAt: string | null }) => [r.id, r.workingDaysOverdue, r.escalatedAt !== null])).toEqual([
      [shorter, 2, true],
      [longest, 4, false],
    ]);
    expect(all.data.map((r: { id: string }) => r.id)).not.toContain(inTime);
    expect(all.data[0]).toMatchObject({ viewer: 'network', patient: null, overdue: true, due: { kind: 'accept', on: '2027-01-29' } });

    // One row a page: the cursor carries on from the escalated run into the rest.
    const first = (await board(n.coordinator, '?limit=1').expect(200)).body;
    const second = (await board(n.coordinator, `?limit=1&cursor=${first.nextCursor}`).expect(200)).body;
    expect([first.data[0].id, second.data[0].id, second.nextCursor]).toEqual([shorter, longest, null]);

    const sender = (await board(n.lead).expect(200)).body;
    expect(sender.data.map((r: { id: string; viewer: string }) => [r.id, r.viewer])).toEqual([[shorter, 'sender'], [longest, 'sender']]);
    expect(sender.data[0].patient).toMatchObject({ id: expect.any(String) });
    const receiver = (await board(n.rlead).expect(200)).body;
    expect(receiver.data.map((r: { id: string; viewer: string; patient: unknown }) => [r.id, r.viewer, r.patient])).toEqual([[shorter, 'receiver', null], [longest, 'receiver', null]]);
    expect((await board(n.otherLead).expect(200)).body).toEqual({ data: [], nextCursor: null, total: 0 });

    await board(n.sw).expect(403);
    await board(await signInAs(t.app, 'charity_partner')).expect(403);
    const bad = await board(n.coordinator, '?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(bad.body.error.details[0].path).toBe('query.cursor');
  });
});

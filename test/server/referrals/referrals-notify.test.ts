import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { ESCALATE_JOB } from '../../../server/features/referrals/referrals.escalation.js';
import { runJobNow } from '../../../server/jobs/scheduler.js';
import { CapturedMailModel, NotificationModel } from '../../../server/notifications/notifications.model.js';
import { TEMPLATES } from '../../../server/notifications/notifications.templates.js';
import { makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';
import { caseFor } from '../consent/consent-fixture.js';
import { consentTo, moved, post, referral, type Recipient } from './core-fixture.js';
import { jobCtx, MAIL_CONFIG, network, withEmail, type Network } from './loop-fixture.js';

/**
 * Who hears of a referral (issue 11, points 4 and 7), in the app and by e-mail, from its events:
 * the receiver's staff when it is sent; the sender (who made it and the case's social worker) at
 * every change of state; the other side at a message in the thread; the coordinators when it is
 * overdue (with a reminder to the receiver). Every mail is Vietnamese first, and no subject or body
 * carries the patient's name, an identifier, the summary or the thread's text.
 */
const clock = settableClock('2026-12-10T03:00:00Z'); // Thursday, 10:00 in Vietnam
const t = await startTestApp(MAIL_CONFIG, { clock, worker: { only: ['events.dispatch'] } });
let n: Network;
let assignee: SignedIn;
let colleague: SignedIn;
const PATIENT_NAME = 'Lò Thị Mai'; // caseFor's patient
const SECRET_TEXTS = ['Bé chuyển viện, gia đình cần hỗ trợ tiếp tục', 'Mẹ bé cần chỗ ở gần viện', 'Đã bố trí nhà tạm lánh'];
const EMAIL: Record<string, string> = {};

beforeAll(async () => {
  n = await network(t, clock.now(), 4101);
  assignee = await signInAs(t.app, 'social_worker', { hospitalId: n.home.id });
  colleague = await signInAs(t.app, 'social_worker', { hospitalId: n.home.id });
  const people: [string, SignedIn][] = [['sw', n.sw], ['lead', n.lead], ['assignee', assignee], ['colleague', colleague], ['rsw', n.rsw], ['rlead', n.rlead], ['otherLead', n.otherLead], ['coordinator', n.coordinator]];
  for (const [key, who] of people) {
    EMAIL[who.user.id] = `${key.toLowerCase()}@nhipcau-thu.example.vn`;
    await withEmail(n.admin, who, EMAIL[who.user.id]!);
  }
});

afterAll(async () => {
  await t.close();
  await n?.demo.stop();
});

interface Told {
  template: string;
  link: string | null;
}

/** Each user's notifications of this referral, oldest first. */
async function toldOf(referralId: string): Promise<Map<string, string[]>> {
  const rows = await NotificationModel.find({ link: `/referrals/${referralId}` }).sort({ createdAt: 1, _id: 1 }).lean<(Told & { recipientId: { toHexString(): string } })[]>();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.recipientId.toHexString(), [...(out.get(r.recipientId.toHexString()) ?? []), r.template]);
  return out;
}

/** Waits (on the consumer's checkpoint) until this referral's notifications number `count`. */
async function waitTold(referralId: string, count: number): Promise<Map<string, string[]>> {
  await untilSignalled(() => NotificationModel.countDocuments({ link: `/referrals/${referralId}` }), (c) => c >= count, heard.consumed('notifications.referrals'), {
    what: `${count} notifications of referral ${referralId}`,
    timeoutMs: 15_000,
  });
  return toldOf(referralId);
}

const templatesOf = (told: Map<string, string[]>, who: SignedIn): string[] => told.get(who.user.id) ?? [];

describe('a referral to another hospital, from sending to completion', () => {
  it('tells the receiver’s staff when sent, the sender at every change, the other side at each message; by mail too, without the patient', async () => {
    const { caseId, patientId } = await caseFor(n.sw, n.fhir);
    await n.lead.agent.put(`/api/v1/cases/${caseId}/assignee`).set('x-csrf-token', n.lead.csrf).send({ userId: assignee.user.id }).expect(200);
    const to: Recipient = { kind: 'hospital', id: n.receiving.id };
    await consentTo(n.sw, caseId, to, '2026-12-10');
    const id = await referral(n.sw, caseId, to);

    let told = await waitTold(id, 2);
    expect(templatesOf(told, n.rsw)).toEqual(['referral.sent']);
    expect(templatesOf(told, n.rlead)).toEqual(['referral.sent']);
    for (const who of [n.sw, assignee, n.lead, colleague, n.otherLead, n.coordinator]) expect(templatesOf(told, who)).toEqual([]);

    await moved(n.rsw, id, { to: 'received' });
    await post(n.rsw, `/referrals/${id}/comments`, { body: SECRET_TEXTS[1] }).expect(201);
    await post(n.sw, `/referrals/${id}/comments`, { body: 'Vâng, cảm ơn.' }).expect(201);
    await moved(n.rlead, id, { to: 'accepted', capacity: 'capacity' });
    await moved(n.rsw, id, { to: 'in-progress' });
    await moved(n.rsw, id, { to: 'completed', outcome: SECRET_TEXTS[2] });

    // Sender side: 4 moves × 2 people + the receiver's message × 2; receiver side: the sender's message × 2.
    told = await waitTold(id, 2 + 8 + 2 + 2);
    const senderHears = ['referral.status.received', 'referral.comment-added', 'referral.status.accepted', 'referral.status.in-progress', 'referral.status.completed'];
    // Who made the referral, and the case's social worker: the same story.
    expect(templatesOf(told, n.sw).filter((x) => x !== 'referral.comment-added')).toEqual(senderHears.filter((x) => x !== 'referral.comment-added'));
    expect(templatesOf(told, n.sw).filter((x) => x === 'referral.comment-added')).toHaveLength(1);
    expect(templatesOf(told, assignee)).toEqual(senderHears);
    for (const who of [n.rsw, n.rlead]) expect(templatesOf(told, who)).toEqual(['referral.sent', 'referral.comment-added']);
    for (const who of [n.lead, colleague, n.otherLead, n.coordinator]) expect(templatesOf(told, who), 'not told').toEqual([]);

    const bell = (await assignee.agent.get('/api/v1/notifications').expect(200)).body.data as { template: string; params: Record<string, string> }[];
    expect(bell.find((b) => b.template === 'referral.status.completed')?.params).toEqual({ hospital: n.home.name, recipient: n.receiving.name });
    expect(bell.find((b) => b.template === 'referral.comment-added')?.params).toEqual({ from: n.receiving.name });

    const mails = await CapturedMailModel.find({ text: { $regex: `/referrals/${id}` } }).lean();
    expect(mails).toHaveLength(14);
    const completed = mails.find((m) => m.to.includes(EMAIL[assignee.user.id]!) && m.subject.startsWith(TEMPLATES['referral.status.completed'].subject.vi));
    expect(completed?.subject).toBe('Chuyển gửi của bạn đã hoàn thành · Your referral has been completed');
    expect(completed?.text).toContain(`${n.receiving.name} đã hoàn thành chuyển gửi từ ${n.home.name}`);
    expect(completed?.text).toContain(`https://nhipcau.example.vn/referrals/${id}`);
    for (const m of mails) {
      expect(m.text.indexOf('Xin chào'), 'Vietnamese first').toBeLessThan(m.text.indexOf('Hello'));
      for (const secret of [PATIENT_NAME, 'Lò', patientId, caseId, ...SECRET_TEXTS]) {
        expect(m.subject).not.toContain(secret);
        expect(m.text).not.toContain(secret);
        expect(m.html ?? '').not.toContain(secret);
      }
    }
  });
});

describe('a referral to an organisation', () => {
  it('tells the organisation’s charity partners, not another’s; its answer reaches the sender; a cancellation reaches the receiver too', async () => {
    const organisation = await makeOrganisation({ name: 'Quỹ Vì trẻ em Lào Cai' });
    const partner = await signInAs(t.app, 'charity_partner', { organisationId: organisation.id });
    const otherPartner = await signInAs(t.app, 'charity_partner');
    const to: Recipient = { kind: 'organisation', id: organisation.id };
    const { caseId } = await caseFor(n.sw, n.fhir);
    await consentTo(n.sw, caseId, to, '2026-12-10');
    const id = await referral(n.sw, caseId, to);
    let told = await waitTold(id, 1);
    expect(templatesOf(told, partner)).toEqual(['referral.sent']);
    expect(templatesOf(told, otherPartner)).toEqual([]);
    expect((await partner.agent.get('/api/v1/notifications').expect(200)).body.data[0]).toMatchObject({ template: 'referral.sent', params: { hospital: n.home.name } });

    await moved(partner, id, { to: 'received' });
    await moved(n.sw, id, { to: 'cancelled', reason: 'Gia đình đã có nơi hỗ trợ' });
    told = await waitTold(id, 3);
    expect(templatesOf(told, n.sw), 'not told of their own cancellation').toEqual(['referral.status.received']);
    expect(templatesOf(told, partner)).toEqual(['referral.sent', 'referral.status.cancelled']);
  });
});

describe('an overdue referral', () => {
  it('tells every coordinator, and reminds the receiver’s staff to answer', async () => {
    clock.set('2026-12-10T03:00:00Z');
    const { caseId } = await caseFor(n.sw, n.fhir);
    const to: Recipient = { kind: 'hospital', id: n.receiving.id };
    await consentTo(n.sw, caseId, to, '2026-12-10');
    const id = await referral(n.sw, caseId, to);
    const other = await signInAs(t.app, 'coordinator');
    clock.set('2026-12-15T03:00:00Z'); // due Monday 14: Tuesday it is overdue
    await runJobNow(ESCALATE_JOB, jobCtx(clock, 'instance-a'));
    const told = await waitTold(id, 2 + 2 + 2);
    for (const who of [n.coordinator, other]) expect(templatesOf(told, who)).toEqual(['referral.escalated']);
    for (const who of [n.rsw, n.rlead]) expect(templatesOf(told, who)).toEqual(['referral.sent', 'referral.reminder.accept']);
    const mail = await CapturedMailModel.findOne({ to: EMAIL[n.coordinator.user.id], text: { $regex: `/referrals/${id}` } }).lean();
    expect(mail?.subject).toBe('Một chuyển gửi đã quá hạn · A referral is overdue');
    expect(mail?.text).toContain(`Chuyển gửi từ ${n.home.name} đến ${n.receiving.name} đã quá hạn`);
    expect(mail?.text).not.toContain(PATIENT_NAME);
  });
});

import { registerConsumer, type DomainEvent } from '../../events/index.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { notify, type NotifyInput, type TemplateId } from '../../notifications/notifications.api.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation } from '../admin/organisations.service.js';
import { findCase } from '../cases/cases.service.js';
import type { ReferralRecord } from './referrals.model.js';
import type { ReferralStatus } from './referrals.schemas.js';
import { findReferral } from './referrals.service.js';

/**
 * Who hears of what in a referral's life (issue 11, point 4), from its events, in the app and by
 * e-mail (Vietnamese first). The mails name hospitals and organisations only, never the patient
 * nor the thread's text; the link is the referral's internal id.
 *   - referral.sent → the receiver's staff (the hospital's social workers and heads, or the
 *     organisation's charity partners);
 *   - referral.status-changed → the sender: whoever created it and the case's assignee (not the
 *     one who made the move); a cancellation also tells the receiver;
 *   - referral.comment-added → the other side;
 *   - referral.escalated → every coordinator, and a reminder to the receiver's staff.
 * Each notify is keyed by the event id (and the audience), so an event handled twice sends nothing more.
 */
const isId = (s: unknown): s is string => typeof s === 'string' && /^[a-f0-9]{24}$/.test(s);
type To = NotifyInput['to'];

function referralIdOf(e: DomainEvent): string | null {
  const [kind, id] = e.stream.split(':');
  return kind === 'referral' && isId(id) ? id : null;
}

async function recipientName(r: ReferralRecord): Promise<string> {
  if (r.to.kind === 'hospital' && r.to.hospitalId) return (await findHospital(r.to.hospitalId.toHexString()))?.name ?? '';
  if (r.to.organisationId) return (await findOrganisation(r.to.organisationId.toHexString()))?.name ?? '';
  return '';
}

const senderName = async (r: ReferralRecord): Promise<string> => (await findHospital(r.hospitalId.toHexString()))?.name ?? '';

/** The receiver's staff: the receiving hospital's social-work team, or the organisation's partners. */
function receiverStaff(r: ReferralRecord): To {
  if (r.to.kind === 'hospital' && r.to.hospitalId) return { hospitalId: r.to.hospitalId.toHexString(), roles: ['social_worker', 'sw_lead'] };
  return r.to.organisationId ? { organisationId: r.to.organisationId.toHexString(), roles: ['charity_partner'] } : { userIds: [] };
}

/** The sender: who created the referral and who works the case now, less the one who acted. */
async function senderPeople(r: ReferralRecord, actor: string | null): Promise<To> {
  const assignee = (await findCase(r.caseId.toHexString()))?.assignedTo ?? null;
  return { userIds: [...new Set([r.createdBy, assignee].filter(isId))].filter((id) => id !== actor) };
}

const nobody = (to: To): boolean => !to.hospitalId && !to.organisationId && !to.roles && !to.userIds?.length;

interface Message {
  audience: string;
  to: To;
  template: TemplateId;
  params: Record<string, string>;
}

/** What the event says to whom; [] when it tells no one. */
async function messagesFor(e: DomainEvent, r: ReferralRecord): Promise<Message[]> {
  switch (e.type) {
    case 'referral.sent':
      return [{ audience: 'receiver', to: receiverStaff(r), template: 'referral.sent', params: { hospital: await senderName(r) } }];
    case 'referral.status-changed':
      return statusMessages(e, r);
    case 'referral.comment-added':
      return e.data.side === 'receiver'
        ? [{ audience: 'sender', to: await senderPeople(r, e.actorUserId), template: 'referral.comment-added', params: { from: await recipientName(r) } }]
        : [{ audience: 'receiver', to: receiverStaff(r), template: 'referral.comment-added', params: { from: await senderName(r) } }];
    case 'referral.escalated': {
      // Answered or moved on since (its due changed, the mark cleared): no late alarm.
      if (r.escalation?.dueOn !== e.data.dueOn || r.escalation?.dueKind !== e.data.dueKind) return [];
      const params = { hospital: await senderName(r), recipient: await recipientName(r) };
      const reminder: TemplateId = e.data.dueKind === 'complete' ? 'referral.reminder.complete' : 'referral.reminder.accept';
      return [
        { audience: 'coordinators', to: { roles: ['coordinator'] }, template: 'referral.escalated', params },
        { audience: 'receiver', to: receiverStaff(r), template: reminder, params: { hospital: params.hospital } },
      ];
    }
    default:
      return [];
  }
}

const STATUS_TEMPLATES: Partial<Record<ReferralStatus, TemplateId>> = {
  received: 'referral.status.received',
  accepted: 'referral.status.accepted',
  rejected: 'referral.status.rejected',
  'in-progress': 'referral.status.in-progress',
  'on-hold': 'referral.status.on-hold',
  completed: 'referral.status.completed',
  failed: 'referral.status.failed',
  cancelled: 'referral.status.cancelled',
};

async function statusMessages(e: DomainEvent, r: ReferralRecord): Promise<Message[]> {
  // Sending is told by referral.sent (to the receiver); every other move is told to the sender.
  const status = e.data.status as ReferralStatus;
  const template = STATUS_TEMPLATES[status];
  if (!template) return [];
  const params = { hospital: await senderName(r), recipient: await recipientName(r) };
  const out: Message[] = [{ audience: 'sender', to: await senderPeople(r, e.actorUserId), template, params }];
  if (status === 'cancelled') out.push({ audience: 'receiver', to: receiverStaff(r), template, params });
  return out;
}

export async function onReferralEvent(e: DomainEvent, ctx: JobContext): Promise<void> {
  const id = referralIdOf(e);
  const r = id ? await findReferral(id) : null;
  if (!r) return void ctx.log.warn({ eventId: e.id }, 'referral event names no referral: nobody notified');
  for (const m of await messagesFor(e, r)) {
    if (nobody(m.to)) continue;
    await notify({ to: m.to, template: m.template, params: m.params, link: `/referrals/${id}`, idempotencyKey: `event:${e.id}:${m.audience}` }, ctx.clock);
  }
}

registerConsumer({
  name: 'notifications.referrals',
  types: ['referral.sent', 'referral.status-changed', 'referral.comment-added', 'referral.escalated'],
  handle: onReferralEvent,
});

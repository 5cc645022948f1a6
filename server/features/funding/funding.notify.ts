import { registerConsumer, type DomainEvent } from '../../events/index.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { notify, type NotifyInput, type TemplateId } from '../../notifications/notifications.api.js';
import { findHospital } from '../admin/hospitals.service.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
// The request's event source registers at import, so the worker's repair job knows it too.
import './funding.events.js';

/**
 * Who hears of a funding request's approval (issue 12, decision 0025), from its events, in the app
 * and by e-mail (Vietnamese first). The mails name the hospital and the request's reference
 * (HT-2026-000123) only: never the patient, the justification or a reason.
 *   - submitted → the hospital's heads of social work (sw_lead);
 *   - approved / returned → whoever wrote the request (unless they made the move themselves).
 * The ledger's and statements' events (pledged, disbursed, outcome) are told by their own parts.
 * Each notify is keyed by the event id and the audience: an event handled twice sends nothing more.
 */
const isId = (s: unknown): s is string => typeof s === 'string' && /^[a-f0-9]{24}$/.test(s);
type To = NotifyInput['to'];

interface Message {
  audience: string;
  to: To;
  template: TemplateId;
}

const TEMPLATE_OF: Partial<Record<string, { template: TemplateId; audience: 'heads' | 'creator' }>> = {
  submitted: { template: 'funding.submitted', audience: 'heads' },
  approved: { template: 'funding.approved', audience: 'creator' },
};

function messageFor(e: DomainEvent, r: FundingRequestRecord): Message | null {
  if (e.type !== 'funding.status-changed') return null;
  // Returned: submitted → draft by the head (a move; a money-made change has move null).
  const returned = e.data.from === 'submitted' && e.data.to === 'draft';
  const pick = returned ? { template: 'funding.returned' as TemplateId, audience: 'creator' as const } : TEMPLATE_OF[String(e.data.to)];
  if (!pick) return null;
  if (pick.audience === 'heads') return { audience: 'heads', to: { hospitalId: r.hospitalId.toHexString(), roles: ['sw_lead'] }, template: pick.template };
  const creator = [r.createdBy].filter(isId).filter((id) => id !== e.actorUserId);
  return creator.length ? { audience: 'creator', to: { userIds: creator }, template: pick.template } : null;
}

export async function onFundingEvent(e: DomainEvent, ctx: JobContext): Promise<void> {
  const [kind, id] = e.stream.split(':');
  const r = kind === 'funding' && isId(id) ? await FundingRequestModel.findById(id).lean<FundingRequestRecord>() : null;
  if (!r) return void ctx.log.warn({ eventId: e.id }, 'funding event names no request: nobody notified');
  const m = messageFor(e, r);
  if (!m) return;
  const params = { hospital: (await findHospital(r.hospitalId.toHexString()))?.name ?? '', reference: r.reference };
  await notify({ to: m.to, template: m.template, params, link: `/funding/${id}`, idempotencyKey: `event:${e.id}:${m.audience}` }, ctx.clock);
}

registerConsumer({ name: 'notifications.funding-requests', types: ['funding.status-changed'], handle: onFundingEvent });

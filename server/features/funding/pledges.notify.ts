import { registerConsumer, type DomainEvent } from '../../events/index.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { notify, type NotifyInput } from '../../notifications/notifications.api.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation } from '../admin/organisations.service.js';
import { findCase } from '../cases/cases.service.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import './funding.events.js';

/**
 * Who hears of the money (decision 0025, interfaces: the ledger's part), in the app and by e-mail:
 *  - a pledge, a disbursement → the request's writer and the case's assigned social worker;
 *  - a pledge expired → the partners of the pledging organisation.
 * The messages name the organisation or hospital and the request's reference: never the patient,
 * never an amount. Keyed by the event and the audience: an event handled twice sends nothing more.
 */
const isId = (s: unknown): s is string => typeof s === 'string' && /^[a-f0-9]{24}$/.test(s);
type Request = Pick<FundingRequestRecord, '_id' | 'reference' | 'hospitalId' | 'caseId' | 'createdBy'>;

async function hospitalSide(r: Request, actor: string | null): Promise<string[]> {
  const c = await findCase(r.caseId.toHexString());
  return [...new Set([r.createdBy, c?.assignedTo ?? null].filter(isId))].filter((id) => id !== actor);
}

async function messageFor(e: DomainEvent, r: Request): Promise<Omit<NotifyInput, 'link' | 'idempotencyKey'> | null> {
  const organisationId = String(e.data.organisationId ?? e.organisationId ?? '');
  if (e.type === 'funding.pledge-ended') {
    if (e.data.state !== 'expired' || !isId(organisationId)) return null;
    const hospital = (await findHospital(r.hospitalId.toHexString()))?.name ?? '';
    return { to: { organisationId, roles: ['charity_partner'] }, template: 'funding.pledge-expired', params: { hospital, reference: r.reference } };
  }
  const userIds = await hospitalSide(r, e.actorUserId ?? null);
  if (userIds.length === 0) return null;
  const organisation = isId(organisationId) ? ((await findOrganisation(organisationId))?.name ?? '') : '';
  return { to: { userIds }, template: e.type === 'funding.pledged' ? 'funding.pledged' : 'funding.disbursed', params: { organisation, reference: r.reference } };
}

export async function onMoneyEvent(e: DomainEvent, ctx: JobContext): Promise<void> {
  const [kind, id] = e.stream.split(':');
  const r = kind === 'funding' && isId(id) ? await FundingRequestModel.findById(id, { reference: 1, hospitalId: 1, caseId: 1, createdBy: 1 }).lean<Request>() : null;
  if (!r) return void ctx.log.warn({ eventId: e.id }, 'money event names no funding request: nobody notified');
  const m = await messageFor(e, r);
  if (!m) return;
  await notify({ ...m, link: e.type === 'funding.pledge-ended' ? `/pledges/${String(e.data.pledgeId)}` : `/funding/${id}`, idempotencyKey: `event:${e.id}:money` }, ctx.clock);
}

registerConsumer({ name: 'notifications.funding-money', types: ['funding.pledged', 'funding.disbursed', 'funding.pledge-ended'], handle: onMoneyEvent });

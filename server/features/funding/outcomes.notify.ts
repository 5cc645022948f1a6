import type { Types } from 'mongoose';
import { registerConsumer, type DomainEvent } from '../../events/index.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { notify } from '../../notifications/notifications.api.js';
import { findHospital } from '../admin/hospitals.service.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import { PledgeModel } from './pledges.model.js';

/**
 * Who hears of an outcome update (issue 12 point 6): the charity partners of every organisation
 * with a standing pledge on the request (pending or disbursed: a cancelled or expired pledge is no
 * longer the partner's funding), in the app and by e-mail, Vietnamese first. The message names the
 * hospital and the request's reference, never the outcome's text nor the patient: the partner reads
 * the outcome in the app. Keyed by the event and the organisation, so an event handled twice sends
 * nothing more.
 */
const isId = (s: unknown): s is string => typeof s === 'string' && /^[a-f0-9]{24}$/.test(s);

function requestIdOf(e: DomainEvent): string | null {
  const [kind, id] = e.stream.split(':');
  return kind === 'funding' && isId(id) ? id : null;
}

/** The organisations whose pledge on the request still stands. */
export async function fundingOrganisations(requestId: Types.ObjectId): Promise<string[]> {
  const ids: Types.ObjectId[] = await PledgeModel.distinct('organisationId', { requestId, state: { $in: ['pending', 'disbursed'] } });
  return ids.map((id) => id.toHexString()).sort();
}

export async function onOutcomePosted(e: DomainEvent, ctx: JobContext): Promise<void> {
  const id = requestIdOf(e);
  const r = id ? await FundingRequestModel.findById(id, { reference: 1, hospitalId: 1 }).lean<Pick<FundingRequestRecord, '_id' | 'reference' | 'hospitalId'>>() : null;
  if (!r) return void ctx.log.warn({ eventId: e.id }, 'outcome event names no funding request: nobody notified');
  const hospital = (await findHospital(r.hospitalId.toHexString()))?.name ?? '';
  for (const organisationId of await fundingOrganisations(r._id)) {
    await notify(
      {
        to: { organisationId, roles: ['charity_partner'] },
        template: 'funding.outcome-posted',
        params: { hospital, reference: r.reference },
        link: `/funding/${id}`,
        idempotencyKey: `event:${e.id}:organisation:${organisationId}`,
      },
      ctx.clock,
    );
  }
}

registerConsumer({ name: 'notifications.funding-outcomes', types: ['funding.outcome-posted'], handle: onOutcomePosted });

import { registerConsumer, type DomainEvent } from '../../events/index.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { notify, type TemplateId } from '../../notifications/notifications.api.js';
import { findHospital } from '../admin/hospitals.service.js';

/**
 * Who hears of what in a case's life, from its events (run by the worker; the event id is the
 * idempotency key, so an event handled twice sends nothing more):
 *   - case.assigned → the new assignee (unless they assigned it to themselves);
 *   - case.closure-requested → the hospital's heads of social work;
 *   - case.closure-returned → the social worker who asked;
 *   - case.closed → the one who asked and the assignee (not the head who approved).
 * The mail names the hospital only; the link is the case's internal id.
 */
const isId = (s: unknown): s is string => typeof s === 'string' && /^[a-f0-9]{24}$/.test(s);

function caseIdOf(e: DomainEvent): string | null {
  const [kind, id] = e.stream.split(':');
  return kind === 'case' && isId(id) ? id : null;
}

function recipients(e: DomainEvent): { userIds?: string[]; roles?: ['sw_lead'] } {
  const actor = e.actorUserId;
  const others = (...ids: unknown[]): string[] => [...new Set(ids.filter(isId))].filter((id) => id !== actor);
  switch (e.type) {
    case 'case.assigned':
      return { userIds: others(e.data.to) };
    case 'case.closure-requested':
      return { roles: ['sw_lead'] };
    case 'case.closure-returned':
      return { userIds: others(e.data.requestedBy) };
    default:
      return { userIds: others(e.data.requestedBy, e.data.assignedTo) };
  }
}

export async function onCaseEvent(e: DomainEvent, ctx: JobContext): Promise<void> {
  const caseId = caseIdOf(e);
  if (!caseId || !isId(e.hospitalId)) return void ctx.log.warn({ eventId: e.id }, 'case event without a case or hospital: nobody notified');
  const to = recipients(e);
  if (!to.roles && !to.userIds?.length) return;
  const hospital = await findHospital(e.hospitalId);
  await notify(
    {
      to: to.roles ? { hospitalId: e.hospitalId, roles: to.roles } : { userIds: to.userIds ?? [] },
      template: e.type as TemplateId,
      params: { hospital: hospital?.name ?? '' },
      link: `/cases/${caseId}`,
      idempotencyKey: `event:${e.id}`,
    },
    ctx.clock,
  );
}

registerConsumer({
  name: 'notifications.cases',
  types: ['case.assigned', 'case.closure-requested', 'case.closure-returned', 'case.closed'],
  handle: onCaseEvent,
});

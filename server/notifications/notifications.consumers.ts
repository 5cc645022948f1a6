import type { DomainEvent } from '../events/index.js';
import { registerConsumer } from '../events/index.js';
import { findHospital } from '../features/admin/hospitals.service.js';
import { findFlag } from '../features/screening/flags.service.js';
import { findRun } from '../features/sync/census-sync.service.js';
import type { JobContext } from '../jobs/scheduler.js';
import { notify } from './notifications.service.js';

/**
 * Who hears of what, from domain events (never a call buried in the acting service). Each event
 * is handled with its id as the idempotency key, so a consumer that runs an event again (it died
 * before moving its checkpoint) finds the notifications already there and sends no second mail.
 *   - a census sync finished or failed → the user who started it; if it failed, also the
 *     hospital's heads of social work;
 *   - a FHIR write-back of a flag given up (or refused) → the hospital's heads of social work.
 */
const isId = (s: unknown): s is string => typeof s === 'string' && /^[a-f0-9]{24}$/.test(s);

/** The record id of a stream `kind:id`, or of a `…Id` field of the event's data. */
function recordId(e: DomainEvent, kind: string, ...fields: string[]): string | null {
  for (const f of fields) if (isId(e.data[f])) return e.data[f] as string;
  const [k, id] = e.stream.split(':');
  return k === kind && isId(id) ? id : null;
}

export async function onSyncEnded(e: DomainEvent, ctx: JobContext): Promise<void> {
  const runId = recordId(e, 'sync-run', 'runId', 'syncRunId');
  const run = runId ? await findRun(runId) : null;
  if (!run) return void ctx.log.warn({ eventId: e.id }, 'sync event names no run: nobody notified');
  const hospital = await findHospital(run.hospitalId.toHexString());
  const failed = e.type === 'sync.failed';
  const starter = isId(e.actorUserId) ? e.actorUserId : isId(run.startedBy) ? run.startedBy : null;
  const to = failed
    ? { userIds: starter ? [starter] : [], hospitalId: run.hospitalId.toHexString(), roles: ['sw_lead' as const] }
    : { userIds: starter ? [starter] : [] };
  const params = { hospital: hospital?.name ?? run.hospitalCode, startedAt: run.startedAt.toISOString(), patients: run.progress.patients };
  await notify(
    { to, template: failed ? 'sync.failed' : 'sync.completed', params, link: '/sync', idempotencyKey: `event:${e.id}` },
    ctx.clock,
  );
}

export async function onWriteBackFailed(e: DomainEvent, ctx: JobContext): Promise<void> {
  if ((e.data.kind ?? 'flag') !== 'flag' || !isId(e.hospitalId)) return;
  const flagId = recordId(e, 'flag', 'subjectId', 'flagId');
  const flag = flagId ? await findFlag(flagId) : null;
  const hospital = await findHospital(e.hospitalId);
  // The patient's page shows the flag and its retry button; the link is an internal id, never an identifier.
  const link = flag ? `/patients/${flag.patientId.toHexString()}` : '/worklist';
  await notify(
    {
      to: { hospitalId: e.hospitalId, roles: ['sw_lead'] },
      template: 'flag.write-back-failed',
      params: { hospital: hospital?.name ?? '' },
      link,
      idempotencyKey: `event:${e.id}`,
    },
    ctx.clock,
  );
}

registerConsumer({ name: 'notifications.sync-runs', types: ['sync.completed', 'sync.failed'], handle: onSyncEnded });
registerConsumer({ name: 'notifications.write-backs', types: ['write-back.failed'], handle: onWriteBackFailed });

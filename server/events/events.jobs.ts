import { registerJob } from '../jobs/scheduler.js';
import { repairPendingEvents } from './append.js';
import { dispatchEvents } from './dispatch.js';
// The modules whose consumers and jobs follow from events (one line in all-jobs.ts brings them all),
// and every record kind that carries events, so the repair job knows them in the worker too.
import '../features/cases/cases.events.js';
import '../features/consent/consent.events.js';
import '../features/consent/consent.fhir.js';
import '../features/referrals/referrals.fhir.js';
import '../features/screening/screening.events.js';
import '../features/screening/screening.jobs.js';
import '../fhir/outbox/outbox.jobs.js';

/** A mark younger than this may still be published by its writer; older ones the repair copies. */
export const REPAIR_AFTER_MS = 5_000;

/**
 * Every worker polls for new events (perOwner: in its own time, so a test's clock standing still
 * does not stop it); the sequencer and each consumer have leases of their own, so two workers
 * never hand an event to a consumer twice.
 */
registerJob({ name: 'events.dispatch', everyMs: 1_000, perOwner: true, run: async (ctx) => void (await dispatchEvents(ctx)) });

registerJob({
  name: 'events.repair',
  everyMs: 10_000,
  run: async (ctx) => void (await repairPendingEvents(new Date(ctx.clock.now().getTime() - REPAIR_AFTER_MS), ctx.log)),
});

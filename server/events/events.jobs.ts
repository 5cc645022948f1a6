import { registerJob } from '../jobs/scheduler.js';
import { repairPendingEvents } from './append.js';
import { dispatchEvents } from './dispatch.js';
// The modules whose consumers and jobs follow from events (one line in all-jobs.ts brings them all).
import '../fhir/outbox/outbox.jobs.js';
import '../features/screening/screening.jobs.js';

/** A mark younger than this may still be published by its writer; older ones the repair copies. */
export const REPAIR_AFTER_MS = 5_000;

registerJob({ name: 'events.dispatch', everyMs: 1_000, run: async (ctx) => void (await dispatchEvents(ctx)) });

registerJob({
  name: 'events.repair',
  everyMs: 10_000,
  run: async (ctx) => void (await repairPendingEvents(new Date(ctx.clock.now().getTime() - REPAIR_AFTER_MS), ctx.log)),
});

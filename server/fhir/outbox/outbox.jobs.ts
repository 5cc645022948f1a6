import { registerJob } from '../../jobs/scheduler.js';
import { sendDue } from './outbox.service.js';

/** Entries that failed wait for their backoff; the sweep sends those that are due (was a timer in the app). */
registerJob({ name: 'fhir-outbox.sweep', everyMs: 30_000, leaseMs: 10 * 60_000, run: async (ctx) => void (await sendDue(ctx.clock.now())) });

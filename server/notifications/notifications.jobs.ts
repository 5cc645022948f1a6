import { registerJob } from '../jobs/scheduler.js';
import { sendDueMails } from './notifications.mail.js';
// The consumers that turn domain events into notifications.
import './notifications.consumers.js';

/** Mails whose send failed (SMTP down) are tried again here, after their backoff. */
registerJob({ name: 'notifications.mail', everyMs: 30_000, run: async (ctx) => void (await sendDueMails(ctx.clock)) });

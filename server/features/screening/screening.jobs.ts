import type { Logger } from 'pino';
import { updateWithEvent } from '../../events/append.js';
import { registerJob } from '../../jobs/scheduler.js';
import { FlagModel, type FlagRecord } from './screening.model.js';
import { flagChanged, flagEvents } from './screening.events.js';
// Registers the write-back consumer (flag.raised → outbox entry) and the flag outbox kind.
import './write-back.service.js';

/**
 * Flags past their expiry date become expired (each with its flag.expired event). Views already
 * show such a flag as expired before the job runs (toFlagView); the job makes it true in the
 * database, frees the patient's `activeFor` slot and tells the consumers.
 */
export async function expireFlags(now: Date, log?: Logger, limit = 500): Promise<number> {
  const due = await FlagModel.find({ status: 'active', expiresAt: { $lte: now } }, { hospitalId: 1, patientId: 1 }).limit(limit).lean<FlagRecord[]>();
  let expired = 0;
  for (const f of due) {
    const done = await updateWithEvent(
      flagEvents,
      { _id: f._id, status: 'active', expiresAt: { $lte: now } },
      { $set: { status: 'expired', updatedAt: now }, $unset: { activeFor: 1 } },
      flagChanged('flag.expired', f, null),
      now,
      log,
    );
    if (done) expired += 1;
  }
  if (expired > 0) log?.info({ expired }, 'flags expired');
  return expired;
}

registerJob({ name: 'flags.expire', everyMs: 10 * 60_000, run: async (ctx) => void (await expireFlags(ctx.clock.now(), ctx.log)) });

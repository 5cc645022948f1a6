import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { acquireLease, releaseLease } from '../db/lease.js';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { EventModel, type EventRecord } from './events.model.js';

/**
 * The sequencer gives inserted events their `position`, the one order consumers read. Writers
 * insert events concurrently, so an order taken at insert time (a counter, a timestamp) can show
 * a later event before an earlier one becomes visible, and a checkpoint past the later one would
 * skip the earlier. Here a position is given only to an event already visible, by one sequencer at
 * a time (a lease), in increasing order, each write acknowledged before the next: when position p
 * is readable, every position below p already was. The unique index on position stops a second
 * sequencer that runs anyway (a lease that expired under a stalled holder) at its first clash, and
 * a write that finds its event already sequenced stops the run too. An event waits for the one
 * before it in its stream, so consumers see each record's events in seq order.
 */
const LEASE = 'events:sequencer';
const LEASE_MS = 30_000;

export async function sequenceEvents(ctx: { clock: Clock; owner: string; log: Logger; signal?: AbortSignal }, limit = 500): Promise<number> {
  if (!(await acquireLease(LEASE, ctx.owner, LEASE_MS, ctx.clock.now()))) return 0;
  try {
    return await sequenceBatch(limit, ctx.log, ctx.signal);
  } finally {
    await releaseLease(LEASE, ctx.owner).catch(() => undefined);
  }
}

async function sequenceBatch(limit: number, log: Logger, signal?: AbortSignal): Promise<number> {
  const waiting = await EventModel.find({ unsequenced: true }, { stream: 1, seq: 1, at: 1 }).sort({ at: 1, stream: 1, seq: 1 }).limit(limit).lean<EventRecord[]>();
  if (waiting.length === 0) return 0;
  const ready = await inStreamOrder(waiting);
  const top = await EventModel.findOne({ position: { $exists: true } }, { position: 1 }).sort({ position: -1 }).lean<EventRecord>();
  let next = (top?.position ?? 0) + 1;
  let done = 0;
  for (const e of ready) {
    // A stopping worker leaves the rest to the next sequencer: what is sequenced stays in order.
    if (signal?.aborted) break;
    try {
      const res = await EventModel.updateOne({ _id: e._id, unsequenced: true }, { $set: { position: next }, $unset: { unsequenced: 1 } });
      if (res.matchedCount !== 1) break; // another sequencer is at work: leave the rest to it
    } catch (err) {
      if (isDuplicateKey(err)) break;
      throw err;
    }
    next += 1;
    done += 1;
  }
  if (done < ready.length && !signal?.aborted) log.warn({ sequenced: done, ready: ready.length }, 'event sequencer met another sequencer; stopped');
  return done;
}

/** The waiting events whose predecessor in their stream is sequenced (or comes earlier in this batch). */
async function inStreamOrder(waiting: EventRecord[]): Promise<EventRecord[]> {
  const ids = new Set(waiting.map((e) => e._id));
  const before = waiting.filter((e) => e.seq > 1 && !ids.has(`${e.stream}#${e.seq - 1}`)).map((e) => `${e.stream}#${e.seq - 1}`);
  const sequenced = new Set(
    before.length ? (await EventModel.find({ _id: { $in: before }, position: { $exists: true } }, { _id: 1 }).lean<EventRecord[]>()).map((e) => e._id) : [],
  );
  const streams = new Map<string, EventRecord[]>();
  for (const e of waiting) streams.set(e.stream, [...(streams.get(e.stream) ?? []), e]);
  const ready: EventRecord[] = [];
  for (const events of streams.values()) {
    let previousReady = false;
    for (const e of events.sort((a, b) => a.seq - b.seq)) {
      const prev = `${e.stream}#${e.seq - 1}`;
      // In seq order: the predecessor is sequenced already, or it is the previous event placed here.
      previousReady = e.seq === 1 || sequenced.has(prev) || (previousReady && ready[ready.length - 1]?._id === prev);
      if (!previousReady) break;
      ready.push(e);
    }
  }
  return ready;
}

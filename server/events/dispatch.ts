import { acquireLease, releaseLease, renewLease } from '../db/lease.js';
import type { JobContext } from '../jobs/scheduler.js';
import { emitSignal } from '../jobs/signals.js';
import { ConsumerStateModel, EventModel, toDomainEvent, type ConsumerStateRecord, type DomainEvent, type EventRecord } from './events.model.js';
import { sequenceEvents } from './sequencer.js';

/**
 * Consumers of domain events (decision 0014). Each has its own checkpoint, a position: every event
 * at or below it is done. Positions are given only to visible events, in order (sequencer.ts), so a
 * checkpoint never passes an event that shows up later. One dispatcher at a time works for a
 * consumer (a lease per consumer, renewed per event, and a compare-and-set on the checkpoint), so
 * two dispatchers at once handle each event once per consumer. A consumer that dies between
 * handling an event and moving its checkpoint handles that event again when it resumes: handlers
 * must be idempotent, keyed by the event id.
 */
export interface ConsumerDef {
  name: string;
  types: readonly string[];
  handle(e: DomainEvent, ctx: JobContext): Promise<void>;
}

const consumers = new Map<string, ConsumerDef>();

/** At import time. The same name twice is a mistake (two checkpoints would fight). */
export function registerConsumer(def: ConsumerDef): void {
  const existing = consumers.get(def.name);
  if (existing && existing !== def) throw new Error(`event consumer ${def.name} is registered twice`);
  consumers.set(def.name, def);
}

export function registeredConsumers(): readonly ConsumerDef[] {
  return [...consumers.values()];
}

const BATCH = 100;
const MAX_ROUNDS = 10;
const LEASE_MS = 60_000;
/** A failing event is tried this many times (backoff 10 s, 20 s, 40 s … up to 1 h), then parked. */
const MAX_ATTEMPTS = 8;

/** Sequences new events, then runs every consumer (or those named) over what it has not handled. Returns the events handled. */
export async function dispatchEvents(ctx: JobContext, only?: readonly string[]): Promise<number> {
  if (await EventModel.exists({ unsequenced: true })) for (let i = 0; i < MAX_ROUNDS && !ctx.signal.aborted && (await sequenced(ctx)) > 0; i += 1);
  const chosen = [...consumers.values()].filter((c) => !only || only.includes(c.name));
  // An idle poll costs three reads: consumers already at the highest position are not visited.
  const top = await highestPosition();
  const states = new Map((await ConsumerStateModel.find({ _id: { $in: chosen.map((c) => c.name) } }).lean<ConsumerStateRecord[]>()).map((st) => [st._id, st]));
  let handled = 0;
  for (const c of chosen) {
    if (ctx.signal.aborted) break;
    const st = states.get(c.name);
    if (st && st.checkpoint >= top && !st.failing) continue;
    handled += await runConsumer(c, ctx);
  }
  return handled;
}

/** One round of the sequencer; its signal when it placed any (server/jobs/signals.ts). */
async function sequenced(ctx: JobContext): Promise<number> {
  const count = await sequenceEvents(ctx);
  if (count > 0) emitSignal({ kind: 'events.sequenced', count });
  return count;
}

async function runConsumer(c: ConsumerDef, ctx: JobContext): Promise<number> {
  const lease = `events:consumer:${c.name}`;
  if (!(await acquireLease(lease, ctx.owner, LEASE_MS, ctx.clock.now()))) return 0;
  try {
    return await consume(c, ctx, lease);
  } finally {
    await releaseLease(lease, ctx.owner).catch(() => undefined);
  }
}

async function stateOf(name: string): Promise<ConsumerStateRecord> {
  const found = await ConsumerStateModel.findOneAndUpdate({ _id: name }, { $setOnInsert: { checkpoint: 0, failing: null, parked: [], updatedAt: null } }, { upsert: true, returnDocument: 'after' }).lean<ConsumerStateRecord>();
  if (!found) throw new Error(`no state for consumer ${name}`);
  return found;
}

async function highestPosition(): Promise<number> {
  const top = await EventModel.findOne({ position: { $exists: true } }, { position: 1 }).sort({ position: -1 }).lean<EventRecord>();
  return top?.position ?? 0;
}

async function consume(c: ConsumerDef, ctx: JobContext, lease: string): Promise<number> {
  let state = await stateOf(c.name);
  if (state.failing && state.failing.retryAt > ctx.clock.now()) return 0;
  let handled = 0;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    // Read before the query: every position up to it was visible then, so the query sees them all.
    const top = await highestPosition();
    const batch = await EventModel.find({ position: { $gt: state.checkpoint, $lte: top }, type: { $in: c.types } }).sort({ position: 1 }).limit(BATCH).lean<EventRecord[]>();
    for (const r of batch) {
      if (ctx.signal.aborted || !(await renewLease(lease, ctx.owner, LEASE_MS, ctx.clock.now()))) return handled;
      if (!(await handleOne(c, r, ctx, state))) return handled;
      const moved = await advance(c.name, state.checkpoint, r.position ?? state.checkpoint, ctx.clock.now());
      if (!moved) return handled; // another dispatcher moved it (our lease had lapsed): leave it the rest
      state = moved;
      handled += 1;
    }
    if (batch.length < BATCH) {
      // Nothing of this consumer's types up to `top`: skip the others' events in one step.
      if (top > state.checkpoint) await advance(c.name, state.checkpoint, top, ctx.clock.now());
      break;
    }
  }
  return handled;
}

async function advance(name: string, from: number, to: number, now: Date): Promise<ConsumerStateRecord | null> {
  const moved = await ConsumerStateModel.findOneAndUpdate({ _id: name, checkpoint: from }, { $set: { checkpoint: to, failing: null, updatedAt: now } }, { returnDocument: 'after' }).lean<ConsumerStateRecord>();
  if (moved) emitSignal({ kind: 'events.consumed', consumer: name, checkpoint: moved.checkpoint });
  return moved;
}

/** True when the event is done with (handled, or parked after too many failures). */
async function handleOne(c: ConsumerDef, r: EventRecord, ctx: JobContext, state: ConsumerStateRecord): Promise<boolean> {
  try {
    await c.handle(toDomainEvent(r), ctx);
    return true;
  } catch (err) {
    const attempts = state.failing?.eventId === r._id ? state.failing.attempts + 1 : 1;
    const error = err instanceof Error ? err.message : String(err);
    const log = { consumer: c.name, eventId: r._id, type: r.type, attempts, error };
    if (attempts >= MAX_ATTEMPTS) {
      ctx.log.error(log, 'event consumer gave up on an event: parked');
      await ConsumerStateModel.updateOne({ _id: c.name }, { $push: { parked: r._id } });
      return true;
    }
    const retryAt = new Date(ctx.clock.now().getTime() + Math.min(3_600_000, 10_000 * 2 ** (attempts - 1)));
    await ConsumerStateModel.updateOne({ _id: c.name }, { $set: { failing: { eventId: r._id, attempts, retryAt, error }, updatedAt: ctx.clock.now() } });
    ctx.log.warn({ ...log, retryAt: retryAt.toISOString() }, 'event consumer failed; will try again');
    return false;
  }
}

import { randomBytes } from 'node:crypto';
import mongoose, { Schema, Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { connectDatabase, disconnectDatabase } from '../../../server/db/connection.js';
import { eventSource, publishPending, repairPendingEvents, updateWithEvent, withFirstEvent, writeWithMark } from '../../../server/events/append.js';
import { dispatchEvents, registerConsumer } from '../../../server/events/dispatch.js';
import { ConsumerStateModel, EventModel, type DomainEvent, type PendingEvent } from '../../../server/events/events.model.js';
import type { JobContext } from '../../../server/jobs/scheduler.js';
import { createLogger } from '../../../server/logger.js';

/**
 * Domain events on a real database (decision 0014): the per-record sequence under concurrent
 * writers, a writer that dies between its state change and its event, consumers' checkpoints,
 * two dispatchers at once, and an event that becomes visible after a later one.
 */
const clock = settableClock('2026-12-07T02:00:00Z');
const log = createLogger('silent');

/** A record kind of this test's own, carrying events like flags and cases do. */
interface Thing {
  _id: Types.ObjectId;
  n: number;
  eventSeq?: number;
  pendingEvents?: PendingEvent[];
}
const ThingModel = mongoose.model<Thing>('EventsTestThing', new Schema<Thing>({ n: Number }, { collection: 'things', strict: false }));
const things = eventSource('thing', ThingModel as never);

/** What each test consumer was handed, in order (event ids). */
const handled: Record<string, string[]> = { counter: [], other: [] };
let failNext = 0;
registerConsumer({
  name: 'test-counter',
  types: ['thing.bumped', 'thing.made'],
  handle: async (e: DomainEvent) => {
    if (failNext > 0) {
      failNext -= 1;
      throw new Error('the consumer failed');
    }
    handled.counter?.push(e.id);
  },
});
registerConsumer({ name: 'test-other', types: ['thing.bumped'], handle: async (e: DomainEvent) => void handled.other?.push(e.id) });

const ctx = (owner = 'test-owner'): JobContext => ({ clock, log, owner, signal: new AbortController().signal });

async function makeThing(): Promise<Types.ObjectId> {
  const doc = withFirstEvent(things, { _id: new Types.ObjectId(), n: 0 }, { type: 'thing.made', data: {} }, clock.now());
  await ThingModel.collection.insertOne(doc as never);
  await publishPending(things, [doc]);
  return doc._id;
}

const bump = (id: Types.ObjectId, at = clock.now()): Promise<Thing | null> => updateWithEvent<Thing>(things, { _id: id }, { $inc: { n: 1 } }, { type: 'thing.bumped', data: { thingId: id.toHexString() } }, at);
const seqsOf = async (id: Types.ObjectId): Promise<number[]> => (await EventModel.find({ stream: `thing:${id.toHexString()}` }).sort({ seq: 1 }).lean()).map((e) => e.seq);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

beforeAll(async () => {
  await connectDatabase(inject('mongoUri'), `test_${randomBytes(6).toString('hex')}`);
});

afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectDatabase();
});

beforeEach(async () => {
  await Promise.all([EventModel.deleteMany({}), ConsumerStateModel.deleteMany({}), ThingModel.deleteMany({})]);
  handled.counter = [];
  handled.other = [];
  failNext = 0;
});

describe('the per-record sequence', () => {
  it('stays gapless and without duplicates under 40 concurrent appends to one record, and to three at once', async () => {
    const one = await makeThing();
    await Promise.all(range(40).map(() => bump(one)));
    expect(await seqsOf(one)).toEqual(range(41));
    expect(await ThingModel.findById(one).lean()).toMatchObject({ n: 40, eventSeq: 41, pendingEvents: [] });

    const three = await Promise.all([makeThing(), makeThing(), makeThing()]);
    await Promise.all(three.flatMap((id) => range(15).map(() => bump(id))));
    for (const id of three) expect(await seqsOf(id)).toEqual(range(16));
  });

  it('refuses a second event with a stream and seq already used (unique index)', async () => {
    const id = await makeThing();
    await expect(EventModel.create({ _id: `other-id`, stream: `thing:${id.toHexString()}`, seq: 1, type: 'thing.made', at: clock.now(), data: {} })).rejects.toThrow(/E11000|duplicate/i);
  });

  it('writes nothing when the record does not match the condition', async () => {
    const id = await makeThing();
    expect(await updateWithEvent(things, { _id: id, n: 99 }, { $inc: { n: 1 } }, { type: 'thing.bumped', data: {} }, clock.now())).toBeNull();
    expect(await seqsOf(id)).toEqual([1]);
  });
});

describe('a writer that stops between its state change and its event', () => {
  it('loses nothing and doubles nothing: the repair copies the mark once, a late publish by the writer adds nothing', async () => {
    const id = await makeThing();
    // The state change with its pending mark, and then the process "dies".
    const written = await writeWithMark<Thing>(things, { _id: id }, { $inc: { n: 1 } }, { type: 'thing.bumped', data: {} }, clock.now());
    expect(written).toMatchObject({ n: 1, eventSeq: 2 });
    expect(await seqsOf(id)).toEqual([1]);

    // A mark younger than the repair's horizon is left to its writer.
    expect(await repairPendingEvents(new Date(clock.now().getTime() - 5_000), log)).toBe(0);
    clock.advance(10_000);
    expect(await repairPendingEvents(new Date(clock.now().getTime() - 5_000), log)).toBe(1);
    expect(await seqsOf(id)).toEqual([1, 2]);
    expect((await ThingModel.findById(id).lean())?.pendingEvents).toEqual([]);

    // Run again, and the writer waking up and publishing late: still one event per seq.
    expect(await repairPendingEvents(clock.now(), log)).toBe(0);
    await publishPending(things, [written as never]);
    expect(await seqsOf(id)).toEqual([1, 2]);
    expect(await EventModel.countDocuments({ stream: `thing:${id.toHexString()}` })).toBe(2);

    // The next change continues the sequence, and the consumers get every event once.
    await bump(id);
    expect(await seqsOf(id)).toEqual([1, 2, 3]);
    await dispatchEvents(ctx());
    expect(handled.counter).toEqual([1, 2, 3].map((s) => `thing:${id.toHexString()}#${s}`));
  });
});

describe('consumers', () => {
  it('run twice over the same events act once: the checkpoint moves past what was handled', async () => {
    const id = await makeThing();
    await bump(id);
    await bump(id);
    expect(await dispatchEvents(ctx())).toBe(3 + 2);
    expect(await dispatchEvents(ctx())).toBe(0);
    expect(handled.counter).toHaveLength(3);
    expect(handled.other).toHaveLength(2);
    await bump(id);
    await dispatchEvents(ctx());
    expect(handled.counter).toEqual(range(4).map((s) => `thing:${id.toHexString()}#${s}`));
    expect(handled.other).toEqual([2, 3, 4].map((s) => `thing:${id.toHexString()}#${s}`));
  });

  it('two dispatchers at once (two owners) hand each event to each consumer exactly once, while writers keep appending', async () => {
    const ids = await Promise.all(range(4).map(() => makeThing()));
    const writers = Promise.all(ids.flatMap((id) => range(10).map(() => bump(id))));
    const dispatcher = async (owner: string): Promise<void> => {
      for (let i = 0; i < 15; i += 1) await dispatchEvents(ctx(owner));
    };
    await Promise.all([writers, dispatcher('worker-a'), dispatcher('worker-b')]);
    await dispatchEvents(ctx('worker-a'));
    expect(handled.counter).toHaveLength(4 * 11);
    expect(new Set(handled.counter).size).toBe(4 * 11);
    expect(handled.other).toHaveLength(4 * 10);
    expect(new Set(handled.other).size).toBe(4 * 10);
    // Each record's events in seq order.
    for (const id of ids) {
      const mine = (handled.counter ?? []).filter((e) => e.startsWith(`thing:${id.toHexString()}#`)).map((e) => Number(e.split('#')[1]));
      expect(mine).toEqual(range(11));
    }
  });

  it('an event that becomes visible after a later one is not skipped', async () => {
    const slow = await makeThing();
    const fast = await makeThing();
    // The slow writer changes its record first, but its event reaches `events` only later.
    const late = await writeWithMark(things, { _id: slow }, { $inc: { n: 1 } }, { type: 'thing.bumped', data: {} }, clock.now());
    clock.advance(1_000);
    await bump(fast);
    await dispatchEvents(ctx());
    expect(handled.other).toEqual([`thing:${fast.toHexString()}#2`]);
    await publishPending(things, [late as never]);
    await dispatchEvents(ctx());
    expect(handled.other).toEqual([`thing:${fast.toHexString()}#2`, `thing:${slow.toHexString()}#2`]);
  });

  it('a record’s events reach consumers in seq order even when the later one is copied first', async () => {
    const id = await makeThing();
    const second = await writeWithMark<Thing>(things, { _id: id }, { $inc: { n: 1 } }, { type: 'thing.bumped', data: {} }, clock.now());
    const third = await writeWithMark<Thing>(things, { _id: id }, { $inc: { n: 1 } }, { type: 'thing.bumped', data: {} }, clock.now());
    // Only seq 3 is copied: it waits for seq 2.
    await publishPending(things, [{ _id: id, pendingEvents: third?.pendingEvents?.filter((m) => m.seq === 3) } as never]);
    await dispatchEvents(ctx());
    expect(handled.other).toEqual([]);
    await publishPending(things, [{ _id: id, pendingEvents: second?.pendingEvents?.filter((m) => m.seq === 2) } as never]);
    await dispatchEvents(ctx());
    expect(handled.other).toEqual([2, 3].map((s) => `thing:${id.toHexString()}#${s}`));
  });

  it('a consumer that fails keeps its place, tries again after a backoff, and resumes from its checkpoint', async () => {
    const id = await makeThing();
    await bump(id);
    failNext = 1;
    await dispatchEvents(ctx());
    expect(handled.counter).toEqual([]);
    expect(handled.other).toHaveLength(1); // the other consumer is not held up
    const state = await ConsumerStateModel.findById('test-counter').lean();
    expect(state?.failing).toMatchObject({ eventId: `thing:${id.toHexString()}#1`, attempts: 1, error: 'the consumer failed' });
    await dispatchEvents(ctx());
    expect(handled.counter).toEqual([]); // not before its retry time
    clock.advance(11_000);
    await dispatchEvents(ctx());
    expect(handled.counter).toEqual([1, 2].map((s) => `thing:${id.toHexString()}#${s}`));
    expect((await ConsumerStateModel.findById('test-counter').lean())?.failing).toBeNull();
  });
});

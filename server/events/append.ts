import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { EventModel, type PendingEvent } from './events.model.js';

/**
 * Writing an event with the state change it describes, without multi-document transactions
 * (decision 0014). The record's update carries the change, `$inc`s its `eventSeq` and pushes the
 * event as a pending mark, all in ONE document update. Then the event is inserted in `events` under
 * `${stream}#${seq}` (a second insert of the same id is a no-op) and the mark is pulled. A process
 * that dies between the two leaves the mark, which the repair job copies later: nothing lost, nothing
 * doubled. The next seq is taken by compare-and-set on `eventSeq` (the MongoDB-wire dev server has
 * no pipeline updates), so two writers of one record never take the same number or leave a gap.
 */
export interface EventDraft {
  type: string;
  hospitalId?: { toString(): string } | null;
  organisationId?: { toString(): string } | null;
  actorUserId?: string | null;
  /** Ids and codes only, never patient-identifying values. */
  data: Record<string, unknown>;
}

export interface EventSource {
  /** The stream's record kind: events of record `id` go to stream `${prefix}:${id}`. */
  prefix: string;
  model: Model<never>;
}

export interface EventBearing {
  _id: { toString(): string };
  eventSeq?: number;
  pendingEvents?: PendingEvent[];
}

const sources = new Map<string, EventSource>();

/** The records of a kind that carry events; registered at import so the repair job knows them. */
export function eventSource(prefix: string, model: Model<never>): EventSource {
  const known = sources.get(prefix);
  if (known && known.model.collection.collectionName !== model.collection.collectionName) throw new Error(`event source ${prefix} registered for two collections`);
  const source = known ?? { prefix, model };
  sources.set(prefix, source);
  return source;
}

export function eventSources(): readonly EventSource[] {
  return [...sources.values()];
}

const streamOf = (source: EventSource, id: { toString(): string }): string => `${source.prefix}:${id.toString()}`;
const coll = (source: EventSource): Collection<Document> => source.model.collection as unknown as Collection<Document>;

function mark(stream: string, seq: number, draft: EventDraft, at: Date): PendingEvent {
  return {
    stream,
    seq,
    type: draft.type,
    at,
    hospitalId: draft.hospitalId ? draft.hospitalId.toString() : null,
    organisationId: draft.organisationId ? draft.organisationId.toString() : null,
    actorUserId: draft.actorUserId ?? null,
    data: draft.data,
  };
}

/** A new record, to be inserted carrying its first event (seq 1) as a pending mark. */
export function withFirstEvent<T extends { _id: { toString(): string } }>(source: EventSource, doc: T, draft: EventDraft, at: Date): T & { eventSeq: number; pendingEvents: PendingEvent[] } {
  return { ...doc, eventSeq: 1, pendingEvents: [mark(streamOf(source, doc._id), 1, draft, at)] };
}

const MAX_CAS_ATTEMPTS = 50;

/**
 * Applies `update` to the one record matching `filter` together with the event, and publishes the
 * event. Null when no record matches the filter (the caller's condition, e.g. "still active").
 */
export async function updateWithEvent<T extends EventBearing>(source: EventSource, filter: Filter<Document>, update: UpdateFilter<Document>, draft: EventDraft, at: Date, log?: Logger): Promise<T | null> {
  const updated = await writeWithMark<T>(source, filter, update, draft, at);
  if (updated) await publishPending(source, [updated], log);
  return updated;
}

/**
 * The first step alone: the state change and the pending mark in one document update. A process
 * that stops right after it leaves the mark for the repair job (tests simulate that with it).
 */
export async function writeWithMark<T extends EventBearing>(source: EventSource, filter: Filter<Document>, update: UpdateFilter<Document>, draft: EventDraft, at: Date): Promise<T | null> {
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt += 1) {
    const current = await coll(source).findOne(filter, { projection: { eventSeq: 1 } });
    if (!current) return null;
    const seq = ((current.eventSeq as number | undefined) ?? 0) + 1;
    const pending = mark(streamOf(source, current._id as { toString(): string }), seq, draft, at);
    const updated = await coll(source).findOneAndUpdate(
      { ...filter, _id: current._id, eventSeq: seq === 1 ? null : seq - 1 },
      { ...update, $set: { ...(update.$set ?? {}), eventSeq: seq }, $push: { pendingEvents: pending } } as unknown as UpdateFilter<Document>,
      { returnDocument: 'after' },
    );
    if (updated) return updated as unknown as T;
    // Another writer took this number (or the record no longer matches): read again.
  }
  throw new Error(`could not append an event to ${source.prefix} records: too many concurrent writers`);
}

/**
 * Copies records' pending marks to `events` and pulls them. Safe to run twice or concurrently:
 * the insert is keyed by the event id and the pull by seq. A failure here loses nothing (the
 * marks stay for the repair job), so it is logged, not thrown: the state change did happen.
 */
export async function publishPending(source: EventSource, docs: EventBearing[], log?: Logger): Promise<void> {
  const marks = docs.flatMap((d) => (d.pendingEvents ?? []).map((m) => ({ id: d._id, m })));
  if (marks.length === 0) return;
  try {
    await insertEvents(marks.map((x) => x.m));
    await coll(source).bulkWrite(
      marks.map(({ id, m }) => ({ updateOne: { filter: { _id: id }, update: { $pull: { pendingEvents: { seq: m.seq } } } } })) as never,
      { ordered: false },
    );
  } catch (err) {
    log?.warn({ err, source: source.prefix, records: docs.map((d) => d._id.toString()) }, 'events not published yet: the repair job will');
  }
}

async function insertEvents(marks: PendingEvent[]): Promise<void> {
  try {
    await EventModel.insertMany(
      marks.map((m) => ({ _id: `${m.stream}#${m.seq}`, ...m, unsequenced: true })),
      { ordered: false, lean: true },
    );
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
    const onlyDuplicates = writeErrors?.length ? writeErrors.every((e) => (e.code ?? e.err?.code) === 11000) : isDuplicateKey(err);
    if (!onlyDuplicates) throw err;
  }
}

const indexed = new Set<string>();

/** Only records with marks are in this sparse index, so the repair's look is cheap however many records there are. */
async function ensureRepairIndex(source: EventSource): Promise<void> {
  if (indexed.has(source.prefix)) return;
  await coll(source).createIndex({ 'pendingEvents.at': 1 }, { sparse: true, name: 'pending_events' });
  indexed.add(source.prefix);
}

/** Copies every mark older than `before` (a writer that died between its two steps). Returns how many. */
export async function repairPendingEvents(before: Date, log?: Logger, limit = 500): Promise<number> {
  let repaired = 0;
  for (const source of eventSources()) {
    await ensureRepairIndex(source);
    const docs = (await coll(source)
      .find({ pendingEvents: { $elemMatch: { at: { $lte: before } } } }, { projection: { pendingEvents: 1 } })
      .limit(limit)
      .toArray()) as unknown as EventBearing[];
    if (docs.length === 0) continue;
    const old = docs.map((d) => ({ ...d, pendingEvents: (d.pendingEvents ?? []).filter((m) => m.at <= before) }));
    await publishPending(source, old, log);
    repaired += old.reduce((n, d) => n + (d.pendingEvents?.length ?? 0), 0);
  }
  if (repaired > 0) log?.warn({ repaired }, 'events repaired: a writer stopped between its state change and its event');
  return repaired;
}

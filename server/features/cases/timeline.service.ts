import type { Types } from 'mongoose';
import { vietnamDayOf } from '../../clock.js';
import { badRequest } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { peopleNamed, personOf } from './timeline.case.js';
import type { TimelineItem, TimelinePage } from './timeline.schemas.js';

/**
 * The case timeline (issue 10, point 2): one list merging what several sources know about the case
 * (notes, the case's events, screenings and flags, consents, attachments; later referrals and
 * funding through `registerTimelineSource`), newest first, keyset-paged on (at, id). Entries carry
 * codes and ids; the client words them.
 */
export interface TimelineScope {
  caseId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  /** The request's time (a note's lock is shown against it). */
  now: Date;
}

/** Where a page starts: strictly after the entry (at, id) in newest-first order. */
export interface TimelineKey {
  at: Date;
  id: string;
}

/** A source's entry: the item without its derived parts (day, actor's name). */
export type TimelineEntry = DistributiveOmit<TimelineItem, 'at' | 'day' | 'actor'> & { at: Date; actorId: string | null };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A source answers the entries of a time range: `{ before }` (strictly older, newest first, at
 * most `limit`) or `{ at }` (every entry at that instant: the ties of a page boundary).
 */
export interface TimelineSource {
  entries(scope: TimelineScope, range: { before?: Date; at?: Date }, limit: number): Promise<TimelineEntry[]>;
}

const sources = new Map<string, TimelineSource>();

/** Registers a source under a unique name; returns a function that removes it (tests). */
export function registerTimelineSource(name: string, source: TimelineSource): () => void {
  if (sources.has(name)) throw new Error(`timeline source ${name} is registered twice`);
  sources.set(name, source);
  return () => sources.delete(name);
}

/** Newest first; ties on the instant broken by id, highest first (the cursor's order). */
export const newestFirst = (a: { at: Date; id: string }, b: { at: Date; id: string }): number =>
  b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const isAfterKey = (e: { at: Date; id: string }, key: TimelineKey | null): boolean => !key || newestFirst(key, e) < 0;

/**
 * One source's candidates for a page after `key`: its ties at the key's instant that come after
 * the key, then `limit + 1` older ones and every tie of the oldest of those (so a page cut inside
 * a run of equal instants never skips one).
 */
async function candidates(source: TimelineSource, scope: TimelineScope, key: TimelineKey | null, limit: number): Promise<TimelineEntry[]> {
  const ties = key ? (await source.entries(scope, { at: key.at }, 0)).filter((e) => isAfterKey(e, key)) : [];
  const older = await source.entries(scope, key ? { before: key.at } : {}, limit + 1);
  const oldest = older[older.length - 1];
  const boundary = oldest && older.length > limit ? await source.entries(scope, { at: oldest.at }, 0) : [];
  const seen = new Map<string, TimelineEntry>();
  for (const e of [...ties, ...older, ...boundary]) seen.set(e.id, e);
  return [...seen.values()];
}

export async function timelinePage(scope: TimelineScope, q: { limit: number; cursor?: string }): Promise<TimelinePage> {
  const key = q.cursor ? keyOf(q.cursor) : null;
  const all = (await Promise.all([...sources.values()].map((s) => candidates(s, scope, key, q.limit)))).flat().sort(newestFirst);
  const kept = all.slice(0, q.limit);
  const people = await peopleNamed(kept.flatMap((e) => (e.actorId ? [e.actorId] : [])));
  const last = kept[kept.length - 1];
  return {
    data: kept.map((e) => toItem(e, people)),
    nextCursor: all.length > q.limit && last ? encodeCursor({ at: last.at.toISOString(), id: last.id }) : null,
  };
}

const USER_ID = /^[a-f0-9]{24}$/;

function toItem(e: TimelineEntry, people: Map<string, { id: string; name: string | null }>): TimelineItem {
  const { actorId, at, ...rest } = e;
  // A person, or null for the system (a census sync's screening, a job): those actors are no user ids.
  return { ...rest, at: at.toISOString(), day: vietnamDayOf(at), actor: actorId && USER_ID.test(actorId) ? personOf(people, actorId) : null } as TimelineItem;
}

function keyOf(cursor: string): TimelineKey {
  const { at, id } = decodeCursor(cursor);
  const when = typeof at === 'string' ? new Date(at) : null;
  if (!when || Number.isNaN(when.getTime()) || typeof id !== 'string') {
    throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
  }
  return { at: when, id };
}

import { EventModel, toDomainEvent, type DomainEvent, type EventRecord } from './events.model.js';

/**
 * Reading events back (a read API only: features never write `events` directly). The case
 * timeline shows a record's stream, newest first, keyset-paged on the event's time.
 */
export interface EventQuery {
  /** One stream, e.g. `case:665f…` (served by the (stream, seq) index). */
  stream?: string;
  /** Or every stream of a record kind, e.g. `consent` (an anchored prefix on the same index). */
  streamKind?: string;
  types?: readonly string[];
  /** Equality on data fields (ids and codes), e.g. `{ caseId }`. */
  data?: Record<string, string>;
}

export interface TimeRange {
  before?: Date;
  at?: Date;
}

/** Events matching the query in the time range, newest first (then highest seq), at most `limit`. */
export async function findEvents(query: EventQuery, range: TimeRange = {}, limit = 0): Promise<DomainEvent[]> {
  const filter: Record<string, unknown> = {};
  if (query.stream) filter.stream = query.stream;
  else if (query.streamKind) filter.stream = { $regex: `^${query.streamKind.replace(/[^a-z0-9-]/gi, '')}:` };
  if (query.types) filter.type = { $in: query.types };
  for (const [k, v] of Object.entries(query.data ?? {})) filter[`data.${k}`] = v;
  if (range.at) filter.at = range.at;
  else if (range.before) filter.at = { $lt: range.before };
  const rows = await EventModel.find(filter).sort({ at: -1, seq: -1 }).limit(limit).lean<EventRecord[]>();
  return rows.map(toDomainEvent);
}

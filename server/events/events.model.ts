import mongoose, { Schema } from 'mongoose';

/**
 * Domain events (issue 9, point 2; decision 0014). Append-only: an event is inserted once under
 * its id `${stream}#${seq}` and never changed, except that the sequencer gives it its `position`
 * once (see sequencer.ts). `seq` counts the events of one record (its stream) from 1 without gaps;
 * the unique index on (stream, seq) refuses a second event with the same number.
 */
export interface DomainEvent {
  /** `${stream}#${seq}`, unique: doubles as the idempotency key of every consumer. */
  id: string;
  /** Record kind and id, e.g. 'flag:665f…'. */
  stream: string;
  seq: number;
  type: string;
  /** From the clock of the process that made the change. */
  at: Date;
  hospitalId: string | null;
  organisationId: string | null;
  actorUserId: string | null;
  /** Ids and codes only: never names, card numbers or other patient-identifying values. */
  data: Record<string, unknown>;
}

/** An event as the emitting record carries it until it is copied to `events` (the pending mark). */
export type PendingEvent = Omit<DomainEvent, 'id'>;

export interface EventRecord extends Omit<DomainEvent, 'id'> {
  _id: string;
  /** Place in the one order consumers read; set by the sequencer after the event is visible. */
  position?: number;
  /** Present (true) until the sequencer has given the event its position. */
  unsequenced?: true;
}

const eventSchema = new Schema<EventRecord>(
  {
    _id: String,
    stream: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    hospitalId: { type: String, default: null },
    organisationId: { type: String, default: null },
    actorUserId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
    position: { type: Number },
    unsequenced: { type: Boolean },
  },
  { collection: 'events', versionKey: false, minimize: false },
);
eventSchema.index({ stream: 1, seq: 1 }, { unique: true });
eventSchema.index({ position: 1 }, { unique: true, sparse: true });
eventSchema.index({ unsequenced: 1 }, { sparse: true });
export const EventModel = mongoose.model<EventRecord>('DomainEvent', eventSchema);

/**
 * Where one consumer stands: every event at or below `checkpoint` (a position) is done.
 * `failing` holds the event it could not handle yet, with its attempts and when to try again.
 */
export interface ConsumerStateRecord {
  _id: string;
  checkpoint: number;
  failing: { eventId: string; attempts: number; retryAt: Date; error: string } | null;
  /** Events given up on after too many attempts (ids), newest last; an operator looks at them. */
  parked: string[];
  updatedAt: Date | null;
}

export const ConsumerStateModel = mongoose.model<ConsumerStateRecord>(
  'EventConsumerState',
  new Schema<ConsumerStateRecord>(
    {
      _id: String,
      checkpoint: { type: Number, default: 0 },
      failing: { type: Schema.Types.Mixed, default: null },
      parked: { type: [String], default: [] },
      updatedAt: { type: Date, default: null },
    },
    { collection: 'event_consumers', versionKey: false, minimize: false },
  ),
);

export function toDomainEvent(r: EventRecord): DomainEvent {
  return { id: r._id, stream: r.stream, seq: r.seq, type: r.type, at: r.at, hospitalId: r.hospitalId, organisationId: r.organisationId, actorUserId: r.actorUserId, data: r.data };
}

/** Domain events: what features use (decision 0014). */
export type { DomainEvent } from './events.model.js';
export { eventSource, publishPending, repairPendingEvents, updateWithEvent, withFirstEvent, writeWithMark, type EventDraft, type EventSource } from './append.js';
export { dispatchEvents, registerConsumer, type ConsumerDef } from './dispatch.js';

/**
 * In-process signals of background work (decision 0015): a job run finished, a census sync saved
 * a page or ended, an outbox entry was queued or attempted, events were sequenced or a consumer's
 * checkpoint moved. Emitted by the process that did the work, AFTER its writes, so whoever hears
 * one and reads the database sees what it announces. Tests wait on them instead of sleeping
 * between reads (test/setup/wait.ts); the service itself listens to none.
 *
 * Signals carry ids and counts only, never patient data. With no listener an emit is one size
 * check: production pays nothing. A listener that throws is ignored: it must never break the work.
 */
export type JobOutcome = 'ok' | 'failed' | 'not-run';

export type Signal =
  /** A job run ended (ok or failed), or was not run (another owner held its lease, or it was not due). */
  | { kind: 'job.finished'; job: string; owner: string; outcome: JobOutcome }
  /** A census sync run changed: queued, claimed by a worker, a page saved, put back in the queue, or ended (succeeded or failed). */
  | { kind: 'sync.queued' | 'sync.claimed' | 'sync.page-saved' | 'sync.requeued' | 'sync.ended'; runId: string; hospitalId: string }
  /** An outbox entry was stored (and shown on its subject), or an attempt at it ended (sent, failed, pending again). */
  | { kind: 'outbox.queued' | 'outbox.attempted'; outboxId: string; subjectId: string }
  /** The sequencer gave `count` events their positions. */
  | { kind: 'events.sequenced'; count: number }
  /** A consumer's checkpoint moved to `checkpoint`. */
  | { kind: 'events.consumed'; consumer: string; checkpoint: number }
  /** A case attachment's upload stopped (refused, or its sender went away) and what it had stored is deleted. */
  | { kind: 'attachment.upload-abandoned' };

export type SignalKind = Signal['kind'];
export type SignalListener = (s: Signal) => void;

const listeners = new Set<SignalListener>();

export function emitSignal(s: Signal): void {
  if (listeners.size === 0) return;
  for (const listener of [...listeners]) {
    try {
      listener(s);
    } catch {
      // A listener's mistake is its own: the work that emitted goes on.
    }
  }
}

/** Calls `listener` on every signal from now on; returns the unsubscribe. */
export function onSignal(listener: SignalListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Calls `listener` when a job run finishes (each outcome, `not-run` included); returns the unsubscribe. */
export function onJobFinished(listener: (s: Extract<Signal, { kind: 'job.finished' }>) => void): () => void {
  return onSignal((s) => {
    if (s.kind === 'job.finished') listener(s);
  });
}

/** How many listeners there are now (tests check that waits unsubscribe). */
export function signalListenerCount(): number {
  return listeners.size;
}

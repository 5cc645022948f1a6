import { performance } from 'node:perf_hooks';
import { onSignal, type Signal } from '../../server/jobs/signals.js';

/**
 * Waiting for background work without sleeping (decision 0015, "Signals"). The work signals in
 * this process when it has written something (server/jobs/signals.ts); a wait reads the state,
 * and while it is not yet as wanted, waits for the next signal it cares about and reads again.
 * It listens BEFORE each read, so a signal given while the read is under way is never missed
 * (the state is then read again at once). Bounded: after `timeoutMs` it fails with the last state
 * it read. A wait therefore takes as long as the work, never a guessed interval more.
 */
export type SignalFilter = (s: Signal) => boolean;

export interface WaitOptions<T> {
  /** What is waited for, for the failure message ("the flag sent"). */
  what?: string;
  /** Default 30 s: well above any one piece of work the tests start, well below the test timeout. */
  timeoutMs?: number;
  /** How the last state read is shown in the failure message; JSON by default. */
  show?: (v: T) => string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function showJson(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** Reads until `done` holds, waking on the signals `on` accepts; the state read last, or a failure with it. */
export async function untilSignalled<T>(read: () => Promise<T> | T, done: (v: T) => boolean, on: SignalFilter, opts: WaitOptions<T> = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = performance.now() + timeoutMs;
  let heard = 0;
  let wake: (() => void) | null = null;
  const off = onSignal((s) => {
    if (!on(s)) return;
    heard += 1;
    wake?.();
  });
  /** True at the next signal `on` accepts, false when `ms` passed first. */
  const nextHeard = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve(false);
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve(true);
      };
    });
  try {
    for (;;) {
      const before = heard;
      const v = await read();
      if (done(v)) return v;
      const left = deadline - performance.now();
      // A signal heard during the read: read again at once (the read may have begun before its write).
      if (left <= 0 || (heard === before && !(await nextHeard(left)))) {
        throw new Error(`not ${opts.what ?? 'as expected'} within ${timeoutMs} ms; last read: ${(opts.show ?? showJson)(v)}`);
      }
    }
  } finally {
    off();
  }
}

/** The promise's value, or a failure naming `what` once `timeoutMs` has passed (for a test's own job that resolves a promise). */
export async function within<T>(promise: Promise<T>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise and its resolve, for a test's own job to say "I began". */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The signals tests wait on, by the work they announce. */
export const heard = {
  /** A job run of one of these names finished (any outcome). */
  job: (...names: string[]): SignalFilter => (s) => s.kind === 'job.finished' && names.includes(s.job),
  /** A census sync run changed (queued, claimed, page saved, requeued, ended); this run's only when given. */
  sync: (runId?: string): SignalFilter => (s) => s.kind.startsWith('sync.') && 'runId' in s && (!runId || s.runId === runId),
  /** An outbox entry was queued or attempted; for this subject (e.g. a flag) only when given. */
  outbox: (subjectId?: string): SignalFilter => (s) => (s.kind === 'outbox.queued' || s.kind === 'outbox.attempted') && (!subjectId || s.subjectId === subjectId),
  /** This consumer's checkpoint moved. */
  consumed: (consumer: string): SignalFilter => (s) => s.kind === 'events.consumed' && s.consumer === consumer,
  /** The sequencer placed events. */
  sequenced: (): SignalFilter => (s) => s.kind === 'events.sequenced',
};

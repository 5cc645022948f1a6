import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emitSignal, signalListenerCount } from '../../../server/jobs/signals.js';
import { heard, untilSignalled } from '../../setup/wait.js';

/**
 * Tests wait for background work on the signals the work gives (test/setup/wait.ts), never by
 * sleeping between reads: the helper's own guarantees, and a scan of every test file for sleeps.
 */
afterEach(() => expect(signalListenerCount()).toBe(0));

describe('untilSignalled', () => {
  it('returns the first read that is done, without waiting for any signal', async () => {
    expect(await untilSignalled(() => 'ready', (v) => v === 'ready', () => true, { timeoutMs: 60_000 })).toBe('ready');
  });

  it('misses no signal given while a read is under way: it listens before it reads, and reads again at once', async () => {
    let state = 'working';
    let reads = 0;
    const read = async (): Promise<string> => {
      reads += 1;
      const before = state;
      // The work finishes and signals after this read took its value: the value read is already stale.
      state = 'done';
      emitSignal({ kind: 'events.sequenced', count: 1 });
      return before;
    };
    // Were the signal missed, this would wait the whole bound (past the test's timeout) and fail.
    expect(await untilSignalled(read, (v) => v === 'done', heard.sequenced(), { timeoutMs: 60_000 })).toBe('done');
    expect(reads).toBe(2);
  });

  it('reads again only on the signals it was given; fails with what it waited for and the last state it read', async () => {
    let reads = 0;
    const waiting = untilSignalled(async () => (reads += 1), (n) => n >= 3, heard.consumed('the-consumer'), { what: 'read three times', timeoutMs: 300 });
    emitSignal({ kind: 'events.consumed', consumer: 'another-consumer', checkpoint: 1 });
    emitSignal({ kind: 'job.finished', job: 'some.job', owner: 'w', outcome: 'ok' });
    await expect(waiting).rejects.toThrow('not read three times within 300 ms; last read: 1');
    expect(reads).toBe(1);
  });

  it('wakes on each signal it was given and stops listening when done', async () => {
    let reads = 0;
    const waiting = untilSignalled(async () => (reads += 1), (n) => n >= 3, heard.sync('run-1'), { timeoutMs: 60_000 });
    for (let i = 0; i < 5 && reads < 3; i++) {
      await new Promise<void>((r) => setImmediate(r));
      emitSignal({ kind: 'sync.page-saved', runId: 'run-1', hospitalId: 'h' });
    }
    expect(await waiting).toBe(3);
  });
});

/**
 * Every sleep left in the tests, with why it is not a wait for work. A new one fails here: wait on
 * the work's signal (test/setup/wait.ts), a child process's output or exit, a promise of the test's
 * own job, or in a browser on the response or the element.
 */
const ALLOWED: Record<string, { count: number; why: string }> = {
  'setup/forgetful-proxy.ts': { count: 1, why: 'a slow FHIR server: the delay is the fault under test' },
  'server/screening/write-back.test.ts': { count: 1, why: 'a busy hospital server holding each transaction: the delay is the condition under test' },
  'server/shutdown.test.ts': { count: 1, why: 'processes that are not the test’s children (tsx, the service, the database JVM): the OS tells only their parents when they end' },
  'server/jobs/worker-process.test.ts': { count: 1, why: 'the worker is npm’s grandchild, not the test’s child: the OS tells only its parent when it ends' },
  'fhir-contract/hapi.ts': { count: 1, why: 'HAPI FHIR starting in a JVM of its own: its readiness is asked of its HTTP port' },
};
const SLEEP = /setTimeout\(r\b|setTimeout\(resolve\b|waitForTimeout\(|\bsleep\(|timers\/promises/g;

describe('the tests', () => {
  it('wait for work on its signals, not by sleeping (only the listed sleeps remain, each for a stated reason)', () => {
    const root = join(import.meta.dirname, '../..');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.tsx?$/.test(n) ? [join(dir, n)] : []));
    })(root);
    const self = relative(root, import.meta.filename);
    const found = Object.fromEntries(
      files
        .map((f) => [relative(root, f), (readFileSync(f, 'utf8').match(SLEEP) ?? []).length] as const)
        .filter(([f, n]) => n > 0 && f !== self),
    );
    const how = 'a new sleep in a test: wait on the work’s signal (test/setup/wait.ts), or in a browser on the response, the element or animationsSettled (test/e2e/harness.ts); or list it in ALLOWED with why it is not a wait for work';
    expect(found, how).toEqual(Object.fromEntries(Object.entries(ALLOWED).map(([f, a]) => [f, a.count])));
  });
});

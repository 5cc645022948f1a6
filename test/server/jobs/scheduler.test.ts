import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { acquireLease, leaseHolder } from '../../../server/db/lease.js';
import { JobStateModel } from '../../../server/jobs/job-state.model.js';
import { createScheduler, registerJob, runJobIfDue, runJobNow, type JobContext, type Scheduler } from '../../../server/jobs/scheduler.js';
import { createLogger } from '../../../server/logger.js';
import { startTestApp } from '../../setup/test-app.js';
import { deferred, heard, untilSignalled, within } from '../../setup/wait.js';

/**
 * The scheduler on a real database: each job under its lease, due times shared between
 * schedulers, a dead holder's lease taken over, stop and lease loss reaching the job's signal.
 * Time is a settable clock; waits read the database (or a counter) again at each job run's finish
 * signal (test/setup/wait.ts), or await a promise the test's own job resolves; bounded, never a sleep.
 */
const t = await startTestApp();
const log = createLogger('silent');
const runs = (): mongoose.mongo.Collection => mongoose.connection.collection('test_job_runs');
const started: Scheduler[] = [];

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await t.close();
});

/** Reads `ok` again each time a run of one of `jobs` finishes, until it holds; fails after 15 s. */
async function until(what: string, jobs: string[], ok: () => boolean | Promise<boolean>): Promise<void> {
  await untilSignalled(ok, (v) => v, heard.job(...jobs), { what, timeoutMs: 15_000 });
}

/** A per-owner job that counts the scheduler's looks, so a test can wait until each has had many chances. */
function ticker(name: string): { name: string; count: () => number } {
  let n = 0;
  registerJob({ name, everyMs: 1, perOwner: true, run: async () => void (n += 1) });
  return { name, count: () => n };
}

function start(owner: string, clock: ReturnType<typeof settableClock>, only: string[]): Scheduler {
  const s = createScheduler({ owner, clock, log, tickMs: 5, pollMs: 5, only });
  s.start();
  started.push(s);
  return s;
}

const ctxOf = (owner: string, clock = settableClock('2026-12-07T01:00:00Z')): JobContext => ({ owner, clock, log, signal: new AbortController().signal });

describe('runJobNow', () => {
  it('runs a job under its lease: false while another owner holds it, true once that lease expired; the lease is let go after', async () => {
    let ran = 0;
    registerJob({ name: 'test.now', everyMs: 60_000, run: async () => void (ran += 1) });
    const clock = settableClock('2026-12-07T01:00:00Z');
    expect(await acquireLease('job:test.now', 'someone-else', 60_000, clock.now())).toBe(true);
    expect(await runJobNow('test.now', ctxOf('me', clock))).toBe(false);
    expect(ran).toBe(0);
    clock.advance(60_001);
    expect(await runJobNow('test.now', ctxOf('me', clock))).toBe(true);
    expect(ran).toBe(1);
    expect(await leaseHolder('job:test.now', clock.now())).toBeNull();
    expect(await JobStateModel.findById('test.now').lean()).toMatchObject({ lastOwner: 'me', lastOutcome: 'ok', runs: 1, nextRunAt: new Date(clock.now().getTime() + 60_000) });
  });

  it('runJobIfDue: a job one owner ran is not due for another until its period has passed (checked under the lease)', async () => {
    let ran = 0;
    registerJob({ name: 'test.due', everyMs: 60_000, run: async () => void (ran += 1) });
    const clock = settableClock('2026-12-07T02:00:00Z');
    expect(await runJobIfDue('test.due', ctxOf('a', clock))).toBe(true);
    expect(await runJobIfDue('test.due', ctxOf('b', clock))).toBe(false);
    clock.advance(59_999);
    expect(await runJobIfDue('test.due', ctxOf('b', clock))).toBe(false);
    clock.advance(1);
    expect(await runJobIfDue('test.due', ctxOf('b', clock))).toBe(true);
    expect(ran).toBe(2);
  });

  it('refuses a second job of the same name', () => {
    registerJob({ name: 'test.once', everyMs: 1000, run: async () => {} });
    expect(() => registerJob({ name: 'test.once', everyMs: 1000, run: async () => {} })).toThrow(/registered twice/);
  });
});

describe('two schedulers with different owners on one database', () => {
  it('run a shared job once per period, never twice, none missed, whoever of the two takes it', async () => {
    const clock = settableClock('2026-12-07T01:00:00Z');
    registerJob({
      name: 'test.shared',
      everyMs: 60_000,
      run: async (ctx) => void (await runs().insertOne({ job: 'test.shared', owner: ctx.owner, at: ctx.clock.now() })),
    });
    const [a, b] = [ticker('test.tick-a'), ticker('test.tick-b')];
    start('scheduler-a', clock, ['test.shared', a.name]);
    start('scheduler-b', clock, ['test.shared', b.name]);
    const count = (): Promise<number> => runs().countDocuments({ job: 'test.shared' });
    const periods = 8;
    for (let k = 1; k <= periods; k++) {
      await until(`run ${k} done`, ['test.shared'], async () => (await count()) === k);
      // Both schedulers look again many times within the same period: none may run it twice.
      const [ta, tb] = [a.count(), b.count()];
      await until('both schedulers looked 10 more times', [a.name, b.name], () => a.count() >= ta + 10 && b.count() >= tb + 10);
      expect(await count()).toBe(k);
      clock.advance(60_000);
    }
    const done = await runs().find({ job: 'test.shared' }).toArray();
    // One run per period (the clock moved a period each time), in order.
    expect(done.map((r) => (r.at as Date).getTime())).toEqual(Array.from({ length: periods }, (_, i) => Date.parse('2026-12-07T01:00:00Z') + i * 60_000));
    expect(new Set(done.map((r) => r.owner as string)).size).toBeGreaterThanOrEqual(1);
  });

  it("take over a job whose holder died: not before its lease expires, at once after", async () => {
    const clock = settableClock('2026-12-08T01:00:00Z');
    registerJob({ name: 'test.takeover', everyMs: 60_000, leaseMs: 30_000, run: async (ctx) => void (await runs().insertOne({ job: 'test.takeover', owner: ctx.owner })) });
    // A holder that took the lease and died without letting it go.
    expect(await acquireLease('job:test.takeover', 'dead-worker', 30_000, clock.now())).toBe(true);
    const tick = ticker('test.tick-c');
    start('scheduler-c', clock, ['test.takeover', tick.name]);
    await until('the scheduler looked 20 times', [tick.name], () => tick.count() >= 20);
    expect(await runs().countDocuments({ job: 'test.takeover' })).toBe(0);
    clock.advance(30_001);
    await until('taken over', ['test.takeover'], async () => (await runs().countDocuments({ job: 'test.takeover' })) === 1);
    expect(await runs().findOne({ job: 'test.takeover' })).toMatchObject({ owner: 'scheduler-c' });
  });
});

describe("a job's signal", () => {
  it('aborts when the scheduler stops, and stop waits for the job to end', async () => {
    const clock = settableClock('2026-12-09T01:00:00Z');
    const order: string[] = [];
    const began = deferred();
    registerJob({
      name: 'test.long',
      everyMs: 60_000,
      run: async (ctx) => {
        began.resolve();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        order.push('job saw the stop');
      },
    });
    const s = createScheduler({ owner: 'scheduler-d', clock, log, tickMs: 5, only: ['test.long'] });
    s.start();
    await within(began.promise, 'the job began', 15_000);
    await s.stop();
    order.push('stop returned');
    expect(order).toEqual(['job saw the stop', 'stop returned']);
    expect(await leaseHolder('job:test.long', clock.now())).toBeNull();
  });

  it('aborts when another owner took the lease (the holder was too slow to renew it); the loser records no run', async () => {
    const clock = settableClock('2026-12-10T01:00:00Z');
    const began = deferred();
    const sawLoss = deferred();
    registerJob({
      name: 'test.lost',
      everyMs: 60_000,
      leaseMs: 150, // renewed every 50 ms
      run: async (ctx) => {
        began.resolve();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        sawLoss.resolve();
      },
    });
    const s = start('scheduler-e', clock, ['test.lost']);
    await within(began.promise, 'the job began', 15_000);
    // Another owner, whose clock is past the lease's expiry, takes it.
    expect(await acquireLease('job:test.lost', 'thief', 60_000, new Date(clock.now().getTime() + 1_000))).toBe(true);
    await within(sawLoss.promise, 'the job saw the loss', 15_000);
    await s.stop();
    expect(await JobStateModel.findById('test.lost').lean()).toBeNull();
  });
});

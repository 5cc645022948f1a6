import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { acquireLease, releaseLease, renewLease } from '../db/lease.js';
import { JobStateModel } from './job-state.model.js';
import { emitSignal, type JobOutcome } from './signals.js';

/**
 * The one scheduler for periodic work (issue 9, point 2; decision 0015). Features register jobs at
 * import time (`<feature>.jobs.ts`, listed in all-jobs.ts); a worker process runs the scheduler.
 *
 * Each job runs under a MongoDB lease named after it, renewed while it runs (a heartbeat), so two
 * workers or service instances never run the same job at once, and a dead holder's lease expires
 * and the job is taken over. When a job is next due is kept in the database (job_state), so a job
 * that ran on one worker is not run again by another within its period. Due times are read from
 * the clock the scheduler was given: a test's settable clock stands the schedule still until moved.
 */
export interface JobContext {
  clock: Clock;
  log: Logger;
  /** Aborted when the scheduler stops or the job's lease is lost: stop at the next safe point. */
  signal: AbortSignal;
  /** Who runs it (a worker or instance id); leases and claims are held in this name. */
  owner: string;
}

export interface JobDef {
  name: string;
  /** The period: the job is due this long (by the clock) after it last finished. */
  everyMs: number;
  /** How long the lease lasts without renewal; renewed every third of it. Default 60 s. */
  leaseMs?: number;
  /**
   * Every worker runs it (each at most once at a time) instead of one worker for all: for jobs
   * whose work items carry their own atomic claim, such as queued sync runs, so several workers
   * share the work. It is a poll for work, not a schedule: its period is counted in the process's
   * own (monotonic) time, so it keeps polling under a test's clock that stands still.
   */
  perOwner?: boolean;
  run(ctx: JobContext): Promise<void>;
}

export const DEFAULT_LEASE_MS = 60_000;
const jobs = new Map<string, JobDef>();

/** Registers a job; at import time. A second job of the same name is a mistake and throws. */
export function registerJob(def: JobDef): void {
  if (!/^[a-z0-9][a-z0-9.:-]*$/.test(def.name)) throw new Error(`job name "${def.name}": lower-case letters, digits, . : -`);
  if (!(def.everyMs > 0)) throw new Error(`job ${def.name}: everyMs must be positive`);
  const existing = jobs.get(def.name);
  if (existing && existing !== def) throw new Error(`job ${def.name} is registered twice`);
  jobs.set(def.name, def);
}

export function registeredJobs(): readonly JobDef[] {
  return [...jobs.values()];
}

/** An id for a worker or service instance: host, process and a random part (two in one process differ). */
export function newOwner(kind: string): string {
  return `${kind}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** Runs a job once now, under its lease, whether due or not. False when another owner holds the lease. */
export async function runJobNow(name: string, ctx: JobContext): Promise<boolean> {
  const def = jobs.get(name);
  if (!def) throw new Error(`no job named ${name}`);
  return runLeased(def, ctx, false);
}

/** Runs a job now if it is due (by the shared due time, checked under its lease), as a scheduler would. False when not run. */
export async function runJobIfDue(name: string, ctx: JobContext): Promise<boolean> {
  const def = jobs.get(name);
  if (!def) throw new Error(`no job named ${name}`);
  return runLeased(def, ctx, true);
}

const leaseKey = (def: JobDef, owner: string): string => (def.perOwner ? `job:${def.name}@${owner}` : `job:${def.name}`);

async function isDue(name: string, now: Date): Promise<boolean> {
  const state = await JobStateModel.findById(name).lean();
  return !state || state.nextRunAt <= now;
}

/** Runs the job under its lease (below), then signals how it ended, after its lease is let go (signals.ts). */
async function runLeased(def: JobDef, ctx: JobContext, onlyIfDue: boolean): Promise<boolean> {
  let outcome: JobOutcome = 'failed';
  try {
    const ran = await runUnderLease(def, ctx, onlyIfDue);
    outcome = ran ? 'ok' : 'not-run';
    return ran;
  } finally {
    emitSignal({ kind: 'job.finished', job: def.name, owner: ctx.owner, outcome });
  }
}

/** Takes the lease, (re)checks that the job is due when asked to, runs it, records it, lets the lease go. */
async function runUnderLease(def: JobDef, ctx: JobContext, onlyIfDue: boolean): Promise<boolean> {
  const leaseMs = def.leaseMs ?? DEFAULT_LEASE_MS;
  const key = leaseKey(def, ctx.owner);
  if (!(await acquireLease(key, ctx.owner, leaseMs, ctx.clock.now()))) return false;
  try {
    // Checked again under the lease: another owner may have run it between our look and our lease.
    if (onlyIfDue && !def.perOwner && !(await isDue(def.name, ctx.clock.now()))) return false;
    await runWithHeartbeat(def, ctx, key, leaseMs);
    return true;
  } finally {
    await releaseLease(key, ctx.owner).catch((err: unknown) => ctx.log.warn({ err, job: def.name }, 'job lease not released; it will expire'));
  }
}

async function runWithHeartbeat(def: JobDef, ctx: JobContext, key: string, leaseMs: number): Promise<void> {
  const lost = new AbortController();
  const beat = setInterval(() => {
    renewLease(key, ctx.owner, leaseMs, ctx.clock.now())
      .then((held) => {
        if (held || lost.signal.aborted) return;
        ctx.log.warn({ job: def.name, owner: ctx.owner }, 'job lease lost: stopping the job');
        lost.abort();
      })
      .catch((err: unknown) => ctx.log.warn({ err, job: def.name }, 'job lease not renewed'));
  }, Math.max(20, Math.floor(leaseMs / 3)));
  const startedAt = ctx.clock.now();
  let outcome: 'ok' | 'failed' = 'failed';
  try {
    await def.run({ ...ctx, signal: AbortSignal.any([ctx.signal, lost.signal]) });
    outcome = 'ok';
  } finally {
    clearInterval(beat);
    if (!def.perOwner && !lost.signal.aborted) await recordRun(def, ctx, startedAt, outcome);
  }
}

async function recordRun(def: JobDef, ctx: JobContext, startedAt: Date, outcome: 'ok' | 'failed'): Promise<void> {
  const finishedAt = ctx.clock.now();
  await JobStateModel.updateOne(
    { _id: def.name },
    {
      $set: { nextRunAt: new Date(finishedAt.getTime() + def.everyMs), lastStartedAt: startedAt, lastFinishedAt: finishedAt, lastOwner: ctx.owner, lastOutcome: outcome },
      $inc: { runs: 1 },
    },
    { upsert: true },
  );
}

export interface SchedulerOptions {
  owner: string;
  clock: Clock;
  log: Logger;
  /** How often (real time) it looks for due jobs. Default 1 s. */
  tickMs?: number;
  /** Only these jobs (tests); all registered jobs by default. */
  only?: readonly string[];
  /** Per-owner jobs poll this often instead of their everyMs (tests: queued syncs are taken at once). */
  pollMs?: number;
}

export interface Scheduler {
  start(): void;
  /** Stops looking for work, asks running jobs to stop (their signal) and waits for them. */
  stop(): Promise<void>;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { owner, clock, log } = opts;
  const tickMs = opts.tickMs ?? 1_000;
  const controller = new AbortController();
  const running = new Map<string, Promise<void>>();
  const localNext = new Map<string, number>(); // per-owner jobs' due times, performance.now() ms
  // Shared jobs' due times as last read: the database is asked again only once one has passed.
  const knownNext = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let state: 'new' | 'started' | 'stopped' = 'new';

  const selected = (): JobDef[] => registeredJobs().filter((d) => !opts.only || opts.only.includes(d.name));

  const dueJobs = async (now: Date): Promise<JobDef[]> => {
    const idle = selected().filter((d) => !running.has(d.name));
    const shared = idle.filter((d) => !d.perOwner && (knownNext.get(d.name) ?? 0) <= now.getTime()).map((d) => d.name);
    const states = shared.length ? await JobStateModel.find({ _id: { $in: shared } }, { nextRunAt: 1 }).lean() : [];
    for (const st of states) knownNext.set(st._id, st.nextRunAt.getTime());
    const dueShared = (name: string): boolean => shared.includes(name) && (knownNext.get(name) ?? 0) <= now.getTime();
    return idle.filter((d) => (d.perOwner ? (localNext.get(d.name) ?? 0) <= performance.now() : dueShared(d.name)));
  };

  const launch = (def: JobDef): void => {
    const ctx: JobContext = { clock, log: log.child({ job: def.name }), signal: controller.signal, owner };
    const done = runLeased(def, ctx, true)
      .catch((err: unknown) => ctx.log.error({ err }, 'job failed'))
      .finally(() => {
        if (def.perOwner) localNext.set(def.name, performance.now() + (opts.pollMs ?? def.everyMs));
        running.delete(def.name);
      })
      .then(() => undefined);
    running.set(def.name, done);
  };

  const tick = async (): Promise<void> => {
    const due = await dueJobs(clock.now());
    for (const def of due) if (state === 'started') launch(def);
  };

  const schedule = (delay: number): void => {
    if (state !== 'started') return;
    timer = setTimeout(() => {
      ticking = tick()
        .catch((err: unknown) => log.warn({ err }, 'scheduler: could not look for due jobs; trying again'))
        .finally(() => {
          ticking = null;
          schedule(tickMs);
        });
    }, delay);
  };

  return {
    start: () => {
      if (state !== 'new') return;
      state = 'started';
      log.info({ owner, jobs: selected().map((d) => d.name) }, 'scheduler started');
      schedule(0);
    },
    stop: async () => {
      if (state === 'stopped') return;
      state = 'stopped';
      if (timer) clearTimeout(timer);
      controller.abort();
      await ticking;
      await Promise.all(running.values());
      log.info({ owner }, 'scheduler stopped');
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { testConfig } from '../server/config.js';
import { connectDatabase } from '../server/db/connection.js';
import { seedDemoNetwork } from '../server/demo/seed-network.js';
import { HospitalModel, type HospitalRecord } from '../server/features/admin/hospitals.model.js';
import { SyncRunModel } from '../server/features/sync/census-sync.model.js';
import { beginSync, findRun, runSync } from '../server/features/sync/census-sync.service.js';
import '../server/jobs/all-jobs.js';
import { configureJobRuntime } from '../server/jobs/runtime.js';
import { createScheduler } from '../server/jobs/scheduler.js';
import { createLogger } from '../server/logger.js';
import { startHospital } from './census-sync.bench.js';

/**
 * Issue 9 point 2: is the API still responsive during a big census sync? GET /api/v1/worklist,
 * `concurrency` requests at a time from a load process of its own, while a full census sync
 * runs (a) on the API's own event loop, as before the worker (an in-process scheduler), and
 * (b) in a separate worker process (`tsx server/worker.ts`). Also with no sync at all, for
 * reference. The worklist is that of the synced hospital (its whole census and flags), the sync
 * a full one each time (the last success forgotten, so every page is read and written again).
 */
export interface Latency {
  requests: number;
  p50: number;
  p95: number;
  max: number;
  errors: number;
  /** The API process's event-loop delay, p99 (ms), while measured. */
  loopDelayP99: number;
}

export interface WorkerBenchResult {
  inpatients: number;
  concurrency: number;
  idle: Latency;
  onApiLoop: Latency & { syncSeconds: number };
  inWorker: Latency & { syncSeconds: number };
}

const PASSWORD = 'bench-demo-password-2026';
const IDLE_MS = 8_000;
const silent = createLogger('silent');

export function latencyLine(l: Latency): string {
  return `p95 ${l.p95.toFixed(0)} ms · p50 ${l.p50.toFixed(0)} ms · max ${l.max.toFixed(0)} ms · ${l.requests} requests${l.errors ? ` (${l.errors} failed)` : ''} · API event-loop delay p99 ${l.loopDelayP99.toFixed(0)} ms`;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : NaN;
}

/** Signs in as the hospital's social worker through the API: the session cookie and CSRF token. */
async function signIn(base: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const first = await fetch(`${base}/api/v1/auth/session`);
  const csrf0 = ((await first.json()) as { csrfToken: string }).csrfToken;
  const cookie0 = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { cookie: cookie0, 'x-csrf-token': csrf0, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie0;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** Runs the load process while `during` runs; the latencies it saw, and the API loop's delay meanwhile. */
async function underLoad(url: string, cookie: string, concurrency: number, during: () => Promise<void>): Promise<Latency> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/worklist-load-process.ts', url, cookie, String(concurrency)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('READY') && resolve());
    child.once('exit', (code) => reject(new Error(`load process exited with ${code}`)));
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  await during();
  delay.disable();
  child.stdin.end();
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { latenciesMs, errors } = JSON.parse(out.slice(out.indexOf('{'))) as { latenciesMs: number[]; errors: number };
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { requests: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN, errors, loopDelayP99: delay.percentile(99) / 1e6 };
}

/** Asks for a full sync through the API and measures the worklist until whoever runs it has ended it. */
async function duringSync(base: string, who: { cookie: string; csrf: string }, h: HospitalRecord, concurrency: number, progress: (line: string) => void): Promise<Latency & { syncSeconds: number }> {
  await SyncRunModel.deleteMany({ hospitalId: h._id }); // no last success: every page is read again
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/hospitals/${h._id.toHexString()}/sync`, { method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
  if (res.status !== 202) throw new Error(`sync not queued: ${res.status} ${await res.text()}`);
  const id = ((await res.json()) as { id: string }).id;
  let syncSeconds = 0;
  let told = t0;
  const latency = await underLoad(`${base}/api/v1/worklist`, who.cookie, concurrency, async () => {
    for (;;) {
      const run = await findRun(id);
      // A long run tells how far it is, so a run that cannot finish still shows its pace.
      if (run && performance.now() - told > 60_000) {
        told = performance.now();
        progress(`      … ${((told - t0) / 1000).toFixed(0)} s: ${run.progress.patients} of ${run.progress.total} patients`);
      }
      if (run?.status === 'succeeded' || run?.status === 'failed') {
        if (run.status === 'failed') throw new Error(`sync failed: ${run.error?.message}`);
        syncSeconds = (performance.now() - t0) / 1000;
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  return { ...latency, syncSeconds };
}

function startWorkerProcess(mongoUri: string, dbName: string): ChildProcess {
  const env = { ...process.env, MONGODB_URI: mongoUri, MONGODB_DB: dbName, DEMO: 'false', SESSION_SECRET: '', FHIR_SECRET_KEY: 'k'.repeat(40), LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  return spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** `progress` gets a line as each part ends (and while a sync runs): a run cut short still tells what it measured. */
export async function benchWorkerSeparation(mongoUri: string, patients: number, concurrency: number, progress: (line: string) => void = () => undefined): Promise<WorkerBenchResult> {
  const fhir = await startHospital(patients);
  const dbName = `bench_worker_${Date.now()}`;
  await connectDatabase(mongoUri, dbName);
  let server: Server | null = null;
  const config = testConfig();
  const handle = createApp({ config, logger: silent });
  try {
    await seedDemoNetwork(PASSWORD);
    await HospitalModel.updateOne({ code: 'BVDKLC' }, { $set: { 'fhir.baseUrl': fhir.baseUrl, 'fhir.enabled': true, 'fhir.authType': 'none', 'fhir.timeoutMs': 60_000 } });
    const h = await HospitalModel.findOne({ code: 'BVDKLC' }).lean<HospitalRecord>();
    if (!h) throw new Error('no BVDKLC');
    const t0 = performance.now();
    const first = await runSync(h, await beginSync(h, 'bench')); // the census and its flags, for the worklist to show
    progress(`    census loaded: ${first.progress.patients} patients (${first.phases[0]?.patients ?? 0} inpatients) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    server = createServer(handle.app);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const who = await signIn(base, 'ctxh.bvdklc');
    const idle = await underLoad(`${base}/api/v1/worklist`, who.cookie, concurrency, () => new Promise((r) => setTimeout(r, IDLE_MS)));
    progress(`    no sync running: ${latencyLine(idle)}`);

    configureJobRuntime(config, silent);
    const inProcess = createScheduler({ owner: 'bench-api-process', clock: systemClock, log: silent });
    inProcess.start();
    const onApiLoop = await duringSync(base, who, h, concurrency, progress);
    await inProcess.stop();
    progress(`    sync on the API's event loop: ${latencyLine(onApiLoop)} · sync ${onApiLoop.syncSeconds.toFixed(1)} s`);

    const worker = startWorkerProcess(mongoUri, dbName);
    const inWorker = await duringSync(base, who, h, concurrency, progress);
    progress(`    sync in a worker process: ${latencyLine(inWorker)} · sync ${inWorker.syncSeconds.toFixed(1)} s`);
    worker.kill('SIGTERM');
    await new Promise<void>((resolve) => (worker.exitCode !== null ? resolve() : worker.once('exit', () => resolve())));
    return { inpatients: first.phases[0]?.patients ?? 0, concurrency, idle, onApiLoop, inWorker };
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await handle.close();
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
    fhir.child.stdin?.end();
  }
}

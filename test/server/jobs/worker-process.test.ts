import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findPatients } from '../../../server/features/patients/patients.service.js';
import { SyncRunModel, type SyncRunRecord } from '../../../server/features/sync/census-sync.model.js';
import { findRun } from '../../../server/features/sync/census-sync.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * The real worker process: `npm run worker` (tsx server/worker.ts) against this test file's
 * database. It claims the sync the API queued and finishes it, logs ids and never a patient's
 * name, and stops cleanly on SIGTERM (npm's too: the worker notices its launcher is gone).
 * The API here runs no worker of its own.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let child: ChildProcess | null = null;
let output = '';

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 60, seed: 77, now: new Date(), limits: { maxCount: 10 } });
});

afterAll(async () => {
  // Only what this file started, if a failed case left it running.
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  await demo?.stop();
  await t.close();
});

/** Resolves once `ok` holds for the output so far (checked on each chunk), or rejects after `timeoutMs` or at the process's exit. */
function printed(ok: (out: string) => RegExpExecArray | boolean | null, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = child as ChildProcess;
    const done = (err?: Error): void => {
      clearTimeout(timer);
      c.stdout?.off('data', check);
      c.off('exit', exited);
      if (err) reject(err);
      else resolve();
    };
    const check = (): void => void (ok(output) && done());
    const exited = (): void => done(new Error(`the worker exited: ${output.slice(-1500)}`));
    const timer = setTimeout(() => done(new Error(`not printed within ${timeoutMs} ms: ${output.slice(-1500)}`)), timeoutMs);
    c.stdout?.on('data', check);
    c.once('exit', exited);
    check();
  });
}

function exitOf(c: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve(c.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not exit within ${timeoutMs} ms`)), timeoutMs);
    c.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Alive and not a zombie (/proc, Linux). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  return existsSync(stat) && readFileSync(stat, 'utf8').slice(readFileSync(stat, 'utf8').lastIndexOf(')') + 2)[0] !== 'Z';
}

async function gone(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (running(pid)) {
    if (performance.now() > deadline) throw new Error(`worker ${pid} still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm run worker', () => {
  it('claims and finishes the sync the API queued, logs no patient names, and stops on SIGTERM', async () => {
    const h = await makeFhirHospital(demo.baseUrl);
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const queued = await sw.agent.post(`/api/v1/hospitals/${h.id}/sync`).set('x-csrf-token', sw.csrf).expect(202);
    expect(queued.body.status).toBe('queued');

    const env = { ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: t.dbName, DEMO: 'false', SESSION_SECRET: '', FHIR_SECRET_KEY: 'k'.repeat(40), LOG_LEVEL: 'info', NODE_ENV: 'test' };
    child = spawn('npm', ['run', 'worker'], { env, cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c: Buffer) => void (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => void (output += c.toString()));
    const started = /"pid":(\d+)[^\n]*"msg":"worker running"|"msg":"worker running"[^\n]*"pid":(\d+)/;
    await printed((out) => started.exec(out));
    const m = started.exec(output);
    const workerPid = Number(m?.[1] ?? m?.[2]);
    expect(workerPid).toBeGreaterThan(0);

    // The run is the worker process's: it tells of the run's end in its log (by the run's id, after
    // marking it ended), the signal this test can hear from another process; then the database is read.
    const runId = queued.body.id as string;
    await printed((out) => new RegExp(`"syncRunId":"${runId}"[^\\n]*"msg":"census sync ended here"`).test(out));
    const done = await findRun(runId);
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    expect(done?.owner).toMatch(new RegExp(`^worker-.+-${workerPid}-`));
    expect(done?.progress.patients).toBeGreaterThan(10);

    // npm passes SIGTERM to nobody; the worker sees its launcher gone and stops after the job under way.
    process.kill(child.pid as number, 'SIGTERM');
    await exitOf(child);
    await gone(workerPid);
    expect(output).toContain('"msg":"scheduler stopped"');
    expect(output).toContain('"msg":"stopped"');

    // Ids in the logs, never a patient's name.
    const runs = await SyncRunModel.find({ hospitalId: h.id }).lean<SyncRunRecord[]>();
    expect(runs).toHaveLength(1);
    const ids = (await SyncRunModel.db.collection('patients').find({ hospitalId: runs[0]?.hospitalId }, { projection: { _id: 1 } }).toArray()).map((p) => p._id.toHexString());
    const names = (await findPatients(ids)).flatMap((p) => [p.snapshot.patient.name?.full].filter((n): n is string => Boolean(n && n.length > 3)));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(output).not.toContain(name);
  }, 120_000);
});

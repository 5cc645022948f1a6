import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Stopping `npm start` (Ctrl-C, or SIGTERM from a process manager) stops every process it started:
 * npm, its shell, tsx, the service and the embedded dev database (issue 8, D21). The service is
 * started for real, in demo mode on the mongo-java-server dev database, in a process group of its
 * own; the processes are found with ps and must all be gone after the signal.
 */
const root = resolve(import.meta.dirname, '..', '..');

// A cache dir of our own (the dev-database pointer is written there and removed on stop), sharing the
// Java server's resolved classpath with the real cache so Maven is not needed again.
const cache = mkdtempSync(join(tmpdir(), 'nhipcau-shutdown-'));
const realCache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nhip-cau');
mkdirSync(join(cache, 'nhip-cau'));
for (const d of readdirSync(realCache, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name.startsWith('mongo-java-server-'))) {
  symlinkSync(join(realCache, d.name), join(cache, 'nhip-cau', d.name));
}
const started: number[] = [];

afterAll(() => {
  // Whatever a failed case left behind: only the pids this file started.
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(cache, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && !m[3]!.startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[4]! }));
}

/** Alive and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  return processes().some((p) => p.pid === pid);
}

/** The process and all its descendants. */
function tree(rootPid: number): Proc[] {
  const all = processes();
  const out = all.filter((p) => p.pid === rootPid);
  for (let i = 0; i < out.length; i++) out.push(...all.filter((p) => p.ppid === out[i]!.pid));
  return out;
}

/**
 * Checks every 250 ms, within a bound: only for processes that are not our children (tsx, the
 * service, the database JVM), whose end the OS tells nobody but their parents.
 */
async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves as soon as the child has printed `text` (checked on each chunk it writes) or has exited; fails after `timeoutMs`. */
function printedOrExited(child: ChildProcess, output: () => string, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const streams = [child.stdout, child.stderr];
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      for (const s of streams) s?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    const onData = (): void => void (output().includes(text) && finish());
    const onExit = (): void => finish();
    const timer = setTimeout(() => finish(new Error(`timed out waiting for "${text}"`)), timeoutMs);
    // Added after the listeners that collect the output, so the chunk that holds `text` is already in it.
    for (const s of streams) s?.on('data', onData);
    child.once('exit', onExit);
    if (output().includes(text) || child.exitCode !== null) finish();
  });
}

/** Starts the command in its own process group and waits until the demo users are printed (fully started). */
async function start(command: string, args: string[]): Promise<{ child: ChildProcess; output: () => string; port: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO: 'true', DEMO_FHIR_PATIENTS: '10', LOG_LEVEL: 'info' };
  env.MONGODB_DB = `shutdown_${randomBytes(4).toString('hex')}`;
  env.CLIENT_DIST = join(cache, 'no-client');
  env.XDG_CACHE_HOME = cache;
  // No real mongod download: straight to the Java dev server (or a mongod already cached).
  env.MONGOMS_DOWNLOAD_MIRROR = 'https://127.0.0.1:9';
  for (const k of ['MONGODB_URI', 'NODE_ENV', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) delete env[k];
  const child = spawn(command, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (!child.pid) throw new Error(`${command} did not start`);
  started.push(child.pid);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => void (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => void (out += c.toString()));
  await printedOrExited(child, () => out, 'quantri', 150_000);
  if (child.exitCode !== null) throw new Error(`exited early: ${out.slice(-2000)}`);
  return { child, output: () => out, port };
}

async function stopsEverything(command: string, args: string[], signal: NodeJS.Signals, target: 'leader' | 'group'): Promise<void> {
  const { child, output } = await start(command, args);
  const pid = child.pid!;
  const procs = tree(pid);
  started.push(...procs.map((p) => p.pid));
  expect(procs.some((p) => /DevMongo|mongod/.test(p.args)), `a database process among ${JSON.stringify(procs.map((p) => p.args.slice(0, 80)))}`).toBe(true);
  expect(procs.some((p) => p.args.includes('server/main.ts'))).toBe(true);
  // Demo mode starts the worker as a child: it must stop with the rest.
  expect(procs.some((p) => p.args.includes('server/worker.ts')), 'the worker among the processes').toBe(true);
  process.kill(target === 'group' ? -pid : pid, signal);
  try {
    await until('every process to stop', () => procs.every((p) => !alive(p.pid)), 40_000);
  } catch {
    const left = procs.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.args.slice(0, 100)}`);
    expect(left, `still running after ${signal}; output: ${output().slice(-1500)}`).toEqual([]);
  }
  expect(output()).toContain('shutting down');
}

describe('stopping the service stops every process it started', { timeout: 240_000 }, () => {
  it('npm start, SIGTERM to npm (a process manager)', async () => {
    await stopsEverything('npm', ['start', '--ignore-scripts'], 'SIGTERM', 'leader');
  });

  it('npm start, SIGINT to its process group (Ctrl-C in a terminal)', async () => {
    await stopsEverything('npm', ['start', '--ignore-scripts'], 'SIGINT', 'group');
  });

  it('npx tsx server/main.ts, SIGTERM to npx', async () => {
    await stopsEverything('npx', ['tsx', 'server/main.ts'], 'SIGTERM', 'leader');
  });
});

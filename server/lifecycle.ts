import { readFileSync } from 'node:fs';

/**
 * How the service stops: every process it started stops with it (issue 8, D21).
 *
 * Steps are registered as things start and run last-first on SIGINT (Ctrl-C), SIGTERM or SIGHUP,
 * or when the launcher is gone (below). A second signal, or a stop that outlasts its deadline,
 * exits at once: the dev database's process exits when our end of its stdin closes, and
 * mongodb-memory-server's watchdog stops its mongod when this process is gone.
 */
export interface StopLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface Lifecycle {
  /** A step to run on stop; steps run in the reverse order of registration. */
  onStop(name: string, step: () => Promise<void> | void): void;
  /** Stops: runs the steps, then exits with `code`. Later calls wait for the first. */
  stop(reason: string, code?: number): Promise<void>;
  setLog(log: StopLog): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function createLifecycle(deadlineMs = 20_000): Lifecycle {
  const steps: { name: string; step: () => Promise<void> | void }[] = [];
  let log: StopLog = { info: (o, m) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`), warn: (o, m) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`) };
  let stopping: Promise<void> | null = null;

  const run = async (reason: string, code: number): Promise<void> => {
    log.info({ reason }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      log.warn({ deadlineMs }, 'shutdown took too long: exiting now');
      process.exit(1);
    }, deadlineMs);
    force.unref();
    for (const { name, step } of steps.reverse()) {
      try {
        await step();
      } catch (err) {
        log.warn({ step: name, err: err instanceof Error ? err.message : String(err) }, 'a shutdown step failed; going on');
      }
    }
    log.info({}, 'stopped');
    process.exit(code);
  };
  const lifecycle: Lifecycle = {
    onStop: (name, step) => void steps.push({ name, step }),
    stop: (reason, code = 0) => (stopping ??= run(reason, code)),
    setLog: (l) => void (log = l),
  };
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      void lifecycle.stop(signal);
    });
  }
  return lifecycle;
}

/** pid → [ppid, state] from /proc (Linux); null when the process is gone or /proc is not there. */
function procStat(pid: number): { ppid: number; state: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state && ppid ? { ppid: Number(ppid), state } : null;
  } catch {
    return null;
  }
}

function isNpm(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.some((a) => /(^|\/)(npm|npx)(-cli\.js)?$/.test(a) || a === 'npm' || a.startsWith('npm ') || a.startsWith('npx '));
  } catch {
    return false;
  }
}

/**
 * `npm start` runs `sh -c "tsx server/main.ts"`, and on SIGTERM npm signals only that shell, which
 * dies without passing it on: the service would live on, orphaned, with its database. So when npm
 * launched us (npm_lifecycle_event is set), the chain of processes up to npm is watched, and the
 * service stops when one of them is gone or re-parented. Linux only (/proc); elsewhere a no-op.
 */
export function watchLauncher(lifecycle: Lifecycle, env: NodeJS.ProcessEnv = process.env, everyMs = 1_000): void {
  if (!env.npm_lifecycle_event) return;
  const chain: { pid: number; ppid: number }[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < 8; ) {
    const stat = procStat(pid);
    if (!stat) return;
    chain.push({ pid, ppid: stat.ppid });
    if (isNpm(pid)) break;
    pid = stat.ppid;
  }
  const last = chain[chain.length - 1];
  if (!last || !isNpm(last.pid)) return;
  const timer = setInterval(() => {
    const broken = chain.find(({ pid, ppid }, i) => {
      const now = procStat(pid);
      // npm's own parent may change (a shell that started it in the background exits): only its life counts.
      return !now || now.state === 'Z' || (i < chain.length - 1 && now.ppid !== ppid);
    });
    if (broken) {
      clearInterval(timer);
      void lifecycle.stop(`launcher process ${broken.pid} is gone`);
    }
  }, everyMs);
  timer.unref();
}

/** The variable a parent (the demo service) sets for a child it starts: its own pid. */
export const PARENT_PID_ENV = 'NHIP_CAU_PARENT_PID';

/**
 * A child started by the service (the demo mode's worker) stops when the service is gone, even
 * when it died without stopping it (SIGKILL): the child is then re-parented. Linux and macOS
 * re-parent orphans, so comparing the parent's pid is enough; a no-op when not started so.
 */
export function watchParent(lifecycle: Lifecycle, env: NodeJS.ProcessEnv = process.env, everyMs = 1_000): void {
  const parent = Number(env[PARENT_PID_ENV]);
  if (!parent) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    void lifecycle.stop(`parent process ${parent} is gone`);
  }, everyMs);
  timer.unref();
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { PARENT_PID_ENV } from '../lifecycle.js';

/**
 * The worker as a child of the demo service (`npm start` in demo mode), on the same database:
 * it logs to the same output and stops with the service (SIGTERM, awaited), or by itself when the
 * service is gone (watchParent).
 */
export interface WorkerChild {
  pid: number | undefined;
  stop(): Promise<void>;
}

export function startWorkerChild(env: NodeJS.ProcessEnv, log: Logger): WorkerChild {
  const entry = fileURLToPath(new URL('../worker.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...env, [PARENT_PID_ENV]: String(process.pid) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => log.info({ pid: child.pid, code, signal }, 'worker process ended'));
  log.info({ pid: child.pid }, 'worker process started');
  return {
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

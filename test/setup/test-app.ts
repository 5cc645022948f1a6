import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { createApp, type AppHandle } from '../../server/app.js';
import type { Clock } from '../../server/clock.js';
import { testConfig, type AppConfig } from '../../server/config.js';
import { connectDatabase, disconnectDatabase } from '../../server/db/connection.js';
import { createLogger } from '../../server/logger.js';
import { startTestWorker, type TestWorker } from './worker.js';

export interface TestApp {
  handle: AppHandle;
  app: AppHandle['app'];
  dbName: string;
  close(): Promise<void>;
}

/**
 * The app on a database of this test file's own, dropped at the end. A test that reads the logs
 * passes its logger. `worker: true` runs the worker's scheduler in this process too (census syncs
 * the API queues are run; test/setup/worker.ts); `{ only }` limits it to some jobs.
 */
export async function startTestApp(overrides: Partial<AppConfig> = {}, options: { logger?: Logger; clock?: Clock; worker?: boolean | { only: readonly string[] } } = {}): Promise<TestApp> {
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  await connectDatabase(inject('mongoUri'), dbName);
  const config = testConfig({ login: { maxFailures: 5, lockoutMinutes: 15, ratePerMinute: 1000 }, ...overrides });
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const handle = createApp({ config, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const only = typeof options.worker === 'object' ? { only: options.worker.only } : {};
  const worker: TestWorker | null = options.worker ? startTestWorker({ config, log: logger, ...only, ...(options.clock ? { clock: options.clock } : {}) }) : null;
  return {
    handle,
    app: handle.app,
    dbName,
    close: async () => {
      await worker?.stop();
      await handle.close();
      await mongoose.connection.dropDatabase();
      await disconnectDatabase();
    },
  };
}

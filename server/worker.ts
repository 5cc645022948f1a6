import { randomBytes } from 'node:crypto';
import { systemClock, warnIfHolidayTableMissing } from './clock.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { connectDatabase, disconnectDatabase } from './db/connection.js';
import { readDevDbPointer } from './db/dev-db-pointer.js';
import './jobs/all-jobs.js';
import { configureJobRuntime } from './jobs/runtime.js';
import { createScheduler, newOwner } from './jobs/scheduler.js';
import { createLifecycle, watchLauncher, watchParent, type Lifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';

/**
 * `npm run worker`: the process that does the service's background work (decision 0015): census
 * syncs, event dispatch, outbox sweeps, flag expiry… every job in server/jobs/all-jobs.ts, under the
 * one scheduler, each job under its MongoDB lease. Same configuration and database as the API
 * (MONGODB_URI, MONGODB_DB; with neither, the database of the demo service running on this
 * machine). Run one or several beside the API; `npm start` in demo mode starts one itself.
 * Stops on SIGINT/SIGTERM after the jobs under way reach a safe point. Logs ids, never patient data.
 */
function configOrExit(): AppConfig {
  try {
    // The worker signs no session cookies: it needs the database and FHIR settings, not SESSION_SECRET.
    return loadConfig({ ...process.env, SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('hex') });
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
}

async function main(lifecycle: Lifecycle): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel).child({ process: 'worker' });
  lifecycle.setLog(log);
  // Loud: jobs counting working days into a year with no holiday table will be refused.
  warnIfHolidayTableMissing(systemClock, log);
  watchLauncher(lifecycle);
  watchParent(lifecycle);
  const db = config.mongodbUri ? { uri: config.mongodbUri, dbName: config.mongodbDb } : readDevDbPointer();
  if (!db) {
    process.stderr.write('No database: set MONGODB_URI (and MONGODB_DB), or start the demo service first (npm start).\n');
    process.exit(2);
  }
  await connectDatabase(db.uri, db.dbName);
  lifecycle.onStop('database connection', () => disconnectDatabase());
  configureJobRuntime(config, log);
  const owner = newOwner('worker');
  const scheduler = createScheduler({ owner, clock: systemClock, log });
  scheduler.start();
  lifecycle.onStop('scheduler', () => scheduler.stop());
  log.info({ owner, db: db.dbName, pid: process.pid }, 'worker running');
}

const lifecycle = createLifecycle();
main(lifecycle).catch((err: unknown) => {
  process.stderr.write(`Nhịp Cầu worker failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  void lifecycle.stop('start failed', 1);
});

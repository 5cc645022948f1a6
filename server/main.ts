import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase, disconnectDatabase } from './db/connection.js';
import { clearDevDbPointer, writeDevDbPointer } from './db/dev-db-pointer.js';
import { resolveMongo } from './db/dev-server.js';
import { createDemoHospitals, linkDemoHospitals } from './demo/demo-fhir.js';
import { seedDemoFunding } from './demo/seed-funding.js';
import { formatCredentials, seedDemoNetwork } from './demo/seed-network.js';
import { startWorkerChild } from './jobs/worker-child.js';
import { createLifecycle, watchLauncher, type Lifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';

/**
 * Starts the service: configuration, database, demo seed, HTTP (and in demo mode a worker process
 * on the same database); and stops it, with all it started. Outside demo mode the worker is run
 * beside it: `npm run worker` (README).
 */
async function main(lifecycle: Lifecycle): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  lifecycle.setLog(logger);
  watchLauncher(lifecycle);
  const mongo = await resolveMongo({ uri: config.mongodbUri, log: logger });
  lifecycle.onStop('database server', () => mongo.stop());
  await connectDatabase(mongo.uri, config.mongodbDb);
  lifecycle.onStop('database connection', () => disconnectDatabase());
  logger.info({ server: mongo.kind, db: config.mongodbDb, demo: config.demo }, 'database connected');

  const credentials = config.demo ? await seedDemoNetwork(config.demoPassword) : [];
  const demoHospitals = config.demo ? createDemoHospitals(config.demoFhirPatients, systemClock.now()) : undefined;
  if (demoHospitals) logger.info({ hospitals: demoHospitals.size }, 'demo FHIR hospitals generated');
  const handle = createApp({ config, logger, clock: systemClock, ...(demoHospitals ? { demoHospitals: (code: string) => demoHospitals.get(code) } : {}) });
  lifecycle.onStop('background work', () => handle.close());
  const server = createServer(handle.app);
  server.keepAliveTimeout = 65_000;
  await listen(server, config.port, config.host);
  lifecycle.onStop('HTTP server', () => closeServer(server, logger));
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url, env: config.env }, 'Nhịp Cầu is listening');
  if (demoHospitals) {
    await linkDemoHospitals(`http://127.0.0.1:${port}`, demoHospitals.keys());
    // The marketplace's first stories, read from the demo patients now that their FHIR servers answer.
    const stories = await seedDemoFunding(systemClock.now(), logger);
    if (stories > 0) logger.info({ stories }, 'demo funding stories published');
    writeDevDbPointer(mongo.uri, config.mongodbDb);
    lifecycle.onStop('dev database pointer', () => clearDevDbPointer());
    // The dev database lives in this process: the worker reaches it by its URI, in demo mode too.
    const worker = startWorkerChild({ ...process.env, MONGODB_URI: mongo.uri, MONGODB_DB: config.mongodbDb, DEMO: 'true' }, logger);
    lifecycle.onStop('worker process', () => worker.stop());
  }
  if (config.demo) process.stdout.write(formatCredentials(credentials, config.demoPassword, url));
}

/** Listens, or rejects (a port in use) so the start fails cleanly, stopping what already started. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Finishes requests in flight; after 10 s closes the connections still open. */
function closeServer(server: Server, logger: Logger): Promise<void> {
  const force = setTimeout(() => {
    logger.warn('requests still open after 10 s: closing them');
    server.closeAllConnections();
  }, 10_000);
  force.unref();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

const lifecycle = createLifecycle();
main(lifecycle).catch((err: unknown) => {
  process.stderr.write(`Nhịp Cầu failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  void lifecycle.stop('start failed', 1);
});

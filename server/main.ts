import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase, disconnectDatabase } from './db/connection.js';
import { clearDevDbPointer, writeDevDbPointer } from './db/dev-db-pointer.js';
import { resolveMongo } from './db/dev-server.js';
import { createDemoHospitals, linkDemoHospitals } from './demo/demo-fhir.js';
import { formatCredentials, seedDemoNetwork } from './demo/seed-network.js';
import { createLogger } from './logger.js';

/** Starts the service: configuration, database, demo seed, HTTP; and stops it gracefully. */
async function main(): Promise<void> {
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
  const mongo = await resolveMongo({ uri: config.mongodbUri, log: logger });
  await connectDatabase(mongo.uri, config.mongodbDb);
  logger.info({ server: mongo.kind, db: config.mongodbDb, demo: config.demo }, 'database connected');

  const credentials = config.demo ? await seedDemoNetwork(config.demoPassword) : [];
  const demoHospitals = config.demo ? createDemoHospitals(config.demoFhirPatients, new Date()) : undefined;
  if (demoHospitals) logger.info({ hospitals: demoHospitals.size }, 'demo FHIR hospitals generated');
  const handle = createApp({ config, logger, ...(demoHospitals ? { demoHospitals: (code: string) => demoHospitals.get(code) } : {}) });
  const server = createServer(handle.app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url, env: config.env }, 'Nhịp Cầu is listening');
  if (demoHospitals) {
    await linkDemoHospitals(`http://127.0.0.1:${port}`, demoHospitals.keys());
    writeDevDbPointer(mongo.uri, config.mongodbDb);
  }
  if (config.demo) process.stdout.write(formatCredentials(credentials, config.demoPassword, url));

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      logger.warn('requests still open after 10 s: closing them');
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await handle.close();
    if (demoHospitals) clearDevDbPointer();
    await disconnectDatabase();
    await mongo.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Nhịp Cầu failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

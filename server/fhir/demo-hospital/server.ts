import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createDemoHospital, type DemoHospital, type DemoHospitalOptions, type DemoHospitalStats } from './hospital.js';
import { createDemoHospitalRouter } from './http.js';

export { createDemoHospitalRouter, type DemoHospitalRouterOptions, type DemoHospitalSource } from './http.js';
export {
  createDemoHospital,
  DEFAULT_LIMITS,
  DEMO_RESOURCE_TYPES,
  type DemoHospital,
  type DemoHospitalOptions,
  type DemoHospitalStats,
} from './hospital.js';

/**
 * A standalone demo hospital FHIR server on 127.0.0.1, for tests, the bundle round trip and local
 * work against a "hospital" without the main app. Port 0 (the default) takes a free port.
 */
export interface StartDemoHospitalOptions extends DemoHospitalOptions {
  port?: number;
}

export interface RunningDemoHospital {
  /** FHIR base URL, without a trailing slash, e.g. http://127.0.0.1:41234/fhir */
  baseUrl: string;
  stats: DemoHospitalStats;
  hospital: DemoHospital;
  stop(): Promise<void>;
}

export async function startDemoHospital(options: StartDemoHospitalOptions): Promise<RunningDemoHospital> {
  const hospital = createDemoHospital(options);
  const app = express();
  app.disable('x-powered-by');
  app.use('/fhir', createDemoHospitalRouter(hospital));
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    stats: hospital.stats,
    hospital,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

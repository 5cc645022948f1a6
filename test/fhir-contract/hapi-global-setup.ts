import type { TestProject } from 'vitest/node';
import { loadBundles, startHapi, stopHapi, waitForMetadata, type ContractData } from './hapi.js';

/**
 * One HAPI FHIR server for the contract suite, loaded once with a small generated census. With
 * HAPI_FHIR_BASE set (CI starts HAPI early; a developer may keep one running) that server is used
 * and left running; otherwise one is started on a free loopback port and stopped at the end.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    hapiBaseUrl: string;
    contractData: ContractData;
  }
}

let started: number | undefined;

export async function setup(project: TestProject): Promise<void> {
  const t0 = performance.now();
  let baseUrl = process.env.HAPI_FHIR_BASE?.replace(/\/+$/, '');
  if (baseUrl) await waitForMetadata(baseUrl);
  else {
    const hapi = await startHapi(process.env.HAPI_FHIR_LOG ?? '/dev/null');
    started = hapi.pid;
    baseUrl = hapi.baseUrl;
  }
  const t1 = performance.now();
  const data: ContractData = {
    seed: 'contract-2026',
    patients: Number(process.env.CONTRACT_PATIENTS ?? 150),
    hospitalCode: 'BVDKLC',
    now: new Date().toISOString(),
  };
  const entries = await loadBundles(baseUrl, data);
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  console.log(
    `[hapi] ${baseUrl}: ${started ? 'started' : 'reused'} in ${seconds(t1 - t0)} s; ${data.patients} patients (${entries} entries) loaded in ${seconds(performance.now() - t1)} s`,
  );
  project.provide('hapiBaseUrl', baseUrl);
  project.provide('contractData', data);
}

export function teardown(): void {
  if (started) stopHapi(started);
}

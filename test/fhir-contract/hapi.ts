import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Bundle } from '@medplum/fhirtypes';
import { transactionBundles } from '../../server/fhir/demo-hospital/bundles.js';

/**
 * HAPI FHIR for the contract suite: started with the shared `hapi-fhir` tool (HAPI FHIR JPA server
 * 8.8.0, H2 in memory), or an already running one named by HAPI_FHIR_BASE, then loaded with the
 * demo generator's transaction Bundles (PUTs to stable ids: loading twice changes nothing).
 */
export interface ContractData {
  seed: string;
  patients: number;
  hospitalCode: string;
  /** The generator's `now`, ISO: the in-process demo hospital is made from the same options. */
  now: string;
}

export const HAPI_TOOL = process.env.HAPI_FHIR_TOOL ?? fileURLToPath(new URL('../../../shared/tools/hapi-fhir/hapi-fhir', import.meta.url));

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface StartedHapi {
  baseUrl: string;
  pid: number;
}

/** Starts HAPI on a free loopback port; resolves once /metadata answers (the tool waits for that). */
export async function startHapi(logFile: string): Promise<StartedHapi> {
  if (!existsSync(HAPI_TOOL)) throw new Error(`HAPI FHIR tool not found at ${HAPI_TOOL} (set HAPI_FHIR_TOOL or HAPI_FHIR_BASE)`);
  const port = await freePort();
  const out = await new Promise<string>((resolve, reject) => {
    execFile(HAPI_TOOL, ['start', String(port), logFile], { timeout: 420_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`hapi-fhir start failed: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
  const pid = Number(out.trim().split('\n').pop());
  if (!Number.isInteger(pid)) throw new Error(`hapi-fhir start printed no PID: ${out}`);
  return { baseUrl: `http://127.0.0.1:${port}/fhir`, pid };
}

/** Stops a HAPI this suite started (by its PID only). */
export function stopHapi(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Waits until GET /metadata answers 200 (a reused server may still be starting). */
export async function waitForMetadata(baseUrl: string, attempts = 300): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const ok = await fetch(`${baseUrl}/metadata`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`no FHIR server answers at ${baseUrl}/metadata`);
}

/** POSTs the generated transaction Bundles to the base URL (in order, two at a time after the first); returns the entries loaded. */
export async function loadBundles(baseUrl: string, data: ContractData): Promise<number> {
  const bundles = [
    ...transactionBundles({ seed: data.seed, patients: data.patients, hospitalCode: data.hospitalCode, now: new Date(data.now) }),
  ];
  let entries = 0;
  const post = async (b: Bundle): Promise<void> => {
    const res = await fetch(baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: JSON.stringify(b),
    });
    if (!res.ok) throw new Error(`loading a bundle into ${baseUrl}: ${res.status} ${(await res.text()).slice(0, 500)}`);
    entries += b.entry?.length ?? 0;
  };
  // The first bundle holds the organisation and staff every later one refers to (HAPI checks references on write).
  const [first, ...rest] = bundles;
  if (first) await post(first);
  for (let i = 0; i < rest.length; i += 2) await Promise.all(rest.slice(i, i + 2).map(post));
  return entries;
}

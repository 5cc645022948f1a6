import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import mongoose from 'mongoose';
import { connectDatabase } from '../server/db/connection.js';
import { HospitalModel, type HospitalRecord } from '../server/features/admin/hospitals.model.js';
import { beginSync, runSync, type SyncTimings } from '../server/features/sync/census-sync.service.js';
import { PatientModel } from '../server/features/patients/patients.model.js';

/**
 * Census sync benchmark (issue: FHIR link). For each census size: start a demo hospital in a child
 * process, page through the same resources with fhir-kit-client alone (the floor), then run the
 * real census sync into MongoDB twice: on its own (pages, snapshots, writes: the sync the FHIR
 * issue defines) and with the per-page screening the screening issue added (as in service).
 * Reports patients per second, peak RSS of this process, the ratio sync time / fhir-kit-client
 * time, where the sync's time went and the CPU each process used. Targets: ratio ≤ 1.5; peak RSS
 * flat as the census grows.
 *
 * Both passes are measured warm: fhir-kit-client after a first pass (the demo server builds its
 * search indexes on first use), the sync after a short sync into a scratch database (the JIT of
 * this process and of a JVM dev database). Warming uses a fixed few pages, whatever the census.
 */
/** One measured census sync. */
export interface SyncRunResult {
  /** Screening ran per page (as in service) or not (the sync's own cost). */
  screening: boolean;
  patientsSynced: number;
  syncSeconds: number;
  patientsPerSecond: number;
  ratio: number;
  peakRssMb: number;
  timings: SyncTimings;
  /** CPU seconds during the sync: the FHIR server's process, the database's (when it is a local child), this process's. */
  cpu: { fhirServer: number; database: number | null; sync: number };
}

export interface SyncBenchResult {
  patientsGenerated: number;
  inpatients: number;
  fhirKitSeconds: number;
  /** CPU seconds during the fhir-kit-client pass. */
  floorCpu: { fhirServer: number; client: number };
  runs: SyncRunResult[];
}

const WARM_UP_PAGES = 8;

export function startHospital(patients: number): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'bench/demo-hospital-process.ts', String(patients)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, baseUrl: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`demo hospital exited with ${code}`)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where that cannot be read. */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

const ownCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const PHASES: Record<string, string | number>[] = [
  { class: 'IMP', status: 'in-progress', _include: 'Encounter:subject', _count: 100 },
  { class: 'IMP', status: 'finished', date: 'ge2026-10-24', _include: 'Encounter:subject', _count: 100 },
];
const RELATED: [string, string][] = [['Coverage', 'beneficiary'], ['Encounter', 'subject'], ['Condition', 'subject'], ['ChargeItem', 'subject'], ['RelatedPerson', 'patient']];

async function drain(client: Client, first: Bundle): Promise<Resource[]> {
  const out: Resource[] = [];
  let page: Bundle | undefined = first;
  while (page) {
    out.push(...(page.entry ?? []).map((e) => e.resource as Resource));
    page = page.link?.some((l) => l.relation === 'next') ? ((await client.nextPage({ bundle: page as never })) as unknown as Bundle) : undefined;
  }
  return out;
}

/** The floor: the same searches, pages and related fetches, with fhir-kit-client and nothing else. */
async function pageWithFhirKit(baseUrl: string): Promise<{ seconds: number; inpatients: number }> {
  const client = new Client({ baseUrl });
  const t0 = performance.now();
  let inpatients = 0;
  for (const [i, params] of PHASES.entries()) {
    let page: Bundle | undefined = (await client.search({ resourceType: 'Encounter', searchParams: params })) as unknown as Bundle;
    if (i === 0) inpatients = page.total ?? 0;
    while (page) {
      const ids = (page.entry ?? []).filter((e) => e.resource?.resourceType === 'Patient').map((e) => `Patient/${e.resource?.id}`);
      if (ids.length) {
        await Promise.all(RELATED.map(async ([type, param]) => drain(client, (await client.search({ resourceType: type, searchParams: { [param]: ids.join(','), _count: 200 } })) as unknown as Bundle)));
      }
      page = page.link?.some((l) => l.relation === 'next') ? ((await client.nextPage({ bundle: page as never })) as unknown as Bundle) : undefined;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, inpatients };
}

async function createHospital(code: string, baseUrl: string): Promise<HospitalRecord> {
  const h = await HospitalModel.create({
    code,
    name: `Bench hospital ${code}`,
    province: { current: 'Lào Cai', old: 'Lào Cai' },
    level: 'provincial',
    socialWorkUnit: 'phong',
    fhir: { baseUrl, authType: 'none', enabled: true, timeoutMs: 60_000 },
  });
  return h.toObject<HospitalRecord>();
}

/** A few pages of a real sync into a scratch database, then dropped: warms this process's and the database's JIT. */
async function warmUp(mongoUri: string, baseUrl: string): Promise<void> {
  await connectDatabase(mongoUri, `bench_warm_${Date.now()}`);
  const h = await createHospital('BENCHWARM', baseUrl);
  const stop = new AbortController();
  let pages = 0;
  await runSync(h, await beginSync(h, 'bench'), { signal: stop.signal, onPage: () => (pages += 1) >= WARM_UP_PAGES && stop.abort() });
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
}

/** One sync of the whole census into a fresh database, warm, measured. */
async function measureSync(mongoUri: string, baseUrl: string, patients: number, screening: boolean, pids: { fhirServer: number | undefined; database: number | undefined }): Promise<SyncRunResult> {
  await warmUp(mongoUri, baseUrl);
  await connectDatabase(mongoUri, `bench_sync_${patients}_${Date.now()}`);
  const h = await createHospital(`BENCH${patients}`, baseUrl);
  global.gc?.();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const c0 = { server: cpuSeconds(pids.fhirServer) ?? 0, db: cpuSeconds(pids.database), own: ownCpuSeconds() };
  const t0 = performance.now();
  const timings: SyncTimings = { fetchMs: 0, saveMs: 0, screeningMs: 0, waitMs: 0 };
  const run = await runSync(h, await beginSync(h, 'bench'), { timings, screen: screening });
  const syncSeconds = (performance.now() - t0) / 1000;
  const dbNow = cpuSeconds(pids.database);
  const cpu = { fhirServer: (cpuSeconds(pids.fhirServer) ?? 0) - c0.server, database: dbNow !== null && c0.db !== null ? dbNow - c0.db : null, sync: ownCpuSeconds() - c0.own };
  clearInterval(sampler);
  if (run.status !== 'succeeded') throw new Error(`sync failed: ${run.error?.message}`);
  const synced = await PatientModel.countDocuments({ hospitalId: h._id });
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
  return { screening, patientsSynced: synced, syncSeconds, patientsPerSecond: synced / syncSeconds, ratio: 0, peakRssMb: peak / 1e6, timings, cpu };
}

/**
 * One demo hospital of `patients` generated patients: the fhir-kit-client floor, then the census
 * sync without screening (its own cost) and with it (as in service), each into a fresh database.
 */
export async function benchCensusSync(mongoUri: string, patients: number, databasePid?: number): Promise<SyncBenchResult> {
  const { child, baseUrl } = await startHospital(patients);
  try {
    await pageWithFhirKit(baseUrl); // warm the server's indexes, so both measured passes meet the same server
    const f0 = { server: cpuSeconds(child.pid) ?? 0, own: ownCpuSeconds() };
    const floor = await pageWithFhirKit(baseUrl);
    const floorCpu = { fhirServer: (cpuSeconds(child.pid) ?? 0) - f0.server, client: ownCpuSeconds() - f0.own };
    const runs: SyncRunResult[] = [];
    for (const screening of [false, true]) {
      const r = await measureSync(mongoUri, baseUrl, patients, screening, { fhirServer: child.pid, database: databasePid });
      runs.push({ ...r, ratio: r.syncSeconds / floor.seconds });
    }
    return { patientsGenerated: patients, inpatients: floor.inpatients, fhirKitSeconds: floor.seconds, floorCpu, runs };
  } finally {
    child.stdin?.end();
  }
}

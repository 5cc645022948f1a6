import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import mongoose from 'mongoose';
import { connectDatabase } from '../server/db/connection.js';
import { HospitalModel, type HospitalRecord } from '../server/features/admin/hospitals.model.js';
import { beginSync, runSync } from '../server/features/patients/census-sync.service.js';
import { PatientModel } from '../server/features/patients/patients.model.js';

/**
 * Census sync benchmark (issue: FHIR link). For each census size: start a demo hospital in a child
 * process, page through the same resources with fhir-kit-client alone (the floor), then run the
 * real census sync into MongoDB; report patients per second, peak RSS of this process, and the
 * ratio sync time / fhir-kit-client time. Targets: ratio ≤ 1.5; peak RSS flat as the census grows.
 */
export interface SyncBenchResult {
  patientsGenerated: number;
  inpatients: number;
  patientsSynced: number;
  fhirKitSeconds: number;
  syncSeconds: number;
  patientsPerSecond: number;
  ratio: number;
  peakRssMb: number;
  /** Time spent screening / sync time, measured in the same run. */
  screeningShare: number;
  /** The sync's ratio less the time spent screening. */
  ratioWithoutScreening: number;
}

function startHospital(patients: number): Promise<{ child: ChildProcess; baseUrl: string }> {
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

export async function benchCensusSync(mongoUri: string, patients: number): Promise<SyncBenchResult> {
  const { child, baseUrl } = await startHospital(patients);
  try {
    await connectDatabase(mongoUri, `bench_sync_${patients}_${Date.now()}`);
    const h = (await HospitalModel.create({
      code: `BENCH${patients}`,
      name: `Bench hospital ${patients}`,
      province: { current: 'Lào Cai', old: 'Lào Cai' },
      level: 'provincial',
      socialWorkUnit: 'phong',
      fhir: { baseUrl, authType: 'none', enabled: true, timeoutMs: 60_000 },
    })).toObject<HospitalRecord>();
    await pageWithFhirKit(baseUrl); // warm the server's indexes, so both measured passes meet the same server
    const floor = await pageWithFhirKit(baseUrl);
    global.gc?.();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const timings = { screeningMs: 0 };
    const run = await runSync(h, await beginSync(h, 'bench'), { timings });
    const syncSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    if (run.status !== 'succeeded') throw new Error(`sync failed: ${run.error?.message}`);
    const synced = await PatientModel.countDocuments({ hospitalId: h._id });
    // Screening runs inside the sync's write pipeline; its own time, measured in the same run.
    const withoutScreening = syncSeconds - timings.screeningMs / 1000;
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
    return {
      patientsGenerated: patients,
      inpatients: floor.inpatients,
      patientsSynced: synced,
      fhirKitSeconds: floor.seconds,
      syncSeconds,
      patientsPerSecond: synced / syncSeconds,
      ratio: syncSeconds / floor.seconds,
      peakRssMb: peak / 1e6,
      screeningShare: Math.max(0, (syncSeconds - withoutScreening) / syncSeconds),
      ratioWithoutScreening: withoutScreening / floor.seconds,
    };
  } finally {
    child.stdin?.end();
  }
}

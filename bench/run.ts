import { parseArgs } from 'node:util';
import { resolveMongo } from '../server/db/dev-server.js';
import { benchCensusSync } from './census-sync.bench.js';
import { benchFunding, fundingLines } from './funding.bench.js';
import { benchReferrals } from './referrals.bench.js';
import { benchRules } from './screening.bench.js';
import { benchWorkerSeparation, latencyLine as line } from './worker.bench.js';

/**
 * `npm run bench`: the project's benchmarks, on the same database resolution as `npm start`.
 * Prints figures and ratios against their targets; asserts nothing (tests never time anything).
 *   --census N   the largest census to sync (default 10000 inpatients; ~23 % of generated patients are inpatients)
 *   --rules N    patients for the rules-engine throughput (default 100000)
 *   --worker N   inpatients of the census synced while the worklist is measured (default 10000)
 *   --concurrency N  worklist requests at a time during that sync (default 8)
 *   --referrals N  referrals in the database for the inbox/outbox benchmark (default 100000)
 *   --partners N   charity partners pledging at once in the funding benchmark (default 64)
 *   --asked N      what its request asks, in đồng (default 100000000)
 *   --only census|worker|rules|referrals|funding   one benchmark only
 *   --quick      small sizes, for a smoke run
 */
const { values } = parseArgs({
  options: { partners: { type: 'string' }, asked: { type: 'string' }, referrals: { type: 'string' }, census: { type: 'string' }, rules: { type: 'string' }, worker: { type: 'string' }, concurrency: { type: 'string' }, only: { type: 'string' }, quick: { type: 'boolean' } },
});
const runs = (name: string): boolean => !values.only || values.only === name;
const largest = Number(values.census ?? (values.quick ? 500 : 10_000));
const INPATIENT_SHARE = 0.23;
const sizes = [Math.round(largest / 4), largest].map((c) => Math.ceil(c / INPATIENT_SHARE));

const log = { info: (o: object, m: string) => console.log(m, JSON.stringify(o)), warn: (o: object, m: string) => console.log(m, JSON.stringify(o)) };
const mongo = await resolveMongo({ uri: process.env.MONGODB_URI, log, skip: process.env.NHIPCAU_SKIP_MEMORY_SERVER ? ['mongodb-memory-server'] : [] });
try {
  if (runs('funding')) await fundingBench();
  if (runs('referrals')) await referralsBench();
  if (runs('worker')) await workerBench();
  if (runs('census')) await censusBench();
} finally {
  await mongo.stop();
}

async function fundingBench(): Promise<void> {
  const partners = Number(values.partners ?? (values.quick ? 16 : 64));
  const asked = Number(values.asked ?? (values.quick ? 10_000_000 : 100_000_000));
  console.log(`\nPledges at the last đồng on ${mongo.kind}: ${partners} partners pledging at once over HTTP until one request is full (issue 12: pledges/s, the invariant checked after)`);
  const r = await benchFunding(mongo.uri, partners, asked, (l) => console.log(l));
  for (const l of fundingLines(r)) console.log(l);
}

async function referralsBench(): Promise<void> {
  const n = Number(values.referrals ?? (values.quick ? 5_000 : 100_000));
  const concurrency = Number(values.concurrency ?? 16);
  console.log(`\nReferral inbox and outbox on ${mongo.kind}: GET /api/v1/referrals?box=…, ${concurrency} at a time, ${n} referrals (issue 11: p95, and throughput against the bare query)`);
  const rows = await benchReferrals(mongo.uri, n, concurrency, 20 * concurrency, (l) => console.log(l));
  for (const r of rows) console.log(`  ${r.who} ${r.box}: p95 ${r.api.p95.toFixed(0)} ms · API/bare throughput × ${(r.api.perSecond / r.bare.perSecond).toFixed(2)}`);
}

async function workerBench(): Promise<void> {
  const inpatients = Number(values.worker ?? (values.quick ? 500 : 10_000));
  const concurrency = Number(values.concurrency ?? 8);
  console.log(`\nThe worklist during a census sync on ${mongo.kind}: GET /api/v1/worklist, ${concurrency} at a time (target: the API stays responsive while a worker syncs)`);
  const r = await benchWorkerSeparation(mongo.uri, Math.ceil(inpatients / INPATIENT_SHARE), concurrency, (l) => console.log(l));
  console.log(`  inpatients ${r.inpatients}`);
  console.log(`    no sync running:                          ${line(r.idle)}`);
  console.log(`    sync on the API's event loop (before):    ${line(r.onApiLoop)} · sync ${r.onApiLoop.syncSeconds.toFixed(1)} s`);
  console.log(`    sync in a worker process (npm run worker): ${line(r.inWorker)} · sync ${r.inWorker.syncSeconds.toFixed(1)} s`);
  console.log(`  p95 without the worker / with it: × ${(r.onApiLoop.p95 / r.inWorker.p95).toFixed(1)} (with the worker: × ${(r.inWorker.p95 / r.idle.p95).toFixed(1)} of no sync)`);
}

async function censusBench(): Promise<void> {
  console.log(`\nCensus sync on ${mongo.kind} (target: sync time ≤ 1.5 × fhir-kit-client paging alone; peak RSS flat as the census grows)`);
  const rows = [];
  for (const n of sizes) {
    const r = await benchCensusSync(mongo.uri, n, mongo.pid);
    rows.push(r);
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `  inpatients ${r.inpatients} · fhir-kit-client alone ${r.fhirKitSeconds.toFixed(1)} s ` +
        `(CPU: FHIR server ${r.floorCpu.fhirServer.toFixed(1)} s · client ${r.floorCpu.client.toFixed(1)} s)`,
    );
    for (const x of r.runs) {
      console.log(
        `    ${x.screening ? 'census sync + screening (as in service)' : 'census sync (pages, snapshots, writes)'}: ${x.patientsSynced} patients in ${x.syncSeconds.toFixed(1)} s · ` +
          `${x.patientsPerSecond.toFixed(0)} patients/s · ratio ${x.ratio.toFixed(2)} ${x.ratio <= 1.5 ? '(meets ≤ 1.5)' : '(MISSES ≤ 1.5)'} · peak RSS ${x.peakRssMb.toFixed(0)} MB`,
      );
      console.log(
        `        stages (overlapping): fetch ${s(x.timings.fetchMs)} · save ${s(x.timings.saveMs)} · screening ${s(x.timings.screeningMs)} · fetch waited for writes ${s(x.timings.waitMs)} · ` +
          `CPU: FHIR server ${x.cpu.fhirServer.toFixed(1)} s · database ${x.cpu.database === null ? 'n/a (not a local child)' : `${x.cpu.database.toFixed(1)} s`} · sync ${x.cpu.sync.toFixed(1)} s`,
      );
    }
  }
  for (const r of rows) {
    const alone = r.runs.find((x) => !x.screening);
    const withIt = r.runs.find((x) => x.screening);
    if (alone && withIt) console.log(`  screening's share of census-sync time, ${r.inpatients} inpatients: ${(Math.max(0, 1 - alone.syncSeconds / withIt.syncSeconds) * 100).toFixed(0)} %`);
  }
  const [small, big] = rows;
  for (const screening of [false, true]) {
    const a = small?.runs.find((x) => x.screening === screening);
    const b = big?.runs.find((x) => x.screening === screening);
    if (!a || !b || !small || !big) continue;
    const growth = b.peakRssMb / a.peakRssMb;
    console.log(`  peak RSS ${big.inpatients} vs ${small.inpatients} inpatients${screening ? ', with screening' : ''}: × ${growth.toFixed(2)} ${growth <= 1.25 ? '(flat: meets)' : '(grows: MISSES)'}`);
  }
}

// After the census runs: its 100,000 snapshots would otherwise inflate the sync's peak RSS.
if (!runs('rules')) process.exit(0);
const rulesPatients = Number(values.rules ?? (values.quick ? 5_000 : 100_000));
const r = benchRules(rulesPatients);
console.log(`\nScreening rules engine on ${r.patients} generated patients (${r.flagged} flagged)`);
console.log(`  evaluate alone: ${r.evaluateOnlyPerSecond.toFixed(0)} patients/s · facts from the record + evaluate: ${r.factsAndEvaluatePerSecond.toFixed(0)} patients/s`);


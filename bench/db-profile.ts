import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import mongoose, { Types } from 'mongoose';
import type { CommandStartedEvent, CommandSucceededEvent, CommandFailedEvent } from 'mongodb';
import { resolveMongo } from '../server/db/dev-server.js';
import { seedDemoNetwork } from '../server/demo/seed-network.js';
import { HospitalModel, type HospitalRecord } from '../server/features/admin/hospitals.model.js';
import { PatientModel } from '../server/features/patients/patients.model.js';
import { leftOnOf, presentSince } from '../server/features/patients/patients.presence.js';
import { worklist } from '../server/features/screening/flags.service.js';
import { FlagModel } from '../server/features/screening/screening.model.js';
import { hospitalTiers } from '../server/features/screening/tiers.service.js';
import { beginSync, runSync, type SyncTimings } from '../server/features/sync/census-sync.service.js';
import { SyncRunModel } from '../server/features/sync/census-sync.model.js';
import { worklistQuery } from '../server/features/screening/screening.schemas.js';
import { startHospital } from './census-sync.bench.js';

/**
 * Where the database's time goes (issue 9: the worklist and the census sync on the dev database):
 * `node --import tsx bench/db-profile.ts --inpatients N`. Starts its own database (never
 * MONGODB_URI's shared one unless --uri is given) and demo hospital, syncs the census twice (the
 * first fills, the second rewrites every page as the benchmark's syncs do) while timing every
 * database command by collection, then times the worklist's queries one by one, and the whole
 * worklist() call. Prints figures; asserts nothing.
 */
const { values } = parseArgs({ options: { inpatients: { type: 'string' }, uri: { type: 'string' }, syncs: { type: 'string' } } });
const inpatients = Number(values.inpatients ?? 2000);
const log = { info: (o: object, m: string) => console.log(m, JSON.stringify(o)), warn: (o: object, m: string) => console.log(m, JSON.stringify(o)) };
const mongo = await resolveMongo({ uri: values.uri, log, skip: ['mongodb-memory-server'] });

interface Stat {
  n: number;
  ms: number;
  max: number;
}
const stats = new Map<string, Stat>();
const started = new Map<number, string>();

function onStart(e: CommandStartedEvent): void {
  const target = e.command[e.commandName];
  started.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : ''}`);
}
function onEnd(e: CommandSucceededEvent | CommandFailedEvent): void {
  const key = started.get(e.requestId);
  started.delete(e.requestId);
  if (!key) return;
  const s = stats.get(key) ?? { n: 0, ms: 0, max: 0 };
  s.n += 1;
  s.ms += e.duration;
  s.max = Math.max(s.max, e.duration);
  stats.set(key, s);
}

function report(title: string): void {
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
  console.log(`\n${title}: database time by command (top 25)`);
  for (const [k, s] of rows) console.log(`  ${k.padEnd(40)} n ${String(s.n).padStart(6)} · total ${(s.ms / 1000).toFixed(1).padStart(7)} s · mean ${(s.ms / s.n).toFixed(1).padStart(7)} ms · max ${s.max.toFixed(0)} ms`);
  stats.clear();
}

/** The default worklist page as it was read before (commit 884571d): the hospital's present patients, then count and page by an $in of them. */
async function joinedWorklist(hospitalId: Types.ObjectId, supportCodes: string[], since: string, now: Date): Promise<number> {
  const dayBefore = new Date(Date.parse(`${since}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const rows = await PatientModel.find(
    { hospitalId, $or: [{ 'census.inpatient': true }, { 'census.dischargedAt': null }, { 'census.dischargedAt': { $gte: dayBefore } }] },
    { _id: 1, 'census.inpatient': 1, 'census.dischargedAt': 1 },
  ).lean<{ _id: Types.ObjectId; census?: { inpatient?: boolean; dischargedAt?: string | null } }[]>();
  const present = rows.filter((r) => presentSince(leftOnOf(r.census), since)).map((r) => r._id);
  const filter: Record<string, unknown> = { $and: [{ hospitalId }], status: 'active', expiresAt: { $gt: now }, codes: { $in: supportCodes }, patientId: { $in: present } };
  const [page, total] = await Promise.all([FlagModel.find(filter).sort({ priority: -1, _id: 1 }).limit(51).lean(), FlagModel.countDocuments(filter)]);
  await PatientModel.find({ _id: { $in: page.map((f) => f.patientId) } }).lean();
  return total;
}

async function timed<T>(label: string, f: () => Promise<T>, times = 3): Promise<T> {
  let out: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const t0 = performance.now();
    out = await f();
    ms.push(performance.now() - t0);
  }
  console.log(`  ${label.padEnd(58)} ${ms.map((m) => `${m.toFixed(0)} ms`).join(' · ')}`);
  return out as T;
}

const fhir = await startHospital(Math.ceil(inpatients / 0.23));
try {
  await mongoose.connect(mongo.uri, { dbName: `profile_${Date.now()}`, monitorCommands: true, serverSelectionTimeoutMS: 30_000 });
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  const client = mongoose.connection.getClient();
  client.on('commandStarted', onStart);
  client.on('commandSucceeded', onEnd);
  client.on('commandFailed', onEnd);
  await seedDemoNetwork('profile-demo-password-2026');
  await HospitalModel.updateOne({ code: 'BVDKLC' }, { $set: { 'fhir.baseUrl': fhir.baseUrl, 'fhir.enabled': true, 'fhir.authType': 'none', 'fhir.timeoutMs': 60_000 } });
  const h = (await HospitalModel.findOne({ code: 'BVDKLC' }).lean<HospitalRecord>()) as HospitalRecord;
  stats.clear();
  for (const pass of ['first sync (fills)', 'second sync (rewrites every page)'].slice(0, Number(values.syncs ?? 2))) {
    const timings: SyncTimings = { fetchMs: 0, saveMs: 0, screeningMs: 0, waitMs: 0 };
    await SyncRunModel.deleteMany({ hospitalId: h._id });
    const t0 = performance.now();
    const run = await runSync(h, await beginSync(h, 'profile'), { timings });
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    console.log(`\n${pass}: ${run.status} · ${run.progress.patients} patients in ${s(performance.now() - t0)} · fetch ${s(timings.fetchMs)} · save ${s(timings.saveMs)} · screening ${s(timings.screeningMs)} · waited ${s(timings.waitMs)}`);
    report(pass);
  }
  const counts = { patients: await mongoose.connection.collection('patients').countDocuments(), flags: await FlagModel.countDocuments(), events: await mongoose.connection.collection('events').countDocuments() };
  console.log(`\ncollections: ${JSON.stringify(counts)}`);

  console.log('\nthe worklist, piece by piece (3 runs each):');
  const now = new Date();
  const tiers = await timed('hospitalTiers', () => hospitalTiers(h._id, now));
  const since = new Date(Date.parse(`${tiers.day}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
  const filter: Record<string, unknown> = { hospitalId: h._id, status: 'active', expiresAt: { $gt: now }, codes: { $in: tiers.supportCodes } };
  const withPresence: Record<string, unknown> = { ...filter, $or: [{ leftOn: null }, { leftOn: { $gte: since } }] };
  await timed('flags count, presence by the flag\'s leftOn', () => FlagModel.countDocuments(withPresence));
  await timed('flags find+sort limit 51, presence by leftOn', () => FlagModel.find(withPresence).sort({ priority: -1, _id: 1 }).limit(51).lean());
  await timed('flags count, no presence', () => FlagModel.countDocuments(filter));
  await timed('flags find+sort limit 51, no presence', () => FlagModel.find(filter).sort({ priority: -1, _id: 1 }).limit(51).lean());
  const page = (await PatientModel.find({ hospitalId: h._id }, { fhirId: 1 }).limit(100).lean()).map((p) => p.fhirId);
  await timed('100 patients by (hospital, fhirId), one findOne each', () => Promise.all(page.map((fhirId) => PatientModel.collection.findOne({ hospitalId: h._id, fhirId }, { projection: { _id: 1 } }))));
  await timed('100 patients by (hospital, fhirId $in), one find', () => PatientModel.collection.find({ hospitalId: h._id, fhirId: { $in: page } }, { projection: { _id: 1, fhirId: 1 } }).toArray());
  await timed('flags find by _id $in 50', async () => FlagModel.find({ _id: { $in: (await FlagModel.find(filter, { _id: 1 }).limit(50).lean()).map((f) => f._id) } }).lean());
  const access = { hospitalId: new Types.ObjectId(h._id) };
  stats.clear();
  await timed('worklist() default query', () => worklist(access, h._id.toHexString(), worklistQuery.parse({}), now), 5);
  report('worklist() × 5');
  // The same default page, the way it was read before the flags carried the stay, and now; interleaved, so both meet the same load.
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    let t0 = performance.now();
    await joinedWorklist(h._id, tiers.supportCodes, since, now);
    before.push(performance.now() - t0);
    t0 = performance.now();
    await worklist(access, h._id.toHexString(), worklistQuery.parse({}), now);
    after.push(performance.now() - t0);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  console.log(`\ndefault worklist page, interleaved × 6: joined to the present patients (before) median ${median(before).toFixed(0)} ms [${before.map((x) => x.toFixed(0)).join(', ')}] · stay on the flag, one pass (now) median ${median(after).toFixed(0)} ms [${after.map((x) => x.toFixed(0)).join(', ')}]`);
} finally {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  fhir.child.stdin?.end();
  await mongo.stop();
}

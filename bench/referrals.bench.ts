import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose, { Types } from 'mongoose';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { connectDatabase, disconnectDatabase } from '../server/db/connection.js';
import { seedDemoNetwork } from '../server/demo/seed-network.js';
import { HospitalModel } from '../server/features/admin/hospitals.model.js';
import { OrganisationModel } from '../server/features/admin/organisations.model.js';
import { UserModel } from '../server/features/admin/users.model.js';
import { ReferralModel } from '../server/features/referrals/referrals.model.js';
import type { ReferralStatus } from '../server/features/referrals/referrals.schemas.js';
import { createLogger } from '../server/logger.js';

/**
 * Issue 11's benchmark: the inbox and the outbox (GET /api/v1/referrals?box=…) with N referrals in
 * the database, 16 requests at a time, as a hospital's social worker and as a charity partner; and
 * the bare query (the same find + sort + limit and count, straight on the driver, the same
 * concurrency) for the ratio of the API's throughput to it. The referrals go in with insertMany
 * in batches through the model (no events, no history beyond one entry), spread over the network's
 * hospitals and organisations, in realistic states.
 */
const PASSWORD = 'bench-demo-password-2026';
const LIMIT = 20;
const BATCH = 2_000;

export interface Latency {
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  max: number;
  perSecond: number;
  errors: number;
}

export interface ReferralBenchRow {
  who: string;
  box: 'inbox' | 'outbox';
  matching: number;
  api: Latency;
  bare: Latency;
}

/** Mostly ended (history), a fair share live, a few drafts: what a year of traffic looks like. */
const STATE_WEIGHTS: [ReferralStatus, number][] = [
  ['draft', 3],
  ['requested', 8],
  ['received', 5],
  ['accepted', 6],
  ['in-progress', 10],
  ['on-hold', 3],
  ['completed', 45],
  ['rejected', 8],
  ['failed', 4],
  ['cancelled', 8],
];

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length] as T;
}

function statusFor(i: number): ReferralStatus {
  const total = STATE_WEIGHTS.reduce((a, [, w]) => a + w, 0);
  let r = (i * 7919) % total;
  for (const [s, w] of STATE_WEIGHTS) if ((r -= w) < 0) return s;
  return 'completed';
}

/** N referrals over the senders (hospitals) and the recipients (hospitals and organisations), inserted in batches. */
async function insertReferrals(n: number, hospitals: Types.ObjectId[], organisations: Types.ObjectId[], by: string): Promise<void> {
  const start = Date.now() - 365 * 86_400_000;
  for (let done = 0; done < n; done += BATCH) {
    const rows = [];
    for (let i = done; i < Math.min(n, done + BATCH); i += 1) {
      const status = statusFor(i);
      const hospitalId = pick(hospitals, i * 13);
      const toOrganisation = i % 3 === 0;
      const toHospital = pick(
        hospitals.filter((h) => !h.equals(hospitalId)),
        i * 7,
      );
      const at = new Date(start + Math.floor((i / n) * 365 * 86_400_000));
      rows.push({
        caseId: new Types.ObjectId(),
        patientId: new Types.ObjectId(),
        hospitalId,
        to: toOrganisation
          ? { kind: 'organisation', hospitalId: null, organisationId: pick(organisations, i) }
          : { kind: 'hospital', hospitalId: toHospital, organisationId: null },
        service: toOrganisation ? pick(['funding', 'shelter', 'legal-aid', 'food'], i) : 'continuing-support',
        needs: ['food'],
        urgency: pick(['routine', 'urgent'], i),
        summary: 'Gia đình cần hỗ trợ',
        documentIds: [],
        status,
        capacity: null,
        statusReason: null,
        outcome: status === 'completed' ? 'Đã hỗ trợ' : null,
        history: [],
        due: ['requested', 'received'].includes(status) ? { kind: 'accept', on: '2026-12-01' } : null,
        escalation: null,
        createdBy: by,
        sentAt: status === 'draft' ? null : at,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    }
    await ReferralModel.insertMany(rows, { ordered: false, lean: true });
  }
}

async function signIn(base: string, username: string): Promise<string> {
  const first = await fetch(`${base}/api/v1/auth/session`);
  const csrf0 = ((await first.json()) as { csrfToken: string }).csrfToken;
  const cookie0 = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { cookie: cookie0, 'x-csrf-token': csrf0, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie0;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** `requests` calls of `one`, `concurrency` at a time: latencies and throughput. */
async function load(requests: number, concurrency: number, one: () => Promise<boolean>): Promise<Latency> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        const s = performance.now();
        if (!(await one())) errors += 1;
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return { requests, seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN, perSecond: requests / seconds, errors };
}

/** The box's filter as the list builds it (referrals.list.ts), for the bare query. */
function boxFilter(box: 'inbox' | 'outbox', user: { hospitalId: Types.ObjectId | null; organisationId: Types.ObjectId | null }): Record<string, unknown> {
  if (box === 'outbox') return { hospitalId: user.hospitalId };
  return user.organisationId ? { 'to.organisationId': user.organisationId, status: { $ne: 'draft' } } : { 'to.hospitalId': user.hospitalId, status: { $ne: 'draft' } };
}

export async function benchReferrals(mongoUri: string, n: number, concurrency: number, requests: number, progress: (line: string) => void = () => undefined): Promise<ReferralBenchRow[]> {
  const dbName = `bench_referrals_${randomBytes(4).toString('hex')}`;
  await connectDatabase(mongoUri, dbName);
  const config = testConfig({ login: { maxFailures: 50, lockoutMinutes: 1, ratePerMinute: 10_000 } });
  const handle = createApp({ config, logger: createLogger('silent') });
  const server = createServer(handle.app);
  try {
    await seedDemoNetwork(PASSWORD);
    // ~20 sending hospitals: the network's, and more of the same kind to reach 20.
    const seeded = (await HospitalModel.find({}, { _id: 1 }).lean()).map((h) => h._id as Types.ObjectId);
    const hospitals = [...seeded, ...Array.from({ length: Math.max(0, 20 - seeded.length) }, () => new Types.ObjectId())];
    const organisations = (await OrganisationModel.find({}, { _id: 1 }).lean()).map((o) => o._id as Types.ObjectId);
    const t0 = performance.now();
    await insertReferrals(n, hospitals, organisations, 'bench');
    progress(`  ${n} referrals inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s over ${hospitals.length} hospitals and ${organisations.length} organisations`);
    await ReferralModel.syncIndexes();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rows: ReferralBenchRow[] = [];
    for (const [username, who, boxes] of [
      ['ctxh.bvdklc', "a hospital's social worker", ['inbox', 'outbox']],
      ['doitac.quy-yeu-thuong', 'a charity partner', ['inbox']],
    ] as const) {
      const user = await UserModel.findOne({ username }).lean();
      if (!user) throw new Error(`no demo user ${username}`);
      const cookie = await signIn(base, username);
      const tenancy = { hospitalId: (user.hospitalId as Types.ObjectId | null) ?? null, organisationId: (user.organisationId as Types.ObjectId | null) ?? null };
      for (const box of boxes) {
        const filter = boxFilter(box, tenancy);
        const matching = await ReferralModel.countDocuments(filter);
        const url = `${base}/api/v1/referrals?box=${box}&limit=${LIMIT}`;
        const api = await load(requests, concurrency, async () => (await fetch(url, { headers: { cookie } }).then(async (r) => (await r.arrayBuffer(), r.ok))) === true);
        const coll = mongoose.connection.db!.collection('referrals');
        const bare = await load(requests, concurrency, async () => {
          await Promise.all([coll.find(filter).sort({ updatedAt: -1, _id: -1 }).limit(LIMIT + 1).toArray(), coll.countDocuments(filter)]);
          return true;
        });
        rows.push({ who, box, matching, api, bare });
        progress(`  ${who}, ${box} (${matching} match): API ${line(api)} · bare query ${line(bare)} · API/bare throughput ${(api.perSecond / bare.perSecond).toFixed(2)}`);
      }
    }
    return rows;
  } finally {
    await new Promise<void>((done) => (server.listening ? server.close(() => done()) : done()));
    await handle.close();
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  }
}

export function line(l: Latency): string {
  return `p50 ${l.p50.toFixed(0)} ms · p95 ${l.p95.toFixed(0)} ms · max ${l.max.toFixed(0)} ms · ${l.perSecond.toFixed(1)}/s${l.errors ? ` (${l.errors} failed)` : ''}`;
}

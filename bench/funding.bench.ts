import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose, { Types } from 'mongoose';
import { createApp } from '../server/app.js';
import { systemClock, vietnamToday } from '../server/clock.js';
import { testConfig } from '../server/config.js';
import { connectDatabase, disconnectDatabase } from '../server/db/connection.js';
import { createHospital, findHospital } from '../server/features/admin/hospitals.service.js';
import { createOrganisation } from '../server/features/admin/organisations.service.js';
import { createUser } from '../server/features/admin/users.service.js';
import { openCaseForFlag } from '../server/features/cases/cases.service.js';
import { recordConsent } from '../server/features/consent/consent.service.js';
import { FundingRequestModel } from '../server/features/funding/funding.model.js';
import { openRequestAccount, requestMoney } from '../server/features/funding/ledger/ledger.js';
import { ledgerInvariants } from '../server/features/funding/ledger/ledger.invariants.js';
import { PledgeModel } from '../server/features/funding/pledges.model.js';
import { linkPatient } from '../server/features/patients/patients.service.js';
import { startDemoHospital } from '../server/fhir/demo-hospital/server.js';
import { createLogger } from '../server/logger.js';
import { line as latencyLine, type Latency } from './referrals.bench.js';

/**
 * Issue 12's benchmark: pledges per second at the last đồng. One published request asking
 * `askedVnd` (default 100.000.000 ₫, listed, its publish-story consent in force, its ledger account
 * open); `partners` charity partners (default 64, one organisation each, signed in like the web
 * client) each pledge random amounts in a loop over HTTP (POST /funding-requests/:id/pledges, a
 * fresh Idempotency-Key per pledge, one in twenty sent twice to check the retry moves nothing),
 * all at the same time, until the request is full. A 409 FUNDING.OVER_PLEDGE says what is left:
 * the partner then tries a random amount up to it, so the last đồng are fought over.
 * After the run the ledger's invariants are checked and pledged ≤ asked; a breach throws.
 */
const PASSWORD = 'bench-funding-password-2026';

export interface FundingBenchResult {
  partners: number;
  askedVnd: number;
  pledgedVnd: number;
  seconds: number;
  accepted: number;
  refused: Record<string, number>;
  retries: number;
  all: Latency;
  acceptedLatency: Latency;
}

interface Partner {
  cookie: string;
  csrf: string;
}

async function signIn(base: string, username: string): Promise<Partner> {
  const first = await fetch(`${base}/api/v1/auth/session`);
  const csrf0 = ((await first.json()) as { csrfToken: string }).csrfToken;
  const cookie0 = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { cookie: cookie0, 'x-csrf-token': csrf0, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie0, csrf };
}

/** One published request on the marketplace: a real case of a demo patient, the consent, the listed story, the open account. */
async function publishedRequest(askedVnd: number, demoBaseUrl: string): Promise<Types.ObjectId> {
  const hospital = await createHospital({ code: `BVB${randomBytes(2).toString('hex').toUpperCase()}`, name: 'Bệnh viện Đa khoa (đo tải)', province: { current: 'Lào Cai', old: 'Lào Cai' }, level: 'provincial', socialWorkUnit: 'phong', fhir: { baseUrl: demoBaseUrl, enabled: true, authType: 'none', timeoutMs: 10_000 } });
  const h = await findHospital(hospital.id);
  if (!h) throw new Error('no hospital');
  const now = new Date();
  const { record } = await linkPatient(h, 'bvdklc-000001', 'bench', now);
  const c = await openCaseForFlag({ hospitalId: h._id, patientId: record._id, flagId: new Types.ObjectId(), by: 'bench', note: null, now });
  await recordConsent(
    c,
    { purpose: 'publish-story', recipient: { kind: 'none' }, givenBy: { kind: 'legal-representative', name: 'Lò Văn Sáng', relationship: 'con trai' }, childAgreed: true, patientLacksCapacity: true, method: { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' }, givenOn: vietnamToday(systemClock) },
    { by: 'bench', now, today: vietnamToday(systemClock) },
  );
  const r = await FundingRequestModel.create({
    reference: `HT-2026-B${randomBytes(3).toString('hex')}`,
    caseId: c._id,
    patientId: record._id,
    hospitalId: h._id,
    lines: [{ kind: 'hospital-fees', description: 'Viện phí ghép thận', totalVnd: askedVnd, insuranceVnd: 0, patientVnd: askedVnd, split: 'stated', serviceDate: vietnamToday(systemClock) }],
    bhyt: null,
    askedVnd,
    urgency: 'urgent',
    neededBy: '2099-12-31',
    justification: 'Đo tải',
    documentIds: [],
    episodeId: 'LK-BENCH',
    status: 'published',
    history: [],
    version: 1,
    story: { title: 'Ca ghép thận', text: 'Một người mẹ cần ghép thận.', diagnosisGroup: 'Bệnh thận', reviewed: true, ageBand: '25-44', province: 'Lào Cai', needs: ['hospital-fees'], listed: true, publishedAt: now, unpublishedAt: null, reviewedBy: 'bench', reviewedAt: now },
    outcomes: [],
    createdBy: 'bench',
  });
  await openRequestAccount(r._id, askedVnd, { hospitalId: h._id });
  return r._id;
}

async function makePartners(n: number, base: string): Promise<Partner[]> {
  const tag = randomBytes(3).toString('hex');
  const users = [];
  for (let i = 0; i < n; i += 1) {
    const org = await createOrganisation({ name: `Quỹ đo tải ${tag} ${i}`, type: 'fund', contact: { name: 'Người liên hệ', email: `quy-${tag}-${i}@example.vn`, phone: '0912 345 678' }, fundingInterests: ['children'] });
    users.push(await createUser({ username: `doitac.${tag}.${i}`, displayName: `Đối tác ${i}`, role: 'charity_partner', hospitalId: null, organisationId: org.id, locale: 'vi', password: PASSWORD }, new Date()));
  }
  return Promise.all(users.map((u) => signIn(base, u.username)));
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
function latencyOf(ms: number[], seconds: number): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return { requests: ms.length, seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN, perSecond: ms.length / seconds, errors: 0 };
}

interface Tally {
  all: number[];
  accepted: number[];
  refused: Record<string, number>;
  retries: number;
}

/** One pledge (and, one time in twenty, its retry with the same key, which must answer the same). */
async function pledgeOnce(url: string, p: Partner, amountVnd: number, t: Tally, retry: boolean): Promise<{ status: number; code: string | null; leftVnd: number | null }> {
  const key = randomUUID();
  const send = (): Promise<Response> => fetch(url, { method: 'POST', headers: { cookie: p.cookie, 'x-csrf-token': p.csrf, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ amountVnd }) });
  const s = performance.now();
  const res = await send();
  const body = (await res.json()) as { id?: string; error?: { code: string; params?: { leftVnd?: number } } };
  const ms = performance.now() - s;
  t.all.push(ms);
  if (res.status === 201) t.accepted.push(ms);
  else t.refused[body.error?.code ?? String(res.status)] = (t.refused[body.error?.code ?? String(res.status)] ?? 0) + 1;
  if (retry) {
    t.retries += 1;
    const again = await send();
    const second = (await again.json()) as { id?: string };
    if (again.status !== res.status || second.id !== body.id) throw new Error(`a retry with the same Idempotency-Key answered ${again.status} ${String(second.id)}, not ${res.status} ${String(body.id)}`);
  }
  return { status: res.status, code: body.error?.code ?? null, leftVnd: body.error?.params?.leftVnd ?? null };
}

/** A partner's loop: random amounts until the request is full (nothing left, or no longer on the marketplace). */
async function partnerLoop(url: string, p: Partner, askedVnd: number, t: Tally): Promise<void> {
  let ceiling = Math.max(1, Math.floor(askedVnd / 50));
  for (;;) {
    const amountVnd = ceiling >= 10_000 ? randomInt(1, Math.floor(ceiling / 1_000) + 1) * 1_000 : randomInt(1, ceiling + 1);
    const out = await pledgeOnce(url, p, amountVnd, t, randomInt(20) === 0);
    if (out.status === 201) continue;
    if (out.code === 'FUNDING.OVER_PLEDGE' && out.leftVnd && out.leftVnd > 0) {
      ceiling = out.leftVnd;
      continue;
    }
    if (out.code === 'FUNDING.OVER_PLEDGE' || out.code === 'FUNDING.NOT_PLEDGEABLE' || out.status === 404) return;
    throw new Error(`unexpected answer ${out.status} ${String(out.code)}`);
  }
}

/** After the run: the ledger's invariants, pledged ≤ asked, and the pledges' sum equal to the account's. */
async function checkAfter(requestId: Types.ObjectId, askedVnd: number): Promise<number> {
  const inv = await ledgerInvariants();
  if (!inv.ok) throw new Error(`LEDGER INVARIANTS BROKEN after the run: ${inv.problems.join('; ')}`);
  const money = await requestMoney(requestId);
  const pledges = await PledgeModel.find({ requestId, state: 'pending' }, { amountVnd: 1 }).lean();
  const sum = pledges.reduce((a, p) => a + p.amountVnd, 0);
  if (money.pledgedVnd + money.disbursedVnd > askedVnd) throw new Error(`OVER-PLEDGED: ${money.pledgedVnd} pledged of ${askedVnd} asked`);
  if (sum !== money.pledgedVnd) throw new Error(`the pending pledges sum to ${sum}, the account says ${money.pledgedVnd}`);
  // Every partner stops only when nothing is left: an early stop (a route missing, a request unlisted) is no measurement.
  if (money.pledgedVnd !== askedVnd) throw new Error(`the run ended with ${askedVnd - money.pledgedVnd} đồng still unpledged`);
  return money.pledgedVnd;
}

export async function benchFunding(mongoUri: string, partners: number, askedVnd: number, progress: (line: string) => void = () => undefined): Promise<FundingBenchResult> {
  const dbName = `bench_funding_${randomBytes(4).toString('hex')}`;
  await connectDatabase(mongoUri, dbName);
  const config = testConfig({ checkResponses: false, login: { maxFailures: 50, lockoutMinutes: 1, ratePerMinute: 100_000 } });
  const handle = createApp({ config, logger: createLogger('silent') });
  const server = createServer(handle.app);
  const demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 3, seed: 12, now: new Date() });
  try {
    const requestId = await publishedRequest(askedVnd, demo.baseUrl);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const signedIn = await makePartners(partners, base);
    progress(`  one request asking ${askedVnd.toLocaleString('vi-VN')} ₫ published; ${partners} partners signed in`);
    const url = `${base}/api/v1/funding-requests/${requestId.toHexString()}/pledges`;
    const t: Tally = { all: [], accepted: [], refused: {}, retries: 0 };
    const t0 = performance.now();
    await Promise.all(signedIn.map((p) => partnerLoop(url, p, askedVnd, t)));
    const seconds = (performance.now() - t0) / 1000;
    const pledgedVnd = await checkAfter(requestId, askedVnd);
    return { partners, askedVnd, pledgedVnd, seconds, accepted: t.accepted.length, refused: t.refused, retries: t.retries, all: latencyOf(t.all, seconds), acceptedLatency: latencyOf(t.accepted, seconds) };
  } finally {
    await new Promise<void>((done) => (server.listening ? server.close(() => done()) : done()));
    await handle.close();
    await demo.stop();
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  }
}

export function fundingLines(r: FundingBenchResult): string[] {
  const refused = Object.values(r.refused).reduce((a, n) => a + n, 0);
  return [
    `  ${r.accepted} pledges accepted, ${refused} refused (${Object.entries(r.refused).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}), ${r.retries} retried with the same key, in ${r.seconds.toFixed(1)} s`,
    `  accepted ${(r.accepted / r.seconds).toFixed(1)} pledges/s · all answers ${((r.accepted + refused) / r.seconds).toFixed(1)}/s`,
    `  latency, every pledge: ${latencyLine(r.all)}`,
    `  latency, accepted:     ${latencyLine(r.acceptedLatency)}`,
    `  pledged ${r.pledgedVnd.toLocaleString('vi-VN')} ₫ of ${r.askedVnd.toLocaleString('vi-VN')} ₫ asked · ledger invariants hold · pledged ≤ asked`,
  ];
}

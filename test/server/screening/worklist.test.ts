import type { Encounter } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { fromStored, PatientModel, type PatientRecord, type StoredPatient } from '../../../server/features/patients/patients.model.js';
import { configureWorklist } from '../../../server/features/screening/flags.service.js';
import { codesOfTier } from '../../../server/features/screening/rules/engine.js';
import { ruleSetOn } from '../../../server/features/screening/rules/rule-sets.js';
import { FlagModel, type FlagRecord } from '../../../server/features/screening/screening.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { vietnamDay } from '../../../fhir-mappings/dates.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { walkPages } from '../../setup/http.js';
import { startTestApp } from '../../setup/test-app.js';
import { SYNC_ONLY, waitForRun } from '../../setup/worker.js';

/**
 * The worklist a social worker can finish (issue 8, B7): a realistic demo hospital census is
 * synced (the generator's mix of inpatients and a month of discharges, cards, diagnoses), and the
 * default worklist must hold only the flags that are a task, of patients here now or discharged in
 * the last few days, marked as discharged.
 */
const DISCHARGED_DAYS = 3;
const t = await startTestApp({ worklistDischargedDays: DISCHARGED_DAYS }, { worker: SYNC_ONLY });
let demo: RunningDemoHospital;
let hospital: HospitalView;
let sw: SignedIn;
let patients: Map<string, PatientRecord>;

interface FlagView {
  id: string;
  status: string;
  priority: number;
  tier: 'support' | 'watch';
  codes: string[];
  reasons: { code: string; tier: string }[];
  patient: { id: string; ward: string | null; inpatient: boolean; dischargedAt: string | null } | null;
}

async function walk(query: Record<string, string> = {}): Promise<{ flags: FlagView[]; totals: number[] }> {
  const totals: number[] = [];
  const pages = await walkPages(async (cursor) => {
    const body = (await sw.agent.get('/api/v1/worklist').query({ limit: '100', ...query, ...(cursor ? { cursor } : {}) }).expect(200)).body as { data: FlagView[]; nextCursor: string | null; total: number };
    totals.push(body.total);
    return body;
  });
  return { flags: pages.flat(), totals };
}

const today = (): string => vietnamDay(new Date().toISOString()) as string;
const dayMinus = (days: number): string => new Date(Date.parse(`${today()}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const present = (p: PatientRecord | undefined, days = DISCHARGED_DAYS): boolean =>
  Boolean(p && (p.census.inpatient || p.census.dischargedAt === null || (vietnamDay(p.census.dischargedAt) ?? '') >= dayMinus(days)));
const activeFlags = async (): Promise<FlagRecord[]> => FlagModel.find({ hospitalId: hospital.id, status: 'active', expiresAt: { $gt: new Date() } }).lean<FlagRecord[]>();

beforeAll(async () => {
  // 600 generated patients: the generator's month of admissions and discharges at a provincial hospital.
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 600, seed: 20261206, now: new Date() });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  const started = await sw.agent.post(`/api/v1/hospitals/${hospital.id}/sync`).set('x-csrf-token', sw.csrf).expect(202);
  await waitForRun(started.body.id as string);
  const rows = (await PatientModel.find({ hospitalId: hospital.id }).lean<StoredPatient[]>()).map(fromStored);
  patients = new Map(rows.map((r) => [r._id.toHexString(), r]));
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('the default worklist after a realistic census sync', () => {
  it('is a modest share of the census, all of it a task, with no one discharged more than N days ago', async () => {
    const census = patients.size;
    const all = await activeFlags();
    // The flood this guards against: the rules find something for most patients (vulnerabilities alone included).
    expect(all.length / census, 'share of the census with any finding').toBeGreaterThan(0.5);
    const { flags, totals } = await walk();
    expect(new Set(totals), 'every page gives the same total').toEqual(new Set([flags.length]));
    // The bound: a provincial social-work unit (2–5 people) reviews its list in a day or two. Patients
    // here now or lately discharged are about a third of a month's census; among them, those with
    // evidence of need (poverty, no insurance, catastrophic cost, violence, an unaccompanied child,
    // reported needs) are a minority. So: at most 12 % of the census and 40 % of the patients present.
    const here = [...patients.values()].filter((p) => present(p)).length;
    expect(flags.length, 'the default worklist is not empty').toBeGreaterThan(0);
    expect(flags.length / census, `worklist ${flags.length} of a census of ${census}`).toBeLessThanOrEqual(0.12);
    expect(flags.length / here, `worklist ${flags.length} of ${here} patients present`).toBeLessThanOrEqual(0.4);
    for (const f of flags) {
      const p = patients.get(f.patient?.id ?? '');
      expect(present(p), `flag ${f.id}: patient discharged ${p?.census.dischargedAt}`).toBe(true);
      expect(f.tier).toBe('support');
      expect(f.reasons.some((r) => r.tier === 'support')).toBe(true);
      // A discharged patient is marked with the day they left; one in hospital is not.
      expect(f.patient?.dischargedAt ?? null).toBe(p?.census.inpatient ? null : (p?.census.dischargedAt ?? null));
    }
    expect(flags.some((f) => f.patient?.dischargedAt), 'some recently discharged patients are on it, marked').toBe(true);
    // Exactly the flags with a support finding of patients present: nothing missed either.
    const support = new Set(codesOfTier('support', ruleSetOn(today())));
    const expected = all.filter((f) => f.codes.some((c) => support.has(c)) && present(patients.get(f.patientId.toHexString())));
    expect(flags.map((f) => f.id).sort()).toEqual(expected.map((f) => f._id.toHexString()).sort());
  });

  it('"all" shows patients discharged long ago; "watch" the flags with only watch findings; the tiers split every flag', async () => {
    const everyone = await walk({ presence: 'all', tier: 'all' });
    expect(everyone.flags.length).toBe((await activeFlags()).length);
    expect(everyone.flags.some((f) => !present(patients.get(f.patient?.id ?? ''))), 'someone discharged long ago').toBe(true);
    const watch = await walk({ presence: 'all', tier: 'watch' });
    const support = await walk({ presence: 'all' });
    expect(watch.flags.length).toBeGreaterThan(0);
    expect(watch.flags.every((f) => f.tier === 'watch' && f.reasons.every((r) => r.tier === 'watch'))).toBe(true);
    expect(watch.flags.length + support.flags.length).toBe(everyone.flags.length);
    // A task carries its watch findings: they raise its priority.
    const boosted = support.flags.find((f) => f.reasons.some((r) => r.tier === 'watch'));
    expect(boosted, 'a support flag with watch findings').toBeDefined();
  });

  it('keeps patients discharged within WORKLIST_DISCHARGED_DAYS: a longer setting shows more of them', async () => {
    const short = await walk();
    configureWorklist({ dischargedDays: 14 });
    try {
      const long = await walk();
      expect(long.flags.length).toBeGreaterThan(short.flags.length);
      expect(long.flags.every((f) => present(patients.get(f.patient?.id ?? ''), 14))).toBe(true);
      expect(long.flags.some((f) => !present(patients.get(f.patient?.id ?? '')))).toBe(true);
    } finally {
      configureWorklist({ dischargedDays: DISCHARGED_DAYS });
    }
  });
});

describe('the ward filter', () => {
  it('matches part of a ward name with or without diacritics', async () => {
    const everyone = (await walk({ presence: 'all', tier: 'all' })).flags;
    const wardOf = async (f: FlagView): Promise<string | null> => (await FlagModel.findById(f.id).lean())?.ward ?? null;
    const wards = await Promise.all(everyone.map(wardOf));
    const oncology = everyone.filter((_, i) => wards[i] === 'Khoa Ung bướu');
    expect(oncology.length, 'the demo census has oncology flags').toBeGreaterThan(0);
    for (const q of ['ung buou', 'UNG BƯỚU', 'Ung bướu', 'ung  buou']) {
      const found = (await walk({ presence: 'all', tier: 'all', ward: q })).flags;
      expect(found.map((f) => f.id).sort(), q).toEqual(oncology.map((f) => f.id).sort());
    }
    // "hoi suc" finds both intensive-care wards (Hồi sức sơ sinh, Hồi sức tích cực – Chống độc).
    const hoiSuc = (await walk({ presence: 'all', tier: 'all', ward: 'hoi suc' })).flags;
    const expected = everyone.filter((_, i) => wards[i]?.startsWith('Khoa Hồi sức'));
    expect(hoiSuc.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
    expect((await walk({ ward: 'khoa không có' })).flags).toEqual([]);
  });
});

describe("a hospital's tiers (dated overrides)", () => {
  it('an admin moves a code to "support" from today: its watch-only flags join the default worklist; a later date, a past date, an unknown code', async () => {
    const admin = await signInAs(t.app, 'admin');
    const post = (body: object, who = admin): Test => who.agent.post(`/api/v1/hospitals/${hospital.id}/screening-tiers`).set('x-csrf-token', who.csrf).send(body);
    await post({ code: 'far-from-home', tier: 'support' }, sw).expect(403);
    const before = await walk();
    const farOnly = (await walk({ tier: 'watch' })).flags.filter((f) => f.codes.includes('far-from-home'));
    expect(farOnly.length, 'watch-only flags of patients far from home, present').toBeGreaterThan(0);
    // Refused: a day already past (history is not rewritten), a code no rule raises. Nothing stored.
    const past = await post({ code: 'far-from-home', tier: 'support', effectiveFrom: dayMinus(1) }).expect(400);
    expect(past.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.effectiveFrom']);
    const unknown = await post({ code: 'rich', tier: 'support' }).expect(400);
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.code']);
    // From tomorrow: listed, not in force today.
    const tomorrow = new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const later = await post({ code: 'long-stay', tier: 'support', effectiveFrom: tomorrow }).expect(201);
    expect(later.body.tiers.find((x: { code: string }) => x.code === 'long-stay')).toMatchObject({ tier: 'watch', ruleSetTier: 'watch' });
    expect(later.body.overrides).toMatchObject([{ code: 'long-stay', tier: 'support', effectiveFrom: tomorrow, by: admin.user.id }]);
    expect((await walk()).flags.length).toBe(before.flags.length);
    // From today: in force at once, for flags already raised (no re-screening).
    const now = await post({ code: 'far-from-home', tier: 'support' }).expect(201);
    expect(now.body.tiers.find((x: { code: string }) => x.code === 'far-from-home')).toMatchObject({ tier: 'support', ruleSetTier: 'watch' });
    const after = await walk();
    expect(after.flags.map((f) => f.id).sort()).toEqual([...before.flags, ...farOnly].map((f) => f.id).sort());
    expect((await sw.agent.get(`/api/v1/hospitals/${hospital.id}/screening-tiers`).expect(200)).body.overrides).toHaveLength(2);
  });
});

describe('"discharged in the last N days" counts Vietnam days', () => {
  it('keeps a patient who left early on the first day in Vietnam (the evening before in UTC), and drops one who left late the evening before', async () => {
    const support = new Set(codesOfTier('support', ruleSetOn(today())));
    const tasks = (await activeFlags()).filter((f) => f.codes.some((c) => support.has(c)));
    const discharged = [...new Set(tasks.map((f) => f.patientId.toHexString()))]
      .map((id) => patients.get(id))
      .filter((p): p is PatientRecord => Boolean(p && !p.census.inpatient && p.census.dischargedAt && p.census.encounterId));
    const [early, late] = discharged;
    if (!early || !late) throw new Error('the demo census has fewer than two discharged patients with a task');
    const first = dayMinus(DISCHARGED_DAYS);
    const before = dayMinus(DISCHARGED_DAYS + 1);
    // 20:00 UTC the day before = 03:00 on the first day in Vietnam: in. 00:30 at UTC+8 on the first day = 23:30 the day before in Vietnam: out.
    const ends = new Map([
      [early, `${before}T20:00:00Z`],
      [late, `${first}T00:30:00+08:00`],
    ]);
    const fhir = new Client({ baseUrl: demo.baseUrl });
    for (const [p, end] of ends) {
      const enc = (await fhir.read({ resourceType: 'Encounter', id: p.census.encounterId as string })) as unknown as Encounter;
      const period = { start: `${dayMinus(DISCHARGED_DAYS + 6)}T08:00:00+07:00`, end };
      await fhir.update({ resourceType: 'Encounter', id: enc.id as string, body: { ...enc, status: 'finished', period } as never });
      await sw.agent.post(`/api/v1/patients/${p._id.toHexString()}/resync`).set('x-csrf-token', sw.csrf).expect(200);
    }
    const listed = (await walk()).flags;
    const flagsOf = (p: PatientRecord): string[] => tasks.filter((f) => f.patientId.equals(p._id)).map((f) => f._id.toHexString());
    const ids = new Set(listed.map((f) => f.id));
    expect(flagsOf(early).filter((id) => !ids.has(id)), 'left at 03:00 on the first day, Vietnam time').toEqual([]);
    expect(listed.find((f) => f.patient?.id === early._id.toHexString())?.patient?.dischargedAt).toBe(ends.get(early));
    expect(flagsOf(late).filter((id) => ids.has(id)), 'left at 23:30 the day before, Vietnam time').toEqual([]);
  });
});

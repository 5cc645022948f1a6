import type { Encounter } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { fromStored, PatientModel, type PatientRecord, type StoredPatient } from '../../../server/features/patients/patients.model.js';
import { leftOnOf } from '../../../server/features/patients/patients.presence.js';
import { FlagModel, type FlagRecord } from '../../../server/features/screening/screening.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { SYNC_ONLY, waitForRun } from '../../setup/worker.js';

/**
 * The worklist stays cheap however large the census (issue 9: at 10,000 inpatients, joining every
 * flag to the hospital's present patients took seconds per request on the dev database). Each
 * active flag carries its patient's stay (`leftOn`), kept in step by census sync, re-sync and
 * questionnaire screening, so a worklist request reads the patients of its page only.
 */
const t = await startTestApp({ worklistDischargedDays: 3 }, { worker: SYNC_ONLY });
let demo: RunningDemoHospital;
let hospital: HospitalView;
let sw: SignedIn;

const patientsById = async (): Promise<Map<string, PatientRecord>> =>
  new Map((await PatientModel.find({ hospitalId: hospital.id }).lean<StoredPatient[]>()).map(fromStored).map((p) => [p._id.toHexString(), p]));
const activeFlags = (): Promise<FlagRecord[]> => FlagModel.find({ hospitalId: hospital.id, status: 'active' }).lean<FlagRecord[]>();

/** Every flag's stay is its patient's: what the worklist's presence filter relies on. */
async function expectStaysInStep(): Promise<void> {
  const patients = await patientsById();
  for (const f of await activeFlags()) expect(f.leftOn, `flag ${f._id.toHexString()}`).toBe(leftOnOf(patients.get(f.patientId.toHexString())?.census));
}

interface Call {
  collection: string;
  method: string;
  filter: unknown;
}

/** The database calls made while `f` runs (mongoose's debug hook sees every model and collection call of this process). */
async function callsDuring(f: () => Promise<unknown>): Promise<Call[]> {
  const calls: Call[] = [];
  mongoose.set('debug', (collection: string, method: string, filter: unknown) => void calls.push({ collection, method, filter }));
  try {
    await f();
  } finally {
    mongoose.set('debug', false);
  }
  return calls;
}

/** The longest array anywhere in a filter (an `$in` list). */
function longestList(v: unknown): number {
  if (Array.isArray(v)) return Math.max(v.length, ...v.map(longestList));
  if (v && typeof v === 'object' && v.constructor === Object) return Math.max(0, ...Object.values(v).map(longestList));
  return 0;
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 300, seed: 20261206, now: new Date() });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  const started = await sw.agent.post(`/api/v1/hospitals/${hospital.id}/sync`).set('x-csrf-token', sw.csrf).expect(202);
  await waitForRun(started.body.id as string);
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe("the patient's stay on its flag", () => {
  it('census sync copies each patient\'s stay onto its active flag: in hospital (none), or the Vietnam day they left', async () => {
    const flags = await activeFlags();
    expect(flags.length).toBeGreaterThan(20);
    expect(flags.some((f) => f.leftOn === null) && flags.some((f) => typeof f.leftOn === 'string'), 'both inpatients and discharged patients are flagged').toBe(true);
    await expectStaysInStep();
  });

  it('a re-sync that learns of a discharge moves the stay onto the flag at once; a questionnaire flag carries it from the start', async () => {
    const patients = await patientsById();
    const flagged = new Set((await activeFlags()).map((f) => f.patientId.toHexString()));
    const inpatient = [...patients.values()].find((p) => p.census.inpatient && p.census.encounterId && flagged.has(p._id.toHexString()));
    if (!inpatient) throw new Error('the demo census has no flagged inpatient');
    const fhir = new Client({ baseUrl: demo.baseUrl });
    const enc = (await fhir.read({ resourceType: 'Encounter', id: inpatient.census.encounterId as string })) as unknown as Encounter;
    const period = { start: '2026-10-01T08:00:00+07:00', end: '2026-10-20T20:00:00Z' }; // 03:00 on 21/10 in Vietnam
    await fhir.update({ resourceType: 'Encounter', id: enc.id as string, body: { ...enc, status: 'finished', period } as never });
    await sw.agent.post(`/api/v1/patients/${inpatient._id.toHexString()}/resync`).set('x-csrf-token', sw.csrf).expect(200);
    const flag = await FlagModel.findOne({ activeFor: inpatient._id }).lean<FlagRecord>();
    expect(flag?.leftOn).toBe('2026-10-21');
    const listed = (await sw.agent.get('/api/v1/worklist').query({ limit: '100', tier: 'all' }).expect(200)).body as { data: { patient: { id: string } | null }[] };
    expect(listed.data.map((f) => f.patient?.id)).not.toContain(inpatient._id.toHexString());

    const linked = await linkViaApi(sw, await createBarePatient(fhir));
    const res = await postScreening(sw, linked, questionnaireResponse()).expect(201);
    expect((await FlagModel.findById(res.body.flag.id).lean<FlagRecord>())?.leftOn).toBeNull();
    await expectStaysInStep();
  });
});

describe('a worklist request', () => {
  it('reads only the patients of its page, by id, and filters the flags without a list of the census', async () => {
    for (const query of [{}, { tier: 'all' }, { sort: 'ward' }, { status: 'confirmed' }]) {
      let total = 0;
      const calls = await callsDuring(async () => {
        total = ((await sw.agent.get('/api/v1/worklist').query({ limit: '10', ...query }).expect(200)).body as { total: number }).total;
      });
      if (!('status' in query)) expect(total, JSON.stringify(query)).toBeGreaterThan(10);
      expect(calls.some((c) => c.collection === 'flags' && c.method === 'find'), 'the hook sees the worklist\'s reads').toBe(true);
      const patientReads = calls.filter((c) => c.collection === 'patients');
      for (const c of patientReads) {
        expect(Object.keys(c.filter as object), `${JSON.stringify(query)}: patients read by id only`).toEqual(['_id']);
        expect(longestList(c.filter), `${JSON.stringify(query)}: at most a page of patients`).toBeLessThanOrEqual(11);
      }
      for (const c of calls.filter((x) => x.collection === 'flags')) expect(longestList(c.filter), `${JSON.stringify(query)}: ${c.method} on flags`).toBeLessThanOrEqual(20);
    }
  });
});

import type { Bundle } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { Types } from 'mongoose';
import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { findHospital } from '../../../server/features/admin/hospitals.service.js';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import { CaseModel } from '../../../server/features/cases/cases.model.js';
import { fromStored, PatientModel, type PatientRecord, type StoredPatient } from '../../../server/features/patients/patients.model.js';
import { FlagModel, ScreeningModel, ScreeningStateModel } from '../../../server/features/screening/screening.model.js';
import { evaluateRecord } from '../../../server/features/screening/screening.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { walkPages } from '../../setup/http.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { SYNC_ONLY, waitForRun } from '../../setup/worker.js';

/**
 * Automatic flags from census sync, the worklist, and review: through the API of a hospital whose
 * FHIR server is a demo hospital over HTTP.
 */
const t = await startTestApp({}, { worker: SYNC_ONLY });
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;
let firstSync: { startedAt: string; patients: number };

interface FlagView {
  id: string;
  status: string;
  priority: number;
  tier: 'support' | 'watch';
  flagTypes: string[];
  codes: string[];
  reasons: { code: string; tier: string }[];
  patient: { id: string; ward: string | null; inpatient: boolean; dischargedAt: string | null } | null;
  review: { by: string; reason: string | null; caseId: string | null } | null;
  createdAt: string;
}

async function sync(who: SignedIn): Promise<{ startedAt: string; patients: number }> {
  const started = await who.agent.post(`/api/v1/hospitals/${hospital.id}/sync`).set('x-csrf-token', who.csrf).expect(202);
  await waitForRun(started.body.id as string);
  const run = await who.agent.get(`/api/v1/sync-runs/${started.body.id as string}`).expect(200);
  expect(run.body.status).toBe('succeeded');
  return { startedAt: run.body.startedAt as string, patients: run.body.progress.patients as number };
}

/** Every flag, whatever its tier and wherever its patient: what the paging tests walk. */
const EVERYONE = { tier: 'all', presence: 'all' };

async function worklist(query: Record<string, string> = {}, who = sw): Promise<FlagView[][]> {
  return walkPages(async (cursor) => (await who.agent.get('/api/v1/worklist').query({ limit: '2', ...query, ...(cursor ? { cursor } : {}) }).expect(200)).body);
}

const activeInDb = (extra: Record<string, unknown> = {}): Promise<number> => FlagModel.countDocuments({ hospitalId: hospital.id, status: 'active', ...extra });

function review(id: string, body: object, who = sw): Test {
  return who.agent.post(`/api/v1/flags/${id}/review`).set('x-csrf-token', who.csrf).send(body);
}

/** A fresh flag of this hospital, from a questionnaire screening of a new patient. */
async function freshFlag(): Promise<{ flagId: string; patientId: string; res: Response }> {
  const patientId = await linkViaApi(sw, await createBarePatient(fhir));
  const res = await postScreening(sw, patientId, questionnaireResponse()).expect(201);
  return { flagId: res.body.flag.id as string, patientId, res };
}

async function audited(res: Response, action: string, patientId: string): Promise<void> {
  const entry = await AuditModel.findOne({ requestId: res.headers['x-request-id'] as string, action }).lean();
  expect(entry, `${action}: audit entry`).toMatchObject({ action, patientId, outcome: 'success' });
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 120, seed: 5150, now: new Date(), limits: { maxCount: 20 } });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  firstSync = await sync(sw);
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('automatic flags from census sync', () => {
  it('flags exactly the synced patients the rules find something for, one active flag each', async () => {
    const h = await findHospital(hospital.id);
    if (!h) throw new Error('no hospital');
    const records = (await PatientModel.find({ hospitalId: hospital.id }).lean<StoredPatient[]>()).map(fromStored);
    expect(records.length).toBe(firstSync.patients);
    const asOf = new Date(firstSync.startedAt);
    const withFindings = records.filter((r) => evaluateRecord(r, h, asOf).findings.length > 0);
    const without = records.filter((r) => !withFindings.includes(r));
    expect(withFindings.length, 'the demo data flags some patients').toBeGreaterThan(4);
    expect(without.length, 'and leaves some unflagged').toBeGreaterThan(0);
    const flagged = await FlagModel.find({ hospitalId: hospital.id, status: 'active' }).lean();
    expect(flagged.map((f) => f.patientId.toHexString()).sort()).toEqual(withFindings.map((r) => r._id.toHexString()).sort());
    const quiet = without[0] as PatientRecord;
    const history = await sw.agent.get(`/api/v1/patients/${quiet._id.toHexString()}/screenings`).expect(200);
    expect(history.body).toEqual({ screenings: [], flags: [] });
  });

  it('re-running the sync over the same data raises no new flag (same fingerprint)', async () => {
    // Touch a few stays so the incremental run fetches and re-screens their patients.
    const page = (await fhir.search({ resourceType: 'Encounter', searchParams: { class: 'IMP', status: 'in-progress', _count: 5 } })) as unknown as Bundle;
    for (const e of page.entry ?? []) await fhir.update({ resourceType: 'Encounter', id: e.resource?.id as string, body: e.resource as unknown as { resourceType: 'Encounter' } });
    const before = await Promise.all([FlagModel.countDocuments(), ScreeningModel.countDocuments(), activeInDb()]);
    const again = await sync(sw);
    expect(again.patients, 'the second run did re-read patients').toBeGreaterThan(0);
    expect(await Promise.all([FlagModel.countDocuments(), ScreeningModel.countDocuments(), activeInDb()])).toEqual(before);
  });
});

describe('one active flag per patient', () => {
  it('two questionnaires of one patient at once: both screenings kept, exactly one flag active', async () => {
    const patientId = await linkViaApi(sw, await createBarePatient(fhir));
    const [a, b] = await Promise.all([postScreening(sw, patientId, questionnaireResponse()), postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' }))]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await ScreeningModel.countDocuments({ patientId })).toBe(2);
    const active = await FlagModel.find({ patientId, status: 'active' }).lean();
    expect(active.length).toBe(1);
    expect(await FlagModel.countDocuments({ patientId, status: 'superseded' })).toBe(1);
    expect(active[0]?.activeFor?.toHexString()).toBe(patientId);
    const both = (await ScreeningModel.find({ patientId }).lean()).map((x) => x._id.toHexString());
    expect(both, 'the state names one of the two').toContain((await ScreeningStateModel.findById(patientId).lean())?.currentId?.toHexString());
  });

  it('a reviewed flag leaves the unique index, so the next screening can raise a new one', async () => {
    const { flagId, patientId } = await freshFlag();
    await review(flagId, { decision: 'dismiss', reason: 'đã hỗ trợ' }).expect(200);
    const dismissed = await FlagModel.findById(flagId).lean();
    expect(dismissed?.activeFor).toBeUndefined();
    const again = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
    expect(again.body.flag.status).toBe('active');
    expect((await FlagModel.findById(flagId).lean())?.status, 'the dismissal stands').toBe('dismissed');
    expect(await FlagModel.countDocuments({ patientId, status: 'active' })).toBe(1);
  });

  it('an older flagged patient re-read unchanged by a sync, then screened with new answers, keeps exactly one active flag', async () => {
    const flagged = await FlagModel.findOne({ hospitalId: hospital.id, status: 'active', ward: { $ne: null } }).lean();
    const patient = flagged ? await PatientModel.findById(flagged.patientId).lean() : null;
    if (!flagged || !patient?.census.encounterId) throw new Error('the census raised no flag on a patient in a ward');
    // As written by an earlier version: no screening state for the patient, no activeFor on the flag.
    await ScreeningStateModel.deleteOne({ _id: patient._id });
    await FlagModel.collection.updateOne({ _id: flagged._id }, { $unset: { activeFor: 1 } });
    // The sync re-reads the patient (its stay touched) and finds the same thing: nothing new is raised.
    const stay = await fhir.read({ resourceType: 'Encounter', id: patient.census.encounterId });
    await fhir.update({ resourceType: 'Encounter', id: patient.census.encounterId, body: stay as unknown as { resourceType: 'Encounter' } });
    await sync(sw);
    expect((await FlagModel.findById(flagged._id).lean())?.status).toBe('active');
    // Then a questionnaire changes the findings: the old flag must not stay active beside the new one.
    const res = await postScreening(sw, patient._id.toHexString(), questionnaireResponse({ certificate: 'poor' })).expect(201);
    expect(res.body.flag.status).toBe('active');
    expect((await FlagModel.findById(flagged._id).lean())?.status).toBe('superseded');
    expect(await FlagModel.countDocuments({ patientId: patient._id, status: 'active' })).toBe(1);
  });

  it('a patient record written before the screening state existed is re-screened correctly: old screening superseded, old flag too', async () => {
    const { flagId, patientId } = await freshFlag();
    const first = await ScreeningModel.findOne({ patientId }).lean();
    // As written by an earlier version: no screening state for the patient, no activeFor on the flag.
    await ScreeningStateModel.deleteOne({ _id: patientId });
    await FlagModel.collection.updateOne({ _id: new Types.ObjectId(flagId) }, { $unset: { activeFor: 1 } });
    const res = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
    expect((await ScreeningModel.findById(first?._id).lean())?.supersededBy?.toHexString()).toBe(res.body.screening.id);
    expect((await FlagModel.findById(flagId).lean())?.status).toBe('superseded');
    expect(await FlagModel.countDocuments({ patientId, status: 'active' })).toBe(1);
    const state = await ScreeningStateModel.findById(patientId).lean();
    expect(state?.currentId?.toHexString()).toBe(res.body.screening.id);
    expect(state?.answersId?.toHexString()).toBe(res.body.screening.id);
  });
});

describe('GET /worklist', () => {
  it('lists the hospital’s active flags, highest priority first, across pages without duplicates or gaps', async () => {
    const pages = await worklist(EVERYONE);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    const all = pages.flat();
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
    expect(all.length).toBe(await activeInDb());
    const priorities = all.map((f) => f.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(all.every((f) => f.status === 'active' && f.patient !== null)).toBe(true);
  });

  it('sorts by ward, then priority within each ward, across pages without duplicates or gaps', async () => {
    // One flag with no ward (a questionnaire of a patient not in hospital) must come first and not cut the walk short.
    await freshFlag();
    const all = (await worklist({ sort: 'ward', ...EVERYONE })).flat();
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
    expect(all.length).toBe(await activeInDb());
    const keys = all.map((f) => [f.patient?.ward ?? '', f.priority] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? -1 : 1));
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((k) => k[0])).size, 'several wards').toBeGreaterThan(2);
  });

  it('filters by flag type, ward and since', async () => {
    const all = (await worklist({ limit: '100', ...EVERYONE })).flat();
    const type = all[0]?.flagTypes[0] as string;
    const ofType = (await worklist({ flagType: type, ...EVERYONE })).flat();
    expect(ofType.length).toBe(await activeInDb({ flagTypes: type }));
    expect(ofType.every((f) => f.flagTypes.includes(type))).toBe(true);
    const ward = all.find((f) => f.patient?.ward)?.patient?.ward as string;
    const inWard = (await worklist({ ward, ...EVERYONE })).flat();
    expect(inWard.length).toBe(await activeInDb({ ward }));
    expect(inWard.length).toBeLessThan(all.length);
    expect(inWard.every((f) => f.patient?.ward === ward)).toBe(true);
    const newest = all.map((f) => f.createdAt).sort().at(-1) as string;
    const since = (await worklist({ since: newest, ...EVERYONE })).flat();
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((f) => f.createdAt >= newest)).toBe(true);
    expect(since.length).toBe(await activeInDb({ createdAt: { $gte: new Date(newest) } }));
    expect((await worklist({ since: new Date(Date.parse(newest) + 1).toISOString(), ...EVERYONE })).flat()).toEqual([]);
  });
});

describe('POST /flags/:id/review', () => {
  it('dismiss needs a reason (400 body.reason); with one the flag is dismissed and leaves the worklist', async () => {
    const { flagId, patientId } = await freshFlag();
    const refused = await review(flagId, { decision: 'dismiss' }).expect(400);
    expect((refused.body.error.details as { path: string }[]).map((d) => d.path)).toEqual(['body.reason']);
    expect((await FlagModel.findById(flagId).lean())?.status).toBe('active');
    const res = await review(flagId, { decision: 'dismiss', reason: 'Gia đình đã có hỗ trợ' }).expect(200);
    expect(res.body).toMatchObject({ status: 'dismissed', review: { by: sw.user.id, reason: 'Gia đình đã có hỗ trợ', caseId: null } });
    await audited(res, 'flag.dismiss', patientId);
    expect((await worklist({ limit: '100', ...EVERYONE })).flat().map((f) => f.id)).not.toContain(flagId);
  });

  it('confirm opens a case; a second review answers 409 FLAG.NOT_ACTIVE', async () => {
    const { flagId, patientId } = await freshFlag();
    const res = await review(flagId, { decision: 'confirm', reason: 'Gia đình khó khăn, cần hỗ trợ viện phí' }).expect(200);
    expect(res.body.status).toBe('confirmed');
    const caseId = res.body.review.caseId as string;
    expect(caseId).toMatch(/^[0-9a-f]{24}$/);
    const opened = await CaseModel.findById(caseId).lean();
    expect(opened).toMatchObject({ status: 'open', openedBy: sw.user.id });
    expect(opened?.openedFromFlagId?.toHexString()).toBe(flagId);
    expect(opened?.patientId.toHexString()).toBe(patientId);
    await audited(res, 'flag.confirm', patientId);
    const again = await review(flagId, { decision: 'dismiss', reason: 'nhầm' }).expect(409);
    expect(again.body.error.code).toBe('FLAG.NOT_ACTIVE');
    expect(again.body.error.message).toContain('confirmed');
    expect(await CaseModel.countDocuments({ openedFromFlagId: flagId })).toBe(1);
  });

  it('two confirms at once: exactly one wins, the other gets 409, and one case opens', async () => {
    const { flagId } = await freshFlag();
    const results = await Promise.all([review(flagId, { decision: 'confirm', reason: 'cần hỗ trợ' }), review(flagId, { decision: 'confirm', reason: 'cần hỗ trợ' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.error).toMatchObject({ code: 'FLAG.NOT_ACTIVE', message: expect.stringContaining('confirmed') });
    expect(await CaseModel.countDocuments({ openedFromFlagId: flagId })).toBe(1);
  });

  it('expire marks the flag expired', async () => {
    const { flagId } = await freshFlag();
    const res = await review(flagId, { decision: 'expire' }).expect(200);
    expect(res.body.status).toBe('expired');
    expect((await sw.agent.get(`/api/v1/flags/${flagId}`).expect(200)).body.status).toBe('expired');
  });
});

describe('tenants and the audit trail', () => {
  it('another hospital’s social worker gets 404 on the flag and its review; the flag stays active', async () => {
    const { flagId } = await freshFlag();
    const other = await signInAs(t.app, 'social_worker', { hospitalId: (await makeFhirHospital(demo.baseUrl)).id });
    const read = await other.agent.get(`/api/v1/flags/${flagId}`).expect(404);
    expect(read.body.error.code).toBe('NOT_FOUND');
    await review(flagId, { decision: 'confirm', reason: 'cần hỗ trợ' }, other).expect(404);
    expect((await FlagModel.findById(flagId).lean())?.status).toBe('active');
    expect((await worklist({ limit: '100', ...EVERYONE }, other)).flat()).toEqual([]);
  });

  it.each(['charity_partner', 'coordinator', 'admin'] as const)('a %s gets 403 on the worklist', async (role) => {
    const who = await signInAs(t.app, role);
    const res = await who.agent.get('/api/v1/worklist').expect(403);
    expect(res.body.error.code).toBe('AUTH.FORBIDDEN');
  });

  it('screening, flag reads and reviews are audited with the patient', async () => {
    const { flagId, patientId, res } = await freshFlag();
    await audited(res, 'screening.create', patientId);
    await audited(await sw.agent.get(`/api/v1/flags/${flagId}`).expect(200), 'flag.read', patientId);
    await audited(await sw.agent.get(`/api/v1/patients/${patientId}/screenings`).expect(200), 'screening.read', patientId);
    await audited(await review(flagId, { decision: 'expire' }).expect(200), 'flag.expire', patientId);
  });
});

import { Client } from 'fhir-kit-client';
import { Types } from 'mongoose';
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { CaseModel } from '../../../server/features/cases/cases.model.js';
import { FlagModel } from '../../../server/features/screening/screening.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * Reviewing a flag (issue 8, B8 and C20): confirm asks for a note kept on the case, the patient's
 * case can be seen, reviewed flags can be listed; an expired flag cannot be confirmed or
 * dismissed; one case per flag, enforced by the database, even when a confirm is retried.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;

function review(id: string, body: object, who = sw): Test {
  return who.agent.post(`/api/v1/flags/${id}/review`).set('x-csrf-token', who.csrf).send(body);
}

async function freshFlag(): Promise<{ flagId: string; patientId: string }> {
  const patientId = await linkViaApi(sw, await createBarePatient(fhir));
  const res = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
  return { flagId: res.body.flag.id as string, patientId };
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 77, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('confirm opens a case that can be seen', () => {
  it('asks for a short note (400 body.reason, nothing changes), keeps it on the case, and the patient page can show the case', async () => {
    const { flagId, patientId } = await freshFlag();
    const refused = await review(flagId, { decision: 'confirm' }).expect(400);
    expect((refused.body.error.details as { path: string }[]).map((d) => d.path)).toEqual(['body.reason']);
    expect((await FlagModel.findById(flagId).lean())?.status).toBe('active');
    expect(await CaseModel.countDocuments({ openedFromFlagId: flagId })).toBe(0);
    const note = 'Hộ nghèo, cần hỗ trợ tiền ăn cho người nhà';
    const res = await review(flagId, { decision: 'confirm', reason: note }).expect(200);
    const cases = (await sw.agent.get(`/api/v1/patients/${patientId}/cases`).expect(200)).body.data as Record<string, unknown>[];
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ id: res.body.review.caseId, status: 'open', note, openedBy: { id: sw.user.id, name: sw.user.displayName }, flag: { id: flagId } });
    const reasons = (cases[0]?.flag as { reasons: { code: string; summary: { vi: string } }[] }).reasons;
    expect(reasons.map((r) => r.code)).toContain('poor');
    expect(reasons.every((r) => r.summary.vi.length > 0)).toBe(true);
    expect(Date.parse(cases[0]?.openedAt as string)).not.toBeNaN();
  });

  it("another hospital's social worker gets 404 on the patient's cases", async () => {
    const { patientId } = await freshFlag();
    const other = await signInAs(t.app, 'social_worker', { hospitalId: (await makeFhirHospital(demo.baseUrl)).id });
    await other.agent.get(`/api/v1/patients/${patientId}/cases`).expect(404);
  });

  it('the worklist lists reviewed flags by status (confirmed, dismissed), and only active ones by default', async () => {
    const confirmed = await freshFlag();
    const dismissed = await freshFlag();
    const active = await freshFlag();
    await review(confirmed.flagId, { decision: 'confirm', reason: 'cần hỗ trợ' }).expect(200);
    await review(dismissed.flagId, { decision: 'dismiss', reason: 'đã có hỗ trợ' }).expect(200);
    const list = async (status?: string): Promise<{ id: string; status: string }[]> =>
      (await sw.agent.get('/api/v1/worklist').query({ limit: '100', ...(status ? { status } : {}) }).expect(200)).body.data;
    const ids = async (status?: string): Promise<string[]> => (await list(status)).map((f) => f.id);
    expect(await ids()).toContain(active.flagId);
    expect(await ids()).not.toContain(confirmed.flagId);
    expect(await ids('confirmed')).toContain(confirmed.flagId);
    expect((await list('confirmed')).every((f) => f.status === 'confirmed')).toBe(true);
    expect(await ids('dismissed')).toEqual([dismissed.flagId]);
  });
});

describe('an expired flag', () => {
  it('past its expiry date but not yet swept: confirm and dismiss answer 409 FLAG.NOT_ACTIVE (status expired); nothing changes', async () => {
    const { flagId } = await freshFlag();
    await FlagModel.updateOne({ _id: flagId }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
    for (const body of [{ decision: 'confirm', reason: 'cần hỗ trợ' }, { decision: 'dismiss', reason: 'không cần' }]) {
      const res = await review(flagId, body).expect(409);
      expect(res.body.error).toMatchObject({ code: 'FLAG.NOT_ACTIVE', params: { status: 'expired' } });
    }
    const flag = await FlagModel.findById(flagId).lean();
    expect(flag?.status).toBe('active');
    expect(flag?.review).toBeNull();
    expect(await CaseModel.countDocuments({ openedFromFlagId: flagId })).toBe(0);
    // Saying it has expired is still allowed: it is what is already true.
    expect((await review(flagId, { decision: 'expire' }).expect(200)).body.status).toBe('expired');
  });
});

describe('one case per flag', () => {
  it('the database refuses a second case for the same flag', async () => {
    await CaseModel.init();
    const flagId = new Types.ObjectId();
    const base = { hospitalId: new Types.ObjectId(hospital.id), patientId: new Types.ObjectId(), openedFromFlagId: flagId, openedBy: sw.user.id };
    await CaseModel.create(base);
    await expect(CaseModel.create(base)).rejects.toMatchObject({ code: 11000 });
    expect(await CaseModel.countDocuments({ openedFromFlagId: flagId })).toBe(1);
  });

  it('a confirm retried after a failure between opening the case and marking the flag finds the case, opens no second one', async () => {
    const { flagId, patientId } = await freshFlag();
    // What a first confirm left behind when it failed after opening the case: the case, and the flag back to active.
    const earlier = await CaseModel.create({ hospitalId: new Types.ObjectId(hospital.id), patientId: new Types.ObjectId(patientId), openedFromFlagId: new Types.ObjectId(flagId), openedBy: sw.user.id, note: 'lần đầu' });
    const res = await review(flagId, { decision: 'confirm', reason: 'thử lại' }).expect(200);
    expect(res.body.review.caseId).toBe(earlier._id.toHexString());
    expect(await CaseModel.countDocuments({ openedFromFlagId: flagId })).toBe(1);
  });
});

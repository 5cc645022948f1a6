import mongoose, { Schema, Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRelationship } from '../../../server/access/relationships.js';
import { settableClock, type Clock } from '../../../server/clock.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import type { Principal } from '../../../server/http/policy.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * Relationship rules (issue 9, point 1) against a real collection: a "share" of a patient with
 * another hospital, live from validFrom to validTo unless withdrawn. The rule is asked on every
 * request, so a withdrawal or the clock passing validTo hides the patient on the very next one.
 */
interface Share {
  patientId: Types.ObjectId;
  recipientHospitalId: Types.ObjectId;
  validFrom: Date;
  validTo: Date;
  withdrawnAt: Date | null;
}
const ShareModel = mongoose.model<Share>(
  'TestShare',
  new Schema<Share>({ patientId: Schema.Types.ObjectId, recipientHospitalId: Schema.Types.ObjectId, validFrom: Date, validTo: Date, withdrawnAt: { type: Date, default: null } }),
  'test_shares',
);

const live = (p: Principal, clock: Clock): Record<string, unknown> => {
  const now = clock.now();
  return { recipientHospitalId: new Types.ObjectId(p.hospitalId ?? undefined), validFrom: { $lte: now }, validTo: { $gt: now }, withdrawnAt: null };
};
const sharedIds = async (p: Principal, clock: Clock): Promise<Types.ObjectId[]> => (p.hospitalId ? ShareModel.distinct('patientId', live(p, clock)) : []);

const clock = settableClock(new Date());
const t = await startTestApp({}, { clock });
const unregister = [
  registerRelationship({
    name: 'test.share.patient',
    actions: ['patient.read', 'patient.list'],
    roles: ['social_worker', 'sw_lead'],
    audience: 'receiving-hospital',
    check: async (p, record, c) => Boolean(p.hospitalId && (await ShareModel.exists({ ...live(p, c), patientId: record._id as Types.ObjectId }))),
    filter: async (p, c) => ({ _id: { $in: await sharedIds(p, c) } }),
  }),
  registerRelationship({
    name: 'test.share.flag',
    actions: ['flag.read'],
    roles: ['social_worker', 'sw_lead'],
    audience: 'receiving-hospital',
    check: async (p, record, c) => Boolean(p.hospitalId && (await ShareModel.exists({ ...live(p, c), patientId: (record as { patientId?: Types.ObjectId }).patientId }))),
    filter: async (p, c) => ({ patientId: { $in: await sharedIds(p, c) } }),
  }),
];

let demo: RunningDemoHospital;
let sender: SignedIn;
let receiver: SignedIn;
let stranger: SignedIn;
let coordinator: SignedIn;
let patientId: string;
let flagId: string;
let receiverHospital: string;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 909, now: clock.now() });
  const own = (await makeFhirHospital(demo.baseUrl)).id;
  receiverHospital = (await makeHospital()).id;
  sender = await signInAs(t.app, 'social_worker', { hospitalId: own });
  receiver = await signInAs(t.app, 'social_worker', { hospitalId: receiverHospital });
  stranger = await signInAs(t.app, 'social_worker', { hospitalId: (await makeHospital()).id });
  coordinator = await signInAs(t.app, 'coordinator');
  patientId = await linkViaApi(sender, 'bvdklc-000001');
  const screened = await postScreening(sender, patientId, questionnaireResponse()).expect(201);
  flagId = screened.body.flag.id as string;
});

afterAll(async () => {
  for (const off of unregister) off();
  await t.close();
  await demo?.stop();
});

const HOUR = 3_600_000;
async function share(validForMs = 24 * HOUR): Promise<Types.ObjectId> {
  const now = clock.now();
  const s = await ShareModel.create({ patientId: new Types.ObjectId(patientId), recipientHospitalId: new Types.ObjectId(receiverHospital), validFrom: new Date(now.getTime() - HOUR), validTo: new Date(now.getTime() + validForMs) });
  return s._id;
}
const listed = async (who: SignedIn): Promise<{ id: string; audience?: string }[]> =>
  (await who.agent.get('/api/v1/patients?limit=100').expect(200)).body.data as { id: string; audience?: string }[];

/** Asserts the receiver reaches nothing: read and flag 404 (as a missing record), not in the list. */
async function expectHidden(who: SignedIn): Promise<void> {
  const read = await who.agent.get(`/api/v1/patients/${patientId}`).expect(404);
  expect(read.body.error.code).toBe('NOT_FOUND');
  await who.agent.get(`/api/v1/flags/${flagId}`).expect(404);
  expect((await listed(who)).map((p) => p.id)).not.toContain(patientId);
}

describe('a relationship rule registered by a feature', () => {
  it('may not open a list whose rows always carry the own hospital’s view (worklist, search)', () => {
    const rule = { name: 'test.too-wide', roles: ['social_worker'] as const, audience: 'receiving-hospital' as const, check: async () => true, filter: async () => ({}) };
    expect(() => registerRelationship({ ...rule, actions: ['worklist.read'] })).toThrow(/may not open worklist.read/);
    expect(() => registerRelationship({ ...rule, actions: ['patient.read', 'patient.search'] })).toThrow(/may not open patient.search/);
  });

  it('without a share, another hospital gets 404 and an empty list', async () => {
    await expectHidden(receiver);
  });

  it('granted: the receiving hospital reads and lists the patient and the flag, in its de-identified view', async () => {
    await share();
    const read = await receiver.agent.get(`/api/v1/patients/${patientId}`).expect(200);
    expect(read.body).toMatchObject({ id: patientId, audience: 'receiving-hospital' });
    expect(read.body).not.toHaveProperty('identity');
    const row = (await listed(receiver)).find((p) => p.id === patientId);
    expect(row).toMatchObject({ audience: 'receiving-hospital' });
    const flag = await receiver.agent.get(`/api/v1/flags/${flagId}`).expect(200);
    expect(flag.body).toMatchObject({ id: flagId, audience: 'receiving-hospital', patientId });
    expect(flag.body).not.toHaveProperty('patient');
    // A hospital without the relationship still gets nothing; the owner still gets the full view.
    await expectHidden(stranger);
    const mine = await sender.agent.get(`/api/v1/patients/${patientId}`).expect(200);
    expect(mine.body.identity.name).toBeTruthy();
  });

  it('a relationship opens reads only: writes on the shared patient stay 404', async () => {
    await receiver.agent.post(`/api/v1/patients/${patientId}/resync`).set('x-csrf-token', receiver.csrf).expect(404);
    await receiver.agent.get(`/api/v1/patients/${patientId}/screenings`).expect(404);
    await postScreening(receiver, patientId, questionnaireResponse()).expect(404);
  });

  it('withdrawn: gone from read and list on the very next request', async () => {
    await ShareModel.updateMany({ patientId }, { $set: { withdrawnAt: clock.now() } });
    await expectHidden(receiver);
  });

  it('expired by the clock: gone once validTo passes', async () => {
    await share(2 * HOUR);
    await receiver.agent.get(`/api/v1/patients/${patientId}`).expect(200);
    expect((await listed(receiver)).map((p) => p.id)).toContain(patientId);
    clock.advance(2 * HOUR);
    await expectHidden(receiver);
  });

  it('the list reads are audited with the patients shown, and the audit finds them by patient id', async () => {
    await share();
    const shown = await receiver.agent.get('/api/v1/patients?limit=100').expect(200);
    const notShown = await stranger.agent.get('/api/v1/patients?limit=100').expect(200);
    const worklist = await sender.agent.get('/api/v1/worklist?limit=100&tier=all&presence=all').expect(200);
    const audit = await coordinator.agent.get(`/api/v1/audit-events?patientId=${patientId}&limit=100`).expect(200);
    const entries = audit.body.data as { requestId: string; action: string; patientIds: string[] }[];
    const byRequest = (res: { headers: Record<string, unknown> }): unknown => entries.find((e) => e.requestId === res.headers['x-request-id']);
    expect(byRequest(shown)).toMatchObject({ action: 'patient.list', patientIds: [patientId] });
    expect(byRequest(notShown), 'a list that did not show the patient is not among its reads').toBeUndefined();
    expect(byRequest(worklist)).toMatchObject({ action: 'worklist.read', patientIds: [patientId] });
  });
});

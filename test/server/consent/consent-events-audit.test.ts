import { Client } from 'fhir-kit-client';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { EventModel, type EventRecord } from '../../../server/events/events.model.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor, postConsent, shareWith, withdraw } from './consent-fixture.js';

/**
 * A consent's trail: the state change and its event in one update (decision 0014), events that
 * carry ids and codes only; every read and write of a case's consents audited with the patient
 * id; a closed case takes no new consent, while a consent of it can still be withdrawn (the
 * patient's right does not end with the case).
 */
const clock = settableClock('2026-12-06T03:00:00Z');
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let other: HospitalView;
let sw: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 5, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  other = await makeHospital();
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('events and audit', () => {
  it('consent.recorded then consent.withdrawn on stream consent:<id>, data { caseId, purpose } only, at the clock’s time', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const c = (await postConsent(sw, caseId, shareWith(other.id, '2026-12-06')).expect(201)).body;
    clock.advance(5 * 60_000);
    await withdraw(sw, caseId, c.id, { reason: 'Người bệnh đổi ý' }).expect(200);
    const events = await EventModel.find({ stream: `consent:${c.id as string}` }).sort({ seq: 1 }).lean<EventRecord[]>();
    expect(events.map((e) => [e.seq, e.type, e.data])).toEqual([
      [1, 'consent.recorded', { caseId, purpose: 'share-hospital' }],
      [2, 'consent.withdrawn', { caseId, purpose: 'share-hospital' }],
    ]);
    expect(events.map((e) => e.at.toISOString())).toEqual(['2026-12-06T03:00:00.000Z', '2026-12-06T03:05:00.000Z']);
    expect(events.every((e) => e.hospitalId === hospital.id && e.actorUserId === sw.user.id)).toBe(true);
    // The reason a patient gave is free text: it stays on the consent, never in an event.
    expect(JSON.stringify(events)).not.toContain('Người bệnh đổi ý');
    // Both events were published with their change: no pending mark is left on the consent.
    const stored = await mongoose.connection.collection('consents').findOne({ _id: new mongoose.Types.ObjectId(c.id as string) });
    expect(stored?.pendingEvents ?? []).toEqual([]);
  });

  it('audits the list, the record and the withdrawal with the patient id', async () => {
    const { caseId, patientId } = await caseFor(sw, fhir);
    const c = (await postConsent(sw, caseId, shareWith(other.id, '2026-12-06')).expect(201)).body;
    await sw.agent.get(`/api/v1/cases/${caseId}/consents`).expect(200);
    await withdraw(sw, caseId, c.id).expect(200);
    const rows = await AuditModel.find({ patientId, action: /^consent\./ }).lean();
    expect(rows.map((r) => r.action).sort()).toEqual(['consent.list', 'consent.record', 'consent.withdraw']);
    expect(rows.every((r) => r.outcome === 'success' && r.actor?.userId === sw.user.id)).toBe(true);
  });
});

describe('a closed case', () => {
  it('takes no new consent (409 CASE.CLOSED) but a consent of it can still be withdrawn', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const c = (await postConsent(sw, caseId, shareWith(other.id, '2026-12-06')).expect(201)).body;
    await sw.agent.post(`/api/v1/cases/${caseId}/closure-request`).set('x-csrf-token', sw.csrf).send({ outcome: 'resolved', summary: 'Đã hỗ trợ xong' }).expect(200);
    await lead.agent.post(`/api/v1/cases/${caseId}/closure-decision`).set('x-csrf-token', lead.csrf).send({ decision: 'approve' }).expect(200);
    const refused = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06')).expect(409);
    expect(refused.body.error.code).toBe('CASE.CLOSED');
    expect((await withdraw(sw, caseId, c.id).expect(200)).body.status).toBe('withdrawn');
  });
});

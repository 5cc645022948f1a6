import { randomInt } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { systemClock, vietnamToday } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import type { Elsewhere } from '../../../server/features/consent/elsewhere.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { postConsent, shareWith, withdraw } from './consent-fixture.js';

/**
 * The same person at other network hospitals (issue 10, point 5), over HTTP: the count of other
 * hospitals with a case of the person (same CCCD), and a hospital and its case only while that
 * case's share-hospital consent covers the caller's hospital. Three module hospitals share one
 * demo FHIR server; each holds its own Patient resource of the same person.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
const hospitals: Record<'a' | 'b' | 'c', HospitalView> = {} as never;
const staff: Record<'a' | 'b' | 'c', SignedIn> = {} as never;
const today = vietnamToday(systemClock);

/** A Patient on the FHIR server: the same person wherever the CCCD is the same; none when null. */
async function patient(cccd: string | null): Promise<string> {
  const body: Patient = {
    resourceType: 'Patient',
    ...(cccd ? { identifier: [{ system: SYSTEMS.vnCore.nationalId, value: cccd }] } : {}),
    name: [{ family: 'Vàng', given: ['Thị', 'Dở'], text: 'Vàng Thị Dở' }],
    gender: 'female',
    birthDate: '1990-03-04',
  };
  const created = (await fhir.create({ resourceType: 'Patient', body: body as unknown as { resourceType: 'Patient' } })) as unknown as Patient;
  return created.id as string;
}

/** Links the person at the hospital of `sw`, screens (a poverty certificate flags) and confirms: the case. */
async function caseAt(sw: SignedIn, cccd: string | null): Promise<string> {
  const patientId = await linkViaApi(sw, await patient(cccd));
  const screened = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
  const confirmed = await sw.agent.post(`/api/v1/flags/${screened.body.flag.id as string}/review`).set('x-csrf-token', sw.csrf).send({ decision: 'confirm', reason: 'Cần hỗ trợ' }).expect(200);
  return confirmed.body.review.caseId as string;
}

const elsewhere = async (sw: SignedIn, caseId: string): Promise<Elsewhere> => (await sw.agent.get(`/api/v1/cases/${caseId}/elsewhere`).expect(200)).body as Elsewhere;
const newCccd = (): string => `0${String(randomInt(10 ** 10, 10 ** 11 - 1))}`;
const consentId = async (res: Promise<{ body: { id: string } }>): Promise<string> => (await res).body.id;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 4242, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  for (const k of ['a', 'b', 'c'] as const) {
    hospitals[k] = await makeFhirHospital(demo.baseUrl);
    staff[k] = await signInAs(t.app, 'social_worker', { hospitalId: hospitals[k].id });
  }
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('GET /cases/:id/elsewhere', () => {
  it('without consent only the count; consent to another hospital: still the count; consent to the caller: the entry; withdrawn: the count again', async () => {
    const cccd = newCccd();
    const mine = await caseAt(staff.a, cccd);
    const atB = await caseAt(staff.b, cccd);
    expect(await elsewhere(staff.a, mine)).toEqual({ otherHospitals: 1, shared: [] });

    await postConsent(staff.b, atB, shareWith(hospitals.c.id, today)).expect(201);
    expect(await elsewhere(staff.a, mine)).toEqual({ otherHospitals: 1, shared: [] });

    const toA = await consentId(postConsent(staff.b, atB, shareWith(hospitals.a.id, today)).expect(201));
    const shared = await elsewhere(staff.a, mine);
    expect(shared.otherHospitals).toBe(1);
    expect(shared.shared).toEqual([{ hospital: { id: hospitals.b.id, name: hospitals.b.name }, caseId: atB, status: 'open', openedAt: expect.any(String) }]);

    await withdraw(staff.b, atB, toA).expect(200);
    expect(await elsewhere(staff.a, mine)).toEqual({ otherHospitals: 1, shared: [] });
  });

  it('counts every other hospital with a case, lists only the consented one; a consent to any network hospital covers the caller', async () => {
    const cccd = newCccd();
    const mine = await caseAt(staff.a, cccd);
    const atB = await caseAt(staff.b, cccd);
    await caseAt(staff.c, cccd);
    expect(await elsewhere(staff.a, mine)).toEqual({ otherHospitals: 2, shared: [] });

    await postConsent(staff.b, atB, shareWith(hospitals.a.id, today, { recipient: { kind: 'any-hospital' } })).expect(201);
    const seen = await elsewhere(staff.a, mine);
    expect(seen.otherHospitals).toBe(2);
    expect(seen.shared.map((s) => s.caseId)).toEqual([atB]);
    // The other side sees its own count: my case at A, no consent from A.
    expect(await elsewhere(staff.b, atB)).toEqual({ otherHospitals: 2, shared: [] });
  });

  it('a patient with no BHYT number or citizen ID: 0, even beside someone of the same name and birth date who consented', async () => {
    const mine = await caseAt(staff.a, null);
    const namesake = await caseAt(staff.b, null);
    await postConsent(staff.b, namesake, shareWith(hospitals.a.id, today)).expect(201);
    expect(await elsewhere(staff.a, mine)).toEqual({ otherHospitals: 0, shared: [] });
  });

  it('is audited with the case’s patient and the patients of the cases shown; another hospital’s case answers 404', async () => {
    const cccd = newCccd();
    const mine = await caseAt(staff.a, cccd);
    const atB = await caseAt(staff.b, cccd);
    await postConsent(staff.b, atB, shareWith(hospitals.a.id, today)).expect(201);
    await elsewhere(staff.a, mine);
    const mineCase = (await staff.a.agent.get(`/api/v1/cases/${mine}`).expect(200)).body as { patient: { id: string } };
    const entry = await AuditModel.findOne({ action: 'case.elsewhere.read', resourceId: mine }).lean();
    expect(entry).toMatchObject({ patientId: mineCase.patient.id, outcome: 'success' });
    expect(entry?.patientIds).toHaveLength(1);
    expect(entry?.patientIds[0]).not.toBe(mineCase.patient.id);

    await staff.b.agent.get(`/api/v1/cases/${mine}/elsewhere`).expect(404);
  });
});

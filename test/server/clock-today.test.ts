import type { Bundle, Coverage } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../server/clock.js';
import type { HospitalView } from '../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeUser, signIn, signInAs, TEST_PASSWORD, type SignedIn } from '../setup/factories.js';
import { API } from '../setup/http.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../setup/screening.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * The one clock, threaded: the app is given a settable clock set to March 2026 (the machine's own
 * clock says otherwise), and "today" everywhere a user sees it follows that clock, not the
 * machine's: the worklist's "discharged in the last 3 days", a card valid today, a tier override
 * from a day on, a paper screening's "not in the future", an account lock's end.
 */
const clock = settableClock('2026-03-10T03:00:00Z'); // 10:00 on Tuesday 10/3/2026 in Vietnam
const t = await startTestApp({ worklistDischargedDays: 3 }, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;
let admin: SignedIn;
let patientId: string;

/** A patient discharged at 10:00 on 9/3/2026 (Vietnam), insured by a card valid until 11/3/2026. */
async function dischargedPatient(): Promise<string> {
  const fhirId = await createBarePatient(fhir);
  await fhir.create({
    resourceType: 'Encounter',
    body: { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, subject: { reference: `Patient/${fhirId}` }, period: { start: '2026-03-02T08:00:00+07:00', end: '2026-03-09T10:00:00+07:00' } } as never,
  });
  const cards = (await fhir.search({ resourceType: 'Coverage', searchParams: { beneficiary: `Patient/${fhirId}` } })) as unknown as Bundle;
  const card = cards.entry?.[0]?.resource as Coverage;
  await fhir.update({ resourceType: 'Coverage', id: card.id as string, body: { ...card, period: { start: '2026-01-01', end: '2026-03-11' } } as never });
  return linkViaApi(sw, fhirId);
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 318, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  admin = await signInAs(t.app, 'admin');
  patientId = await dischargedPatient();
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('"today" follows the app clock', () => {
  it('a paper screening may not be dated after today by the clock (11/3 refused on 10/3, 10/3 accepted)', async () => {
    clock.set('2026-03-10T03:00:00Z');
    const late = await sw.agent.post(`${API}/patients/${patientId}/screenings`).set('x-csrf-token', sw.csrf).send({ questionnaireResponse: questionnaireResponse(), performedOn: '2026-03-11' }).expect(400);
    expect(late.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.performedOn']);
    const res = await sw.agent.post(`${API}/patients/${patientId}/screenings`).set('x-csrf-token', sw.csrf).send({ questionnaireResponse: questionnaireResponse(), performedOn: '2026-03-10' }).expect(201);
    expect(res.body.screening.screeningDate).toBe('2026-03-10');
  });

  it('the worklist keeps a patient discharged on 9/3 for 3 days: listed on 12/3, gone on 13/3', async () => {
    clock.set('2026-03-10T03:00:00Z');
    await postScreening(sw, patientId, questionnaireResponse()).expect(201);
    const listed = async (): Promise<string[]> =>
      ((await sw.agent.get(`${API}/worklist`).query({ tier: 'all', limit: '100' }).expect(200)).body.data as { patient: { id: string } | null }[]).map((f) => f.patient?.id ?? '');
    expect(await listed()).toContain(patientId);
    clock.set('2026-03-12T16:59:00Z'); // 23:59 on 12/3 in Vietnam: the third day after the discharge
    expect(await listed()).toContain(patientId);
    clock.set('2026-03-12T17:00:00Z'); // 00:00 on 13/3 in Vietnam
    expect(await listed()).not.toContain(patientId);
  });

  it('a card valid until 11/3 is valid today on 11/3 and no longer on 12/3', async () => {
    const validToday = async (): Promise<boolean> => (await sw.agent.get(`${API}/patients/${patientId}`).expect(200)).body.insurance[0].validToday as boolean;
    clock.set('2026-03-11T10:00:00Z');
    expect(await validToday()).toBe(true);
    clock.set('2026-03-11T17:00:00Z'); // 00:00 on 12/3 in Vietnam
    expect(await validToday()).toBe(false);
  });

  it("a tier override from 12/3 may be set on 10/3, is not in force on 11/3 and is on 12/3", async () => {
    clock.set('2026-03-10T03:00:00Z');
    const url = `${API}/hospitals/${hospital.id}/screening-tiers`;
    await admin.agent.post(url).set('x-csrf-token', admin.csrf).send({ code: 'far-from-home', tier: 'support', effectiveFrom: '2026-03-09' }).expect(400);
    const set = await admin.agent.post(url).set('x-csrf-token', admin.csrf).send({ code: 'far-from-home', tier: 'support', effectiveFrom: '2026-03-12' }).expect(201);
    expect(set.body.day).toBe('2026-03-10');
    const tierOn = async (): Promise<string> => ((await admin.agent.get(url).expect(200)).body.tiers as { code: string; tier: string }[]).find((x) => x.code === 'far-from-home')?.tier ?? '';
    clock.set('2026-03-11T16:59:00Z');
    expect(await tierOn()).toBe('watch');
    clock.set('2026-03-11T17:00:00Z');
    expect(await tierOn()).toBe('support');
  });

  it('an account locked after 5 failures opens again 15 minutes later by the clock, and the users page says so', async () => {
    clock.set('2026-03-10T03:00:00Z');
    const user = await makeUser('social_worker', { hospitalId: hospital.id });
    const agent = supertest.agent(t.app);
    const csrf = (await agent.get(`${API}/auth/session`).expect(200)).body.csrfToken as string;
    for (let i = 0; i < 5; i++) await agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).send({ username: user.username, password: 'not-the-password' });
    await agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).send({ username: user.username, password: TEST_PASSWORD }).expect(429);
    expect((await admin.agent.get(`${API}/users/${user.id}`).expect(200)).body.lockedUntil).toBe('2026-03-10T03:15:00.000Z');
    clock.advance(14 * 60_000);
    await agent.post(`${API}/auth/login`).set('x-csrf-token', csrf).send({ username: user.username, password: TEST_PASSWORD }).expect(429);
    clock.advance(60_000);
    expect((await admin.agent.get(`${API}/users/${user.id}`).expect(200)).body.lockedUntil).toBeNull();
    await signIn(t.app, user);
  });
});

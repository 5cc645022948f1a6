import type { Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * A patient whose hospital has only the old 9-digit identity card (CMND, VN Core `citizen_id`) is
 * found by it, typed into the citizen-ID field or the BHYT field: on the hospital's FHIR server
 * (searched under the CMND system, not the CCCD one) and among the module's own records.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let sw: SignedIn;
let swOther: SignedIn;
let other: RunningDemoHospital;
let patient: Patient;
const cmnd = `17${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

const search = (query: Record<string, string>, who = sw): Test => who.agent.get('/api/v1/patients/search').query(query);
const hits = (res: Response): { fhirId: string; linkedId: string | null }[] => res.body.data as { fhirId: string; linkedId: string | null }[];
const onlyCmnd = (name: string): Patient => ({
  resourceType: 'Patient',
  name: [{ text: name, family: name.split(' ')[0], given: name.split(' ').slice(1) }],
  birthDate: '1968-04-02',
  identifier: [{ system: SYSTEMS.vnCore.citizenId, value: cmnd }],
});

beforeAll(async () => {
  [demo, other] = await Promise.all([
    startDemoHospital({ hospitalCode: 'BVCMND', patients: 5, seed: 918, now: new Date() }),
    startDemoHospital({ hospitalCode: 'BVCMN2', patients: 5, seed: 919, now: new Date() }),
  ]);
  fhir = new Client({ baseUrl: demo.baseUrl });
  const [hospital, otherHospital] = await Promise.all([makeFhirHospital(demo.baseUrl), makeFhirHospital(other.baseUrl)]);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  swOther = await signInAs(t.app, 'social_worker', { hospitalId: otherHospital.id });
  patient = (await fhir.create({ resourceType: 'Patient', body: onlyCmnd('Lò Văn Pằn') as never })) as Patient;
});

afterAll(async () => {
  await t.close();
  await Promise.all([demo?.stop(), other?.stop()]);
});

describe('search by the old identity card (CMND)', () => {
  it('finds on the FHIR server a patient who has only a CMND, by the citizen-ID field and by the BHYT field', async () => {
    expect(hits(await search({ nationalId: cmnd }).expect(200)).map((h) => h.fhirId)).toEqual([patient.id]);
    for (const bhyt of [cmnd, `${cmnd.slice(0, 3)} ${cmnd.slice(3, 6)}-${cmnd.slice(6)}`]) {
      expect(hits(await search({ bhyt }).expect(200)).map((h) => h.fhirId), bhyt).toEqual([patient.id]);
    }
  });

  it('finds a linked patient by CMND among the module’s records when the server no longer matches it', async () => {
    const linked = await sw.agent.post('/api/v1/patients').set('x-csrf-token', sw.csrf).send({ fhirId: patient.id }).expect(201);
    expect(linked.body.identity.identifiers).toMatchObject({ oldCitizenId: cmnd, nationalId: null });
    // The hospital's record changes (the card number re-keyed under its own system): only the module's snapshot still has it.
    const current = (await fhir.read({ resourceType: 'Patient', id: patient.id as string })) as Patient;
    await fhir.update({ resourceType: 'Patient', id: patient.id as string, body: { ...current, identifier: [{ system: 'urn:example:cards', value: 'X1' }] } as never });
    for (const query of [{ nationalId: cmnd }, { bhyt: cmnd }] as Record<string, string>[]) {
      expect(hits(await search(query).expect(200)), JSON.stringify(query)).toEqual([expect.objectContaining({ fhirId: patient.id, linkedId: linked.body.id })]);
    }
  });

  it('confirms the same person at another hospital by the CMND', async () => {
    const own = (await search({ nationalId: cmnd }).expect(200)).body.data[0].linkedId as string;
    const created = (await new Client({ baseUrl: other.baseUrl }).create({ resourceType: 'Patient', body: onlyCmnd('Lò Thị Pằn') as never })) as Patient;
    const there = (await swOther.agent.post('/api/v1/patients').set('x-csrf-token', swOther.csrf).send({ fhirId: created.id }).expect(201)).body.id as string;
    const matches = await sw.agent.get(`/api/v1/patients/${own}/matches`).expect(200);
    expect(matches.body.confirmed).toEqual([expect.objectContaining({ id: there, basis: 'citizen-id' })]);
  });

  it('still refuses an identity number of another length in the BHYT field', async () => {
    const res = await search({ bhyt: cmnd.slice(0, 8) }).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['query.bhyt']);
  });
});

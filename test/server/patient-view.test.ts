import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../server/features/admin/hospitals.schemas.js';
import type { PatientView } from '../../server/features/patients/patients.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { linkViaApi } from '../setup/screening.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * The patient page's data through the API, from resources put on a hospital FHIR server: the old
 * identity card (CMND), the card's province old and new, a card from outside the north, carers
 * named in Patient.contact, what is (and is not) a diagnosis, and a stay that has ended.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fhir-mappings/fixtures', name), 'utf8')) as Record<string, unknown>;
const INSURANCE = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number';
const thisYear = new Date().getUTCFullYear();

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 1919, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

async function put(resource: Record<string, unknown>): Promise<void> {
  await fhir.update({ resourceType: resource.resourceType as string, id: resource.id as string, body: resource as never });
}
function coverage(id: string, patientId: string, bhyt: string): Record<string, unknown> {
  return {
    ...fixture('coverage-bhyt.json'),
    id,
    identifier: [{ system: INSURANCE, value: bhyt }],
    beneficiary: { reference: `Patient/${patientId}` },
    period: { start: `${thisYear - 1}-01-01`, end: `${thisYear + 1}-12-31` },
  };
}
const view = async (id: string): Promise<PatientView> => (await sw.agent.get(`/api/v1/patients/${id}`).expect(200)).body as PatientView;

describe('a child from Thanh Hoá, insured on a Yên Bái card, discharged, with a carer on the Patient', () => {
  let patientId: string;

  beforeAll(async () => {
    const p = fixture('patient-child-contacts.json');
    // The fixture's last contact sends telecom as one object (a mapping test's malformed input): valid R4 here.
    const contacts = p.contact as { telecom?: unknown }[];
    contacts[2] = { ...contacts[2], telecom: [contacts[2]?.telecom] };
    const pid = p.id as string;
    await put(p);
    await put(coverage('cov-child-1', pid, 'HN2151234567890'));
    await put({ ...fixture('encounter-finished.json'), id: 'enc-child-1', subject: { reference: `Patient/${pid}` } });
    await put({ ...fixture('condition-leukaemia.json'), subject: { reference: `Patient/${pid}` } });
    await put({ ...fixture('condition-nhipcau-z595.json'), subject: { reference: `Patient/${pid}` } });
    patientId = await linkViaApi(sw, pid);
  });

  it('shows the old 9-digit identity card (CMND) the hospital has', async () => {
    expect((await view(patientId)).identity.identifiers).toMatchObject({ oldCitizenId: '172345678', nationalId: null });
  });

  it("shows the card's province old and new: Yên Bái, now Lào Cai", async () => {
    expect((await view(patientId)).insurance[0]).toMatchObject({ group: 'HN', province: 'Yên Bái', provinceNew: 'Lào Cai', provinceCode: '15' });
  });

  it('lists the carer named in Patient.contact beside RelatedPersons, leaving out a contact whose period has ended', async () => {
    const people = (await view(patientId)).relatedPersons;
    expect(people).toContainEqual(expect.objectContaining({ name: 'Hà Thị Dung', relationship: 'mother', source: 'contact', phone: '0912 345 678' }));
    expect(people.map((x) => x.name)).not.toContain('Lò Thị Pàn');
  });

  it('lists the leukaemia as a diagnosis, never the Z59.5 the module wrote back', async () => {
    const diagnoses = (await view(patientId)).diagnoses;
    expect(diagnoses.map((d) => d.code)).toEqual(['C91.0']);
  });

  it('a stay that has ended is not the current stay: it is the last stay, with its discharge', async () => {
    const v = await view(patientId);
    expect(v.currentStay).toBeNull();
    expect(v.lastStay).toMatchObject({ start: '2026-02-10T18:00:00Z', end: '2026-02-17T09:00:00+07:00' });
  });
});

describe('a card whose province code is in no table', () => {
  it('keeps the card and its group; the unknown code is a data problem noted on the patient', async () => {
    const p = { resourceType: 'Patient', id: 'bn-unknown-province', name: [{ text: 'Vàng Thị Dợ' }], gender: 'female', birthDate: '1990-02-02' };
    await put(p);
    await put(coverage('cov-unknown-province', p.id, 'HN2991234567890'));
    const v = await view(await linkViaApi(sw, p.id));
    expect(v.insurance[0]).toMatchObject({ group: 'HN', province: null, provinceNew: null, provinceCode: '99', validToday: true });
    expect(v.dataProblems).toBeGreaterThanOrEqual(1);
    expect(v.dataNotes).toContainEqual({ code: 'BHYT.UNKNOWN_PROVINCE', value: '99' });
  });
});

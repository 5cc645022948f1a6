import type { Bundle, Flag, Patient, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { foldVietnamese } from '../../fhir-mappings/patient-name.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { generateHospitalResources } from '../../server/fhir/demo-hospital/generator.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse, until } from '../setup/screening.js';
import { startTestApp } from '../setup/test-app.js';
import { heard } from '../setup/wait.js';
import { startHapiProxy, type HapiProxy } from './hapi-proxy.js';

/**
 * A social worker's calls against HAPI FHIR, through the API: search by each identifier, linking
 * (the same view as from the demo server for the same generated patient), screening with write-back
 * on (read back from HAPI), and a write-back retried after HAPI was unreachable and came back.
 * A flag's write-back follows from its flag.raised event: the worker's event dispatcher and outbox
 * sweep run in this process (decision 0014).
 */
const t = await startTestApp({}, { worker: { only: ['events.dispatch', 'fhir-outbox.sweep'] } });
const hapiBase = inject('hapiBaseUrl');
const data = inject('contractData');
const hapi = new Client({ baseUrl: hapiBase });
const generated = [
  ...generateHospitalResources({ seed: data.seed, patients: data.patients, hospitalCode: data.hospitalCode, now: new Date(data.now) }),
];
const patients = generated.filter((r): r is Patient & { id: string } => r.resourceType === 'Patient');
let demo: RunningDemoHospital;
let proxy: HapiProxy;
let admin: SignedIn;

interface FlagView {
  id: string;
  writeBack: { status: string; lastError: string | null };
}

const idOf = (p: Patient, system: string): string | undefined => p.identifier?.find((i) => i.system === system)?.value;
const nameOf = (p: Patient): string => p.name?.[0]?.text ?? '';

async function socialWorkerAt(baseUrl: string, writeBack = false): Promise<SignedIn> {
  const h = await makeFhirHospital(baseUrl, { timeoutMs: 30_000 });
  if (writeBack)
    await admin.agent.patch(`/api/v1/hospitals/${h.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack } }).expect(200);
  return signInAs(t.app, 'social_worker', { hospitalId: h.id });
}

async function found(who: SignedIn, query: Record<string, string>): Promise<string[]> {
  const res = await who.agent
    .get('/api/v1/patients/search')
    .query({ limit: '50', ...query })
    .expect(200);
  return (res.body.data as { fhirId: string }[]).map((h) => h.fhirId);
}

/** What the module wrote to HAPI about a patient (its own ids, nc-…), as HAPI serves it. */
async function writtenOnHapi(fhirId: string): Promise<{ qr: string[]; obs: string[]; flags: Flag[] }> {
  const search = async (type: string): Promise<Resource[]> => {
    const b = (await hapi.search({
      resourceType: type,
      searchParams: { subject: `Patient/${fhirId}`, _count: '200' },
    })) as unknown as Bundle;
    return (b.entry ?? []).map((e) => e.resource as Resource).filter((r) => r.id?.startsWith('nc-'));
  };
  const ids = (rs: Resource[]): string[] => rs.map((r) => `${r.resourceType}/${r.id}`).sort();
  return { qr: ids(await search('QuestionnaireResponse')), obs: ids(await search('Observation')), flags: (await search('Flag')) as Flag[] };
}

/** The findings' Observations a Flag on HAPI points to (http://hl7.org/fhir/StructureDefinition/flag-detail). */
const detailRefs = (f: Flag | undefined): string[] =>
  (f?.extension ?? [])
    .filter((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/flag-detail')
    .map((e) => e.valueReference?.reference ?? '')
    .sort();

/** One QuestionnaireResponse, its Observations and the Flag pointing to each of them, all on HAPI. */
function expectWrittenChain(w: Awaited<ReturnType<typeof writtenOnHapi>>): void {
  expect(w.qr).toHaveLength(1);
  expect(w.obs.length).toBeGreaterThan(0);
  expect(w.flags).toHaveLength(1);
  expect(detailRefs(w.flags[0])).toEqual(w.obs);
}

const readFlag = async (who: SignedIn, id: string): Promise<FlagView> =>
  (await who.agent.get(`/api/v1/flags/${id}`).expect(200)).body as FlagView;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: data.hospitalCode, patients: data.patients, seed: data.seed, now: new Date(data.now) });
  proxy = await startHapiProxy(hapiBase);
  admin = await signInAs(t.app, 'admin');
});

afterAll(async () => {
  await t.close();
  await proxy?.close();
  await demo?.stop();
});

describe('patients against HAPI FHIR', () => {
  it('finds a patient by BHYT card, CCCD (alone and in the card field), MRN, name without diacritics and birth date', async () => {
    const sw = await socialWorkerAt(hapiBase);
    const p = patients.find(
      (x) => idOf(x, SYSTEMS.vnCore.insuranceNumber) && idOf(x, SYSTEMS.vnCore.nationalId) && nameOf(x) !== foldVietnamese(nameOf(x)),
    );
    if (!p) throw new Error('no patient with a card, a CCCD and a name with diacritics in the generated data');
    const cccd = idOf(p, SYSTEMS.vnCore.nationalId) as string;
    expect(await found(sw, { bhyt: idOf(p, SYSTEMS.vnCore.insuranceNumber) as string })).toEqual([p.id]);
    expect(await found(sw, { nationalId: cccd })).toEqual([p.id]);
    expect(await found(sw, { bhyt: cccd })).toEqual([p.id]);
    expect(await found(sw, { mrn: idOf(p, SYSTEMS.vnCore.patientInternalId) as string })).toEqual([p.id]);
    expect(await found(sw, { q: foldVietnamese(nameOf(p)) })).toContain(p.id);
    expect(await found(sw, { birthDate: p.birthDate as string })).toContain(p.id);
  });

  it('finds a name with Đ typed without diacritics ("Dang" for "Đặng"), which HAPI itself does not fold', async () => {
    const sw = await socialWorkerAt(hapiBase);
    const p = patients.find((x) => /^Đ/.test(nameOf(x)));
    if (!p) throw new Error('no name starting with Đ in the generated data');
    expect(await found(sw, { q: foldVietnamese(nameOf(p)) })).toContain(p.id);
  });

  it('links a patient with the same identity, insurance, stay, diagnoses and charges as from the demo server', async () => {
    const fromHapi = await socialWorkerAt(hapiBase);
    const fromDemo = await socialWorkerAt(demo.baseUrl);
    const inpatient = generated.find((r) => r.resourceType === 'Encounter' && r.status === 'in-progress' && r.class?.code === 'IMP');
    const fhirId = (inpatient as { subject?: { reference?: string } }).subject?.reference?.replace('Patient/', '') as string;
    const view = async (who: SignedIn): Promise<Record<string, unknown>> =>
      (await who.agent.get(`/api/v1/patients/${await linkViaApi(who, fhirId)}`).expect(200)).body as Record<string, unknown>;
    const [a, b] = [await view(fromHapi), await view(fromDemo)];
    expect(a.fhirRef).toBe(`Patient/${fhirId}`);
    expect((a.census as { inpatient: boolean }).inpatient).toBe(true);
    for (const k of ['identity', 'insurance', 'currentStay', 'diagnoses', 'charges', 'census']) expect(a[k], k).toEqual(b[k]);
  });

  it('writes a screening’s findings back to HAPI; the flag shows sent', async () => {
    const sw = await socialWorkerAt(hapiBase, true);
    // A new patient on HAPI with an ordinary card: the answers alone raise the flag, with a Z59 health concern.
    const fhirId = await createBarePatient(hapi);
    const patientId = await linkViaApi(sw, fhirId);
    const res = await postScreening(sw, patientId, questionnaireResponse()).expect(201);
    const flag = res.body.flag as FlagView;
    const done = await until(
      () => readFlag(sw, flag.id),
      (f) => f.writeBack.status !== 'pending',
      heard.outbox(flag.id),
    );
    expect(done.writeBack).toEqual({ status: 'sent', lastError: null });
    expectWrittenChain(await writtenOnHapi(fhirId));
  });

  it('retries a write-back that failed while HAPI was unreachable, once it is back', async () => {
    const sw = await socialWorkerAt(proxy.baseUrl, true);
    const fhirId = await createBarePatient(hapi);
    const patientId = await linkViaApi(sw, fhirId);
    await proxy.down();
    let flag: FlagView;
    try {
      const res = await postScreening(sw, patientId, questionnaireResponse()).expect(201);
      flag = await until(
        () => readFlag(sw, (res.body.flag as FlagView).id),
        (f) => f.writeBack.lastError !== null,
        heard.outbox((res.body.flag as FlagView).id),
      );
      expect(flag.writeBack.status).not.toBe('sent');
      expect(flag.writeBack.lastError).not.toBeNull();
    } finally {
      await proxy.up();
    }
    const retried = (await sw.agent.post(`/api/v1/flags/${flag.id}/write-back/retry`).set('x-csrf-token', sw.csrf).expect(200))
      .body as FlagView;
    expect(retried.writeBack).toEqual({ status: 'sent', lastError: null });
    expectWrittenChain(await writtenOnHapi(fhirId));
  });
});

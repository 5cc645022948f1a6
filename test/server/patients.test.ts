import type { Condition, Encounter, Identifier, Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../fhir-mappings/patient.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import type { HospitalView } from '../../server/features/admin/hospitals.schemas.js';
import { AuditModel } from '../../server/features/audit/audit.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { createLogger } from '../../server/logger.js';
import { makeFhirHospital, makeHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { walkPages } from '../setup/http.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * Patients of a hospital whose FHIR server is a demo hospital, reached over HTTP: search, link,
 * re-sync, matches across hospitals, tenant isolation, the audit trail, and logs free of names.
 */
const logLines: string[] = [];
const t = await startTestApp({}, { logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }) });

let demoA: RunningDemoHospital;
let demoB: RunningDemoHospital;
let fhirA: Client;
let fhirB: Client;
let hospitalA: HospitalView;
let hospitalB: HospitalView;
let swA: SignedIn;
let swB: SignedIn;
let patients: Patient[];
/** Every patient name these tests touch: none may appear in a log line. */
const names = new Set<string>();

const idOf = (p: Patient, system: string): string | undefined => p.identifier?.find((i) => i.system === system)?.value;
const nameOf = (p: Patient): string => p.name?.[0]?.text ?? '';
const hasDiacritics = (s: string): boolean => foldVietnamese(s) !== s.toLowerCase();
const fhirIds = (res: Response): string[] => (res.body.data as { fhirId: string }[]).map((h) => h.fhirId);

function search(who: SignedIn, query: Record<string, string>): Test {
  return who.agent.get('/api/v1/patients/search').query(query);
}
function link(who: SignedIn, fhirId: string): Test {
  return who.agent.post('/api/v1/patients').set('x-csrf-token', who.csrf).send({ fhirId });
}
async function expectAudit(res: Response, action: string, patientId: string, outcome = 'success'): Promise<void> {
  const entry = await AuditModel.findOne({ requestId: res.headers['x-request-id'] as string, action }).lean();
  expect(entry, `${action}: audit entry`).toMatchObject({ action, patientId, outcome });
}

/** A patient of demo hospital A with every identifier and a full birth date. */
function identified(): Patient {
  const p = patients.find((x) => idOf(x, SYSTEMS.vnCore.insuranceNumber)?.startsWith('GD4') && idOf(x, SYSTEMS.vnCore.nationalId) && /^\d{4}-\d{2}-\d{2}$/.test(x.birthDate ?? ''));
  if (!p) throw new Error('demo data has no fully identified patient');
  return p;
}

beforeAll(async () => {
  const now = new Date();
  [demoA, demoB] = await Promise.all([
    startDemoHospital({ hospitalCode: 'BVDKLC', patients: 200, seed: 2031, now }),
    startDemoHospital({ hospitalCode: 'BVSNLC', patients: 20, seed: 2032, now }),
  ]);
  fhirA = new Client({ baseUrl: demoA.baseUrl });
  fhirB = new Client({ baseUrl: demoB.baseUrl });
  hospitalA = await makeFhirHospital(demoA.baseUrl);
  hospitalB = await makeFhirHospital(demoB.baseUrl);
  swA = await signInAs(t.app, 'social_worker', { hospitalId: hospitalA.id });
  swB = await signInAs(t.app, 'social_worker', { hospitalId: hospitalB.id });
  const bundle = (await fhirA.search({ resourceType: 'Patient', searchParams: { _count: 500 } })) as { entry?: { resource: Patient }[] };
  patients = (bundle.entry ?? []).map((e) => e.resource);
  expect(patients).toHaveLength(200);
});

afterAll(async () => {
  await t.close();
  await Promise.all([demoA?.stop(), demoB?.stop()]);
});

describe('patients: search', () => {
  it('finds a patient by name with diacritics, without them, and in capitals', async () => {
    const p = patients.find((x) => /^\S+ (A|Seo) \S+$/.test(nameOf(x)) && hasDiacritics(nameOf(x))) ?? patients.find((x) => hasDiacritics(nameOf(x)));
    if (!p?.id) throw new Error('no name with diacritics in the demo data');
    names.add(nameOf(p));
    for (const q of [nameOf(p), foldVietnamese(nameOf(p)), foldVietnamese(nameOf(p)).toUpperCase()]) {
      const res = await search(swA, { q }).expect(200);
      const hit = (res.body.data as { fhirId: string; name: string }[]).find((h) => h.fhirId === p.id);
      expect(hit, `"${q}" finds ${p.id}`).toMatchObject({ name: nameOf(p), linkedId: null });
    }
    const none = await search(swA, { q: 'zzqx wyv' }).expect(200);
    expect(none.body.data).toEqual([]);
  });

  it('after linking, finds the patient by a folded part of the name the FHIR server itself does not match', async () => {
    let chosen: { p: Patient; fragment: string } | null = null;
    // Family name and last given name, the middle one left out ("giang pao" for "Giàng A Páo"): the FHIR server matches prefixes of name parts only.
    for (const p of patients.filter((x) => hasDiacritics(nameOf(x)) && (x.name?.[0]?.given?.length ?? 0) >= 2)) {
      const fragment = foldVietnamese(`${p.name?.[0]?.family} ${p.name?.[0]?.given?.at(-1)}`);
      const direct = (await fhirA.search({ resourceType: 'Patient', searchParams: { name: fragment, _count: 500 } })) as { entry?: { resource: Patient }[] };
      if (!(direct.entry ?? []).some((e) => e.resource.id === p.id)) {
        chosen = { p, fragment };
        break;
      }
    }
    if (!chosen?.p.id) throw new Error('no name the FHIR server fails to match without its middle name');
    const { p, fragment } = chosen;
    names.add(nameOf(p));
    expect(fhirIds(await search(swA, { q: fragment }).expect(200))).not.toContain(p.id);
    const linked = await link(swA, p.id as string).expect(201);
    const res = await search(swA, { q: fragment }).expect(200);
    expect((res.body.data as { fhirId: string }[]).find((h) => h.fhirId === p.id)).toMatchObject({ name: nameOf(p), linkedId: linked.body.id });
  });

  it('finds a patient by BHYT card number (also lower-case with spaces), CCCD, MRN and birth date', async () => {
    const p = identified();
    names.add(nameOf(p));
    const card = idOf(p, SYSTEMS.vnCore.insuranceNumber) as string;
    const spaced = card.toLowerCase().replace(/(.{5})/g, '$1 ').trim();
    for (const bhyt of [card, spaced, ` ${card.slice(0, 3)}-${card.slice(3).toLowerCase()}`]) {
      const res = await search(swA, { bhyt }).expect(200);
      expect(fhirIds(res), bhyt).toEqual([p.id]);
      expect(res.body.data[0]).toMatchObject({ bhyt: card, name: nameOf(p) });
    }
    expect(fhirIds(await search(swA, { nationalId: idOf(p, SYSTEMS.vnCore.nationalId) as string }).expect(200))).toEqual([p.id]);
    expect(fhirIds(await search(swA, { mrn: idOf(p, SYSTEMS.vnCore.patientInternalId) as string }).expect(200))).toEqual([p.id]);
    const born = await search(swA, { birthDate: p.birthDate as string, limit: '50' }).expect(200);
    expect(fhirIds(born)).toContain(p.id);
    expect((born.body.data as { birthDate: string }[]).every((h) => h.birthDate === p.birthDate)).toBe(true);
    const year = await search(swA, { birthDate: (p.birthDate as string).slice(0, 4), limit: '50' }).expect(200);
    expect((year.body.data as { birthDate: string }[]).every((h) => h.birthDate.startsWith((p.birthDate as string).slice(0, 4)))).toBe(true);
  });

  it.each([
    [{ bhyt: 'ABC123' }, 'query.bhyt'],
    [{ bhyt: 'GD41010031245' }, 'query.bhyt'],
    [{ q: 'a' }, 'query.q'],
    [{ birthDate: '15/10/2020' }, 'query.birthDate'],
    [{ birthDate: '2020-1-5' }, 'query.birthDate'],
    [{ nationalId: '12345' }, 'query.nationalId'],
    [{}, 'query.q'],
    [{ limit: '10' }, 'query.q'],
  ])('refuses %j with 400 at %s', async (query, path) => {
    const res = await search(swA, query).expect(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
    expect((res.body.error.details as { path: string }[]).map((d) => d.path)).toEqual([path]);
  });
});

describe('patients: link, read, re-sync', () => {
  let inpatient: Patient;
  let encounter: Encounter;
  let recordId: string;
  let firstSnapshotAt: string;

  beforeAll(async () => {
    const b = (await fhirA.search({ resourceType: 'Encounter', searchParams: { class: 'IMP', status: 'in-progress', _count: 500 } })) as { entry?: { resource: Encounter }[] };
    const stays = (b.entry ?? []).map((e) => e.resource);
    const withCard = stays.find((e) => {
      const p = patients.find((x) => `Patient/${x.id}` === e.subject?.reference);
      return p && idOf(p, SYSTEMS.vnCore.insuranceNumber);
    });
    if (!withCard) throw new Error('no insured inpatient in the demo data');
    encounter = withCard;
    inpatient = patients.find((x) => `Patient/${x.id}` === withCard.subject?.reference) as Patient;
    names.add(nameOf(inpatient));
  });

  it('links a patient: 201 with identity, insurance, stay, diagnoses and charges in whole đồng', async () => {
    const res = await link(swA, inpatient.id as string).expect(201);
    const v = res.body;
    recordId = v.id as string;
    firstSnapshotAt = v.snapshotAt as string;
    expect(v).toMatchObject({ hospital: { id: hospitalA.id, code: hospitalA.code }, fhirRef: `Patient/${inpatient.id}` });
    expect(v.identity).toMatchObject({ name: nameOf(inpatient), gender: inpatient.gender, birthDate: inpatient.birthDate });
    expect(v.identity.identifiers).toEqual({
      bhyt: idOf(inpatient, SYSTEMS.vnCore.insuranceNumber),
      nationalId: idOf(inpatient, SYSTEMS.vnCore.nationalId) ?? null,
      oldCitizenId: idOf(inpatient, SYSTEMS.vnCore.citizenId) ?? null,
      mrn: idOf(inpatient, SYSTEMS.vnCore.patientInternalId),
    });
    expect(v.insurance.length).toBeGreaterThan(0);
    expect(v.currentStay).toMatchObject({ class: 'IMP', status: 'in-progress', department: encounter.location?.[0]?.location?.display });
    expect(v.census).toMatchObject({ inpatient: true });
    const conditions = (await fhirA.search({ resourceType: 'Condition', searchParams: { subject: `Patient/${inpatient.id}` } })) as { entry?: { resource: Condition }[] };
    const codes = (conditions.entry ?? []).map((e) => e.resource.code?.coding?.find((c) => c.system === SYSTEMS.hl7.icd10)?.code);
    expect((v.diagnoses as { code: string }[]).map((d) => d.code).sort()).toEqual(codes.sort());
    expect(v.charges.totalVnd).toBeGreaterThan(0);
    for (const k of ['totalVnd', 'insuranceVnd', 'patientVnd', 'plannedVnd'] as const) {
      if (v.charges[k] !== null) expect(Number.isInteger(v.charges[k]), k).toBe(true);
    }
    if (v.charges.insuranceVnd !== null) expect(v.charges.insuranceVnd + v.charges.patientVnd).toBe(v.charges.totalVnd);
    await expectAudit(res, 'patient.link', recordId);
  });

  it('linking again keeps one record', async () => {
    const again = await link(swA, inpatient.id as string).expect(201);
    expect(again.body.id).toBe(recordId);
    await expectAudit(again, 'patient.link', recordId);
    const pages = await walkPages(async (cursor) => (await swA.agent.get('/api/v1/patients').query({ limit: '100', ...(cursor ? { cursor } : {}) }).expect(200)).body);
    expect(pages.flat().filter((s) => (s as { fhirId: string }).fhirId === inpatient.id)).toHaveLength(1);
  });

  it('reads the linked patient', async () => {
    const res = await swA.agent.get(`/api/v1/patients/${recordId}`).expect(200);
    expect(res.body).toMatchObject({ id: recordId, identity: { name: nameOf(inpatient) }, currentStay: { status: 'in-progress' } });
    await expectAudit(res, 'patient.read', recordId);
  });

  it('re-sync shows a change made on the FHIR server, with a newer snapshot', async () => {
    const current = (await fhirA.read({ resourceType: 'Patient', id: inpatient.id as string })) as Patient;
    const renamed = 'Thào Thị Dua';
    names.add(renamed);
    const changed: Patient = { ...current, name: [{ use: 'official', text: renamed, family: 'Thào', given: ['Thị', 'Dua'] }], telecom: [{ system: 'phone', value: '0912000111' }] };
    await fhirA.update({ resourceType: 'Patient', id: inpatient.id as string, body: changed as never });
    const res = await swA.agent.post(`/api/v1/patients/${recordId}/resync`).set('x-csrf-token', swA.csrf).expect(200);
    expect(res.body.identity).toMatchObject({ name: renamed, phone: '0912000111' });
    expect(Date.parse(res.body.snapshotAt as string)).toBeGreaterThan(Date.parse(firstSnapshotAt));
    await expectAudit(res, 'patient.resync', recordId);
    const read = await swA.agent.get(`/api/v1/patients/${recordId}`).expect(200);
    expect(read.body.identity.name).toBe(renamed);
  });
});

describe('patients: the same person at other hospitals', () => {
  it('confirms by social-insurance number or CCCD, and suggests by name and birth date', async () => {
    const p = identified();
    const card = idOf(p, SYSTEMS.vnCore.insuranceNumber) as string;
    const cccd = idOf(p, SYSTEMS.vnCore.nationalId) as string;
    const ident = (system: string, value: string): Identifier[] => [{ system, value }];
    const others: Record<string, Patient> = {
      sameSsn: { resourceType: 'Patient', name: [{ text: 'Sùng A Lềnh', family: 'Sùng', given: ['A', 'Lềnh'] }], birthDate: '1990-01-01', identifier: ident(SYSTEMS.vnCore.insuranceNumber, `HN2${card.slice(3)}`) },
      sameCccd: { resourceType: 'Patient', name: [{ text: 'Lò Thị Hoa', family: 'Lò', given: ['Thị', 'Hoa'] }], birthDate: '1991-02-02', identifier: ident(SYSTEMS.vnCore.nationalId, cccd) },
      lookalike: { resourceType: 'Patient', name: [{ text: nameOf(p), family: p.name?.[0]?.family, given: p.name?.[0]?.given }], birthDate: p.birthDate },
      namesake: { resourceType: 'Patient', name: [{ text: nameOf(p), family: p.name?.[0]?.family, given: p.name?.[0]?.given }], birthDate: '1901-01-01' },
    };
    const ids: Record<string, string> = {};
    for (const [key, resource] of Object.entries(others)) {
      names.add(nameOf(resource));
      const created = (await fhirB.create({ resourceType: 'Patient', body: resource as never })) as Patient;
      ids[key] = (await link(swB, created.id as string).expect(201)).body.id as string;
    }
    const own = (await link(swA, p.id as string).expect(201)).body.id as string;
    const res = await swA.agent.get(`/api/v1/patients/${own}/matches`).expect(200);
    const at = { id: hospitalB.id, code: hospitalB.code };
    const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
    expect([...res.body.confirmed].sort(byId)).toEqual(
      [
        { id: ids.sameSsn as string, hospital: at, basis: 'insurance-number' },
        { id: ids.sameCccd as string, hospital: at, basis: 'citizen-id' },
      ].sort(byId),
    );
    expect(res.body.suggested).toEqual([{ id: ids.lookalike, hospital: at, basis: 'name-and-birth-date' }]);
    await expectAudit(res, 'patient.matches', own);
    const back = await swB.agent.get(`/api/v1/patients/${ids.sameSsn}/matches`).expect(200);
    expect(back.body.confirmed).toEqual([{ id: own, hospital: { id: hospitalA.id, code: hospitalA.code }, basis: 'insurance-number' }]);
  });
});

describe('patients: who may see them', () => {
  let own: string;
  beforeAll(async () => {
    own = (await link(swA, patients[5]?.id as string).expect(201)).body.id as string;
    names.add(nameOf(patients[5] as Patient));
  });

  it('a social worker of another hospital gets 404, as for a missing patient, and the denial is audited', async () => {
    for (const [method, path] of [
      ['get', ''],
      ['post', '/resync'],
      ['get', '/matches'],
    ] as const) {
      const res = await swB.agent[method](`/api/v1/patients/${own}${path}`).set('x-csrf-token', swB.csrf).expect(404);
      expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Patient not found' });
      const denied = await AuditModel.findOne({ requestId: res.headers['x-request-id'] as string, outcome: 'denied' }).lean();
      expect(denied, `${method} ${path}`).toMatchObject({ resourceId: own, actor: { userId: swB.user.id } });
    }
    const missing = await swB.agent.get('/api/v1/patients/0123456789abcdef01234567').expect(404);
    expect(missing.body.error.message).toBe('Patient not found');
    const list = await swB.agent.get('/api/v1/patients').query({ limit: '100' }).expect(200);
    expect((list.body.data as { id: string }[]).map((s) => s.id)).not.toContain(own);
    const card = idOf(patients[5] as Patient, SYSTEMS.vnCore.insuranceNumber);
    if (card) expect((await search(swB, { bhyt: card }).expect(200)).body.data).toEqual([]);
  });

  it.each(['charity_partner', 'coordinator', 'admin'] as const)('a %s gets 403 on every patient route', async (role) => {
    const who = await signInAs(t.app, role);
    const calls: [string, string, object?][] = [
      ['get', '/patients/search?q=nguyen'],
      ['get', '/patients'],
      ['post', '/patients', { fhirId: patients[6]?.id }],
      ['get', `/patients/${own}`],
      ['post', `/patients/${own}/resync`],
      ['get', `/patients/${own}/matches`],
    ];
    for (const [method, url, body] of calls) {
      const req = method === 'get' ? who.agent.get(`/api/v1${url}`) : who.agent.post(`/api/v1${url}`).set('x-csrf-token', who.csrf).send(body ?? {});
      const res = await req;
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.error.code).toBe('AUTH.FORBIDDEN');
    }
  });
});

describe('patients: a hospital without a FHIR link', () => {
  it('answers 409 FHIR.NOT_CONFIGURED naming the hospital, until an admin sets the link', async () => {
    const h = await makeHospital();
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const res = await search(sw, { q: 'nguyen' }).expect(409);
    expect(res.body.error.code).toBe('FHIR.NOT_CONFIGURED');
    expect(res.body.error.message).toContain(`${h.name} (${h.code})`);
    expect((await link(sw, 'bvdklc-000001').expect(409)).body.error.code).toBe('FHIR.NOT_CONFIGURED');
    expect((await sw.agent.get('/api/v1/patients').expect(200)).body.data).toEqual([]);
    const admin = await signInAs(t.app, 'admin');
    await admin.agent.patch(`/api/v1/hospitals/${h.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { baseUrl: demoA.baseUrl, enabled: true } }).expect(200);
    const p = identified();
    expect(fhirIds(await search(sw, { mrn: idOf(p, SYSTEMS.vnCore.patientInternalId) as string }).expect(200))).toEqual([p.id]);
  });
});

describe('patients: the logs', () => {
  it('hold request paths and ids, never a patient’s name or card number', () => {
    expect(logLines.some((l) => l.includes('"/api/v1/patients/search"'))).toBe(true);
    expect(names.size).toBeGreaterThan(5);
    const p = identified();
    const secrets = [...names, ...[...names].map(foldVietnamese), idOf(p, SYSTEMS.vnCore.insuranceNumber) as string, idOf(p, SYSTEMS.vnCore.nationalId) as string];
    for (const s of secrets) {
      const leaks = logLines.filter((l) => l.toLowerCase().includes(s.toLowerCase()) || l.includes(encodeURIComponent(s)));
      expect(leaks.slice(0, 2), `"${s}" in the logs`).toEqual([]);
    }
  });
});

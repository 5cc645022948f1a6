import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock, vietnamToday } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { updateHospital } from '../../../server/features/admin/hospitals.service.js';
import { OrganisationModel } from '../../../server/features/admin/organisations.model.js';
import type { OrganisationView } from '../../../server/features/admin/organisations.schemas.js';
import { updateOrganisation } from '../../../server/features/admin/organisations.service.js';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import { HOSPITAL_SERVICES, recipientSchema, type Recipient } from '../../../server/features/referrals/referrals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor, postConsent, VERBAL, withdraw } from '../consent/consent-fixture.js';

/**
 * GET /referral-recipients (issue 11, points 1 and 6): who a case may be referred to. The network
 * of this file: the caller's hospital and two others active, one inactive; organisations with the
 * services and province they were given, one working across the country, one inactive, and one
 * stored before organisations had services (its type's defaults apply).
 */
const clock = settableClock(new Date());
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let sw: SignedIn;
const h = {} as Record<'mine' | 'sapa' | 'hanoi' | 'closed', HospitalView>;
const o = {} as Record<'fund' | 'shelter' | 'legal' | 'closed', OrganisationView>;
let legacyId: string;

type Answer = { data: Recipient[] };
const search = async (who: SignedIn, query: Record<string, string> = {}): Promise<Recipient[]> => {
  const res = await who.agent.get('/api/v1/referral-recipients').query(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const body = res.body as Answer;
  for (const r of body.data) expect(recipientSchema.safeParse(r).success, JSON.stringify(r)).toBe(true);
  return body.data;
};
const ids = (rows: Recipient[]): string[] => rows.map((r) => r.id).sort();
const idsOf = (...xs: { id: string }[]): string[] => xs.map((x) => x.id).sort();
const consentOf = (rows: Recipient[], id: string): Recipient['consent'] | undefined => rows.find((r) => r.id === id)?.consent;
const today = (): string => vietnamToday(clock);

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 1111, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  h.mine = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Đa khoa tỉnh Lào Cai', province: { current: 'Lào Cai', old: 'Lào Cai' } });
  h.sapa = await makeHospital({ name: 'Trung tâm Y tế thị xã Sa Pa', level: 'district', province: { current: 'Lào Cai', old: 'Lào Cai' } });
  h.hanoi = await makeHospital({ name: 'Bệnh viện Nhi Trung ương', level: 'central', province: { current: 'Hà Nội', old: 'Hà Nội' } });
  h.closed = await makeHospital({ name: 'Bệnh viện đã đóng cửa', province: { current: 'Lào Cai', old: 'Lào Cai' } });
  await updateHospital(h.closed.id, { active: false });
  o.fund = await makeOrganisation({ name: 'Quỹ Nhịp Cầu Yêu Thương', type: 'fund' });
  o.shelter = await makeOrganisation({ name: 'Mái ấm Hoa Ban Lào Cai', type: 'ngo', services: ['shelter', 'food'], province: 'Lào Cai' });
  o.legal = await makeOrganisation({ name: 'Trung tâm Trợ giúp pháp lý Lào Cai', type: 'other', services: ['legal-aid'], province: 'Lào Cai' });
  o.closed = await makeOrganisation({ name: 'Quỹ ngừng hoạt động', type: 'fund', province: 'Lào Cai' });
  await updateOrganisation(o.closed.id, { active: false });
  const legacy = await OrganisationModel.collection.insertOne({
    name: 'Chùa Bảo An',
    type: 'religious',
    contact: { name: 'Sư cô Diệu Hạnh', email: 'baoan@example.vn', phone: '' },
    fundingInterests: [],
    active: true,
    createdAt: clock.now(),
    updatedAt: clock.now(),
  } as never);
  legacyId = legacy.insertedId.toHexString();
  sw = await signInAs(t.app, 'social_worker', { hospitalId: h.mine.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('GET /referral-recipients', () => {
  it('lists the active hospitals other than the caller’s (services of a hospital, type = level) and the active organisations', async () => {
    const all = await search(sw);
    expect(ids(all)).toEqual([...idsOf(h.sapa, h.hanoi, o.fund, o.shelter, o.legal), legacyId].sort());
    expect(all.map((r) => r.kind)).toEqual(['hospital', 'hospital', 'organisation', 'organisation', 'organisation', 'organisation']);
    expect(all.find((r) => r.id === h.hanoi.id)).toEqual({
      kind: 'hospital',
      id: h.hanoi.id,
      name: 'Bệnh viện Nhi Trung ương',
      province: 'Hà Nội',
      type: 'central',
      services: [...HOSPITAL_SERVICES],
      consent: null,
    });
    expect(all.find((r) => r.id === o.shelter.id)).toMatchObject({ kind: 'organisation', province: 'Lào Cai', type: 'ngo', services: ['shelter', 'food'], consent: null });
    expect(all.find((r) => r.id === o.fund.id)).toMatchObject({ province: null, services: ['funding'] });
    // Stored before organisations had services: its type's (religious: food and shelter).
    expect(all.find((r) => r.id === legacyId)).toMatchObject({ type: 'religious', province: null, services: ['food', 'shelter'] });
  });

  it('filters by kind, province (organisations across the country included), service and name with or without diacritics', async () => {
    expect(ids(await search(sw, { kind: 'hospital' }))).toEqual(idsOf(h.sapa, h.hanoi));
    expect(ids(await search(sw, { kind: 'organisation' }))).toEqual([...idsOf(o.fund, o.shelter, o.legal), legacyId].sort());
    expect(ids(await search(sw, { province: 'Lào Cai' }))).toEqual([...idsOf(h.sapa, o.fund, o.shelter, o.legal), legacyId].sort());
    expect(ids(await search(sw, { province: 'Hà Nội', kind: 'hospital' }))).toEqual(idsOf(h.hanoi));
    expect(ids(await search(sw, { province: 'Hà Nội' }))).toEqual([...idsOf(h.hanoi, o.fund), legacyId].sort());
    expect(ids(await search(sw, { service: 'continuing-support' }))).toEqual(idsOf(h.sapa, h.hanoi));
    expect(ids(await search(sw, { service: 'shelter' }))).toEqual([...idsOf(o.shelter), legacyId].sort());
    expect(ids(await search(sw, { service: 'legal-aid', province: 'Lào Cai' }))).toEqual(idsOf(o.legal));
    expect(ids(await search(sw, { service: 'funding', kind: 'hospital' }))).toEqual([]);
    for (const q of ['mai am', 'Mái ấm', 'MÁI ẤM hoa', 'hoa ban']) expect(ids(await search(sw, { q })), q).toEqual(idsOf(o.shelter));
    expect(ids(await search(sw, { q: 'tro giup phap ly' }))).toEqual(idsOf(o.legal));
    expect(ids(await search(sw, { q: 'nhi trung uong' }))).toEqual(idsOf(h.hanoi));
    expect(ids(await search(sw, { q: 'lao cai', kind: 'hospital' }))).toEqual([]);
  });

  it('with a case: each recipient carries the consent in force now that covers it (named, any hospital, named organisation, any partner; withdrawn: none)', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const consent = async (purpose: string, recipient: object, over: object = {}): Promise<string> =>
      (await postConsent(sw, caseId, { purpose, recipient, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: today(), ...over }).expect(201)).body.id as string;
    const withCase = (): Promise<Recipient[]> => search(sw, { caseId });

    let rows = await withCase();
    expect(rows.every((r) => r.consent === null)).toBe(true);

    const toSapa = await consent('share-hospital', { kind: 'hospital', id: h.sapa.id }, { validUntil: '2099-12-31' });
    const toShelter = await consent('share-charity', { kind: 'organisation', id: o.shelter.id });
    rows = await withCase();
    expect(consentOf(rows, h.sapa.id)).toEqual({ id: toSapa, purpose: 'share-hospital', validUntil: '2099-12-31' });
    expect(consentOf(rows, o.shelter.id)).toEqual({ id: toShelter, purpose: 'share-charity', validUntil: null });
    for (const other of [h.hanoi.id, o.fund.id, o.legal.id, legacyId]) expect(consentOf(rows, other), other).toBeNull();

    await withdraw(sw, caseId, toSapa).expect(200);
    await withdraw(sw, caseId, toShelter).expect(200);
    rows = await withCase();
    expect(rows.every((r) => r.consent === null)).toBe(true);

    const anyHospital = await consent('share-hospital', { kind: 'any-hospital' });
    const anyPartner = await consent('share-charity', { kind: 'any-partner' });
    rows = await withCase();
    for (const id of [h.sapa.id, h.hanoi.id]) expect(consentOf(rows, id), id).toEqual({ id: anyHospital, purpose: 'share-hospital', validUntil: null });
    for (const id of [o.fund.id, o.shelter.id, o.legal.id, legacyId]) expect(consentOf(rows, id), id).toEqual({ id: anyPartner, purpose: 'share-charity', validUntil: null });

    const audited = await AuditModel.find({ action: 'referral.recipient.search', resourceId: caseId }).lean();
    expect(audited.length).toBeGreaterThanOrEqual(4);
    expect(audited[0]).toMatchObject({ resourceType: 'case', outcome: 'success' });
  });

  it('a case of another hospital, or none, answers 404; a charity partner or a coordinator 403; bad filters 400 with the field', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const atSapa = await signInAs(t.app, 'social_worker', { hospitalId: h.sapa.id });
    await atSapa.agent.get('/api/v1/referral-recipients').query({ caseId }).expect(404);
    await sw.agent.get('/api/v1/referral-recipients').query({ caseId: '0123456789abcdef01234567' }).expect(404);
    // Without a case the other hospital searches too, and its own hospital is the one left out.
    expect(ids(await search(atSapa, { kind: 'hospital' }))).toEqual(idsOf(h.mine, h.hanoi));

    for (const role of ['charity_partner', 'coordinator'] as const) {
      const who = await signInAs(t.app, role);
      await who.agent.get('/api/v1/referral-recipients').expect(403);
    }
    for (const [query, path] of [
      [{ kind: 'charity' }, 'query.kind'],
      [{ service: 'massage' }, 'query.service'],
      [{ caseId: 'not-an-id' }, 'query.caseId'],
      [{ q: 'x'.repeat(101) }, 'query.q'],
      // Hà Giang became part of Tuyên Quang in 2025: the old name is not a province now.
      [{ province: 'Hà Giang' }, 'query.province'],
      [{ province: 'Atlantis' }, 'query.province'],
    ] as const) {
      const res = await sw.agent.get('/api/v1/referral-recipients').query(query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect((res.body.error.details as { path: string }[]).map((d) => d.path)).toEqual([path]);
    }
  });

  // Last: it moves the clock.
  it('a consent that has expired covers no one', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const id = (await postConsent(sw, caseId, { purpose: 'share-hospital', recipient: { kind: 'hospital', id: h.hanoi.id }, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: today(), validUntil: today() }).expect(201)).body.id as string;
    expect(consentOf(await search(sw, { caseId }), h.hanoi.id)).toEqual({ id, purpose: 'share-hospital', validUntil: today() });
    clock.advance(2 * 24 * 60 * 60 * 1000);
    expect(consentOf(await search(sw, { caseId }), h.hanoi.id)).toBeNull();
  });
});

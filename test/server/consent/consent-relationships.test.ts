import { Client } from 'fhir-kit-client';
import mongoose, { type Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFilter } from '../../../server/access/access.js';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import type { OrganisationView } from '../../../server/features/admin/organisations.schemas.js';
import { activeConsentFilter, consentAllows } from '../../../server/features/consent/consent.service.js';
import type { Principal } from '../../../server/http/policy.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor, postConsent, shareWith, VERBAL, withdraw } from './consent-fixture.js';

/**
 * What a consent opens (issue 10, point 4, through the relationship rules of decision 0013), over
 * HTTP: another hospital's social worker reads the case in the receiving hospital's view (no name)
 * while a consent to it is in force; after its withdrawal, or once it has expired, the very next
 * request answers 404 and the case leaves the list the rule opened. A consent to hospital A opens
 * nothing to hospital B; a charity partner gets only the charity view, only with share-charity.
 */
const clock = settableClock('2026-12-06T03:00:00Z');
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let a: HospitalView;
let b: HospitalView;
let org: OrganisationView;
let sw: SignedIn;
let swA: SignedIn;
let leadA: SignedIn;
let swB: SignedIn;
let partner: SignedIn;
let otherPartner: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 17, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  home = await makeFhirHospital(demo.baseUrl);
  a = await makeHospital({ name: 'Bệnh viện Nhi Trung ương' });
  b = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
  org = await makeOrganisation({ name: 'Quỹ Vì trẻ em vùng cao' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  swA = await signInAs(t.app, 'social_worker', { hospitalId: a.id });
  leadA = await signInAs(t.app, 'sw_lead', { hospitalId: a.id });
  swB = await signInAs(t.app, 'social_worker', { hospitalId: b.id });
  partner = await signInAs(t.app, 'charity_partner', { organisationId: org.id });
  otherPartner = await signInAs(t.app, 'charity_partner');
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const readCase = (who: SignedIn, caseId: string): Promise<{ status: number; body: Record<string, unknown> }> => who.agent.get(`/api/v1/cases/${caseId}`);

/** The principal of a signed-in user, as the policy sees it. */
const principalOf = (s: SignedIn): Principal => ({
  userId: s.user.id,
  username: s.user.username,
  role: s.user.role,
  hospitalId: s.user.hospital?.id ?? null,
  organisationId: s.user.organisation?.id ?? null,
  via: 'session',
  scopes: [],
});

/** The cases the rule lets this user list now: the access module's filter for case.read, run on the cases collection. */
async function listable(who: SignedIn): Promise<string[]> {
  const filter = await listFilter(principalOf(who), 'case.read', clock);
  const rows = await mongoose.connection.collection('cases').find(filter, { projection: { _id: 1 } }).toArray();
  return rows.map((r) => String(r._id));
}

describe('consent.share-hospital', () => {
  it('opens the case to the named hospital’s staff as a receiving hospital (no name) while in force, not to another hospital; withdrawal → 404 on the next request and gone from the list', async () => {
    const { caseId } = await caseFor(sw, fhir);
    expect((await readCase(swA, caseId)).status).toBe(404);
    expect(await listable(swA)).not.toContain(caseId);
    const consent = (await postConsent(sw, caseId, shareWith(a.id, '2026-12-06')).expect(201)).body;

    for (const who of [swA, leadA]) {
      const res = await readCase(who, caseId);
      expect(res.status).toBe(200);
      expect(res.body.audience).toBe('receiving-hospital');
      expect(JSON.stringify(res.body)).not.toContain('Lò Thị Mai');
      expect(res.body).not.toHaveProperty('patient');
    }
    expect(await listable(swA)).toContain(caseId);
    expect((await readCase(swB, caseId)).status).toBe(404);
    expect(await listable(swB)).not.toContain(caseId);
    // Reading the case is all the rule opens: not its consents.
    expect((await swA.agent.get(`/api/v1/cases/${caseId}/consents`)).status).toBe(404);

    await withdraw(sw, caseId, consent.id, { reason: 'Người bệnh đổi ý' }).expect(200);
    expect((await readCase(swA, caseId)).status).toBe(404);
    expect(await listable(swA)).not.toContain(caseId);
    expect((await readCase(sw, caseId)).status).toBe(200);
  });

  it('an expired consent opens nothing: 404 once the clock is past the end of validUntil (Vietnam day)', async () => {
    const { caseId } = await caseFor(sw, fhir);
    await postConsent(sw, caseId, shareWith(a.id, '2026-12-06', { validUntil: '2026-12-10' })).expect(201);
    clock.set('2026-12-10T16:59:59Z'); // 23:59:59 on 10/12 in Vietnam
    expect((await readCase(swA, caseId)).status).toBe(200);
    clock.set('2026-12-10T17:00:00Z'); // 00:00 on 11/12
    expect((await readCase(swA, caseId)).status).toBe(404);
    expect(await listable(swA)).not.toContain(caseId);
    clock.set('2026-12-06T03:00:00Z');
  });

  it('any network hospital: opens it to every other hospital’s staff', async () => {
    const { caseId } = await caseFor(sw, fhir);
    await postConsent(sw, caseId, shareWith(a.id, '2026-12-06', { recipient: { kind: 'any-hospital' } })).expect(201);
    expect((await readCase(swA, caseId)).status).toBe(200);
    expect((await readCase(swB, caseId)).body.audience).toBe('receiving-hospital');
    expect((await readCase(partner, caseId)).status).toBe(404);
  });
});

describe('consent.share-charity', () => {
  it('opens only the charity view, only to the named organisation (or any partner), never through a share-hospital consent', async () => {
    const { caseId } = await caseFor(sw, fhir);
    await postConsent(sw, caseId, shareWith(a.id, '2026-12-06', { recipient: { kind: 'any-hospital' } })).expect(201);
    expect((await readCase(partner, caseId)).status).toBe(404);
    const c = (await postConsent(sw, caseId, { purpose: 'share-charity', recipient: { kind: 'organisation', id: org.id }, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: '2026-12-06' }).expect(201)).body;
    const seen = await readCase(partner, caseId);
    expect(seen.status).toBe(200);
    expect(seen.body.audience).toBe('charity-partner');
    expect(Object.keys(seen.body).sort()).toEqual(['ageBand', 'audience', 'id', 'needs', 'province', 'status']);
    expect(await listable(partner)).toContain(caseId);
    expect((await readCase(otherPartner, caseId)).status).toBe(404);
    await withdraw(sw, caseId, c.id).expect(200);
    expect((await readCase(partner, caseId)).status).toBe(404);

    await postConsent(sw, caseId, { purpose: 'share-charity', recipient: { kind: 'any-partner' }, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: '2026-12-06' }).expect(201);
    expect((await readCase(otherPartner, caseId)).body.audience).toBe('charity-partner');
    expect((await readCase(partner, caseId)).status).toBe(200);
  });
});

describe('the checks other features use', () => {
  it('consentAllows and activeConsentFilter answer from the live consents, per purpose and recipient', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const now = clock.now();
    const use = { caseId, purpose: 'share-hospital' as const, recipient: { hospitalId: a.id } };
    expect(await consentAllows(use, now)).toBeNull();
    const c = (await postConsent(sw, caseId, shareWith(a.id, '2026-12-06')).expect(201)).body;
    expect((await consentAllows(use, now))?._id.toHexString()).toBe(c.id);
    expect(await consentAllows({ ...use, recipient: { hospitalId: b.id } }, now)).toBeNull();
    expect(await consentAllows({ ...use, purpose: 'share-charity', recipient: { organisationId: org.id } }, now)).toBeNull();
    const filter = (await activeConsentFilter({ purpose: 'share-hospital', recipient: { hospitalId: a.id } }, now)) as { caseId: { $in: Types.ObjectId[] } };
    expect(filter.caseId.$in.map(String)).toContain(caseId);
    await withdraw(sw, caseId, c.id).expect(200);
    expect(await consentAllows(use, clock.now())).toBeNull();
  });
});

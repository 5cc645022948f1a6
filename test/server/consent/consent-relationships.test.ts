import { randomInt } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import mongoose, { type Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { decideRecord, listFilter } from '../../../server/access/access.js';
import { allRelationships } from '../../../server/access/relationships.js';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import type { OrganisationView } from '../../../server/features/admin/organisations.schemas.js';
import { findCase } from '../../../server/features/cases/cases.service.js';
import { shareHospitalRule } from '../../../server/features/consent/consent.relationships.js';
import { activeConsentFilter, consentAllows } from '../../../server/features/consent/consent.service.js';
import type { Principal } from '../../../server/http/policy.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { moved, referred } from '../referrals/receiver-fixture.js';
import { postConsent, shareWith, VERBAL, withdraw } from './consent-fixture.js';

/**
 * What a consent opens (issue 10, point 4, narrowed by issue 11, point 3; decision 0022), over HTTP.
 * A consent alone opens nothing: the patient agreed to share for a purpose, and the access needs
 * the purpose at hand (minimum-necessary access, Law 91/2025).
 *  - `consent.share-hospital` keeps one purpose of its own, continuity of care: the named hospital
 *    (or any, where the form says so) reads the case in the receiving hospital's view while the
 *    consent is in force AND it has a case of its own of the same person (same BHYT number, CCCD
 *    or CMND, as GET /cases/:id/elsewhere matches). Withdrawn or expired: 404 on the next request.
 *  - A hospital without such a case, and every charity partner, reach the case only through a
 *    live referral to them (referrals.relationships.ts); once it ends, 404 on the next request.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // Monday 07/12/2026, 10:00 in Vietnam
const TODAY = '2026-12-07';
const NAME = 'Vàng Thị Dở';
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let a: HospitalView;
let b: HospitalView;
let c: HospitalView;
let org: OrganisationView;
let sw: SignedIn;
let swA: SignedIn;
let leadA: SignedIn;
let swB: SignedIn;
let swC: SignedIn;
let partner: SignedIn;
let otherPartner: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 17, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  // Three module hospitals read the same demo FHIR server: each links its own Patient of a person.
  home = await makeFhirHospital(demo.baseUrl);
  a = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Nhi Trung ương' });
  b = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Bạch Mai' });
  c = await makeHospital({ name: 'Bệnh viện Phụ sản Hà Nội' });
  org = await makeOrganisation({ name: 'Quỹ Vì trẻ em vùng cao' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  swA = await signInAs(t.app, 'social_worker', { hospitalId: a.id });
  leadA = await signInAs(t.app, 'sw_lead', { hospitalId: a.id });
  swB = await signInAs(t.app, 'social_worker', { hospitalId: b.id });
  swC = await signInAs(t.app, 'social_worker', { hospitalId: c.id });
  partner = await signInAs(t.app, 'charity_partner', { organisationId: org.id });
  otherPartner = await signInAs(t.app, 'charity_partner');
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const newCccd = (): string => `0${String(randomInt(10 ** 10, 10 ** 11 - 1))}`;

/** A case of the person at the hospital of `who`: its own Patient (same CCCD = same person; none when null), linked, screened, confirmed. */
async function caseAt(who: SignedIn, cccd: string | null): Promise<string> {
  const body: Patient = {
    resourceType: 'Patient',
    ...(cccd ? { identifier: [{ system: SYSTEMS.vnCore.nationalId, value: cccd }] } : {}),
    name: [{ family: 'Vàng', given: ['Thị', 'Dở'], text: NAME }],
    gender: 'female',
    birthDate: '1990-03-04',
  };
  const created = (await fhir.create({
    resourceType: 'Patient',
    body: body as unknown as { resourceType: 'Patient' },
  })) as unknown as Patient;
  const patientId = await linkViaApi(who, created.id as string);
  const screened = await postScreening(who, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
  const confirmed = await who.agent
    .post(`/api/v1/flags/${screened.body.flag.id as string}/review`)
    .set('x-csrf-token', who.csrf)
    .send({ decision: 'confirm', reason: 'Cần hỗ trợ' })
    .expect(200);
  return confirmed.body.review.caseId as string;
}

const readCase = (who: SignedIn, caseId: string): Promise<{ status: number; body: Record<string, unknown> }> =>
  who.agent.get(`/api/v1/cases/${caseId}`);
const charity = (recipient: object): object => ({
  purpose: 'share-charity',
  recipient,
  givenBy: { kind: 'patient' },
  method: VERBAL,
  givenOn: TODAY,
});

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

/** The cases the rules let this user list now: the access module's filter for case.read, run on the cases collection. */
async function listable(who: SignedIn): Promise<string[]> {
  const filter = await listFilter(principalOf(who), 'case.read', clock);
  const rows = await mongoose.connection
    .collection('cases')
    .find(filter, { projection: { _id: 1 } })
    .toArray();
  return rows.map((r) => String(r._id));
}

/** Which rule opens the case to this user now, or null. */
async function openedBy(who: SignedIn, caseId: string): Promise<string | null> {
  const found = await findCase(caseId);
  if (!found) throw new Error('no case');
  const d = await decideRecord(principalOf(who), 'case.read', found, clock);
  return d.allow ? d.via : null;
}

describe('a consent alone opens nothing', () => {
  it('a consent to a hospital with no case of the person: 404 for its staff, nothing listed; a namesake (same name and birth date, no ID) is not the same person', async () => {
    const caseId = await caseAt(sw, newCccd());
    await postConsent(sw, caseId, shareWith(a.id, TODAY)).expect(201);
    await caseAt(swA, null); // the namesake at A
    for (const who of [swA, leadA]) expect((await readCase(who, caseId)).status).toBe(404);
    expect(await listable(swA)).not.toContain(caseId);
    expect(await openedBy(swA, caseId)).toBeNull();
  });

  it('a charity partner named by a share-charity consent (or any partner), with no referral: 404, nothing listed; the consent rule for partners is gone', async () => {
    const caseId = await caseAt(sw, newCccd());
    await postConsent(sw, caseId, charity({ kind: 'organisation', id: org.id })).expect(201);
    await postConsent(sw, caseId, charity({ kind: 'any-partner' })).expect(201);
    for (const who of [partner, otherPartner]) {
      expect((await readCase(who, caseId)).status).toBe(404);
      expect(await listable(who)).not.toContain(caseId);
    }
    expect(allRelationships().map((r) => r.name)).not.toContain('consent.share-charity');
  });
});

describe('consent.share-hospital: continuity of care for the same person', () => {
  it('opens the case to the named hospital with its own case of the same person (receiving view, no name) while in force; another hospital with a case but no consent: 404; withdrawal → 404 on the next request and gone from the list', async () => {
    const cccd = newCccd();
    const caseId = await caseAt(sw, cccd);
    await caseAt(swA, cccd);
    await caseAt(swB, cccd);
    expect((await readCase(swA, caseId)).status).toBe(404);
    const consent = (await postConsent(sw, caseId, shareWith(a.id, TODAY)).expect(201)).body;

    for (const who of [swA, leadA]) {
      const res = await readCase(who, caseId);
      expect(res.status).toBe(200);
      expect(res.body.audience).toBe('receiving-hospital');
      expect(JSON.stringify(res.body)).not.toContain(NAME);
      expect(res.body).not.toHaveProperty('patient');
    }
    expect(await openedBy(swA, caseId)).toBe('consent.share-hospital');
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
    const cccd = newCccd();
    const caseId = await caseAt(sw, cccd);
    await caseAt(swA, cccd);
    await postConsent(sw, caseId, shareWith(a.id, TODAY, { validUntil: '2026-12-10' })).expect(201);
    try {
      clock.set('2026-12-10T16:59:59Z'); // 23:59:59 on 10/12 in Vietnam
      expect((await readCase(swA, caseId)).status).toBe(200);
      clock.set('2026-12-10T17:00:00Z'); // 00:00 on 11/12
      expect((await readCase(swA, caseId)).status).toBe(404);
      expect(await listable(swA)).not.toContain(caseId);
    } finally {
      clock.set('2026-12-07T03:00:00Z');
    }
  });

  it('any network hospital: every hospital with its own case of the person, and no other; never a charity partner', async () => {
    const cccd = newCccd();
    const caseId = await caseAt(sw, cccd);
    await caseAt(swB, cccd);
    await postConsent(sw, caseId, shareWith(a.id, TODAY, { recipient: { kind: 'any-hospital' } })).expect(201);
    expect((await readCase(swB, caseId)).body.audience).toBe('receiving-hospital');
    expect(await listable(swB)).toContain(caseId);
    for (const who of [swA, swC, partner]) expect((await readCase(who, caseId)).status).toBe(404);
    expect(await listable(swA)).not.toContain(caseId);
  });

  it('checkMany answers many cases in their order with the same few reads as one case (no read per row)', async () => {
    const cccd = newCccd();
    const opened = await caseAt(sw, cccd);
    await caseAt(swA, cccd);
    await postConsent(sw, opened, shareWith(a.id, TODAY)).expect(201);
    const consentOnly = await caseAt(sw, newCccd());
    await postConsent(sw, consentOnly, shareWith(a.id, TODAY)).expect(201);
    const sameButNoConsent = await caseAt(sw, cccd);
    const ownOfA = await caseAt(swA, newCccd());
    const records = await Promise.all(
      [opened, consentOnly, sameButNoConsent, ownOfA].map(
        async (id) => (await findCase(id)) as NonNullable<Awaited<ReturnType<typeof findCase>>>,
      ),
    );

    const reads = async (rows: typeof records): Promise<{ answer: boolean[]; count: number }> => {
      let count = 0;
      mongoose.set('debug', (collection: string) => {
        if (['consents', 'patients', 'cases'].includes(collection)) count += 1;
      });
      try {
        return {
          answer: await (shareHospitalRule.checkMany as NonNullable<typeof shareHospitalRule.checkMany>)(principalOf(swA), rows, clock),
          count,
        };
      } finally {
        mongoose.set('debug', false);
      }
    };
    const one = await reads(records.slice(0, 1));
    const many = await reads([...records, ...records]);
    expect(one.answer).toEqual([true]);
    expect(many.answer).toEqual([true, false, false, false, true, false, false, false]);
    expect(many.count).toBe(one.count);
    expect(one.count).toBe(4); // consents, the patients' keys, the same people here, their cases here
  });
});

describe('a referral is the purpose: consent AND a live referral', () => {
  it('a hospital with no case of the person reads the case while a referral to it is live; once it ends, 404 on the next request though the consent holds', async () => {
    const caseId = await caseAt(sw, newCccd());
    await postConsent(sw, caseId, shareWith(c.id, TODAY)).expect(201);
    expect((await readCase(swC, caseId)).status).toBe(404);
    const id = await referred(sw, caseId, { kind: 'hospital', id: c.id });
    expect((await readCase(swC, caseId)).body.audience).toBe('receiving-hospital');
    expect(await openedBy(swC, caseId)).toBe('referral.case-hospital');

    await moved(sw, id, { to: 'cancelled', reason: 'Gia đình đổi ý' });
    expect(await consentAllows({ caseId, purpose: 'share-hospital', recipient: { hospitalId: c.id } }, clock.now())).not.toBeNull();
    expect((await readCase(swC, caseId)).status).toBe(404);
    expect(await listable(swC)).not.toContain(caseId);
  });

  it('a partner reads the charity view only while a referral to its organisation is live', async () => {
    const caseId = await caseAt(sw, newCccd());
    await postConsent(sw, caseId, charity({ kind: 'organisation', id: org.id })).expect(201);
    const id = await referred(sw, caseId, { kind: 'organisation', id: org.id });
    const seen = await readCase(partner, caseId);
    expect(seen.status).toBe(200);
    expect(Object.keys(seen.body).sort()).toEqual(['ageBand', 'audience', 'id', 'needs', 'province', 'status']);
    expect((await readCase(otherPartner, caseId)).status).toBe(404);
    await moved(sw, id, { to: 'cancelled', reason: 'Gia đình đổi ý' });
    expect((await readCase(partner, caseId)).status).toBe(404);
  });
});

describe('the checks other features use', () => {
  it('consentAllows and activeConsentFilter answer from the live consents, per purpose and recipient', async () => {
    const caseId = await caseAt(sw, null);
    const now = clock.now();
    const use = { caseId, purpose: 'share-hospital' as const, recipient: { hospitalId: a.id } };
    expect(await consentAllows(use, now)).toBeNull();
    const given = (await postConsent(sw, caseId, shareWith(a.id, TODAY)).expect(201)).body;
    expect((await consentAllows(use, now))?._id.toHexString()).toBe(given.id);
    expect(await consentAllows({ ...use, recipient: { hospitalId: b.id } }, now)).toBeNull();
    expect(await consentAllows({ ...use, purpose: 'share-charity', recipient: { organisationId: org.id } }, now)).toBeNull();
    const filter = (await activeConsentFilter({ purpose: 'share-hospital', recipient: { hospitalId: a.id } }, now)) as {
      caseId: { $in: Types.ObjectId[] };
    };
    expect(filter.caseId.$in.map(String)).toContain(caseId);
    await withdraw(sw, caseId, given.id).expect(200);
    expect(await consentAllows(use, clock.now())).toBeNull();
  });
});

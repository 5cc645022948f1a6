import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import type { OrganisationView } from '../../../server/features/admin/organisations.schemas.js';
import { consentForRecipient, receiverMayShare } from '../../../server/features/referrals/referrals.relationships.js';
import { findReferral } from '../../../server/features/referrals/referrals.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor, withdraw } from '../consent/consent-fixture.js';
import { consent, download, move, moved, readCase, readReferral, refer, referred, SUMMARY, upload } from './receiver-fixture.js';

/**
 * Consent and the referral (issue 11, points 3 and 7): the receiver's share follows the patient's
 * consent on every request. Withdrawn mid-referral, the receiver loses the case and the papers at
 * once and the sender may still cancel; a consent to "any network hospital" / "any partner" covers a
 * named one; a consent that expires (end of its Vietnam day, on the app's clock) ends the share and
 * stops a new send.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // Monday 07/12/2026, 10:00 in Vietnam
const TODAY = '2026-12-07';
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let a: HospitalView;
let b: HospitalView;
let org: OrganisationView;
let sw: SignedIn;
let swA: SignedIn;
let swB: SignedIn;
let partner: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 29, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  const home = await makeFhirHospital(demo.baseUrl);
  a = await makeHospital({ name: 'Bệnh viện Nhi Trung ương' });
  b = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
  org = await makeOrganisation({ name: 'Quỹ Bảo trợ trẻ em' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  swA = await signInAs(t.app, 'social_worker', { hospitalId: a.id });
  swB = await signInAs(t.app, 'social_worker', { hospitalId: b.id });
  partner = await signInAs(t.app, 'charity_partner', { organisationId: org.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const hospitalTo = (id: string) => ({ kind: 'hospital' as const, hospitalId: id, organisationId: null });

describe('consent withdrawn mid-referral', () => {
  it('the receiver loses the case and the papers on its next request; the sender can still cancel', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const paper = await upload(sw, caseId);
    const consentId = await consent(sw, caseId, 'share-hospital', { kind: 'hospital', id: a.id }, TODAY);
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, documentIds: [paper] });
    await moved(swA, id, { to: 'received' });
    await moved(swA, id, { to: 'accepted', capacity: 'capacity' });
    expect((await readCase(swA, caseId)).status).toBe(200);
    expect((await download(swA, id, paper)).status).toBe(200);
    expect((await readReferral(swA, id)).body).toMatchObject({ shared: true, summary: SUMMARY });

    await withdraw(sw, caseId, consentId, { reason: 'Gia đình không muốn chia sẻ nữa' }).expect(200);
    expect((await readCase(swA, caseId)).status).toBe(404);
    expect((await download(swA, id, paper)).status).toBe(404);
    expect((await readReferral(swA, id)).body).toMatchObject({ status: 'accepted', shared: false, summary: null, documents: [] });
    expect(await receiverMayShare((await findReferral(id))!, clock.now())).toBe(false);

    const cancelled = await move(sw, id, { to: 'cancelled', reason: 'Người bệnh rút lại đồng ý chia sẻ' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'Người bệnh rút lại đồng ý chia sẻ' });
    // The receiver keeps its record of the work: the referral, ended, with nothing shared.
    expect((await readReferral(swA, id)).body).toMatchObject({ status: 'cancelled', shared: false });
  });

  it('a draft cannot be sent once the consent is withdrawn (409 REFERRAL.NO_CONSENT, purpose share-hospital)', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const consentId = await consent(sw, caseId, 'share-hospital', { kind: 'hospital', id: a.id }, TODAY);
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, send: false });
    await withdraw(sw, caseId, consentId).expect(200);
    const res = await move(sw, id, { to: 'requested' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'REFERRAL.NO_CONSENT', params: { purpose: 'share-hospital' } });
    expect((await readReferral(sw, id)).body.status).toBe('draft');
  });
});

describe('a consent to any of a kind covers a named recipient', () => {
  it('“any network hospital”: sent to hospital A, A reads the case and the paper; B, with no referral (and no case of the person), reads neither', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const paper = await upload(sw, caseId);
    await consent(sw, caseId, 'share-hospital', { kind: 'any-hospital' }, TODAY);
    expect((await consentForRecipient(caseId, hospitalTo(a.id), clock.now()))?.recipient.kind).toBe('any-hospital');
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, documentIds: [paper] });
    expect((await readReferral(swA, id)).body).toMatchObject({ shared: true, summary: SUMMARY });
    expect((await readCase(swA, caseId)).body.audience).toBe('receiving-hospital');
    expect((await download(swA, id, paper)).status).toBe(200);
    expect((await readReferral(swB, id)).status).toBe(404);
    expect((await download(swB, id, paper)).status).toBe(404);
    // A consent alone opens nothing (decision 0022): B has neither a referral nor a case of the person.
    expect((await readCase(swB, caseId)).status).toBe(404);
  });

  it('“any partner”: sent to an organisation, its partner reads the referral, the charity view and the paper; a share-hospital consent never covers an organisation', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const paper = await upload(sw, caseId);
    await consent(sw, caseId, 'share-hospital', { kind: 'any-hospital' }, TODAY);
    const refused = await refer(sw, caseId, { kind: 'organisation', id: org.id, documentIds: [paper] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'REFERRAL.NO_CONSENT', params: { purpose: 'share-charity' } });

    await consent(sw, caseId, 'share-charity', { kind: 'any-partner' }, TODAY);
    const id = await referred(sw, caseId, { kind: 'organisation', id: org.id, documentIds: [paper] });
    expect((await readReferral(partner, id)).body).toMatchObject({ viewer: 'receiver', shared: true, summary: SUMMARY });
    expect((await readCase(partner, caseId)).body.audience).toBe('charity-partner');
    expect((await download(partner, id, paper)).status).toBe(200);
  });
});

describe('a consent that expires on the clock', () => {
  it('shares until the end of its last Vietnam day, then nothing on the next request, and a new send is refused', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const paper = await upload(sw, caseId);
    await consent(sw, caseId, 'share-hospital', { kind: 'hospital', id: a.id }, TODAY, '2026-12-09');
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, documentIds: [paper] });
    try {
      clock.set('2026-12-09T16:59:59Z'); // 23:59:59 on 09/12 in Vietnam
      expect((await readReferral(swA, id)).body.shared).toBe(true);
      expect((await download(swA, id, paper)).status).toBe(200);
      expect((await readCase(swA, caseId)).status).toBe(200);

      clock.set('2026-12-09T17:00:00Z'); // 00:00 on 10/12
      expect((await readReferral(swA, id)).body).toMatchObject({ shared: false, summary: null, documents: [] });
      expect((await download(swA, id, paper)).status).toBe(404);
      expect((await readCase(swA, caseId)).status).toBe(404);
      expect(await consentForRecipient(caseId, hospitalTo(a.id), clock.now())).toBeNull();

      await moved(sw, id, { to: 'cancelled', reason: 'Hết hạn đồng ý' });
      const again = await refer(sw, caseId, { kind: 'hospital', id: a.id });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'REFERRAL.NO_CONSENT', params: { purpose: 'share-hospital' } });
    } finally {
      clock.set('2026-12-07T03:00:00Z');
    }
  });
});

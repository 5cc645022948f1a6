import { Client } from 'fhir-kit-client';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideRecord } from '../../../server/access/access.js';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import type { OrganisationView } from '../../../server/features/admin/organisations.schemas.js';
import { findCase } from '../../../server/features/cases/cases.service.js';
import { caseHospitalRule, caseOrganisationRule, consentForRecipient } from '../../../server/features/referrals/referrals.relationships.js';
import type { Principal } from '../../../server/http/policy.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor, withdraw } from '../consent/consent-fixture.js';
import { auditOf, consent, download, expectNothingIdentifying, inbox, moved, PDF, PNG, readCase, readReferral, referred, SUMMARY, upload } from './receiver-fixture.js';

/**
 * The receiver's view (issue 11, point 3): a receiving hospital and an organisation see the referred
 * case's audience view (GET /cases/:id) and the shared documents only while the referral is live and
 * the patient's consent to them holds; a draft is invisible; withdrawal of the consent, or the
 * referral's end, hides the summary and the documents on the next request while the referral stays
 * readable; another hospital or organisation learns nothing (404); every read is audited; nothing
 * that names or locates the patient reaches the receiver.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // Monday 07/12/2026, 10:00 in Vietnam
const TODAY = '2026-12-07';
const PATIENT_NAME = 'Lò Thị Mai';
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let a: HospitalView;
let org: OrganisationView;
let sw: SignedIn;
let swA: SignedIn;
let leadA: SignedIn;
let swB: SignedIn;
let partner: SignedIn;
let otherPartner: SignedIn;
let coordinator: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 23, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  home = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Đa khoa tỉnh Lào Cai' });
  a = await makeHospital({ name: 'Bệnh viện Nhi Trung ương' });
  const b = await makeHospital({ name: 'Bệnh viện Bạch Mai' });
  org = await makeOrganisation({ name: 'Quỹ Vì trẻ em vùng cao' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  swA = await signInAs(t.app, 'social_worker', { hospitalId: a.id });
  leadA = await signInAs(t.app, 'sw_lead', { hospitalId: a.id });
  swB = await signInAs(t.app, 'social_worker', { hospitalId: b.id });
  partner = await signInAs(t.app, 'charity_partner', { organisationId: org.id });
  otherPartner = await signInAs(t.app, 'charity_partner');
  coordinator = await signInAs(t.app, 'coordinator');
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const principalOf = (s: SignedIn): Principal => ({
  userId: s.user.id,
  username: s.user.username,
  role: s.user.role,
  hospitalId: s.user.hospital?.id ?? null,
  organisationId: s.user.organisation?.id ?? null,
  via: 'session',
  scopes: [],
});

/** Which rule opens the case to this user now (tenancy, a referral's, a consent's), or null. */
async function caseOpenedBy(who: SignedIn, caseId: string): Promise<string | null> {
  const c = await findCase(caseId);
  if (!c) throw new Error('no case');
  const d = await decideRecord(principalOf(who), 'case.read', c, clock);
  return d.allow ? d.via : null;
}

/** Whether the referral's own case rule (not the consent's) holds for this user and case now. */
async function referralOpensCase(who: SignedIn, caseId: string): Promise<boolean> {
  const c = await findCase(caseId);
  if (!c) throw new Error('no case');
  const rule = who.user.role === 'charity_partner' ? caseOrganisationRule : caseHospitalRule;
  return rule.check(principalOf(who), c, clock);
}

/** A case of the sender's hospital with two papers: one to share, one kept back. */
async function caseWithPapers(): Promise<{ caseId: string; shared: string; kept: string }> {
  const { caseId } = await caseFor(sw, fhir);
  return { caseId, shared: await upload(sw, caseId, 'giấy ra viện.pdf'), kept: await upload(sw, caseId, 'so-ho-khau.png', PNG) };
}

describe('a receiving hospital', () => {
  it('sees nothing of a draft; once sent and consented: the referral, the case’s receiving view and the shared paper only; another hospital: 404', async () => {
    const { caseId, shared, kept } = await caseWithPapers();
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, documentIds: [shared], send: false });
    for (const who of [swA, leadA]) {
      expect((await readReferral(who, id)).status).toBe(404);
      expect((await download(who, id, shared)).status).toBe(404);
      expect(await inbox(who)).not.toContain(id);
    }
    expect((await readCase(swA, caseId)).status).toBe(404);

    await consent(sw, caseId, 'share-hospital', { kind: 'hospital', id: a.id }, TODAY);
    await moved(sw, id, { to: 'requested' });
    expect(await inbox(swA)).toContain(id);
    const listed = await swA.agent.get('/api/v1/referrals?box=inbox&limit=100');
    expect((listed.body.data as { id: string; patient: unknown }[]).find((r) => r.id === id)?.patient).toBeNull();
    expectNothingIdentifying(listed.body, PATIENT_NAME);
    for (const who of [swA, leadA]) {
      const r = await readReferral(who, id);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ viewer: 'receiver', shared: true, summary: SUMMARY, patient: null, status: 'requested' });
      expect((r.body.documents as { id: string }[]).map((d) => d.id)).toEqual([shared]);
      expectNothingIdentifying(r.body, PATIENT_NAME);
      const c = await readCase(who, caseId);
      expect(c.status).toBe(200);
      expect(c.body.audience).toBe('receiving-hospital');
      expectNothingIdentifying(c.body, PATIENT_NAME);
    }
    const file = await download(swA, id, shared);
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename=/);
    expect((await download(swA, id, shared, true)).headers['content-disposition']).toMatch(/^inline; /);
    // A paper of the case the referral does not name stays the sender's, as does a paper of no case at all.
    expect((await download(swA, id, kept)).status).toBe(404);
    expect((await download(swA, id, new Types.ObjectId().toHexString())).status).toBe(404);
    expect((await download(sw, id, kept)).status).toBe(404);
    expect((await download(sw, id, shared)).status).toBe(200);

    for (const res of [await readReferral(swB, id), await readCase(swB, caseId), await download(swB, id, shared), await download(partner, id, shared)]) {
      expect(res.status).toBe(404);
      expect(res.body.error?.code ?? 'NOT_FOUND').toBe('NOT_FOUND');
    }
    expect(await inbox(swB)).not.toContain(id);
    // Network staff read the referral, never the patient's papers.
    expect((await readReferral(coordinator, id)).body).toMatchObject({ viewer: 'network', shared: false, summary: null, documents: [], patient: null });
    expect((await download(coordinator, id, shared)).status).toBe(403);
  });

  it('audits every read: the referral (no patient id for the receiver), the case and the paper (with the patient, for its hospital to see)', async () => {
    const { caseId, shared } = await caseWithPapers();
    await consent(sw, caseId, 'share-hospital', { kind: 'hospital', id: a.id }, TODAY);
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, documentIds: [shared] });
    const patientId = (await findCase(caseId))?.patientId.toHexString();

    const read = await auditOf(await readReferral(swA, id));
    expect(read).toMatchObject({ action: 'referral.read', resourceType: 'referral', resourceId: id, actor: { userId: swA.user.id } });
    expect(read?.patientId ?? null).toBeNull();
    expect(await auditOf(await readReferral(sw, id))).toMatchObject({ action: 'referral.read', resourceId: id, patientId });
    expect(await auditOf(await readCase(swA, caseId))).toMatchObject({ action: 'case.read', resourceId: caseId, patientId, reason: 'audience receiving-hospital' });
    expect(await auditOf(await download(swA, id, shared))).toMatchObject({ action: 'referral.document.read', resourceType: 'case-attachment', resourceId: shared, patientId, actor: { userId: swA.user.id } });
    const refused = await download(swB, id, shared);
    expect(refused.status).toBe(404);
  });

  it('after the consent is withdrawn: the next request for the case and the paper is 404; the referral stays readable with nothing shared', async () => {
    const { caseId, shared } = await caseWithPapers();
    const consentId = await consent(sw, caseId, 'share-hospital', { kind: 'hospital', id: a.id }, TODAY);
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, documentIds: [shared] });
    await moved(swA, id, { to: 'accepted', capacity: 'capacity' });
    expect((await readCase(swA, caseId)).status).toBe(200);
    expect((await download(swA, id, shared)).status).toBe(200);

    await withdraw(sw, caseId, consentId, { reason: 'Người bệnh đổi ý' }).expect(200);
    expect((await readCase(swA, caseId)).status).toBe(404);
    expect((await download(swA, id, shared)).status).toBe(404);
    const r = await readReferral(swA, id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'accepted', shared: false, summary: null, documents: [] });
    expect(await caseOpenedBy(swA, caseId)).toBeNull();
    // The sender's own view is untouched.
    expect((await readReferral(sw, id)).body).toMatchObject({ shared: true, summary: SUMMARY });
  });

  it('when the referral ends: the summary and the papers go on the next request, the referral stays readable, and the referral no longer opens the case', async () => {
    const { caseId, shared } = await caseWithPapers();
    await consent(sw, caseId, 'share-hospital', { kind: 'hospital', id: a.id }, TODAY);
    const id = await referred(sw, caseId, { kind: 'hospital', id: a.id, documentIds: [shared] });
    await moved(swA, id, { to: 'accepted', capacity: 'capacity' });
    await moved(swA, id, { to: 'in-progress' });
    expect(await referralOpensCase(swA, caseId)).toBe(true);

    await moved(swA, id, { to: 'completed', outcome: 'Đã tiếp nhận và hỗ trợ chỗ ở' });
    const r = await readReferral(swA, id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'completed', shared: false, summary: null, documents: [], outcome: 'Đã tiếp nhận và hỗ trợ chỗ ở' });
    expect((await download(swA, id, shared)).status).toBe(404);
    expect(await inbox(swA)).toContain(id);
    expect(await referralOpensCase(swA, caseId)).toBe(false);
    // The consent is still in force, but a consent alone opens nothing (decision 0022): the next read of the case is 404.
    expect((await consentForRecipient(caseId, { kind: 'hospital', hospitalId: a.id, organisationId: null }, clock.now()))?.state).toBe('given');
    expect((await readCase(swA, caseId)).status).toBe(404);
    expect(await caseOpenedBy(swA, caseId)).toBeNull();
  });
});

describe('a receiving organisation', () => {
  it('reads the referral, the charity view of the case and the shared paper while live and consented; another organisation and other hospitals: 404; gone when it ends', async () => {
    const { caseId, shared } = await caseWithPapers();
    const draft = await referred(sw, caseId, { kind: 'organisation', id: org.id, documentIds: [shared], send: false });
    expect((await readReferral(partner, draft)).status).toBe(404);
    expect(await inbox(partner)).not.toContain(draft);
    await consent(sw, caseId, 'share-charity', { kind: 'organisation', id: org.id }, TODAY);
    await moved(sw, draft, { to: 'requested' });

    expect(await inbox(partner)).toContain(draft);
    expectNothingIdentifying((await partner.agent.get('/api/v1/referrals?box=inbox&limit=100')).body, PATIENT_NAME);
    const r = await readReferral(partner, draft);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ viewer: 'receiver', shared: true, summary: SUMMARY, patient: null });
    expectNothingIdentifying(r.body, PATIENT_NAME);
    const c = await readCase(partner, caseId);
    expect(c.status).toBe(200);
    expect(c.body.audience).toBe('charity-partner');
    expectNothingIdentifying(c.body, PATIENT_NAME);
    expect(await auditOf(c)).toMatchObject({ action: 'case.read', reason: 'audience charity-partner' });
    expect((await download(partner, draft, shared)).status).toBe(200);
    expect(await referralOpensCase(partner, caseId)).toBe(true);
    expect(await auditOf(await download(partner, draft, shared))).toMatchObject({ action: 'referral.document.read', actor: { userId: partner.user.id } });

    for (const who of [otherPartner, swA]) {
      expect((await readReferral(who, draft)).status).toBe(404);
      expect((await readCase(who, caseId)).status).toBe(404);
      expect((await download(who, draft, shared)).status).toBe(404);
      expect(await inbox(who)).not.toContain(draft);
    }

    await moved(partner, draft, { to: 'rejected', reason: 'Quỹ đã hết ngân sách năm nay', capacity: 'no-capacity' });
    expect((await readReferral(partner, draft)).body).toMatchObject({ status: 'rejected', shared: false, summary: null, documents: [] });
    expect((await download(partner, draft, shared)).status).toBe(404);
    expect(await referralOpensCase(partner, caseId)).toBe(false);
    expect((await readCase(partner, caseId)).status).toBe(404);
    expect(await caseOpenedBy(partner, caseId)).toBeNull();
  });
});

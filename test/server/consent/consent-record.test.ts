import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { caseFor, GUARDIAN, postConsent, shareWith, VERBAL, withdraw } from './consent-fixture.js';

/**
 * Recording consent (issue 10, point 4; DOMAIN.md "Consent details"): a guardian for a child under
 * 16, the child's own agreement from 7, a legal representative for an adult without capacity; a
 * verbal consent names its witness; the recipient fits the purpose; the days make sense. Every
 * refusal is a 400 at the field's path and records nothing.
 */
const clock = settableClock('2026-12-06T03:00:00Z'); // 10:00 in Vietnam, Sunday 6 December 2026
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let other: HospitalView;
let sw: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 4, seed: 91, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  other = await makeHospital({ name: 'Bệnh viện Nhi Trung ương' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

type Detail = { path: string; code?: string; params?: Record<string, unknown> };
const details = (body: { error: { details?: Detail[] } }): Detail[] => body.error.details ?? [];
const consentsOf = async (caseId: string): Promise<Record<string, unknown>[]> => (await sw.agent.get(`/api/v1/cases/${caseId}/consents`).expect(200)).body.data;

describe('who gives consent', () => {
  it('a child of 15 cannot consent alone: 400 CONSENT.GUARDIAN_REQUIRED at body.givenBy.kind, nothing recorded; a guardian can, with the child’s agreement', async () => {
    const { caseId } = await caseFor(sw, fhir, '2011-12-07'); // 15 on 6/12/2026, 16 tomorrow
    const refused = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { childAgreed: true })).expect(400);
    expect(refused.body.error.code).toBe('CONSENT.GUARDIAN_REQUIRED');
    expect(details(refused.body)).toEqual([expect.objectContaining({ path: 'body.givenBy.kind', code: 'guardian_required', params: { belowAge: 16 } })]);
    expect(await consentsOf(caseId)).toEqual([]);
    const ok = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { givenBy: GUARDIAN, childAgreed: true })).expect(201);
    expect(ok.body).toMatchObject({ givenBy: GUARDIAN, childAgreed: true, status: 'active', recipient: { kind: 'hospital', id: other.id, name: 'Bệnh viện Nhi Trung ương' } });
  });

  it('a patient of 16 on the day given consents themselves (and a guardian is then refused)', async () => {
    const { caseId } = await caseFor(sw, fhir, '2010-12-06'); // 16 on 6/12/2026
    const ok = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06')).expect(201);
    expect(ok.body).toMatchObject({ givenBy: { kind: 'patient' }, childAgreed: null, patientLacksCapacity: false });
    const guardian = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { givenBy: GUARDIAN })).expect(400);
    expect(details(guardian.body)).toEqual([expect.objectContaining({ path: 'body.givenBy.kind', code: 'patient_gives_own_consent' })]);
  });

  it('the age counts on the day given, not today: given at 15 (on 5/12/2026) needs a guardian though the patient is 16 now', async () => {
    const { caseId } = await caseFor(sw, fhir, '2010-12-06');
    const refused = await postConsent(sw, caseId, shareWith(other.id, '2026-12-05')).expect(400);
    expect(refused.body.error.code).toBe('CONSENT.GUARDIAN_REQUIRED');
  });

  it('the child’s own agreement is required from 7 to 15 and refused when it is no', async () => {
    const seven = await caseFor(sw, fhir, '2019-12-06'); // 7 today
    const missing = await postConsent(sw, seven.caseId, shareWith(other.id, '2026-12-06', { givenBy: GUARDIAN })).expect(400);
    expect(missing.body.error.code).toBe('VALIDATION.FAILED');
    expect(details(missing.body)).toEqual([expect.objectContaining({ path: 'body.childAgreed', code: 'child_agreement_required', params: { fromAge: 7, belowAge: 16 } })]);
    const no = await postConsent(sw, seven.caseId, shareWith(other.id, '2026-12-06', { givenBy: GUARDIAN, childAgreed: false })).expect(400);
    expect(details(no.body).map((d) => [d.path, d.code])).toEqual([['body.childAgreed', 'child_did_not_agree']]);
    const six = await caseFor(sw, fhir, '2019-12-07'); // 6 today: the guardian alone
    const ok = await postConsent(sw, six.caseId, shareWith(other.id, '2026-12-06', { givenBy: GUARDIAN })).expect(201);
    expect(ok.body.childAgreed).toBeNull();
  });

  it('an adult without capacity: a legal representative gives it, kept on the consent; the patient alone is refused', async () => {
    const { caseId } = await caseFor(sw, fhir, '1950-03-01');
    const refused = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { patientLacksCapacity: true })).expect(400);
    expect(refused.body.error.code).toBe('CONSENT.GUARDIAN_REQUIRED');
    expect(details(refused.body)).toEqual([expect.objectContaining({ path: 'body.givenBy.kind', code: 'guardian_required', params: { lacksCapacity: 1 } })]);
    const rep = { kind: 'legal-representative', name: 'Trần Thị Hoa', relationship: 'con gái' };
    const ok = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { patientLacksCapacity: true, givenBy: rep })).expect(201);
    expect(ok.body).toMatchObject({ givenBy: rep, patientLacksCapacity: true });
  });
});

describe('how, to whom, when', () => {
  it('verbal consent names its witness (400 body.method.witnessName)', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const res = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { method: { kind: 'verbal' } })).expect(400);
    expect(details(res.body).map((d) => d.path)).toEqual(['body.method.witnessName']);
    const blank = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { method: { kind: 'verbal', witnessName: '   ' } })).expect(400);
    expect(details(blank.body).map((d) => d.path)).toEqual(['body.method.witnessName']);
    expect(await consentsOf(caseId)).toEqual([]);
  });

  it('the recipient must fit the purpose, exist, and not be the case’s own hospital', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const org = await makeOrganisation({ name: 'Quỹ Bảo trợ trẻ em Lào Cai' });
    const cases: [object, string, string][] = [
      [{ purpose: 'share-hospital', recipient: { kind: 'organisation', id: org.id } }, 'body.recipient.kind', 'recipient_not_for_purpose'],
      [{ purpose: 'share-charity', recipient: { kind: 'any-hospital' } }, 'body.recipient.kind', 'recipient_not_for_purpose'],
      [{ purpose: 'contact-phone', recipient: { kind: 'hospital', id: other.id } }, 'body.recipient.kind', 'recipient_not_for_purpose'],
      [{ purpose: 'publish-story', recipient: { kind: 'any-partner' } }, 'body.recipient.kind', 'recipient_not_for_purpose'],
      [{ purpose: 'share-hospital', recipient: { kind: 'hospital', id: hospital.id } }, 'body.recipient.id', 'own_hospital'],
      [{ purpose: 'share-hospital', recipient: { kind: 'hospital', id: 'a'.repeat(24) } }, 'body.recipient.id', 'no_such_record'],
      [{ purpose: 'share-charity', recipient: { kind: 'organisation', id: 'b'.repeat(24) } }, 'body.recipient.id', 'no_such_record'],
    ];
    for (const [over, path, code] of cases) {
      const res = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', over)).expect(400);
      expect(details(res.body).map((d) => [d.path, d.code]), JSON.stringify(over)).toEqual([[path, code]]);
    }
    expect(await consentsOf(caseId)).toEqual([]);
    await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { purpose: 'share-charity', recipient: { kind: 'organisation', id: org.id } })).expect(201);
    await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { purpose: 'contact-phone', recipient: { kind: 'none' } })).expect(201);
  });

  it('givenOn not in the future, validUntil not before givenOn', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const future = await postConsent(sw, caseId, shareWith(other.id, '2026-12-07')).expect(400);
    expect(details(future.body).map((d) => [d.path, d.code])).toEqual([['body.givenOn', 'day_in_future']]);
    const before = await postConsent(sw, caseId, shareWith(other.id, '2026-12-06', { validUntil: '2026-12-05' })).expect(400);
    expect(details(before.body).map((d) => [d.path, d.code])).toEqual([['body.validUntil', 'before_given_on']]);
    const notADay = await postConsent(sw, caseId, shareWith(other.id, '2026-02-30')).expect(400);
    expect(details(notADay.body).map((d) => d.path)).toEqual(['body.givenOn']);
    expect(await consentsOf(caseId)).toEqual([]);
  });
});

describe('history on the clock', () => {
  it('lists every consent newest first, each with its status now and what it allows; withdrawal is kept, a second one is 409', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const first = (await postConsent(sw, caseId, shareWith(other.id, '2026-12-01', { validUntil: '2026-12-31' })).expect(201)).body;
    expect(first.allows).toEqual({
      vi: 'Cho phép chia sẻ hồ sơ với Bệnh viện Nhi Trung ương đến hết 31/12/2026',
      en: 'Allows sharing the case with Bệnh viện Nhi Trung ương until 31/12/2026',
    });
    clock.advance(60_000);
    const second = (await postConsent(sw, caseId, { purpose: 'contact-phone', recipient: { kind: 'none' }, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: '2026-12-06' }).expect(201)).body;
    expect(second.allows.vi).toBe('Cho phép liên hệ với người bệnh qua điện thoại cho đến khi rút lại');
    clock.advance(60_000);
    const withdrawn = (await withdraw(sw, caseId, second.id, { reason: 'Người bệnh không muốn nhận cuộc gọi' }).expect(200)).body;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawal: { on: '2026-12-06', reason: 'Người bệnh không muốn nhận cuộc gọi', recordedBy: { id: sw.user.id } } });
    expect(withdrawn.allows.vi).toBe('Không còn cho phép liên hệ với người bệnh qua điện thoại: đã rút lại ngày 06/12/2026');
    const again = await withdraw(sw, caseId, second.id).expect(409);
    expect(again.body.error).toMatchObject({ code: 'CONSENT.WITHDRAWN', params: { withdrawnOn: '2026-12-06' } });

    let list = await consentsOf(caseId);
    expect(list.map((c) => [c.id, c.status])).toEqual([[second.id, 'withdrawn'], [first.id, 'active']]);
    // Valid to the END of 31/12/2026 in Vietnam: still active at 23:59 there, expired one minute later.
    clock.set('2026-12-31T16:59:00Z');
    expect((await consentsOf(caseId)).find((c) => c.id === first.id)?.status).toBe('active');
    clock.set('2027-01-01T00:00:00+07:00');
    list = await consentsOf(caseId);
    expect(list.find((c) => c.id === first.id)).toMatchObject({ status: 'expired', givenOn: '2026-12-01', validUntil: '2026-12-31' });
    clock.set('2026-12-06T03:10:00Z');
  });

  it('two withdrawals at once: one is recorded, the other answers 409, and the withdrawal block is set once', async () => {
    const { caseId } = await caseFor(sw, fhir);
    const c = (await postConsent(sw, caseId, shareWith(other.id, '2026-12-06')).expect(201)).body;
    const [x, y] = await Promise.all([withdraw(sw, caseId, c.id, { reason: 'lần một' }), withdraw(sw, caseId, c.id, { reason: 'lần hai' })]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const winner = x.status === 200 ? 'lần một' : 'lần hai';
    expect((await consentsOf(caseId))[0]).toMatchObject({ status: 'withdrawn', withdrawal: { reason: winner } });
  });

  it('a withdrawal cannot be dated in the future or before the consent was given; another case’s consent id answers 404', async () => {
    const a = await caseFor(sw, fhir);
    const b = await caseFor(sw, fhir);
    const c = (await postConsent(sw, a.caseId, shareWith(other.id, '2026-12-02')).expect(201)).body;
    expect(details((await withdraw(sw, a.caseId, c.id, { on: '2026-12-07' }).expect(400)).body).map((d) => [d.path, d.code])).toEqual([['body.on', 'day_in_future']]);
    expect(details((await withdraw(sw, a.caseId, c.id, { on: '2026-12-01' }).expect(400)).body).map((d) => [d.path, d.code])).toEqual([['body.on', 'before_given_on']]);
    await withdraw(sw, b.caseId, c.id).expect(404);
    expect((await consentsOf(a.caseId))[0]?.status).toBe('active');
  });
});

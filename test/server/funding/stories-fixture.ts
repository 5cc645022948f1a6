import type { Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import type { TestApp } from '../../setup/test-app.js';
import { GUARDIAN, postConsent, VERBAL, withdraw } from '../consent/consent-fixture.js';
import { draft, get, moved, post } from './requests-fixture.js';

/**
 * The stories and marketplace tests' world, made through the API as people would: a hospital with
 * its FHIR server, a social worker and a head, two partner organisations, a coordinator; cases of
 * patients whose record knows a name, a CCCD, a phone, a hamlet and a commune (what a story must
 * not say), requests moved to approved, the publish-story consent recorded, the story written and
 * published.
 */
export { get, move, moved, post } from './requests-fixture.js';

export const PATIENT = { name: 'Vàng Thị Dếnh', cccd: '010180001234', phone: '0912345678', hamlet: 'Thôn Nà Pồng', commune: 'Xã Bản Lầu', province: 'Lào Cai' };

export interface World {
  demo: RunningDemoHospital;
  fhir: Client;
  home: HospitalView;
  other: HospitalView;
  sw: SignedIn;
  lead: SignedIn;
  otherSw: SignedIn;
  coordinator: SignedIn;
  partnerA: SignedIn;
  partnerB: SignedIn;
}

export async function world(t: TestApp, now: Date): Promise<World> {
  const demo = await startDemoHospital({ hospitalCode: 'BVLC', patients: 1, seed: 1207, now });
  const home = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Đa khoa tỉnh Lào Cai' });
  const other = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Đa khoa tỉnh Yên Bái' });
  const orgA = await makeOrganisation({ name: `Quỹ Vòng Tay Ấm ${randomUUID().slice(0, 6)}` });
  const orgB = await makeOrganisation({ name: `Quỹ Bông Sen ${randomUUID().slice(0, 6)}` });
  return {
    demo,
    fhir: new Client({ baseUrl: demo.baseUrl }),
    home,
    other,
    sw: await signInAs(t.app, 'social_worker', { hospitalId: home.id }),
    lead: await signInAs(t.app, 'sw_lead', { hospitalId: home.id }),
    otherSw: await signInAs(t.app, 'social_worker', { hospitalId: other.id }),
    coordinator: await signInAs(t.app, 'coordinator'),
    partnerA: await signInAs(t.app, 'charity_partner', { organisationId: orgA.id }),
    partnerB: await signInAs(t.app, 'charity_partner', { organisationId: orgB.id }),
  };
}

/** A patient whose record carries identifiers a story must not repeat. */
function patientBody(birthDate: string, province: string): Patient {
  return {
    resourceType: 'Patient',
    name: [{ family: 'Vàng', given: ['Thị', 'Dếnh'], text: PATIENT.name }],
    gender: 'female',
    birthDate,
    identifier: [{ system: 'http://fhir.ehealth.gov.vn/core/sid/national_id', value: PATIENT.cccd }],
    telecom: [{ system: 'phone', value: PATIENT.phone }],
    address: [{ line: [PATIENT.hamlet], city: PATIENT.commune, state: province }],
  };
}

/** A case at the social worker's hospital (link, screen as poor, confirm the flag). */
export async function caseOf(w: World, opts: { birthDate?: string; province?: string; sw?: SignedIn } = {}): Promise<{ caseId: string; patientId: string }> {
  const sw = opts.sw ?? w.sw;
  const body = patientBody(opts.birthDate ?? '2014-03-05', opts.province ?? PATIENT.province);
  const created = (await w.fhir.create({ resourceType: 'Patient', body: body as unknown as { resourceType: 'Patient' } })) as unknown as Patient;
  const patientId = await linkViaApi(sw, created.id as string);
  const screened = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' }));
  if (screened.status !== 201) throw new Error(`screening: ${screened.status} ${JSON.stringify(screened.body)}`);
  const confirmed = await post(sw, `/flags/${screened.body.flag.id as string}/review`, { decision: 'confirm', reason: 'Cần hỗ trợ' });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { caseId: confirmed.body.review.caseId as string, patientId };
}

/** The consent to publish a story (a child's: the father's, the child agreeing; an adult's own), verbal before a witness, given today; its id. */
export async function consentToPublish(sw: SignedIn, caseId: string, givenOn: string, opts: { validUntil?: string; adult?: boolean } = {}): Promise<string> {
  const giver = opts.adult ? { givenBy: { kind: 'patient' } } : { givenBy: GUARDIAN, childAgreed: true };
  const res = await postConsent(sw, caseId, { purpose: 'publish-story', recipient: { kind: 'none' }, ...giver, method: VERBAL, givenOn, ...(opts.validUntil ? { validUntil: opts.validUntil } : {}) });
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function withdrawConsent(sw: SignedIn, caseId: string, consentId: string): Promise<void> {
  const res = await withdraw(sw, caseId, consentId, { reason: 'Gia đình đổi ý' });
  if (res.status !== 200) throw new Error(`withdraw: ${res.status} ${JSON.stringify(res.body)}`);
}

export const STORY = {
  title: 'Em bé vùng cao cần điều trị ung thư máu',
  text: 'Em 12 tuổi, bị ung thư máu, gia đình ở vùng cao Lào Cai. Bố mẹ làm nương, chi phí còn thiếu 1.500.000 đồng.',
  diagnosisGroup: 'Ung thư',
  reviewed: true,
};

export function putStory(who: SignedIn, id: string, body: object): Test {
  return who.agent.put(`/api/v1/funding-requests/${id}/story`).set('x-csrf-token', who.csrf).send(body);
}

export interface Published {
  id: string;
  reference: string;
  caseId: string;
  patientId: string;
  consentId: string;
}

/** An approved request with a reviewed story and the consent recorded (not yet published). */
export async function approvedWithStory(w: World, today: string, over: { request?: object; story?: object; birthDate?: string; province?: string; validUntil?: string } = {}): Promise<Published> {
  const c = await caseOf(w, over);
  const d = await draft(w.sw, c.caseId, over.request ?? {});
  await moved(w.sw, d.id, { move: 'submit' });
  await moved(w.lead, d.id, { move: 'approve' });
  const adult = (over.birthDate ?? '2014-03-05') <= `${Number(today.slice(0, 4)) - 16}${today.slice(4)}`;
  const consentId = await consentToPublish(w.sw, c.caseId, today, { ...(over.validUntil ? { validUntil: over.validUntil } : {}), adult });
  const saved = await putStory(w.sw, d.id, { ...STORY, ...(over.story ?? {}) });
  if (saved.status !== 200) throw new Error(`story: ${saved.status} ${JSON.stringify(saved.body)}`);
  return { id: d.id, reference: d.reference as string, ...c, consentId };
}

/** A request published on the marketplace through the API. */
export async function published(w: World, today: string, over: Parameters<typeof approvedWithStory>[2] = {}): Promise<Published> {
  const p = await approvedWithStory(w, today, over);
  await moved(w.sw, p.id, { move: 'publish' });
  return p;
}

export function pledge(who: SignedIn, requestId: string, amountVnd: number, key = randomUUID()): Test {
  return who.agent.post(`/api/v1/funding-requests/${requestId}/pledges`).set('x-csrf-token', who.csrf).set('Idempotency-Key', key).send({ amountVnd });
}

export async function marketplaceIds(who: SignedIn, query = ''): Promise<string[]> {
  const res = await get(who, `/marketplace${query}`);
  if (res.status !== 200) throw new Error(`marketplace: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.data as { id: string }[]).map((x) => x.id);
}

import { randomInt } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { systemClock, vietnamToday } from '../../server/clock.js';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { signIn, type SignedIn } from '../setup/factories.js';
import { linkViaApi, postScreening, questionnaireResponse } from '../setup/screening.js';
import { postConsent, shareWith, withdraw } from '../server/consent/consent-fixture.js';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, startE2eApp, type E2eApp, type Language } from './harness.js';

/**
 * The same person at another network hospital, on the case page (issue 10, point 5): without a
 * consent only "a case exists at another hospital; ask for consent to share" (no hospital named);
 * with the other hospital's consent to share with this one, that hospital and a link to its case,
 * which opens in the receiving hospital's view; after the withdrawal, back to the count. Two
 * demo-network hospitals read the same demo FHIR server, each holding its own Patient of the person.
 */
const SHOTS = process.env.ELSEWHERE_SHOTS ?? null;
const today = vietnamToday(systemClock);
let app: E2eApp;
let here: SignedIn;
let there: SignedIn;
let hereId = '';
let thereHospital = { id: '', name: '' };
let mine = '';
let theirs = '';

async function caseAt(sw: SignedIn, fhir: Client, cccd: string): Promise<string> {
  const body: Patient = {
    resourceType: 'Patient',
    identifier: [{ system: SYSTEMS.vnCore.nationalId, value: cccd }],
    name: [{ family: 'Vàng', given: ['Thị', 'Dở'], text: 'Vàng Thị Dở' }],
    gender: 'female',
    birthDate: '1990-03-04',
  };
  const created = (await fhir.create({ resourceType: 'Patient', body: body as unknown as { resourceType: 'Patient' } })) as unknown as Patient;
  const patientId = await linkViaApi(sw, created.id as string);
  const screened = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
  const confirmed = await sw.agent
    .post(`/api/v1/flags/${screened.body.flag.id as string}/review`)
    .set('x-csrf-token', sw.csrf)
    .send({ decision: 'confirm', reason: 'Cần hỗ trợ' })
    .expect(200);
  return confirmed.body.review.caseId as string;
}

beforeAll(async () => {
  app = await startE2eApp({ name: 'elsewhere', hospital: { patients: 10, seed: 77 } });
  const own = await HospitalModel.findOne({ code: 'BVDKLC' }).lean();
  const other = await HospitalModel.findOne({ code: { $ne: 'BVDKLC' }, name: /Nhi Trung ương/ }).lean();
  if (!own?.fhir?.baseUrl || !other) throw new Error('the demo network lacks its hospitals');
  hereId = own._id.toHexString();
  thereHospital = { id: other._id.toHexString(), name: other.name };
  // The other hospital reads the same demo FHIR server: each links its own Patient of the same person.
  await HospitalModel.updateOne({ _id: other._id }, { $set: { fhir: { ...own.fhir } } });
  const password = 'e2e-demo-password-2026';
  here = await signIn(app.handle.app, { username: 'ctxh.bvdklc' }, password);
  there = await signIn(app.handle.app, { username: `ctxh.${other.code.toLowerCase()}` }, password);
  const fhir = new Client({ baseUrl: own.fhir.baseUrl });
  const cccd = `0${String(randomInt(10 ** 10, 10 ** 11 - 1))}`;
  mine = await caseAt(here, fhir, cccd);
  theirs = await caseAt(there, fhir, cccd);
});

afterAll(async () => {
  await app?.stop();
});

async function look(page: Page, name: string, width: number): Promise<void> {
  await animationsSettled(page);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const violations = await axeViolations(page);
  expect(violations, describeViolations(name, violations)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: wider than the screen`).toBeLessThanOrEqual(width);
}

describe.each([
  ['vi', 1366],
  ['en', 390],
] as const)('the same person at another hospital, in %s at %i px', (lang: Language, width) => {
  it('says only that a case exists until the other hospital consents to share; then names it and opens its case', { timeout: 120_000 }, async () => {
    const page = await app.newPage({ lang, pinLanguage: true, width, bypassCSP: true });
    await app.signIn(page, 'ctxh.bvdklc', 'social_worker');
    await page.goto(`${app.baseUrl}/cases/${mine}`);
    const notice = page.getByTestId('case-elsewhere');
    await notice.waitFor();
    expect(await notice.getAttribute('data-shared')).toBe('0');
    const unshared = await notice.innerText();
    expect(unshared).toContain(lang === 'vi' ? 'xin người bệnh đồng ý' : 'ask the patient to consent');
    expect(unshared).not.toContain(thereHospital.name);
    await look(page, `elsewhere-unshared-${lang}-${width}`, width);

    const consent = await postConsent(there, theirs, shareWith(hereId, today)).expect(201);
    await page.reload();
    await page.locator('[data-testid="case-elsewhere"][data-shared="1"]').waitFor();
    expect(await notice.innerText()).toContain(thereHospital.name);
    await look(page, `elsewhere-shared-${lang}-${width}`, width);
    await page.getByTestId(`case-elsewhere-open-${theirs}`).click();
    await page.locator('[data-testid="case-other-view"][data-audience="receiving-hospital"]').waitFor();
    expect(await page.getByTestId('page-case').innerText()).not.toContain('Vàng Thị Dở');

    await withdraw(there, theirs, consent.body.id as string).expect(200);
    await page.goto(`${app.baseUrl}/cases/${mine}`);
    await page.locator('[data-testid="case-elsewhere"][data-shared="0"]').waitFor();
    await page.context().close();
  });
});

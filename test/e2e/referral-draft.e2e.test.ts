import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, vietnamToday } from '../../server/clock.js';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { signIn, type SignedIn } from '../setup/factories.js';
import { caseFor, postConsent, shareWith } from '../server/consent/consent-fixture.js';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, PASSWORD, startE2eApp, waitForOnScreen, type E2eApp, type Language } from './harness.js';

/**
 * Editing a draft referral on its page (issue 11 point 6). Lào Cai General's social worker saved a
 * draft to Bạch Mai; on the draft's page "Sửa bản nháp" opens the composer with the draft's values and
 * the recipient fixed; she changes the summary and the urgency, saves, reads them on the page, and
 * sends. The edit form fits the screen and passes axe in vi and en at 1366 and 390 px.
 * SHOTS=<dir> also saves screenshots.
 */
const SHOTS = process.env.SHOTS ?? null;
const today = vietnamToday(systemClock);

let app: E2eApp;
let sender: SignedIn;
let referralId = '';

async function look(page: Page, name: string, width: number): Promise<void> {
  await animationsSettled(page);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
  const violations = await axeViolations(page);
  expect(violations, describeViolations(name, violations)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: wider than the screen`).toBeLessThanOrEqual(width);
}

/** The sender's draft page with the edit form open. */
async function openEditForm(lang: Language, width: number): Promise<Page> {
  const page = await app.newPage({ lang, width, height: 900, pinLanguage: true, bypassCSP: true, hasTouch: width < 500 });
  await app.signIn(page, 'ctxh.bvdklc');
  await page.goto(`${app.baseUrl}/referrals/${referralId}`);
  await waitForOnScreen(page, page.locator('[data-testid="referral-detail"][data-status="draft"]'), 'the draft’s page');
  await look(page, `${lang}-${width}-draft-page`, width);
  await page.getByTestId('referral-edit-draft').click();
  await waitForOnScreen(page, page.locator('[data-testid="composer-consent"][data-consent="yes"]'), 'the recipient’s consent in the edit form');
  return page;
}

beforeAll(async () => {
  app = await startE2eApp({ name: 'referral_draft', hospital: { patients: 10, seed: 43 } });
  const own = await HospitalModel.findOne({ code: 'BVDKLC' }).lean();
  const bm = await HospitalModel.findOne({ name: 'Bệnh viện Bạch Mai' }).lean();
  if (!own?.fhir?.baseUrl || !bm) throw new Error('the demo network lacks its hospitals');
  sender = await signIn(app.handle.app, { username: 'ctxh.bvdklc' }, PASSWORD);
  const { caseId } = await caseFor(sender, new Client({ baseUrl: own.fhir.baseUrl }));
  await postConsent(sender, caseId, shareWith(bm._id.toHexString(), today)).expect(201);
  const draft = await sender.agent
    .post(`/api/v1/cases/${caseId}/referrals`)
    .set('x-csrf-token', sender.csrf)
    .send({
      to: { kind: 'hospital', id: bm._id.toHexString() },
      service: 'continuing-support',
      needs: ['caregiving'],
      summary: 'Bản nháp đầu tiên.',
    })
    .expect(201);
  referralId = draft.body.id as string;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('editing a draft referral', () => {
  it.each([
    ['vi', 1366],
    ['vi', 390],
    ['en', 1366],
    ['en', 390],
  ] as const)('in %s at %i px, the edit form shows the draft’s values and the fixed recipient', { timeout: 90_000 }, async (lang, width) => {
    const page = await openEditForm(lang, width);
    expect(await page.getByTestId('draft-recipient').innerText()).toContain('Bệnh viện Bạch Mai');
    expect(await page.getByTestId('recipient-q').count(), 'the recipient is fixed, not picked').toBe(0);
    expect(await page.getByTestId('composer-summary').inputValue()).toBe('Bản nháp đầu tiên.');
    await look(page, `${lang}-${width}-draft-edit`, width);
    await page.getByTestId('draft-save-send').scrollIntoViewIfNeeded();
    expect(await page.getByTestId('draft-save-send').isEnabled(), 'the consent is in force: sending is open').toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${lang}-${width}-draft-edit-end.png`) });
    await page.context().close();
  });

  it('changes the summary and the urgency, shows them on the page, then sends', { timeout: 90_000 }, async () => {
    const page = await openEditForm('vi', 1366);
    await page.getByTestId('composer-summary').fill('Gia đình cần người chăm sóc sau chuyển viện.');
    await page.getByTestId('composer-urgency').getByText('Rất khẩn', { exact: true }).click();
    await page.getByTestId('draft-save').click();
    await waitForOnScreen(page, page.getByTestId('referral-summary').getByText('Gia đình cần người chăm sóc'), 'the new summary on the page');
    expect(await page.getByTestId('referral-facts').innerText()).toContain('Rất khẩn');
    expect(await page.locator('[data-testid="referral-detail"]').getAttribute('data-status')).toBe('draft');

    await page.getByTestId('referral-edit-draft').click();
    await waitForOnScreen(page, page.locator('[data-testid="composer-consent"][data-consent="yes"]'), 'the edit form again');
    expect(await page.getByTestId('composer-summary').inputValue()).toBe('Gia đình cần người chăm sóc sau chuyển viện.');
    await page.getByTestId('draft-save-send').click();
    await waitForOnScreen(page, page.locator('[data-testid="referral-detail"][data-status="requested"]'), 'the sent referral');
    expect(await page.getByTestId('referral-edit-draft').count(), 'a sent referral is no longer edited').toBe(0);
    const saved = await sender.agent.get(`/api/v1/referrals/${referralId}`).expect(200);
    expect(saved.body).toMatchObject({ status: 'requested', urgency: 'emergency', summary: 'Gia đình cần người chăm sóc sau chuyển viện.' });
    await page.context().close();
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDaysToDay, systemClock, vietnamToday } from '../../server/clock.js';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { signIn, type SignedIn } from '../setup/factories.js';
import { postConsent, VERBAL } from '../server/consent/consent-fixture.js';
import { caseWithCard } from '../server/funding/requests-fixture.js';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, PASSWORD, startE2eApp, waitForOnScreen, type E2eApp, type Language } from './harness.js';

/**
 * The hospital's funding screens in Chromium (issue 12 point 7). Lào Cai General's social worker
 * opens "Hỗ trợ tài chính" on a case whose patient holds a BHYT card of benefit level 4 (80 %),
 * types hospital fees of 10.000.000 ₫ and sees BHYT's 8.000.000 ₫ and the patient's 2.000.000 ₫
 * under the line, adds medicines outside the list (asked in full), picks the needed-by day and a
 * bill from the case's documents, saves the draft and sends it for approval. The head of social
 * work sees it counted on her home, opens the approval queue and approves. The worker writes the
 * story with a phone number in it: the server refuses it and the page marks exactly that number in
 * the text; she takes it out, confirms she reviewed the story, saves and publishes (the patient's
 * consent to publish is recorded). Each screen is looked at in vi/en at 1366 and 390 px (axe, no
 * sideways scroll). SHOTS=<dir> also saves screenshots.
 */
const SHOTS = process.env.SHOTS ?? null;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), randomBytes(2_000)]);
const DIGIT_4 = { number: 'GD4010123456789' };
const today = vietnamToday(systemClock);
const neededBy = addWorkingDaysToDay(today, 15);
const WIDTHS = [1366, 390];
const LANGS: Language[] = ['vi', 'en'];

let app: E2eApp;
let worker: SignedIn;
let caseId = '';
let requestId = '';

function ddmmyyyy(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

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

async function signedIn(user: string, lang: Language, width: number): Promise<Page> {
  const page = await app.newPage({ lang, width, height: 900, pinLanguage: true, bypassCSP: true, hasTouch: width < 500 });
  await app.signIn(page, user);
  return page;
}

/** Opens `path` on a signed-in page, waits for `testId`, runs `then`, looks (and saves `name`). */
async function lookAt(
  page: Page,
  lang: Language,
  width: number,
  path: string,
  testId: string,
  name: string,
  then?: () => Promise<void>,
): Promise<void> {
  await page.goto(`${app.baseUrl}${path}`);
  await waitForOnScreen(page, page.getByTestId(testId), `${name} (${lang}, ${width})`);
  await then?.();
  await look(page, `${lang}-${width}-${name}`, width);
}

async function openRequest(page: Page, status: string): Promise<void> {
  await page.goto(`${app.baseUrl}/funding/${requestId}`);
  await waitForOnScreen(page, page.locator(`[data-testid="funding-detail"][data-status="${status}"]`), `the request page (${status})`);
}

async function move(page: Page, name: string, status: string): Promise<void> {
  await page.getByTestId(`funding-move-${name}`).click();
  await waitForOnScreen(page, page.locator(`[data-testid="funding-detail"][data-status="${status}"]`), `the request ${status}`);
}

beforeAll(async () => {
  app = await startE2eApp({ name: 'funding_hospital', hospital: { patients: 5, seed: 43 } });
  const own = await HospitalModel.findOne({ code: 'BVDKLC' }).lean();
  if (!own?.fhir?.baseUrl) throw new Error('the demo network lacks BVDKLC');
  worker = await signIn(app.handle.app, { username: 'ctxh.bvdklc' }, PASSWORD);
  ({ caseId } = await caseWithCard(worker, new Client({ baseUrl: own.fhir.baseUrl }), DIGIT_4));
  await worker.agent
    .post(`/api/v1/cases/${caseId}/attachments`)
    .set('x-csrf-token', worker.csrf)
    .field('kind', 'medical-paper')
    .attach('file', PDF, 'bang-ke-vien-phi.pdf')
    .expect(201);
  await postConsent(worker, caseId, {
    purpose: 'publish-story',
    recipient: { kind: 'none' },
    givenBy: { kind: 'patient' },
    method: VERBAL,
    givenOn: today,
  }).expect(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('the hospital’s funding screens', () => {
  it(
    'the editor shows the BHYT share per line and in total, and saves a draft with the needed-by day and a bill',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn('ctxh.bvdklc', 'vi', 1366);
      await page.goto(`${app.baseUrl}/cases/${caseId}`);
      await waitForOnScreen(page, page.getByTestId('case-funding'), 'the case’s funding panel');
      expect(await page.getByTestId('case-funding').innerText()).toContain('Hỗ trợ tài chính');
      await page.getByTestId('case-funding-new').click();
      await waitForOnScreen(page, page.getByTestId('funding-editor'), 'the funding request editor');
      await page.getByTestId('funding-line-total-0').fill('10.000.000');
      await page.getByTestId('funding-line-description-0').fill('Viện phí đợt hoá chất');
      const share = page.locator('[data-testid="funding-line-0"] [data-testid="funding-line-share"]');
      await waitForOnScreen(page, share, 'the BHYT share of the hospital fees');
      expect(await share.getAttribute('data-insurance')).toBe('8000000');
      expect(await share.innerText()).toContain('BHYT chi trả 8.000.000 ₫ · Người bệnh trả 2.000.000 ₫');
      await page.getByTestId('funding-line-add').click();
      await page.getByTestId('funding-line-total-1').fill('500000');
      await page.getByTestId('funding-line-description-1').fill('Thuốc điều trị đích');
      await waitForOnScreen(
        page,
        page.locator('[data-testid="funding-totals"][data-asked="2500000"]'),
        'the total asked with the medicines',
      );
      expect(await page.getByTestId('funding-total-asked').innerText()).toBe('2.500.000 ₫');
      expect(await page.getByTestId('funding-total-insurance').innerText()).toBe('8.000.000 ₫');
      expect(await page.getByTestId('funding-bhyt-card').innerText()).toContain('80%');
      const input = page.getByTestId('funding-needed-by').locator('input').or(page.locator('input[data-testid="funding-needed-by"]'));
      await input.first().click();
      await input.first().fill(ddmmyyyy(neededBy));
      await input.first().press('Enter');
      await page.getByTestId('funding-justification').fill('Hộ nghèo ở vùng cao, không đủ khả năng chi trả phần cùng chi trả.');
      await page.getByTestId('funding-documents').getByText('bang-ke-vien-phi.pdf').click();
      await look(page, 'vi-1366-editor-filled', 1366);
      await page.getByTestId('funding-save').click();
      const detail = page.locator('[data-testid="funding-detail"][data-status="draft"]');
      await waitForOnScreen(page, detail, 'the new draft’s page');
      requestId = (await detail.getAttribute('data-funding')) ?? '';
      expect(await page.getByTestId('funding-money-asked').innerText()).toBe('2.500.000 ₫');
      expect(await page.getByTestId('funding-needed-by').innerText()).toBe(ddmmyyyy(neededBy));
      expect(await page.getByTestId('funding-lines').innerText()).toContain('8.000.000 ₫');
      await move(page, 'submit', 'submitted');
      await page.context().close();
    },
  );

  it('the head sees it counted on her home, opens the approval queue and approves', { timeout: 120_000 }, async () => {
    const page = await signedIn('truong.bvdklc', 'vi', 1366);
    const count = page.getByTestId('home-funding-awaiting');
    await waitForOnScreen(page, count, 'the approval count on the head’s home');
    await page.locator('[data-testid="home-funding-awaiting"][data-count="1"]').waitFor();
    await page.getByTestId('home-funding-awaiting-link').click();
    await waitForOnScreen(page, page.getByTestId(`queue-${requestId}`), 'the request in the approval queue');
    await look(page, 'vi-1366-queue-waiting', 1366);
    // Approved from the queue's row itself: the row leaves the queue, the request's page says approved.
    await page.getByTestId(`queue-${requestId}`).getByTestId('funding-move-approve').click();
    await page.getByTestId(`queue-${requestId}`).waitFor({ state: 'detached' });
    await page.locator('[data-testid="funding-queue"][data-count="0"]').waitFor();
    await openRequest(page, 'approved');
    expect(await page.getByTestId('funding-history').innerText()).toContain('Chờ trưởng phòng duyệt → Đã duyệt');
    await page.context().close();
  });

  it(
    'the story with a phone number is refused with the number marked; fixed and reviewed, it is published',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn('ctxh.bvdklc', 'vi', 1366);
      await openRequest(page, 'approved');
      expect(await page.getByTestId('story-consent').getAttribute('data-consent')).toBe('yes');
      const phone = '0912 345 678';
      const text = `Em bị ung thư máu, gia đình ở vùng cao Lào Cai. Liên hệ ${phone} để biết thêm.`;
      await page.getByTestId('story-title').fill('Em nhỏ cần tiếp tục hoá trị');
      await page.getByTestId('story-text').fill(text);
      await page.getByTestId('story-diagnosis').fill('Ung thư');
      await page.getByTestId('story-reviewed').check();
      await page.getByTestId('story-save').click();
      const marked = page.getByTestId('story-span');
      await waitForOnScreen(page, marked.first(), 'the refused span marked in the story');
      expect(await marked.first().innerText()).toBe(phone);
      expect(await marked.first().getAttribute('data-kind')).toBe('phone');
      await look(page, 'vi-1366-story-refused', 1366);
      await page
        .getByTestId('story-text')
        .fill('Em bị ung thư máu, gia đình ở vùng cao Lào Cai, bố mẹ làm nương, không đủ tiền tiếp tục hoá trị.');
      await page.getByTestId('story-save').click();
      await waitForOnScreen(page, page.getByTestId('story-shown'), 'the saved story');
      await move(page, 'publish', 'published');
      expect(await page.getByTestId('story-shown').innerText()).toContain('Đang đăng');
      await page.context().close();
    },
  );

  it(
    'a partner’s pledge and its disbursement to the hospital bill show on the page: the pledge, the receipt the hospital uploads, the ledger in sentences',
    { timeout: 120_000 },
    async () => {
      const partner = await signIn(app.handle.app, { username: 'doitac.quy-yeu-thuong' }, PASSWORD);
      const pledged = await partner.agent
        .post(`/api/v1/funding-requests/${requestId}/pledges`)
        .set('x-csrf-token', partner.csrf)
        .set('Idempotency-Key', randomUUID())
        .send({ amountVnd: 1_500_000 })
        .expect(201);
      await partner.agent
        .post(`/api/v1/pledges/${pledged.body.id as string}/disbursements`)
        .set('x-csrf-token', partner.csrf)
        .set('Idempotency-Key', randomUUID())
        .send({ amountVnd: 1_500_000, payee: 'hospital-bill', method: 'bank-transfer', reference: 'UNC-0001', paidOn: today })
        .expect(201);
      const page = await signedIn('ctxh.bvdklc', 'vi', 1366);
      await openRequest(page, 'partly-funded');
      expect(await page.getByTestId('funding-money-disbursed').innerText()).toBe('1.500.000 ₫');
      expect(await page.getByTestId('funding-money-left').innerText()).toBe('1.000.000 ₫');
      const pledge = page.getByTestId(`pledge-${pledged.body.id as string}`);
      await waitForOnScreen(page, pledge, 'the pledge on the hospital’s page');
      expect(await pledge.innerText()).toContain('Quỹ Nhịp Cầu Yêu Thương · 1.500.000 ₫');
      expect(await pledge.innerText()).toContain('Giải ngân 1.500.000 ₫ vào viện phí');
      await pledge
        .locator('input[type="file"]')
        .setInputFiles({ name: 'bien-nhan-vien-phi.pdf', mimeType: 'application/pdf', buffer: PDF });
      await waitForOnScreen(page, pledge.getByRole('link', { name: /bien-nhan-vien-phi\.pdf/ }), 'the uploaded receipt');
      const sentences = await page.getByTestId('ledger-sentence').allInnerTexts();
      expect(sentences).toEqual([
        'Cam kết 1.500.000 ₫ của Quỹ Nhịp Cầu Yêu Thương',
        'Nhận 1.500.000 ₫ từ cam kết của Quỹ Nhịp Cầu Yêu Thương',
        'Giải ngân 1.500.000 ₫ vào viện phí',
      ]);
      await look(page, 'vi-1366-request-with-money', 1366);
      await page.context().close();
    },
  );

  for (const lang of LANGS) {
    for (const width of WIDTHS) {
      it(`each screen in ${lang} at ${width} px`, { timeout: 240_000 }, async () => {
        const page = await signedIn('ctxh.bvdklc', lang, width);
        await lookAt(page, lang, width, `/cases/${caseId}`, 'case-funding', 'case-panel', () =>
          page.getByTestId('case-funding').scrollIntoViewIfNeeded(),
        );
        await lookAt(page, lang, width, `/cases/${caseId}`, 'case-funding', 'editor', async () => {
          await page.getByTestId('case-funding-new').click();
          await page.getByTestId('funding-line-total-0').fill('3000000');
          await page.getByTestId('funding-line-description-0').fill('Viện phí');
          await page.locator('[data-testid="funding-totals"][data-asked="600000"]').waitFor();
        });
        await lookAt(page, lang, width, `/funding/${requestId}`, 'funding-detail', 'request');
        await lookAt(page, lang, width, '/funding/reconciliation', 'reconciliation-rows', 'reconciliation');
        await page.context().close();
        const head = await signedIn('truong.bvdklc', lang, width);
        await lookAt(head, lang, width, '/', 'home-funding', 'lead-home');
        await lookAt(head, lang, width, '/funding/queue', 'page-funding-queue', 'queue');
        await head.context().close();
      });
    }
  }
});

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, vietnamToday } from '../../server/clock.js';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { caseFor, postConsent, VERBAL } from '../server/consent/consent-fixture.js';
import { signIn, type SignedIn } from '../setup/factories.js';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, PASSWORD, startE2eApp, waitForOnScreen, type E2eApp, type Language } from './harness.js';

/**
 * Issue 12's browser journey, in Chromium, one app for the file: Lào Cai General's social worker
 * writes a funding request on a case whose patient consented to publishing a story; the head of
 * social work approves it from the queue; the worker writes and reviews the de-identified story and
 * publishes; the partner Quỹ Nhịp Cầu Yêu Thương finds it on the marketplace (filtered by need),
 * pledges through the dialog, records a disbursement to the hospital bill (less than pledged: the
 * rest goes back) with a receipt; the worker posts an outcome; the partner reads it on the request
 * and downloads its statement (the CSV's rows, the PDF's type). Last, every partner screen in vi/en
 * at 1366 and 390 px: axe-clean and no wider than the screen. SHOTS=<dir> saves screenshots.
 */
const SHOTS = process.env.SHOTS ?? null;
const WORKER = 'ctxh.bvdklc';
const HEAD = 'truong.bvdklc';
const PARTNER = 'doitac.quy-yeu-thuong';
const PATIENT = 'Lò Thị Mai';
const TITLE = 'Hỗ trợ viện phí cho một mẹ đơn thân';
const STORY = 'Chị điều trị dài ngày tại khoa Nội. Gia đình làm nông, thu nhập thấp, hai con đang đi học. Phần viện phí còn lại vượt quá khả năng chi trả của gia đình.';
const OUTCOME = 'Bệnh nhân đã ra viện, sức khoẻ ổn định; viện phí đã được thanh toán đủ nhờ khoản hỗ trợ.';
const today = vietnamToday(systemClock);

let app: E2eApp;
let worker: SignedIn;
let caseId = '';
let requestId = '';
let reference = '';
let pledgeId = '';

function ddmmyyyy(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function plusDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A one-page PDF (a receipt), its cross-reference offsets computed so a reader opens it. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
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

async function signedIn(user: string, role: string, lang: Language = 'vi', width = 1366): Promise<Page> {
  const page = await app.newPage({ lang, width, height: 900, pinLanguage: true, bypassCSP: true, hasTouch: width < 500 });
  await app.signIn(page, user, role);
  return page;
}

/** An antd DatePicker: type dd/MM/yyyy and confirm. */
async function typeDate(picker: Locator, day: string): Promise<void> {
  const input = (await picker.evaluate((e) => e.tagName)) === 'INPUT' ? picker : picker.locator('input');
  await input.click();
  await input.fill(ddmmyyyy(day));
  await input.press('Enter');
}

async function fundingStatus(page: Page, status: string): Promise<void> {
  await waitForOnScreen(page, page.locator(`[data-testid="funding-detail"][data-status="${status}"]`), `the request ${status}`);
}

/** A move on the hospital's request page; a reason when the move asks for one. */
async function move(page: Page, name: string, status: string): Promise<void> {
  await page.getByTestId(`funding-move-${name}`).click();
  const confirm = page.getByTestId('funding-move-confirm');
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await fundingStatus(page, status);
}

beforeAll(async () => {
  app = await startE2eApp({ name: 'funding_journey', hospital: { patients: 10, seed: 67 } });
  const own = await HospitalModel.findOne({ code: 'BVDKLC' }).lean();
  if (!own?.fhir?.baseUrl) throw new Error('the demo network lacks BVDKLC');
  worker = await signIn(app.handle.app, { username: WORKER }, PASSWORD);
  ({ caseId } = await caseFor(worker, new Client({ baseUrl: own.fhir.baseUrl })));
  // The patient's consent to publishing a de-identified story, as the consent panel records it (its own browser tests).
  await postConsent(worker, caseId, { purpose: 'publish-story', recipient: { kind: 'none' }, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: today }).expect(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('a funding request from a case to a partner’s pledge, disbursement, receipt, outcome and statement (issue 12)', () => {
  it('the social worker writes the request on the case page, the head approves it from the queue', { timeout: 180_000 }, async () => {
    const page = await signedIn(WORKER, 'social_worker');
    await page.goto(`${app.baseUrl}/cases/${caseId}`);
    await waitForOnScreen(page, page.getByTestId('case-funding-new'), 'the funding button on the case page');
    await page.getByTestId('case-funding-new').click();
    await waitForOnScreen(page, page.getByTestId('funding-editor'), 'the request editor');
    await page.locator('[data-testid="funding-line-description-0"]').fill('Viện phí đợt điều trị nội trú');
    await page.locator('[data-testid="funding-line-total-0"]').fill('3000000');
    await waitForOnScreen(page, page.locator('[data-testid="funding-totals"][data-asked="3000000"]'), 'the amount asked from the server’s preview');
    await typeDate(page.getByTestId('funding-needed-by'), plusDays(today, 30));
    await page.getByTestId('funding-justification').fill('Gia đình thuộc hộ nghèo, không đủ khả năng chi trả phần viện phí còn lại.');
    await page.getByTestId('funding-save').click();
    await fundingStatus(page, 'draft');
    requestId = (await page.getByTestId('funding-detail').getAttribute('data-funding')) ?? '';
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    await move(page, 'submit', 'submitted');
    await page.context().close();

    const head = await signedIn(HEAD, 'sw_lead');
    await head.goto(`${app.baseUrl}/funding/queue`);
    await waitForOnScreen(head, head.getByTestId(`queue-open-${requestId}`), 'the request in the approval queue');
    await head.getByTestId(`queue-open-${requestId}`).click();
    await fundingStatus(head, 'submitted');
    await move(head, 'approve', 'approved');
    await head.context().close();
  });

  it('the worker writes and reviews the story and publishes it', { timeout: 120_000 }, async () => {
    expect(requestId, 'the request above exists').not.toBe('');
    const page = await signedIn(WORKER, 'social_worker');
    await page.goto(`${app.baseUrl}/funding/${requestId}`);
    await fundingStatus(page, 'approved');
    if (await page.getByTestId('story-edit').isVisible().catch(() => false)) await page.getByTestId('story-edit').click();
    await waitForOnScreen(page, page.getByTestId('story-form'), 'the story form');
    await page.getByTestId('story-title').fill(TITLE);
    await page.getByTestId('story-text').fill(STORY);
    await page.getByTestId('story-diagnosis').fill('Bệnh nội khoa mạn tính');
    await page.getByTestId('story-reviewed').check();
    await page.getByTestId('story-save').click();
    await waitForOnScreen(page, page.getByTestId('story-shown'), 'the saved story');
    await move(page, 'publish', 'published');
    await page.context().close();
  });

  it('the partner finds it on the marketplace, pledges, and records a disbursement to the hospital bill with a receipt', { timeout: 180_000 }, async () => {
    expect(requestId, 'the request above exists').not.toBe('');
    const page = await signedIn(PARTNER, 'charity_partner');
    await waitForOnScreen(page, page.getByTestId('home-market-count'), 'the funding card on the partner’s home');
    await page.getByTestId('nav-marketplace').click();
    const card = page.getByTestId(`market-card-${requestId}`);
    await waitForOnScreen(page, card, 'the story on the marketplace');
    expect(await card.innerText()).toContain(TITLE);
    expect(await page.getByTestId('page-marketplace').innerText(), 'no patient name on the marketplace').not.toContain(PATIENT);
    expect(await page.getByTestId(`market-money-${requestId}-left`).innerText()).toBe('3.000.000 ₫');
    reference = (await card.getAttribute('data-reference')) ?? '';
    expect(reference).toMatch(/^HT-\d{4}-\d{6}$/);
    // The need filter: hospital fees keep it, a funeral's need leaves it out (the server filters).
    await page.goto(`${app.baseUrl}/marketplace?need=funeral`);
    await waitForOnScreen(page, page.locator('[data-testid="market-count"][data-total="0"]'), 'nothing for a funeral');
    expect(await card.count()).toBe(0);
    await page.goto(`${app.baseUrl}/marketplace?need=hospital-fees`);
    await waitForOnScreen(page, card, 'the story under hospital fees');
    await page.getByTestId(`market-open-${requestId}`).click();
    await waitForOnScreen(page, page.locator(`[data-testid="partner-funding"][data-id="${requestId}"]`), 'the partner’s view of the request');
    expect(await page.getByTestId('partner-story-text').innerText()).toBe(STORY);

    // The pledge dialog: a quick amount, then the pledge; the money bar moves.
    await page.getByTestId('pledge-open').click();
    await page.getByTestId('pledge-quick-2000000').click();
    expect(await page.getByTestId('pledge-amount').inputValue()).toBe('2000000');
    const pledged = page.waitForResponse((r) => r.url().endsWith(`/funding-requests/${requestId}/pledges`) && r.request().method() === 'POST');
    await page.getByTestId('pledge-submit').click();
    const answer = await pledged;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
    pledgeId = ((await answer.json()) as { id: string }).id;
    await waitForOnScreen(page, page.getByTestId('pledge-done'), 'the pledge confirmed');
    await waitForOnScreen(page, page.locator('[data-testid="money-bar"][data-left="1000000"]'), 'the amount left after the pledge');
    await look(page, 'vi-1366-partner-request-pledged', 1366);

    // The pledge's page: disburse 1.500.000 ₫ of 2.000.000 ₫ to the hospital bill; the rest returns.
    await page.goto(`${app.baseUrl}/pledges`);
    await waitForOnScreen(page, page.locator(`[data-testid="pledge-row-${pledgeId}"][data-state="pending"]`), 'the pending pledge in the list');
    await page.getByTestId(`pledge-link-${pledgeId}`).click();
    await waitForOnScreen(page, page.getByTestId('disburse-form'), 'the disbursement form');
    await page.getByTestId('disburse-amount').fill('1500000');
    await waitForOnScreen(page, page.getByTestId('disburse-rest'), 'the rest-returns sentence');
    expect(await page.getByTestId('disburse-rest').innerText()).toContain('500.000 ₫');
    await page.getByTestId('disburse-payee-hospital-bill').click();
    await page.getByTestId('disburse-method-bank-transfer').click();
    await page.getByTestId('disburse-reference').fill('CK-20261207-001');
    await page.getByTestId('disburse-submit').click();
    await waitForOnScreen(page, page.locator('[data-testid="disbursement"][data-state="done"]'), 'the disbursement recorded');
    expect(await page.getByTestId('disbursement-amount').innerText()).toBe('1.500.000 ₫');
    await page.locator('[data-testid="receipts"] input[type="file"]').setInputFiles({ name: 'bien-nhan-vien-phi.pdf', mimeType: 'application/pdf', buffer: pdf('Bien nhan vien phi') });
    await waitForOnScreen(page, page.getByText('bien-nhan-vien-phi.pdf'), 'the receipt listed');
    await look(page, 'vi-1366-pledge-disbursed', 1366);
    await page.context().close();
  });

  it('the worker posts an outcome; the partner reads it and downloads its statement (CSV rows, PDF)', { timeout: 180_000 }, async () => {
    expect(pledgeId, 'the pledge above exists').not.toBe('');
    const page = await signedIn(WORKER, 'social_worker');
    await page.goto(`${app.baseUrl}/funding/${requestId}`);
    await waitForOnScreen(page, page.getByTestId('outcome-form'), 'the outcome form');
    await page.getByTestId('outcome-text').fill(OUTCOME);
    await page.getByTestId('outcome-post').click();
    await waitForOnScreen(page, page.getByTestId('funding-outcomes').getByText(OUTCOME), 'the outcome posted');
    await page.context().close();

    const partner = await signedIn(PARTNER, 'charity_partner');
    await partner.goto(`${app.baseUrl}/marketplace/${requestId}`);
    await waitForOnScreen(partner, partner.getByTestId('partner-outcomes').getByText(OUTCOME), 'the outcome on the partner’s view');
    await partner.getByTestId('nav-statements').click();
    await waitForOnScreen(partner, partner.getByTestId('statement-disbursedVnd'), 'the statement’s totals');
    expect(await partner.getByTestId('statement-disbursedVnd').innerText()).toContain('1.500.000 ₫');
    expect(await partner.getByTestId('statement-outcomes').innerText()).toContain(OUTCOME);
    await look(partner, 'vi-1366-statement', 1366);

    const [download] = await Promise.all([partner.waitForEvent('download'), partner.getByTestId('statement-csv').click()]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.charCodeAt(0), 'a byte-order mark for spreadsheets').toBe(0xfeff);
    const disbursed = csv.split('\r\n').find((line) => line.startsWith('Giải ngân,'));
    expect(disbursed, csv).toBeDefined();
    expect(disbursed).toContain(reference);
    expect(disbursed).toContain('1500000');
    expect(disbursed).toContain('1.500.000 ₫');
    expect(csv).toContain(OUTCOME);
    expect(csv, 'no patient name in the statement').not.toContain(PATIENT);

    const pdfHref = (await partner.getByTestId('statement-pdf').getAttribute('href')) ?? '';
    const pdfAnswer = await partner.request.get(new URL(pdfHref, app.baseUrl).toString());
    expect(pdfAnswer.status()).toBe(200);
    expect(pdfAnswer.headers()['content-type']).toContain('application/pdf');
    expect((await pdfAnswer.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await partner.context().close();
  });

  it('a retried pledge resends its Idempotency-Key; a pledge over what is left meanwhile is told the amount left; a pledge is cancelled after a confirmation', { timeout: 180_000 }, async () => {
    expect(pledgeId, 'the journey’s pledge exists').not.toBe('');
    const page = await signedIn(PARTNER, 'charity_partner');
    await page.goto(`${app.baseUrl}/marketplace/${requestId}`);
    await waitForOnScreen(page, page.locator('[data-testid="money-bar"][data-left="1500000"]'), '1.500.000 ₫ left (500.000 ₫ returned by the disbursement)');
    const pledges = `**/api/v1/funding-requests/${requestId}/pledges`;

    // The first answer is lost (the connection drops): the retry of the same attempt sends the same key, the server pledges once.
    await page.getByTestId('pledge-open').click();
    await page.getByTestId('pledge-amount').fill('1000000');
    const keys: string[] = [];
    await page.route(pledges, async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      await (keys.length === 1 ? route.abort('connectionreset') : route.continue());
    });
    await page.getByTestId('pledge-submit').click();
    await waitForOnScreen(page, page.getByTestId('pledge-error'), 'the lost answer said');
    const retried = page.waitForResponse((r) => r.url().endsWith(`/funding-requests/${requestId}/pledges`) && r.request().method() === 'POST');
    await page.getByTestId('pledge-submit').click();
    expect((await retried).status()).toBe(201);
    expect(keys).toHaveLength(2);
    expect(keys[1], 'the retry resends the first key').toBe(keys[0]);
    await page.unroute(pledges);
    await waitForOnScreen(page, page.locator('[data-testid="money-bar"][data-left="500000"]'), '500.000 ₫ left');

    // The dialog opens with 500.000 ₫ left; meanwhile another pledge takes 300.000 ₫; 500.000 ₫ is refused with the amount left.
    await page.getByTestId('pledge-open').click();
    await waitForOnScreen(page, page.getByTestId('pledge-form'), 'the pledge dialog');
    const other = await signIn(app.handle.app, { username: PARTNER }, PASSWORD);
    const meanwhile = await other.agent
      .post(`/api/v1/funding-requests/${requestId}/pledges`)
      .set('x-csrf-token', other.csrf)
      .set('Idempotency-Key', `journey-meanwhile-${requestId}`)
      .send({ amountVnd: 300_000 })
      .expect(201);
    await page.getByTestId('pledge-amount').fill('500000');
    await page.getByTestId('pledge-submit').click();
    await waitForOnScreen(page, page.getByTestId('pledge-over'), 'the refusal in words');
    expect(await page.getByTestId('pledge-over').innerText()).toContain('chỉ còn thiếu 200.000 ₫');
    expect(await page.getByTestId('pledge-dialog').innerText(), 'no code on screen').not.toContain('OVER_PLEDGE');
    await page.keyboard.press('Escape');

    // The pledge made meanwhile is cancelled from the list, after its confirmation; its money is left again.
    const meanwhileId = (meanwhile.body as { id: string }).id;
    await page.goto(`${app.baseUrl}/pledges`);
    await page.getByTestId(`pledge-cancel-${meanwhileId}`).click();
    await page.locator('.pledge-cancel-confirm').click();
    await waitForOnScreen(page, page.locator(`[data-testid="pledge-row-${meanwhileId}"][data-state="cancelled"]`), 'the pledge cancelled');
    await page.goto(`${app.baseUrl}/marketplace/${requestId}`);
    await waitForOnScreen(page, page.locator('[data-testid="money-bar"][data-left="500000"]'), 'its 300.000 ₫ left again');
    await page.context().close();
  });

  const VIEWS = (['vi', 'en'] as const).flatMap((lang) => ([1366, 390] as const).map((width) => ({ lang, width })));
  for (const { lang, width } of VIEWS) {
    it(`every partner funding screen (${lang}, ${width} px): axe-clean, fits the screen`, { timeout: 180_000 }, async () => {
      expect(pledgeId, 'the pledge exists').not.toBe('');
      const screens: [string, string][] = [
        ['/', 'funding-requests'],
        ['/marketplace', 'page-marketplace'],
        [`/marketplace/${requestId}`, 'partner-funding'],
        ['/pledges', 'page-pledges'],
        [`/pledges/${pledgeId}`, 'page-pledge'],
        ['/statements', 'statement-pledgedVnd'],
      ];
      const page = await signedIn(PARTNER, 'charity_partner', lang, width);
      for (const [path, ready] of screens) {
        await page.goto(`${app.baseUrl}${path}`);
        await waitForOnScreen(page, page.getByTestId(ready), `${path} (${lang}, ${width})`);
        if (path === '/marketplace') await waitForOnScreen(page, page.getByTestId(`market-card-${requestId}`), 'the card');
        if (path === '/pledges') await waitForOnScreen(page, page.getByTestId(`pledge-row-${pledgeId}`), 'the pledge row');
        await look(page, `${lang}-${width}-${path.replace(/[/?=&]+/g, '-').replace(/^-|-$/g, '') || 'home'}`, width);
      }
      // The pledge dialog on its own (a request with money left: the journey's has 1.000.000 ₫ + the 500.000 ₫ returned).
      await page.goto(`${app.baseUrl}/marketplace/${requestId}`);
      await page.getByTestId('pledge-open').click();
      await waitForOnScreen(page, page.getByTestId('pledge-form'), 'the pledge dialog');
      await look(page, `${lang}-${width}-pledge-dialog`, width);
      await page.context().close();
    });
  }
});

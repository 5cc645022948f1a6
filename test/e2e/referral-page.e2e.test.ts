import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDaysToDay, systemClock, vietnamToday } from '../../server/clock.js';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { OrganisationModel } from '../../server/features/admin/organisations.model.js';
import { signIn, type SignedIn } from '../setup/factories.js';
import { caseFor, postConsent, shareWith, VERBAL } from '../server/consent/consent-fixture.js';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, PASSWORD, startE2eApp, waitForOnScreen, type E2eApp, type Language } from './harness.js';

/**
 * The referral composer on the case page and the referral page, in Chromium (issue 11 points 3, 6).
 * Lào Cai General's social worker composes a referral to Bạch Mai: the recipient's consent shows
 * before anything is sent ("no consent yet", sending disabled, a way to the consent tab; then,
 * with the consent recorded, "consented until dd/MM/yyyy"); she sends it with a need, a summary and
 * a document. Bạch Mai's social worker, in another browser context, sees the summary, the document
 * and the link to the case's shared view, accepts with a capacity answer, writes in the thread,
 * starts and completes with an outcome. The sender's page, still open from before, offers to cancel:
 * the server refuses (the referral has ended) and the page says so in a sentence, then shows the
 * outcome. Once in English on a phone (the receiver) and once as an organisation's partner.
 * SHOTS=<dir> also saves screenshots.
 */
const SHOTS = process.env.SHOTS ?? null;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), randomBytes(2_000)]);
const today = vietnamToday(systemClock);
const until = addWorkingDaysToDay(today, 20);

let app: E2eApp;
let sender: SignedIn;
let caseId = '';
let bachMai = { id: '', code: '' };
let referralId = '';
let senderPage: Page;

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

async function openReferral(page: Page, status: string): Promise<Locator> {
  await page.goto(`${app.baseUrl}/referrals/${referralId}`);
  const detail = page.locator(`[data-testid="referral-detail"][data-status="${status}"]`);
  await waitForOnScreen(page, detail, `the referral page (${status})`);
  return detail;
}

/** A move that asks something (capacity, reason, outcome): fill the modal and confirm; waits for the new status. */
async function move(page: Page, to: string, fill: (modal: Locator) => Promise<void> = async () => undefined): Promise<void> {
  await page.getByTestId(`referral-move-${to}`).click();
  const modal = page.locator('.ant-modal:visible');
  if (await modal.count()) {
    await fill(modal);
    await page.getByTestId('move-confirm').click();
  }
  await waitForOnScreen(page, page.locator(`[data-testid="referral-detail"][data-status="${to}"]`), `the referral ${to}`);
}

beforeAll(async () => {
  app = await startE2eApp({ name: 'referral_page', hospital: { patients: 10, seed: 41 } });
  const own = await HospitalModel.findOne({ code: 'BVDKLC' }).lean();
  const bm = await HospitalModel.findOne({ name: 'Bệnh viện Bạch Mai' }).lean();
  if (!own?.fhir?.baseUrl || !bm) throw new Error('the demo network lacks its hospitals');
  bachMai = { id: bm._id.toHexString(), code: bm.code.toLowerCase() };
  sender = await signIn(app.handle.app, { username: 'ctxh.bvdklc' }, PASSWORD);
  ({ caseId } = await caseFor(sender, new Client({ baseUrl: own.fhir.baseUrl })));
  await sender.agent
    .post(`/api/v1/cases/${caseId}/needs`)
    .set('x-csrf-token', sender.csrf)
    .send({ domain: 'caregiving', description: 'Cần người chăm sóc sau chuyển viện' })
    .expect(201);
  await sender.agent
    .post(`/api/v1/cases/${caseId}/attachments`)
    .set('x-csrf-token', sender.csrf)
    .field('kind', 'medical-paper')
    .attach('file', PDF, 'giay-chuyen-vien.pdf')
    .expect(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('the referral composer and the referral page', () => {
  it(
    'shows the recipient’s consent before sending: none yet (sending disabled, a way to the consent tab)',
    { timeout: 90_000 },
    async () => {
      senderPage = await signedIn('ctxh.bvdklc', 'vi', 1366);
      await senderPage.goto(`${app.baseUrl}/cases/${caseId}`);
      await waitForOnScreen(senderPage, senderPage.getByTestId('case-referrals'), 'the case’s referrals panel');
      await senderPage.getByTestId('case-referral-new').click();
      await senderPage.getByTestId('recipient-kind').getByText('Bệnh viện', { exact: true }).click();
      await senderPage.getByTestId('recipient-q').fill('Bạch Mai');
      const option = senderPage.getByTestId(`recipient-${bachMai.id}`);
      await waitForOnScreen(senderPage, option, 'Bạch Mai among the recipients');
      expect(await option.getAttribute('data-consent')).toBe('no');
      await option.click();
      const consent = senderPage.getByTestId('composer-consent');
      await waitForOnScreen(senderPage, consent, 'the consent line');
      expect(await consent.innerText()).toContain('Chưa có đồng ý: ghi nhận đồng ý trước khi gửi');
      expect(await senderPage.getByTestId('composer-send').isDisabled()).toBe(true);
      await look(senderPage, 'vi-1366-composer-no-consent', 1366);
      await senderPage.getByTestId('composer-consent-go').click();
      await waitForOnScreen(senderPage, senderPage.getByTestId('consent-panel'), 'the consent panel');
      expect(senderPage.url()).toContain('tab=consent');
    },
  );

  it('with the consent recorded, says until when and sends with a need, a summary and a document', { timeout: 90_000 }, async () => {
    await postConsent(sender, caseId, shareWith(bachMai.id, today, { validUntil: until })).expect(201);
    await senderPage.reload();
    await waitForOnScreen(senderPage, senderPage.getByTestId('case-referral-new'), 'the referral button');
    await senderPage.getByTestId('case-referral-new').click();
    await senderPage.getByTestId('recipient-q').fill('Bạch Mai');
    await senderPage.locator(`[data-testid="recipient-${bachMai.id}"][data-consent="yes"]`).click();
    const consent = senderPage.locator('[data-testid="composer-consent"][data-consent="yes"]');
    await waitForOnScreen(senderPage, consent, 'the consent line');
    expect(await consent.innerText()).toBe(`Người bệnh đã đồng ý chia sẻ với Bệnh viện Bạch Mai đến ${ddmmyyyy(until)}`);
    await senderPage.getByTestId('composer-needs').getByText('Người chăm sóc', { exact: true }).click();
    await senderPage.getByTestId('composer-urgency').getByText('Khẩn', { exact: true }).click();
    await senderPage.getByTestId('composer-summary').fill('Trẻ chuyển viện điều trị tiếp; gia đình cần người chăm sóc và hỗ trợ chi phí.');
    await senderPage.getByTestId('composer-documents').getByText('giay-chuyen-vien.pdf', { exact: false }).click();
    await look(senderPage, 'vi-1366-composer-consented', 1366);
    await senderPage.getByTestId('composer-send').click();
    const row = senderPage.locator('[data-testid^="case-referral-"][data-status="requested"]');
    await waitForOnScreen(senderPage, row, 'the sent referral in the panel');
    referralId = ((await row.getAttribute('data-testid')) ?? '').replace('case-referral-', '');
    expect(referralId).toMatch(/^[0-9a-f]{24}$/);
    expect(await row.innerText()).toContain('Bệnh viện Bạch Mai');
    await look(senderPage, 'vi-1366-case-referrals', 1366);
    const detail = await openReferral(senderPage, 'requested');
    expect(await detail.getAttribute('data-viewer')).toBe('sender');
    expect(await senderPage.getByTestId('referral-title').innerText()).toBe('Chuyển gửi đến Bệnh viện Bạch Mai');
    expect(await senderPage.getByTestId('referral-due').innerText()).toContain('Hạn trả lời');
    await look(senderPage, 'vi-1366-referral-sender-requested', 1366);
  });

  it(
    'the receiver sees what is shared, accepts with a capacity answer, writes, starts and completes with an outcome',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn(`ctxh.${bachMai.code}`, 'vi', 1366);
      const detail = await openReferral(page, 'requested');
      expect(await detail.getAttribute('data-viewer')).toBe('receiver');
      expect(await detail.getAttribute('data-shared')).toBe('true');
      expect(await page.getByTestId('referral-title').innerText()).toBe('Chuyển gửi từ Bệnh viện Đa khoa tỉnh Lào Cai');
      expect(await page.getByTestId('referral-summary').innerText()).toContain('gia đình cần người chăm sóc');
      expect(await page.getByTestId('referral-documents').innerText()).toContain('giay-chuyen-vien.pdf');
      expect(await page.getByTestId('page-referral').innerText(), 'the receiver never sees the patient’s name').not.toContain('Lò Thị Mai');
      expect(await page.getByTestId('referral-move-cancelled').count(), 'cancelling is the sender’s move').toBe(0);
      await look(page, 'vi-1366-referral-receiver-requested', 1366);

      await move(page, 'accepted', async (modal) => {
        await modal.getByTestId('move-capacity').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Đưa vào danh sách chờ' }).click();
      });
      expect(await page.getByTestId('referral-capacity').getAttribute('data-capacity')).toBe('waitlist');
      await page.getByTestId('referral-comment-body').fill('Đã nhận, sẽ liên hệ gia đình trong tuần.');
      await page.getByTestId('referral-comment-send').click();
      await waitForOnScreen(page, page.locator('[data-testid="referral-comment"][data-side="receiver"]'), 'the comment in the thread');
      await page.getByTestId('referral-shared-case').click();
      await waitForOnScreen(
        page,
        page.locator('[data-testid="case-other-view"][data-audience="receiving-hospital"]'),
        'the case’s shared view',
      );
      expect(await page.getByTestId('page-case').innerText()).not.toContain('Lò Thị Mai');

      await openReferral(page, 'accepted');
      await move(page, 'in-progress');
      await move(page, 'completed', async (modal) => {
        await modal.getByTestId('move-confirm').click();
        await waitForOnScreen(page, modal.getByText('Hãy ghi kết quả hỗ trợ.'), 'the outcome asked for');
        await modal.getByTestId('move-outcome').fill('Đã bố trí người chăm sóc và hỗ trợ 2.000.000 ₫ tiền ăn.');
      });
      const history = await page.getByTestId('referral-history-entry').allInnerTexts();
      expect(history.map((h) => h.split('\n')[0])).toEqual(
        [
          'Tạo bản nháp',
          'Bản nháp → Đã gửi, chờ nơi nhận',
          'Đã gửi, chờ nơi nhận → Đã chấp nhận',
          'Đã chấp nhận → Đang hỗ trợ',
          'Đang hỗ trợ → Đã hoàn thành',
        ].slice(-history.length),
      );
      expect(history.at(-1)).toContain('Đã bố trí người chăm sóc');
      await look(page, 'vi-1366-referral-receiver-completed', 1366);
      await page.context().close();
    },
  );

  it(
    'the sender’s stale page offers to cancel; the server refuses and the page says why, then shows the outcome',
    { timeout: 60_000 },
    async () => {
      await senderPage.getByTestId('referral-move-cancelled').click();
      await senderPage.getByTestId('move-reason').fill('Gia đình đổi ý');
      await senderPage.getByTestId('move-confirm').click();
      const refused = senderPage.getByTestId('referral-move-error');
      await waitForOnScreen(senderPage, refused, 'the refusal');
      expect(await refused.innerText()).toContain('Không thể chuyển sang “Đã huỷ” khi chuyển gửi đang ở bước “Đã hoàn thành”');
      await waitForOnScreen(
        senderPage,
        senderPage.locator('[data-testid="referral-detail"][data-status="completed"]'),
        'the completed referral',
      );
      expect(await senderPage.getByTestId('referral-outcome').innerText()).toContain('Đã bố trí người chăm sóc');
      expect(await senderPage.locator('[data-testid="referral-comment"][data-side="receiver"]').innerText()).toContain(
        'sẽ liên hệ gia đình',
      );
      await look(senderPage, 'vi-1366-referral-sender-refused', 1366);
      await senderPage.context().close();
    },
  );

  it('in English on a phone, the receiver’s page fits the screen; so does an organisation partner’s', { timeout: 90_000 }, async () => {
    const page = await signedIn(`ctxh.${bachMai.code}`, 'en', 390);
    await openReferral(page, 'completed');
    expect(await page.getByTestId('referral-title').innerText()).toBe('Referral from Bệnh viện Đa khoa tỉnh Lào Cai');
    expect(await page.getByTestId('referral-outcome').innerText()).toContain('Outcome');
    await look(page, 'en-390-referral-receiver-completed', 390);
    await page.context().close();

    const fund = await OrganisationModel.findOne({ name: 'Quỹ Nhịp Cầu Yêu Thương' }).lean();
    if (!fund) throw new Error('the demo network lacks its fund');
    const charity = {
      purpose: 'share-charity',
      recipient: { kind: 'organisation', id: fund._id.toHexString() },
      givenBy: { kind: 'patient' },
      method: VERBAL,
      givenOn: today,
    };
    await postConsent(sender, caseId, charity).expect(201);
    const service = fund.services?.[0] ?? 'funding';
    const sent = await sender.agent
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set('x-csrf-token', sender.csrf)
      .send({
        to: { kind: 'organisation', id: fund._id.toHexString() },
        service,
        needs: ['caregiving'],
        summary: 'Gia đình cần hỗ trợ chi phí ăn ở.',
        send: true,
      })
      .expect(201);
    referralId = sent.body.id as string;
    const partner = await signedIn('doitac.quy-yeu-thuong', 'en', 390);
    const detail = await openReferral(partner, 'requested');
    expect(await detail.getAttribute('data-viewer')).toBe('receiver');
    expect(await partner.getByTestId('referral-move-accepted').isVisible()).toBe(true);
    await look(partner, 'en-390-referral-partner-requested', 390);
    await partner.context().close();
  });

  const WORDS = {
    en: {
      completed: 'Completed',
      organisation: 'Organisation',
      consent: 'The patient has consented to sharing with Quỹ Nhịp Cầu Yêu Thương until withdrawn',
    },
    vi: {
      completed: 'Đã hoàn thành',
      organisation: 'Tổ chức',
      consent: 'Người bệnh đã đồng ý chia sẻ với Quỹ Nhịp Cầu Yêu Thương cho đến khi rút lại',
    },
  } as const;

  it.each([
    ['en', 390],
    ['vi', 390],
    ['en', 1366],
  ] as const)(
    'in %s at %i px, the case’s referrals, the composer and the sender’s page fit the screen, in that language',
    { timeout: 120_000 },
    async (lang, width) => {
      const words = WORDS[lang];
      const page = await signedIn('ctxh.bvdklc', lang, width);
      await page.goto(`${app.baseUrl}/cases/${caseId}`);
      const rows = page.getByTestId('case-referrals-list').locator('[data-testid^="case-referral-"][data-status]');
      await waitForOnScreen(page, rows.nth(1), 'both referrals in the panel');
      expect(await page.getByTestId('case-referrals').innerText()).toContain(words.completed);
      await look(page, `${lang}-${width}-case-referrals`, width);
      await page.getByTestId('case-referral-new').click();
      await page.getByTestId('recipient-kind').getByText(words.organisation, { exact: true }).click();
      await page.getByTestId('recipient-q').fill('Yêu Thương');
      await page.locator('[data-testid^="recipient-"][data-consent="yes"]').first().click();
      const consent = page.locator('[data-testid="composer-consent"][data-consent="yes"]');
      await waitForOnScreen(page, consent, 'the consent line');
      expect(await consent.innerText()).toBe(words.consent);
      await look(page, `${lang}-${width}-composer-consented`, width);
      const detail = await openReferral(page, 'requested');
      expect(await detail.getAttribute('data-viewer')).toBe('sender');
      await look(page, `${lang}-${width}-referral-sender-organisation`, width);
      await page.context().close();
    },
  );
});

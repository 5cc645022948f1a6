import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock, vietnamToday } from '../../server/clock.js';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { OrganisationModel } from '../../server/features/admin/organisations.model.js';
import { ESCALATE_JOB } from '../../server/features/referrals/referrals.escalation.js';
import { ReferralModel } from '../../server/features/referrals/referrals.model.js';
import { runJobNow } from '../../server/jobs/scheduler.js';
import { createLogger } from '../../server/logger.js';
import { caseFor, postConsent, shareWith, VERBAL } from '../server/consent/consent-fixture.js';
import { signIn, type SignedIn } from '../setup/factories.js';
import { heard, untilSignalled } from '../setup/wait.js';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, PASSWORD, startE2eApp, waitForOnScreen, type E2eApp, type Language } from './harness.js';

/**
 * Issue 11's "done when", in Chromium: a referral travels from one hospital to another and back to
 * completion in the client, on time or escalated. Lào Cai General's social worker (a case whose
 * patient consented to sharing with Bạch Mai) composes and sends a referral from the case page;
 * Bạch Mai's social worker finds it in the inbox (no patient name there), opens it, accepts with
 * a capacity answer, starts and completes it with an outcome; back at Lào Cai the outbox shows it
 * completed (with the patient's name: the own hospital's) and the case timeline shows the outcome.
 * Then a second referral is not answered: the app's clock moves past its due day (two working
 * days), the escalation job runs, and the coordinator's home and overdue board show it escalated,
 * as do the receiver's inbox and the sending head's board. Last, every referral list screen in both
 * languages at 1366 and 390 px: axe-clean and no wider than the screen. SHOTS=<dir> saves screenshots.
 */
const SHOTS = process.env.SHOTS ?? null;
const DAY = 24 * 60 * 60 * 1000;
const OUTCOME = 'Đã bố trí người chăm sóc tại Bạch Mai và hỗ trợ 2.000.000 ₫ tiền ăn cho gia đình.';
const PATIENT = 'Lò Thị Mai';
// Monday 7 December 2026, 09:00 in Vietnam: the answer is due Wednesday 9th (two working days).
const clock = settableClock('2026-12-07T02:00:00Z');

let app: E2eApp;
let sender: SignedIn;
let caseId = '';
let bachMai = '';
let journeyId = '';
let lateId = '';
let partnerId = '';

async function look(page: Page, name: string, width: number): Promise<void> {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().waitFor({ state: 'detached' });
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

/** A row of a referral list or the board (table row on a desktop, card on a phone). */
function row(page: Page, id: string, prefix = 'referral'): Locator {
  return page.getByTestId(`${prefix}-row-${id}`);
}

async function waitForStatus(page: Page, status: string): Promise<void> {
  await waitForOnScreen(page, page.locator(`[data-testid="referral-detail"][data-status="${status}"]`), `the referral ${status}`);
}

/** A move on the referral page; a modal (capacity, outcome) is filled by `fill` and confirmed. */
async function move(page: Page, to: string, fill?: (modal: Locator) => Promise<void>): Promise<void> {
  await page.getByTestId(`referral-move-${to}`).click();
  if (fill) {
    const modal = page.locator('.ant-modal:visible');
    await modal.waitFor();
    await fill(modal);
    await page.getByTestId('move-confirm').click();
  }
  await waitForStatus(page, to);
}

beforeAll(async () => {
  app = await startE2eApp({ name: 'referrals_journey', hospital: { patients: 10, seed: 61 }, clock });
  const own = await HospitalModel.findOne({ code: 'BVDKLC' }).lean();
  const bm = await HospitalModel.findOne({ name: 'Bệnh viện Bạch Mai' }).lean();
  if (!own?.fhir?.baseUrl || !bm) throw new Error('the demo network lacks its hospitals');
  bachMai = bm._id.toHexString();
  sender = await signIn(app.handle.app, { username: 'ctxh.bvdklc' }, PASSWORD);
  // The case and the patient's consent to share with Bạch Mai, as the consent panel records it (its own browser tests).
  ({ caseId } = await caseFor(sender, new Client({ baseUrl: own.fhir.baseUrl })));
  await postConsent(sender, caseId, shareWith(bachMai, vietnamToday(clock))).expect(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('a referral from Lào Cai General to Bạch Mai and back (issue 11, done when)', () => {
  it('is composed and sent from the case page, found in Bạch Mai’s inbox, accepted, started and completed with an outcome', { timeout: 180_000 }, async () => {
    const page = await signedIn('ctxh.bvdklc', 'social_worker');
    await page.goto(`${app.baseUrl}/cases/${caseId}`);
    await waitForOnScreen(page, page.getByTestId('case-referral-new'), 'the referral button on the case page');
    await page.getByTestId('case-referral-new').click();
    // The name box (a search input, or antd's wrapper around one).
    await page.locator('input[data-testid="recipient-q"], [data-testid="recipient-q"] input').first().fill('Bạch Mai');
    await page.locator(`[data-testid="recipient-${bachMai}"][data-consent="yes"]`).click();
    await waitForOnScreen(page, page.locator('[data-testid="composer-consent"][data-consent="yes"]'), 'the consent shown before sending');
    await page.getByTestId('composer-needs').locator('.ant-checkbox-wrapper').first().click();
    await page.getByTestId('composer-summary').fill('Bệnh nhân chuyển viện điều trị tiếp; gia đình ở xa, cần người chăm sóc và tiền ăn.');
    await page.getByTestId('composer-send').click();
    const sent = page.locator('[data-testid^="case-referral-"][data-status="requested"]');
    await waitForOnScreen(page, sent, 'the sent referral on the case page');
    journeyId = ((await sent.getAttribute('data-testid')) ?? '').replace('case-referral-', '');
    expect(journeyId).toMatch(/^[0-9a-f]{24}$/);
    // The outbox lists it, with the patient's name (the own hospital's) and the day the answer is due.
    await page.getByTestId('nav-referrals').click();
    await page.getByTestId('referral-box-outbox').click();
    const outRow = row(page, journeyId);
    await waitForOnScreen(page, outRow, 'the referral in the outbox');
    expect(await outRow.innerText()).toContain(PATIENT);
    expect(await outRow.innerText()).toContain('Bệnh viện Bạch Mai');
    expect(await outRow.getByTestId('referral-due').innerText()).toBe('Hạn trả lời: 09/12/2026');
    await look(page, 'vi-1366-outbox-requested', 1366);
    await page.context().close();

    // Bạch Mai: the home counts it; the inbox lists it without the patient's name; it opens the referral page.
    const receiver = await signedIn('ctxh.bvbachmai', 'social_worker');
    await waitForOnScreen(receiver, receiver.locator('[data-testid="home-referrals-inbox"][data-count="1"]'), 'one referral waiting on the home page');
    await receiver.getByTestId('home-referrals-inbox-link').click();
    await waitForOnScreen(receiver, receiver.locator('[data-testid="page-referrals"][data-box="inbox"]'), 'the inbox');
    const inRow = row(receiver, journeyId);
    await waitForOnScreen(receiver, inRow, 'the referral in the inbox');
    expect(await inRow.innerText()).toContain('Bệnh viện Đa khoa tỉnh Lào Cai');
    expect(await receiver.getByTestId('page-referrals').innerText(), 'no patient name in an inbox').not.toContain(PATIENT);
    await look(receiver, 'vi-1366-inbox-requested', 1366);
    await inRow.click();
    await waitForStatus(receiver, 'requested');
    await move(receiver, 'accepted', async (modal) => {
      expect(await modal.getByTestId('move-capacity').innerText()).toContain('Có khả năng tiếp nhận');
    });
    await move(receiver, 'in-progress');
    await move(receiver, 'completed', async (modal) => {
      await modal.getByTestId('move-outcome').fill(OUTCOME);
    });
    // Ended: the inbox's "in progress" filter leaves it out, "ended" shows it completed.
    await receiver.goto(`${app.baseUrl}/referrals?state=live`);
    await waitForOnScreen(receiver, receiver.getByText('Không có chuyển gửi nào khớp bộ lọc.'), 'nothing live in the inbox');
    await receiver.goto(`${app.baseUrl}/referrals?state=ended`);
    await waitForOnScreen(receiver, receiver.locator(`[data-testid="referral-row-${journeyId}"][data-status="completed"]`), 'the completed referral');
    await receiver.context().close();
  });

  it('back at Lào Cai General: the outbox shows it completed and the case timeline the outcome', { timeout: 120_000 }, async () => {
    expect(journeyId, 'the journey above sent a referral').not.toBe('');
    const page = await signedIn('ctxh.bvdklc', 'social_worker');
    await page.getByTestId('home-referrals-outbox-link').click();
    await waitForOnScreen(page, page.locator('[data-testid="page-referrals"][data-box="outbox"]'), 'the outbox');
    await waitForOnScreen(page, page.getByText('Không có chuyển gửi nào khớp bộ lọc.'), 'nothing in progress in the outbox');
    await page.goto(`${app.baseUrl}/referrals?box=outbox`);
    const done = page.locator(`[data-testid="referral-row-${journeyId}"][data-status="completed"]`);
    await waitForOnScreen(page, done, 'the completed referral in the outbox');
    expect(await done.getByTestId('referral-status').innerText()).toBe('Đã hoàn thành');
    await look(page, 'vi-1366-outbox-completed', 1366);
    await page.goto(`${app.baseUrl}/cases/${caseId}?tab=timeline`);
    await page.getByTestId('timeline-entries').waitFor();
    await waitForOnScreen(page, page.getByTestId('timeline-entries').getByText(OUTCOME, { exact: false }), 'the outcome on the case timeline');
    await look(page, 'vi-1366-case-timeline-outcome', 1366);
    await page.context().close();
  });

  it('not answered in two working days: escalated, on the coordinator’s board and home, marked in the inbox and on the head’s board', { timeout: 180_000 }, async () => {
    const late = await sender.agent
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set('x-csrf-token', sender.csrf)
      .send({ to: { kind: 'hospital', id: bachMai }, service: 'psychosocial', needs: ['psychosocial'], urgency: 'urgent', summary: 'Cần hỗ trợ tâm lý cho mẹ bệnh nhân.', send: true })
      .expect(201);
    lateId = late.body.id as string;
    expect(late.body.due).toEqual({ kind: 'accept', on: '2026-12-09' });
    // Thursday 10 December, 09:00 in Vietnam: a working day past the due day. The escalation job runs (or the worker already runs it).
    clock.advance(3 * DAY);
    const ctx = { clock, log: createLogger('silent'), signal: new AbortController().signal, owner: 'referrals-journey' };
    await runJobNow(ESCALATE_JOB, ctx);
    await untilSignalled(() => ReferralModel.findById(lateId).lean(), (r) => Boolean(r?.escalation), heard.job(ESCALATE_JOB), { what: 'the referral escalated' });

    const coordinator = await signedIn('dieuphoi', 'coordinator');
    const count = coordinator.locator('[data-testid="home-referrals-overdue"][data-count="1"]');
    await waitForOnScreen(coordinator, count, 'one overdue referral on the coordinator’s home');
    await look(coordinator, 'vi-1366-coordinator-home', 1366);
    await coordinator.getByTestId('home-referrals-overdue-link').click();
    const boardRow = row(coordinator, lateId, 'overdue');
    await waitForOnScreen(coordinator, boardRow, 'the referral on the overdue board');
    expect(await boardRow.getAttribute('data-escalated')).toBe('yes');
    expect(await boardRow.innerText()).toContain('Bệnh viện Đa khoa tỉnh Lào Cai → Bệnh viện Bạch Mai');
    expect(await boardRow.getByTestId('overdue-days').innerText()).toBe('Quá 1 ngày làm việc');
    expect(await boardRow.getByTestId('overdue-escalated').innerText()).toBe('Đã báo điều phối ngày 10/12/2026');
    expect(await coordinator.getByTestId('page-referrals-overdue').innerText(), 'no patient name on the board').not.toContain(PATIENT);
    await look(coordinator, 'vi-1366-overdue-board', 1366);
    await boardRow.click();
    await waitForStatus(coordinator, 'requested');
    expect(await coordinator.getByTestId('referral-detail').getAttribute('data-viewer')).toBe('network');
    await coordinator.context().close();

    const receiver = await signedIn('ctxh.bvbachmai', 'social_worker');
    await receiver.goto(`${app.baseUrl}/referrals?overdue=1`);
    const marked = row(receiver, lateId);
    await waitForOnScreen(receiver, marked, 'the overdue referral in the inbox');
    expect(await marked.getByTestId('referral-overdue').innerText()).toContain('Quá hạn');
    expect(await marked.getByTestId('referral-escalated').innerText()).toBe('Đã báo điều phối');
    expect(await row(receiver, journeyId).count(), 'the completed one is not overdue').toBe(0);
    await look(receiver, 'vi-1366-inbox-overdue', 1366);
    await receiver.context().close();

    const lead = await signedIn('truong.bvdklc', 'sw_lead');
    await waitForOnScreen(lead, lead.locator('[data-testid="home-referrals-overdue"][data-count="1"]'), 'the overdue count on the head’s home');
    await lead.getByTestId('nav-referrals-overdue').click();
    await waitForOnScreen(lead, row(lead, lateId, 'overdue'), 'the referral on the head’s board');
    await look(lead, 'vi-1366-lead-overdue-board', 1366);
    await lead.context().close();
  });

  it('a charity partner works its inbox in the client: the home counts it, the inbox lists it, it opens', { timeout: 120_000 }, async () => {
    const fund = await OrganisationModel.findOne({ name: 'Quỹ Nhịp Cầu Yêu Thương' }).lean();
    if (!fund) throw new Error('the demo network lacks its fund');
    const to = { kind: 'organisation', id: fund._id.toHexString() };
    await postConsent(sender, caseId, { purpose: 'share-charity', recipient: to, givenBy: { kind: 'patient' }, method: VERBAL, givenOn: vietnamToday(clock) }).expect(201);
    const sent = await sender.agent
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set('x-csrf-token', sender.csrf)
      .send({ to, service: fund.services?.[0] ?? 'funding', needs: ['financial'], summary: 'Gia đình cần hỗ trợ chi phí ăn ở.', send: true })
      .expect(201);
    partnerId = sent.body.id as string;
    const partner = await signedIn('doitac.quy-yeu-thuong', 'charity_partner');
    await waitForOnScreen(partner, partner.locator('[data-testid="home-referrals-inbox"][data-count="1"]'), 'one referral waiting for the partner');
    await partner.getByTestId('nav-referrals').click();
    const inbox = partner.locator('[data-testid="page-referrals"][data-box="inbox"]');
    await waitForOnScreen(partner, inbox, 'the partner’s inbox');
    expect(await partner.getByTestId('referral-box').count(), 'a partner has only an inbox: no tabs').toBe(0);
    await row(partner, partnerId).click();
    await waitForStatus(partner, 'requested');
    await move(partner, 'received', async () => undefined);
    await partner.context().close();
  });

  const VIEWS = (['vi', 'en'] as const).flatMap((lang) => ([1366, 390] as const).map((width) => ({ lang, width })));
  for (const { lang, width } of VIEWS) {
    it(`every referral list screen (${lang}, ${width} px): axe-clean, fits the screen`, { timeout: 180_000 }, async () => {
      expect(lateId, 'the overdue referral exists').not.toBe('');
      const screens: [string, string, string, string][] = [
        ['ctxh.bvdklc', 'social_worker', '/', 'home-social_worker'],
        ['ctxh.bvdklc', 'social_worker', '/referrals?box=outbox', 'referral-list'],
        ['ctxh.bvbachmai', 'social_worker', '/referrals?box=inbox', 'referral-list'],
        ['truong.bvdklc', 'sw_lead', '/', 'home-sw_lead'],
        ['truong.bvdklc', 'sw_lead', '/referrals/overdue', 'overdue'],
        ['dieuphoi', 'coordinator', '/', 'home-coordinator'],
        ['dieuphoi', 'coordinator', '/referrals', 'referral-list'],
        ['dieuphoi', 'coordinator', '/referrals/overdue', 'overdue'],
        ['doitac.quy-yeu-thuong', 'charity_partner', '/', 'home-charity_partner'],
        ['doitac.quy-yeu-thuong', 'charity_partner', '/referrals', 'referral-list'],
      ];
      let page: Page | null = null;
      let user = '';
      for (const [username, role, path, what] of screens) {
        if (username !== user) {
          await page?.context().close();
          page = await signedIn(username, role, lang, width);
          user = username;
        }
        const p = page as Page;
        await p.goto(`${app.baseUrl}${path}`);
        const ready = what === 'referral-list' || what === 'overdue' ? p.locator(`[data-testid^="${what === 'overdue' ? 'overdue' : 'referral'}-row-"]`).first() : p.getByTestId('home-referrals');
        await waitForOnScreen(p, ready, `${what} for ${username}`);
        await look(p, `${lang}-${width}-${username}-${path.replace(/[/?=&]+/g, '-').replace(/^-|-$/g, '') || 'home'}`, width);
      }
      await page?.context().close();
    });
  }
});

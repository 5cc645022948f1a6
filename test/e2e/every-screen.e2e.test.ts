import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import mongoose from 'mongoose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createApp, type AppHandle } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { connectDatabase, disconnectDatabase } from '../../server/db/connection.js';
import { linkDemoHospitals } from '../../server/demo/demo-fhir.js';
import { seedDemoNetwork } from '../../server/demo/seed-network.js';
import { createDemoHospital, type DemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { createLogger } from '../../server/logger.js';
import { startTestWorker, type TestWorker } from '../setup/worker.js';
import { axeViolations, describeViolations, englishLabels } from './a11y.js';
import { animationsSettled, networkQuiet, trackNetwork } from './harness.js';

/**
 * Every screen, in Vietnamese and in English, at desktop (1366 px) and phone (390 px) width, for
 * every role that can see it, checked by axe-core for WCAG 2.1 AA (critical and serious violations
 * fail) and, in Vietnamese, for screen-reader labels left in English. On the phone each screen is
 * also checked for content wider than the screen (sideways scrolling puts buttons out of reach).
 * The census sync runs first (started on the sync page) and a case is opened from a patient's card,
 * so the worklist, patient page, flag review and case page have something to show.
 *
 * Time (CI must stay under 25 minutes): one app and one browser for the file; each role's walk signs
 * in once per language and checks every screen at both widths in the same page, resizing it between
 * the two (the app's layout follows the width as it changes: antd's breakpoints and the CSS media
 * queries; nothing reads touch support), and the two languages' walks run side by side, two pages
 * at a time. Every screen is still checked in each language at each width, as before.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_DIST = resolve(process.env.CLIENT_DIST ?? 'client/dist');
const PASSWORD = 'e2e-demo-password-2026';
const LANGUAGES = ['vi', 'en'] as const;
type Language = (typeof LANGUAGES)[number];
const WIDTHS = [1366, 390] as const;
type Width = (typeof WIDTHS)[number];
const HEIGHT = 900;

describe('every screen is accessible (axe-core, WCAG 2.1 AA) in both languages', () => {
  let handle: AppHandle;
  let server: Server;
  let worker: TestWorker | undefined;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(resolve(CLIENT_DIST, 'index.html')))
      throw new Error('client/dist is missing: run `npm run build:client` (npm test does)');
    await connectDatabase(inject('mongoUri'), `e2e_a11y_${Date.now()}`);
    const hospital: DemoHospital = createDemoHospital({ hospitalCode: 'BVDKLC', patients: 120, seed: 7, now: new Date() });
    const config = testConfig({ clientDist: CLIENT_DIST });
    handle = createApp({
      config,
      logger: createLogger('silent'),
      demoHospitals: (code) => (code === 'BVDKLC' ? hospital : undefined),
    });
    // Syncs started on the page are run by the worker, as `npm start` in demo mode runs one.
    worker = startTestWorker({ config });
    await seedDemoNetwork(PASSWORD);
    server = createServer(handle.app);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await linkDemoHospitals(baseUrl, ['BVDKLC']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    await prepareData();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await worker?.stop();
    await handle?.close();
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  });

  /** A page in the chosen language, at desktop width to begin with (bypassCSP: axe is injected as an inline script). */
  async function openPage(language: Language): Promise<Page> {
    const context = await browser.newContext({
      locale: language === 'vi' ? 'vi-VN' : 'en-GB',
      bypassCSP: true,
      viewport: { width: WIDTHS[0], height: HEIGHT },
    });
    await context.addInitScript((lang) => window.localStorage.setItem('nhipcau.lang', lang), language);
    const page = await context.newPage();
    trackNetwork(page);
    return page;
  }

  async function signIn(page: Page, username: string, role: string): Promise<void> {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('sign-in-username').fill(username);
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId(`home-${role}`).waitFor({ timeout: 30_000 });
  }

  type Check = (page: Page, screen: string) => Promise<void>;
  /**
   * Checks the screen as it is now at both widths: first at the page's width, then resized to the other
   * (the walk goes on at that one: one resize per screen). Findings are kept so one run lists every
   * screen's problems.
   */
  function checker(language: Language): { check: Check; report: () => string[] } {
    const findings: string[] = [];
    async function checkAt(page: Page, screen: string, width: Width): Promise<void> {
      const where = `${language} ${width} px ${screen}`;
      await networkQuiet(page);
      // antd's enter animations ended, so colours are measured at rest
      await animationsSettled(page);
      const violations = await axeViolations(page);
      if (violations.length > 0) findings.push(describeViolations(where, violations));
      if (language === 'vi') {
        const english = await englishLabels(page);
        if (english.length > 0) findings.push(`${where}: English screen-reader labels: ${english.join(', ')}`);
      }
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > width) findings.push(`${where}: the page is ${wide} px wide, wider than the screen`);
    }
    return {
      async check(page, screen) {
        const first = (page.viewportSize()?.width ?? WIDTHS[0]) === WIDTHS[0] ? WIDTHS[0] : WIDTHS[1];
        const second = first === WIDTHS[0] ? WIDTHS[1] : WIDTHS[0];
        await checkAt(page, screen, first);
        await page.setViewportSize({ width: second, height: HEIGHT });
        await checkAt(page, screen, second);
      },
      report: () => findings,
    };
  }

  /**
   * The walk in each language side by side, each in a page of its own; then every finding of both is
   * reported, and a walk that failed fails the test (both failures when both did).
   */
  async function inBothLanguages(walk: (page: Page, check: Check, language: Language) => Promise<void>): Promise<void> {
    const runs = await Promise.allSettled(
      LANGUAGES.map(async (language) => {
        const { check, report } = checker(language);
        const page = await openPage(language);
        try {
          await walk(page, check, language);
        } finally {
          await page.context().close();
        }
        return report();
      }),
    );
    const failures = runs.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, "both languages' walks failed");
    const findings = runs.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    expect(findings, findings.join('\n')).toEqual([]);
  }

  async function visit(page: Page, nav: string, testId: string): Promise<void> {
    await page.getByTestId(nav).click();
    await page.getByTestId(testId).waitFor({ timeout: 15_000 });
  }

  /**
   * Before the walks (which run side by side, so neither may be the one that starts the sync or opens
   * the case): a social worker starts the census sync on the sync page and opens a case from the first
   * inpatient's card, as the first walk used to.
   */
  async function prepareData(): Promise<void> {
    const page = await openPage('vi');
    try {
      await signIn(page, 'ctxh.bvdklc', 'social_worker');
      await visit(page, 'nav-sync', 'page-sync');
      await page.getByTestId('sync-start-BVDKLC').click();
      await page.locator('[data-testid="sync-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
      await visit(page, 'nav-patients', 'page-patients');
      await page.getByTestId('patients-tab-census').click();
      await page.locator('[data-testid^="census-open-"]').first().click();
      await page.getByTestId('page-patient').waitFor();
      await page.getByTestId('patient-case-open').click();
      await page.getByTestId('patient-case-open-submit').click();
      await page.getByTestId('case-plan').waitFor();
    } finally {
      await page.context().close();
    }
  }

  it(`sign-in page (vi and en, 1366 and 390 px)`, { timeout: 60_000 }, async () => {
    await inBothLanguages(async (page, check) => {
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('page-sign-in').waitFor();
      await check(page, 'sign-in');
      await page.getByTestId('sign-in-submit').click(); // empty submit shows field errors
      await check(page, 'sign-in with errors');
    });
  });

  it(`a social worker's screens (vi and en, 1366 and 390 px)`, { timeout: 420_000 }, async () => {
    await inBothLanguages(async (page, check) => {
      await signIn(page, 'ctxh.bvdklc', 'social_worker');
      await visit(page, 'nav-sync', 'page-sync');
      await check(page, 'sync');
      await visit(page, 'nav-home', 'home-social_worker');
      await check(page, 'home');
      await visit(page, 'nav-worklist', 'page-worklist');
      const rows = page.locator('[data-testid^="worklist-row-"]');
      await rows.first().waitFor();
      await check(page, 'worklist');
      await rows.first().click();
      await page.locator('[data-testid^="flag-reason-"]').first().waitFor();
      await check(page, 'flag review drawer');
      await page.keyboard.press('Escape');
      await visit(page, 'nav-patients', 'page-patients');
      await check(page, 'patients');
      await page.getByTestId('patient-search-q').fill('Nguyen');
      await page.getByTestId('patient-search-submit').click();
      await page.getByTestId('patient-results').waitFor();
      await check(page, 'patient search results');
      await page.getByTestId('patients-tab-census').click();
      await page.locator('[data-testid^="census-open-"]').first().click();
      await page.getByTestId('page-patient').waitFor();
      await page.getByTestId('patient-charges').waitFor();
      await check(page, 'patient page');
      // The case page (issue 10): opened from this patient's card before the walks (prepareData), so its link is followed.
      const patientUrl = page.url();
      const caseEntry = page.locator('[data-testid^="patient-case-link-"], [data-testid="patient-case-open"]').first();
      await caseEntry.waitFor();
      const opening = (await caseEntry.getAttribute('data-testid')) === 'patient-case-open';
      await caseEntry.click();
      if (opening) await page.getByTestId('patient-case-open-submit').click();
      await page.getByTestId('case-plan').waitFor();
      await check(page, 'case page');
      await page.getByTestId('case-needs-add').click();
      await page.getByTestId('plan-form-needs').waitFor();
      await check(page, 'case plan form');
      await page.keyboard.press('Escape');
      await page.getByTestId('plan-form-needs').waitFor({ state: 'detached' });
      await page.getByTestId('case-tab-timeline').click();
      await page.getByTestId('timeline-entries').waitFor();
      await check(page, 'case timeline');
      // Funding (issue 12): the request editor from the case page's "Hỗ trợ tài chính".
      await page.getByTestId('case-funding-new').click();
      await page.getByTestId('funding-editor').waitFor();
      await check(page, 'funding request editor');
      await page.keyboard.press('Escape');
      await page.getByTestId('funding-editor').waitFor({ state: 'detached' });
      await page.goto(patientUrl);
      await page.getByTestId('patient-charges').waitFor();
      await page.getByTestId('patient-screen').click();
      await page.getByTestId('screening-form').waitFor();
      await check(page, 'screening form');
      await page.getByTestId('screening-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'screening form with errors');
      await visit(page, 'nav-profile', 'page-profile');
      await check(page, 'profile');
      await visit(page, 'nav-cases', 'page-cases');
      await page.locator('[data-testid^="case-row-"], [data-testid="empty-state"]').first().waitFor();
      await check(page, 'my cases');
      await visit(page, 'nav-referrals', 'page-referrals');
      await page.locator('[data-testid^="referral-row-"], [data-testid="empty-state"]').first().waitFor();
      await check(page, 'referral inbox and outbox');
      await visit(page, 'nav-funding-reconciliation', 'page-reconciliation');
      await page.getByTestId('reconciliation-summary').waitFor();
      await check(page, 'funding reconciliation');
    });
  });

  it(`a head of social work's screens (vi and en, 1366 and 390 px)`, { timeout: 90_000 }, async () => {
    await inBothLanguages(async (page, check) => {
      await signIn(page, 'truong.bvdklc', 'sw_lead');
      await check(page, 'lead home');
      await visit(page, 'nav-team', 'page-team');
      await check(page, 'team');
      await visit(page, 'nav-cases', 'page-cases');
      await page.locator('[data-testid^="case-row-"], [data-testid="empty-state"]').first().waitFor();
      await check(page, 'caseload');
      await visit(page, 'nav-referrals-overdue', 'page-referrals-overdue');
      await page.locator('[data-testid^="overdue-row-"], [data-testid="empty-state"]').first().waitFor();
      await check(page, 'overdue referrals of the hospital');
      await visit(page, 'nav-funding-queue', 'page-funding-queue');
      await page.getByTestId('funding-queue').waitFor();
      await check(page, 'funding approval queue');
    });
  });

  it(`a charity partner's and a coordinator's screens (vi and en, 1366 and 390 px)`, { timeout: 180_000 }, async () => {
    await inBothLanguages(async (page, check, language) => {
      await signIn(page, 'doitac.quy-yeu-thuong', 'charity_partner');
      await check(page, 'partner home');
      await visit(page, 'nav-referrals', 'page-referrals');
      await page.locator('[data-testid^="referral-row-"], [data-testid="empty-state"]').first().waitFor();
      await check(page, 'partner referral inbox');
      // Funding (issue 12): the marketplace, the organisation's pledges and its statement.
      await visit(page, 'nav-marketplace', 'page-marketplace');
      await page.locator('[data-testid^="market-card-"], [data-testid="empty-state"]').first().waitFor();
      await check(page, 'marketplace');
      await visit(page, 'nav-pledges', 'page-pledges');
      await page.locator('[data-testid^="pledge-row-"], [data-testid="empty-state"]').first().waitFor();
      await check(page, 'partner pledges');
      await visit(page, 'nav-statements', 'page-statements');
      await page.getByTestId('statement-pledgedVnd').waitFor();
      await check(page, 'partner statement');
      // The coordinator in a browser context of its own, as before (no session carried over).
      const coordinator = await openPage(language);
      try {
        await signIn(coordinator, 'dieuphoi', 'coordinator');
        await check(coordinator, 'coordinator home');
        await visit(coordinator, 'nav-hospitals', 'page-hospitals');
        await check(coordinator, 'coordinator hospitals');
        await visit(coordinator, 'nav-audit', 'page-audit');
        await coordinator.getByTestId('audit-table').waitFor();
        await check(coordinator, 'audit');
        await visit(coordinator, 'nav-referrals', 'page-referrals');
        await coordinator.locator('[data-testid^="referral-row-"], [data-testid="empty-state"]').first().waitFor();
        await check(coordinator, "the network's referrals");
        await visit(coordinator, 'nav-referrals-overdue', 'page-referrals-overdue');
        await coordinator.locator('[data-testid^="overdue-row-"], [data-testid="empty-state"]').first().waitFor();
        await check(coordinator, 'overdue board');
        await visit(coordinator, 'nav-marketplace', 'page-marketplace');
        await coordinator.locator('[data-testid^="market-card-"], [data-testid="empty-state"]').first().waitFor();
        await check(coordinator, "the network's marketplace");
        await visit(coordinator, 'nav-statements', 'page-statements');
        await check(coordinator, 'statements, no organisation chosen');
      } finally {
        await coordinator.context().close();
      }
    });
  });

  it(`an admin's screens and forms (vi and en, 1366 and 390 px)`, { timeout: 260_000 }, async () => {
    await inBothLanguages(async (page, check, language) => {
      await signIn(page, 'quantri', 'admin');
      await check(page, 'admin home');
      await visit(page, 'nav-hospitals', 'page-hospitals');
      await check(page, 'hospitals');
      await page.locator('[data-testid^="hospital-edit-"]').first().click();
      await page.getByTestId('hospital-form').waitFor();
      await check(page, 'hospital form');
      await page.locator('.ant-drawer-open .ant-drawer-close').click();
      await page.getByTestId('hospital-form').waitFor({ state: 'detached' });
      await page.locator('[data-testid^="hospital-tiers-"]').first().click();
      await page.getByTestId('hospital-tiers').waitFor();
      await check(page, 'flag tiers');
      await page
        .getByTestId('tier-switch-far-from-home')
        .getByText(language === 'vi' ? 'Cần hỗ trợ' : 'Needs support', { exact: true })
        .click();
      await page.getByTestId('tier-draft').waitFor();
      await check(page, 'flag tiers, a change being made');
      await page.locator('.ant-drawer-open .ant-drawer-close').click();
      await page.getByTestId('hospital-tiers').waitFor({ state: 'detached' });
      await visit(page, 'nav-organisations', 'page-organisations');
      await check(page, 'organisations');
      await page.getByTestId('organisation-create').click();
      await page.getByTestId('organisation-form').waitFor();
      await page.getByTestId('organisation-form-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'organisation form with errors');
      await page.keyboard.press('Escape');
      await visit(page, 'nav-users', 'page-users');
      await check(page, 'users');
      await page.getByTestId('user-create').click();
      await page.getByTestId('user-form').waitFor();
      await check(page, 'user form');
      await page.keyboard.press('Escape');
      await visit(page, 'nav-sync', 'page-sync');
      await check(page, 'admin sync');
      await visit(page, 'nav-audit', 'page-audit');
      await page.getByTestId('audit-table').waitFor();
      await check(page, 'admin audit');
      await visit(page, 'nav-profile', 'page-profile');
      await check(page, 'admin profile');
    });
  });
});

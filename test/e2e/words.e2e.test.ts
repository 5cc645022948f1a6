import { existsSync, mkdirSync } from 'node:fs';
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
import { FlagModel } from '../../server/features/screening/screening.model.js';
import { seedDemoNetwork } from '../../server/demo/seed-network.js';
import { createDemoHospital, type DemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { createLogger } from '../../server/logger.js';

/**
 * Issue 8, B9/B10/B13 in Chromium: a flag's reasons read as sentences in the UI language with the
 * codes behind "Details"; the questionnaire title, the legal basis and the profile's language
 * follow English mode; the access log says actions in words; a form's server error is worded in
 * Vietnamese. With SHOTS_DIR set, each screen is also saved at 1366 and 390 px in both languages.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_DIST = resolve(process.env.CLIENT_DIST ?? 'client/dist');
const SHOTS = process.env.SHOTS_DIR;
const PASSWORD = 'e2e-demo-password-2026';
/** Raw input names and FHIR type names that must not reach a reader; in Vietnamese, English value codes neither. */
const RAW = /\b(bhyt\.(status|group)|coverage\.validity|residence|capacityToPayVnd|householdIncomePerMonthVnd|Coverage|Encounter|RelatedPerson|ChargeItem|rule-set)\b/;
const RAW_VI = /: (valid|rural|urban|expired|none|yes|no)\b/;

describe('codes in words, in a real browser', () => {
  let handle: AppHandle;
  let server: Server;
  let browser: Browser;
  let baseUrl: string;

  async function signedIn(username: string): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('sign-in-username').fill(username);
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.locator('[data-testid^="home-"]').first().waitFor();
    page.setDefaultTimeout(20_000);
    return page;
  }

  async function inLanguage(page: Page, lang: 'vi' | 'en'): Promise<void> {
    await page.evaluate((l) => window.localStorage.setItem('nhipcau.lang', l), lang);
    await page.reload();
  }

  /** Saves the screen at desktop and phone width (only with SHOTS_DIR). */
  async function shoot(page: Page, name: string, ready: () => Promise<void>): Promise<void> {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      await ready();
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  beforeAll(async () => {
    if (!existsSync(resolve(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run `npm run build:client` (npm test does)');
    await connectDatabase(inject('mongoUri'), `e2e_words_${Date.now()}`);
    const hospital: DemoHospital = createDemoHospital({ hospitalCode: 'BVDKLC', patients: 80, seed: 7, now: new Date() });
    handle = createApp({ config: testConfig({ clientDist: CLIENT_DIST }), logger: createLogger('silent'), demoHospitals: (code) => (code === 'BVDKLC' ? hospital : undefined) });
    await seedDemoNetwork(PASSWORD);
    server = createServer(handle.app);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await linkDemoHospitals(baseUrl, ['BVDKLC']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await handle?.close();
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  });

  it('reads a flag’s reasons as sentences in each language, codes behind Details; questionnaire title and profile follow English', async () => {
    const page = await signedIn('ctxh.bvdklc');
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-start-BVDKLC').click();
    await page.locator('[data-testid="sync-status"][data-status="succeeded"]').waitFor({ timeout: 90_000 });
    const first = await page.evaluate(async () => {
      const res = await fetch('/api/v1/worklist?tier=all&presence=all&limit=20');
      const body = (await res.json()) as { data: { id: string; patient: { id: string }; reasons: { inputs: unknown[] }[] }[] };
      const flag = body.data.find((f) => f.reasons.some((r) => r.inputs.length > 2)) ?? body.data[0];
      return flag ? { flag: flag.id, patient: flag.patient.id } : null;
    });
    expect(first).not.toBeNull();
    const { flag, patient } = first as { flag: string; patient: string };
    // Fixture: this flag's write-back failed with the kind of text the outbox records.
    await FlagModel.updateOne(
      { _id: flag },
      { $set: { 'writeBack.status': 'failed', 'writeBack.lastError': 'FHIR server of BVDKLC answered 422 to the Flag: OperationOutcome error' } },
    );

    for (const lang of ['vi', 'en'] as const) {
      await inLanguage(page, lang);
      await page.goto(`${baseUrl}/worklist?flag=${flag}`);
      const inputs = page.getByTestId('reason-input');
      await inputs.first().waitFor();
      for (const text of await inputs.allInnerTexts()) {
        expect(text).toContain(lang === 'vi' ? '— nguồn: ' : '— source: ');
        expect(text).not.toMatch(RAW);
        if (lang === 'vi') expect(text).not.toMatch(RAW_VI);
      }
      await expect(page.getByTestId('reason-rule').count()).resolves.toBe(0);
      // A write-back that failed: the sentence in the UI language, the server's English folded away.
      const failure = page.getByTestId('flag-writeback-error');
      expect(await failure.innerText()).toContain(lang === 'vi' ? 'Lần ghi gần nhất vào hệ thống thông tin bệnh viện không thành công.' : "The last write to the hospital's information system failed.");
      expect(await failure.innerText()).not.toContain('OperationOutcome');
      await shoot(page, `flag-reasons-${lang}`, () => inputs.first().waitFor());
      await page.getByTestId('reason-details').first().locator('.ant-collapse-header').click();
      const legal = await page.getByTestId('reason-legal').first().innerText();
      if (lang === 'en') expect(legal).not.toMatch(/Luật|Thông tư|Nghị định|Ngưỡng|Danh mục/);
      else expect(legal).toMatch(/Luật|Thông tư|Nghị định|Ngưỡng|Danh mục|WHO/);
      await shoot(page, `flag-reasons-details-${lang}`, () => page.getByTestId('reason-rule').first().waitFor());

      await page.goto(`${baseUrl}/patients/${patient}/screening`);
      const title = page.locator('.page-header__title');
      await title.waitFor();
      await page.getByTestId('page-screening').locator('form').first().waitFor();
      expect(await title.innerText()).toBe(lang === 'vi' ? 'Sàng lọc hoàn cảnh xã hội người bệnh' : "Screening of the patient's social circumstances");
      await shoot(page, `screening-title-${lang}`, () => title.waitFor());
      await page.getByTestId('q-residence-rural').click();
      await page.getByTestId('q-household-size').fill('4');
      await page.getByTestId('q-household-income').fill('4000000');
      await page.getByTestId('q-certificate-none').click();
      await page.getByTestId('screening-submit').click();
      const result = page.getByTestId('screening-result');
      await result.waitFor();
      expect(await page.getByTestId('screening-result-rule-set').innerText()).not.toContain('vn-screening');
      const sentences = await result.getByTestId('reason-input').allInnerTexts();
      for (const sentence of sentences) expect(sentence).not.toMatch(RAW);
      expect(sentences).toContain(
        lang === 'vi' ? 'Thu nhập của hộ mỗi tháng: 4.000.000 ₫ — nguồn: phiếu sàng lọc' : 'Household income per month: 4.000.000 ₫ — source: screening questionnaire',
      );
      await shoot(page, `screening-result-${lang}`, () => result.waitFor());

      await page.goto(`${baseUrl}/profile`);
      await page.getByTestId('profile-language').waitFor();
      expect(await page.getByTestId('profile-language').innerText()).toContain(lang === 'vi' ? 'Tiếng Việt' : 'English');
      expect(await page.getByTestId('profile-locale').innerText()).toBe(lang === 'vi' ? 'Tiếng Việt' : 'Vietnamese');
      await shoot(page, `profile-${lang}`, () => page.getByTestId('profile-language').waitFor());
    }
  }, 240_000);

  it('shows the access log’s actions and record kinds in words', async () => {
    const page = await signedIn('dieuphoi');
    for (const lang of ['vi', 'en'] as const) {
      await inLanguage(page, lang);
      await page.goto(`${baseUrl}/audit`);
      const actions = page.getByTestId('audit-action');
      await actions.first().waitFor();
      const texts = await actions.allInnerTexts();
      for (const text of texts) expect(text).not.toMatch(/^[a-z]+\.[a-z.-]+$/);
      expect(texts).toContain(lang === 'vi' ? 'Đăng nhập' : 'Sign in');
      for (const text of await page.getByTestId('audit-resource').allInnerTexts()) expect(text).not.toMatch(/^[a-z-]+$/);
      await shoot(page, `audit-${lang}`, () => actions.first().waitFor());
      // On a phone the action is on screen, not in a column scrolled out of view.
      await page.setViewportSize({ width: 390, height: 844 });
      await actions.first().waitFor();
      const box = await actions.first().boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  }, 120_000);

  it('words a form’s server error in the user’s language, the English message only behind the details', async () => {
    const page = await signedIn('quantri');
    for (const lang of ['vi', 'en'] as const) {
      await inLanguage(page, lang);
      await page.goto(`${baseUrl}/hospitals`);
      await page.getByTestId('hospital-create').click();
      await page.getByTestId('hospital-code').fill('BVDKLC');
      await page.getByTestId('hospital-name-input').fill('Bệnh viện trùng mã');
      await page.getByTestId('hospital-province-current').locator('input').fill('Lào Cai');
      await page.getByTestId('hospital-province-old').locator('input').fill('Lào Cai');
      await page.getByTestId('hospital-form-submit').click();
      const alert = page.getByTestId('hospital-form-error');
      await alert.waitFor();
      const text = await alert.innerText();
      expect(text).toContain(lang === 'vi' ? 'Đã có một bệnh viện dùng mã này.' : 'A hospital with this code already exists.');
      expect(text).not.toContain('A hospital with code BVDKLC already exists');
      await shoot(page, `form-error-${lang}`, () => alert.waitFor());
      await page.keyboard.press('Escape');
    }
  }, 120_000);
});

import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlagModel } from '../../server/features/screening/screening.model.js';
import { startE2eApp, type E2eApp } from './harness.js';

/**
 * Issue 8, B9/B10/B13 in Chromium: a flag's reasons read as sentences in the UI language with the
 * codes behind "Details"; the questionnaire title, the legal basis and the profile's language
 * follow English mode; the access log says actions in words; a form's server error is worded in
 * Vietnamese. With SHOTS_DIR set, each screen is also saved at 1366 and 390 px in both languages.
 */
const SHOTS = process.env.SHOTS_DIR;
/** Raw input names and FHIR type names that must not reach a reader; in Vietnamese, English value codes neither. */
const RAW = /\b(bhyt\.(status|group)|coverage\.validity|residence|capacityToPayVnd|householdIncomePerMonthVnd|Coverage|Encounter|RelatedPerson|ChargeItem|rule-set)\b/;
const RAW_VI = /: (valid|rural|urban|expired|none|yes|no)\b/;

describe('codes in words, in a real browser', () => {
  let app: E2eApp;
  let baseUrl: string;

  async function signedIn(username: string): Promise<Page> {
    const page = await app.newPage({ lang: 'vi', width: 1366, height: 900 });
    await app.signIn(page, username);
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
    app = await startE2eApp({ name: 'words', hospital: { patients: 80, seed: 7 } });
    baseUrl = app.baseUrl;
  });

  afterAll(async () => {
    await app?.stop();
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

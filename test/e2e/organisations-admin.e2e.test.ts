import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, networkQuiet, startE2eApp, trackNetwork, waitForOnScreen, type E2eApp, type Language } from './harness.js';

/**
 * Issue 11, point 1 in Chromium: the organisations an admin keeps say what each receives referrals
 * for and where it works. The list shows the services and the province ("Toàn quốc" for one
 * working across the country); a new organisation's services follow its type until changed by
 * hand; the province is chosen from the 2025 names, typed without diacritics; an edit back to
 * nationwide sends null. Pictures for review go to SHOTS_DIR when it is set.
 */
const SHOTS = process.env.SHOTS_DIR;

async function pick(page: Page, select: Locator, option: string, typed?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (typed) await page.keyboard.type(typed);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
    try {
      await select.filter({ hasText: option }).waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

describe('organisations: referral services and province on the admin screen', () => {
  let e2e: E2eApp;

  beforeAll(async () => {
    e2e = await startE2eApp({ name: 'organisations_ui', worker: false });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await e2e?.stop();
  });

  async function openList(lang: Language, width: number): Promise<Page> {
    // bypassCSP: axe-core comes in as an inline script.
    const page = await e2e.newPage({ lang, pinLanguage: true, width, height: 900, hasTouch: width <= 390, bypassCSP: true });
    trackNetwork(page);
    await e2e.signIn(page, 'quantri', 'admin');
    await page.goto(`${e2e.baseUrl}/organisations`);
    // A table on a desktop, cards on a phone.
    const list = page.getByTestId(width <= 390 ? 'organisation-cards' : 'organisation-table');
    await waitForOnScreen(page, list.getByText('Mái ấm Hoa Ban Lào Cai'), 'the seeded shelter in the list');
    await networkQuiet(page);
    await animationsSettled(page);
    return page;
  }

  /** The whole page for a list; the viewport for an open drawer (fixed, so a full-page picture would cut it). */
  async function shot(page: Page, name: string, fullPage = true): Promise<void> {
    if (!SHOTS) return;
    await animationsSettled(page);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  }

  const saved = (page: Page, method: string): Promise<Response> =>
    page.waitForResponse((r) => r.url().includes('/api/v1/organisations') && r.request().method() === method);

  it('lists services and province; a new organisation takes its type’s services and a province typed without diacritics; an edit back to nationwide', { timeout: 90_000 }, async () => {
    const page = await openList('vi', 1366);
    const row = (name: string): Locator => page.getByTestId('organisation-table').locator('tr', { hasText: name });
    await expect.poll(() => row('Mái ấm Hoa Ban Lào Cai').innerText()).toMatch(/Nơi tạm lánh[\s\S]*Lào Cai/);
    expect(await row('Trung tâm Trợ giúp pháp lý Vùng Cao Lào Cai').innerText()).toContain('Trợ giúp pháp lý');
    expect(await row('Quỹ Nhịp Cầu Yêu Thương').innerText()).toContain('Toàn quốc');
    await shot(page, 'organisations-vi-1366');

    await page.getByTestId('organisation-create').click();
    const form = page.getByTestId('organisation-form');
    await waitForOnScreen(page, form, 'the new organisation form');
    await page.getByTestId('organisation-name').fill('Chùa Tân Bình');
    await page.getByTestId('organisation-contact-name').fill('Sư cô Diệu An');
    await page.getByTestId('organisation-contact-email').fill('tanbinh@example.vn');
    const checked = (service: string): Locator => page.getByTestId('organisation-services-input').locator(`input[value="${service}"]`);
    expect(await checked('funding').isChecked()).toBe(true);
    await pick(page, page.getByTestId('organisation-type'), 'Tổ chức tôn giáo');
    await expect.poll(() => checked('shelter').isChecked()).toBe(true);
    expect(await checked('food').isChecked()).toBe(true);
    expect(await checked('funding').isChecked()).toBe(false);
    await pick(page, page.getByTestId('organisation-province'), 'Lào Cai', 'lao cai');
    await shot(page, 'organisation-form-vi-1366', false);
    const created = saved(page, 'POST');
    await page.getByTestId('organisation-form-submit').click();
    const body = (await (await created).json()) as { id: string; services: string[]; province: string | null };
    expect((await created).status()).toBe(201);
    expect([...body.services].sort()).toEqual(['food', 'shelter']);
    expect(body.province).toBe('Lào Cai');
    await form.waitFor({ state: 'detached' });

    await page.getByTestId(`organisation-edit-${body.id}`).click();
    await waitForOnScreen(page, form, 'the edit form');
    await checked('food').click();
    await checked('legal-aid').click();
    await pick(page, page.getByTestId('organisation-province'), 'Toàn quốc', 'toan quoc');
    const patched = saved(page, 'PATCH');
    await page.getByTestId('organisation-form-submit').click();
    const after = (await (await patched).json()) as { services: string[]; province: string | null };
    expect([...after.services].sort()).toEqual(['legal-aid', 'shelter']);
    expect(after.province).toBeNull();
    await expect.poll(() => row('Chùa Tân Bình').innerText()).toMatch(/Trợ giúp pháp lý[\s\S]*Toàn quốc/);
    await page.context().close();
  });

  it('in English and on a phone (cards), the services and province read as words; no WCAG 2.1 AA violation', { timeout: 90_000 }, async () => {
    for (const [lang, width] of [['en', 1366], ['en', 390], ['vi', 390], ['vi', 1366]] as const) {
      const page = await openList(lang, width);
      const shelter =
        width <= 390
          ? page.getByTestId('organisation-cards').locator('[data-testid^="organisation-card-"]', { hasText: 'Mái ấm Hoa Ban Lào Cai' })
          : page.getByTestId('organisation-table').locator('tr', { hasText: 'Mái ấm Hoa Ban Lào Cai' });
      expect(await shelter.innerText()).toMatch(lang === 'en' ? /Shelter[\s\S]*Lào Cai|Lào Cai[\s\S]*Shelter/ : /Nơi tạm lánh[\s\S]*Lào Cai|Lào Cai[\s\S]*Nơi tạm lánh/);
      if (width <= 390) {
        // The card's edit button is on screen, not off to the side.
        const box = await shelter.getByRole('button').boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      }
      await shot(page, `organisations-${lang}-${width}`);
      const listViolations = await axeViolations(page);
      expect(listViolations, describeViolations(`organisations ${lang} ${width}`, listViolations)).toEqual([]);
      await page.getByTestId(`organisation-create`).click();
      await waitForOnScreen(page, page.getByTestId('organisation-form'), 'the new organisation form');
      expect(await page.getByTestId('organisation-form').innerText()).toContain(lang === 'en' ? 'Services it receives referrals for' : 'Dịch vụ nhận chuyển gửi');
      await shot(page, `organisation-form-${lang}-${width}`, false);
      const formViolations = await axeViolations(page);
      expect(formViolations, describeViolations(`organisation form ${lang} ${width}`, formViolations)).toEqual([]);
      await page.context().close();
    }
  });
});

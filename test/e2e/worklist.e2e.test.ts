import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from './harness.js';

/**
 * The worklist in Chromium (issue 8, B7/B12/B14): on a phone (390 px) every flagged patient is a
 * card fully on screen, opened by keyboard or touch; on a desktop every row is a tab stop that
 * Enter or Space opens; recently discharged patients carry "đã ra viện dd/MM/yyyy"; the total shows.
 */
describe('the worklist in a real browser', () => {
  let app: E2eApp;
  let baseUrl: string;

  async function signedIn(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const page = await app.newPage({ lang: 'vi', width, height: 844, hasTouch: width < 500 });
    await app.signIn(page, 'ctxh.bvdklc', 'social_worker');
    return { context: page.context(), page };
  }

  beforeAll(async () => {
    app = await startE2eApp({ name: 'worklist', hospital: { patients: 200, seed: 11 } });
    baseUrl = app.baseUrl;
    const { context, page } = await signedIn(1366);
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-start-BVDKLC').click();
    await page.locator('[data-testid="sync-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    await context.close();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('on a phone: a list of cards, each fully on screen, opened from the keyboard and by a tap', async () => {
    const { context, page } = await signedIn(390);
    await page.goto(`${baseUrl}/worklist`);
    await page.getByTestId('worklist-cards').waitFor();
    const cards = page.locator('[data-testid^="worklist-row-"]');
    await cards.first().waitFor();
    expect(await page.getByTestId('worklist-table').count(), 'no wide table on a phone').toBe(0);
    for (const box of await Promise.all((await cards.all()).slice(0, 5).map((c) => c.boundingBox()))) {
      expect(box && box.x >= 0 && box.x + box.width <= 390, 'the card fits the screen').toBe(true);
    }
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'no sideways scrolling').toBeLessThanOrEqual(390);
    // Keyboard: the card's button is a tab stop; Enter opens the review.
    await page.locator('[data-testid^="worklist-open-"]').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('flag-review').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('flag-review').waitFor({ state: 'detached' });
    // Touch: a tap on the second card's button.
    await page.locator('[data-testid^="worklist-open-"]').nth(1).tap();
    await page.getByTestId('flag-review').waitFor();
    await context.close();
  });

  it('on a desktop: each row is a tab stop, and Enter or Space opens it; the total and the discharged marker show', async () => {
    const { context, page } = await signedIn(1366);
    await page.goto(`${baseUrl}/worklist`);
    await page.getByTestId('worklist-table').waitFor();
    const rows = page.locator('[data-testid^="worklist-row-"]');
    await rows.first().waitFor();
    const count = page.getByTestId('worklist-count');
    expect(Number(await count.getAttribute('data-total'))).toBeGreaterThanOrEqual(await rows.count());
    expect(await rows.first().getAttribute('tabindex')).toBe('0');
    expect(await rows.first().getAttribute('aria-label')).toContain('Xem xét');
    for (const [i, key] of [[0, 'Enter'], [1, 'Space']] as const) {
      await rows.nth(i).focus();
      await page.keyboard.press(key);
      const id = (await rows.nth(i).getAttribute('data-testid'))?.replace('worklist-row-', '');
      await page.locator(`[data-testid="flag-review"][data-flag="${id}"]`).waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('flag-review').waitFor({ state: 'detached' });
    }
    // With every patient shown, a discharged one is marked with the day they left.
    await page.goto(`${baseUrl}/worklist?presence=all&tier=all`);
    const marker = page.getByTestId('worklist-discharged').first();
    await marker.waitFor();
    expect(await marker.textContent()).toMatch(/^đã ra viện \d{2}\/\d{2}\/\d{4}$/);
    await context.close();
  });
});

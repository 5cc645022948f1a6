import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../server/clock.js';
import { axeViolations } from './a11y.js';
import { startE2eApp, type E2eApp, type Language } from './harness.js';

/**
 * The admin's home page warns about the working-day calendar (issue 9.3, decision 0018), by the
 * app's clock: in March 2027 there is no public-holiday table for 2028 (a red sentence); in March
 * 2026 the 2027 table is the Labour Code's days, not yet announced (a blue one); in both
 * languages, at desktop and phone width, with no serious accessibility finding.
 * SHOTS_DIR=… keeps a screenshot of each.
 */
const clock = settableClock('2027-03-01T03:00:00Z');
let e2e: E2eApp;
beforeAll(async () => {
  e2e = await startE2eApp({ name: 'clock_admin', clock });
});
afterAll(() => e2e?.stop());

const WORDS: Record<Language, { missing: string; provisional: string }> = {
  vi: { missing: 'Chưa có lịch ngày nghỉ lễ năm 2028', provisional: 'Lịch ngày nghỉ lễ năm 2027 mới được tính theo Bộ luật Lao động' },
  en: { missing: 'The public-holiday calendar for 2028 is missing', provisional: 'The public-holiday calendar for 2027 follows the Labour Code only' },
};

describe.each(['vi', 'en'] as const)('admin home in %s', (lang) => {
  it.each([1366, 390])('at %i px: the missing year in 2027, the provisional one in 2026', async (width) => {
    const page = await e2e.newPage({ lang, pinLanguage: true, width, bypassCSP: true });
    const admin = e2e.users.find((u) => u.role === 'admin');
    if (!admin) throw new Error('no demo admin');
    clock.set('2027-03-01T03:00:00Z');
    await e2e.signIn(page, admin.username, 'admin');
    const missing = page.getByTestId('holiday-table-missing');
    await expect.poll(() => missing.textContent()).toContain(WORDS[lang].missing);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await shot(page, `admin-home-missing-${lang}-${width}`);
    clock.set('2026-03-01T03:00:00Z');
    await page.reload();
    const provisional = page.getByTestId('holiday-table-provisional');
    await expect.poll(() => provisional.textContent()).toContain(WORDS[lang].provisional);
    expect(await page.getByTestId('holiday-table-missing').count()).toBe(0);
    await shot(page, `admin-home-provisional-${lang}-${width}`);
    await page.context().close();
  });
});

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from './harness.js';

/**
 * Issue 8 in Chromium, the screens around flag tiers: an admin moves a finding between "needs
 * support" and "watch" from a day on, in words, and sees the history; the flag review puts the
 * reasons that are a task first and marks the watch ones; on a 390 px phone the hospitals and
 * users lists are cards whose buttons are on screen, reached by keyboard and by a tap.
 */
const PHONE = 390;

interface TiersAnswer {
  day: string;
  tiers: { code: string; tier: string; ruleSetTier: string }[];
  overrides: { code: string; tier: string; effectiveFrom: string }[];
}

/** dd/MM/yyyy of the day after a YYYY-MM-DD day (calendar arithmetic, no clock). */
function dayAfter(day: string): { iso: string; shown: string } {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const iso = next.toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return { iso, shown: `${d}/${m}/${y}` };
}

describe('flag tiers on screen; phone lists as cards', () => {
  let e2e: E2eApp;

  // The harness runs the worker beside the app, as npm start does in demo mode: the census sync below needs it.
  beforeAll(async () => {
    e2e = await startE2eApp({ name: 'tiers_ui', hospital: { patients: 160, seed: 7 } });
  });

  afterAll(async () => {
    await e2e?.stop();
  });

  async function signIn(language: 'vi' | 'en', username: string, role: string, width = 1366): Promise<Page> {
    const page = await e2e.newPage({ lang: language, pinLanguage: true, width, height: 844, hasTouch: width <= PHONE });
    await e2e.signIn(page, username, role);
    return page;
  }

  const getJson = <T>(page: Page, path: string): Promise<T> =>
    page.evaluate(async (p) => {
      const res = await fetch(`/api/v1${p}`, { credentials: 'same-origin' });
      return (await res.json()) as T;
    }, path);

  /**
   * Whole box inside the phone's width as laid out, without scrolling anything sideways
   * (Playwright's scrollIntoView would scroll a wide table and hide the problem).
   */
  async function expectOnScreen(target: Locator): Promise<void> {
    await target.waitFor();
    // polled: a drawer's content slides in from the right
    const edges = async (): Promise<[number, number]> => {
      const box = await target.boundingBox();
      return box ? [box.x, box.x + box.width] : [-1, Infinity];
    };
    await expect.poll(async () => (await edges())[1], { timeout: 3000 }).toBeLessThanOrEqual(PHONE);
    expect((await edges())[0]).toBeGreaterThanOrEqual(0);
  }

  async function closeDrawer(page: Page, testId: string): Promise<void> {
    await page.locator('.ant-drawer-open .ant-drawer-close').click();
    await page.getByTestId(testId).waitFor({ state: 'detached' });
  }

  async function hospitalId(page: Page, code: string): Promise<string> {
    const list = await getJson<{ data: { id: string; code: string }[] }>(page, '/hospitals?limit=100');
    const h = list.data.find((x) => x.code === code);
    if (!h) throw new Error(`no hospital ${code}`);
    return h.id;
  }

  it('an admin moves findings between the tiers from a day on, in words, and sees the history', { timeout: 90_000 }, async () => {
    const page = await signIn('vi', 'quantri', 'admin');
    try {
      await page.getByTestId('nav-hospitals').click();
      await page.getByTestId('hospital-tiers-BVDKLC').click();
      const drawer = page.getByTestId('hospital-tiers');
      await drawer.waitFor({ timeout: 15_000 });
      const far = page.getByTestId('tier-row-far-from-home');
      await expect.poll(() => far.innerText()).toContain('Điều trị xa nhà');
      expect(await far.getByTestId('tier-current').getAttribute('data-tier')).toBe('watch');
      // words, never codes, on the whole screen
      const text = await drawer.innerText();
      for (const code of ['far-from-home', 'near-poor', 'high-cost', 'support', 'watch']) expect(text).not.toContain(code);
      expect(text).toContain('Chưa có thay đổi nào');

      // far from home: a task from today (the date defaults to today)
      await far.getByTestId('tier-switch-far-from-home').getByText('Cần hỗ trợ', { exact: true }).click();
      await far.getByTestId('tier-save').click();
      await expect.poll(() => far.getByTestId('tier-current').getAttribute('data-tier')).toBe('support');

      // long stay: a task from tomorrow, typed as dd/MM/yyyy
      const id = await hospitalId(page, 'BVDKLC');
      const before = await getJson<TiersAnswer>(page, `/hospitals/${id}/screening-tiers`);
      const tomorrow = dayAfter(before.day);
      const long = page.getByTestId('tier-row-long-stay');
      await long.getByTestId('tier-switch-long-stay').getByText('Cần hỗ trợ', { exact: true }).click();
      const date = page.locator('#tier-date-long-stay');
      await date.click();
      await date.fill(tomorrow.shown);
      await date.press('Enter');
      await long.getByTestId('tier-save').click();
      await expect
        .poll(() =>
          long
            .getByTestId('tier-scheduled')
            .innerText()
            .catch(() => ''),
        )
        .toContain(tomorrow.shown);
      expect(await long.getByTestId('tier-current').getAttribute('data-tier')).toBe('watch');

      const items = page.getByTestId('tier-history-item');
      await expect.poll(() => items.count()).toBe(2);
      expect(await items.first().innerText()).toContain(`Nằm viện dài ngày: Cần hỗ trợ, từ ${tomorrow.shown}`);
      expect(await items.nth(1).innerText()).toContain('Quản trị'); // who saved it, by name

      const after = await getJson<TiersAnswer>(page, `/hospitals/${id}/screening-tiers`);
      expect(after.overrides.map((o) => [o.code, o.tier, o.effectiveFrom])).toEqual([
        ['far-from-home', 'support', before.day],
        ['long-stay', 'support', tomorrow.iso],
      ]);
      expect(after.tiers.find((x) => x.code === 'far-from-home')?.tier).toBe('support');
    } finally {
      await page.context().close();
    }
  });

  it('the flag review lists the reasons that are a task first and marks the watch ones', { timeout: 180_000 }, async () => {
    const page = await signIn('vi', 'ctxh.bvdklc', 'social_worker');
    try {
      await page.goto(`${e2e.baseUrl}/sync`);
      await page.getByTestId('sync-start-BVDKLC').click();
      await page.locator('[data-testid="sync-status"][data-status="succeeded"]').waitFor({ timeout: 150_000 });
      const list = await getJson<{ data: { id: string; reasons: { tier?: string }[] }[] }>(
        page,
        '/worklist?tier=support&presence=all&limit=100',
      );
      const mixed = list.data.find((f) => f.reasons.some((r) => r.tier === 'watch') && f.reasons.some((r) => r.tier === 'support'));
      expect(mixed, 'a flag with reasons of both tiers').toBeDefined();
      await page.goto(`${e2e.baseUrl}/worklist?flag=${mixed?.id ?? ''}&presence=all`);
      await page.locator('[data-testid^="flag-reason-"]').first().waitFor({ timeout: 15_000 });
      const tiers = await page.locator('[data-testid^="flag-reason-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tier')));
      const firstWatch = tiers.indexOf('watch');
      expect(firstWatch).toBeGreaterThan(0);
      expect(
        tiers.slice(firstWatch).every((x) => x === 'watch'),
        `support reasons before watch ones: ${tiers.join(',')}`,
      ).toBe(true);
      const watchGroup = page.getByTestId('reason-group-watch');
      expect(await watchGroup.innerText()).toContain('Theo dõi: không phải việc cần làm, chỉ nâng ưu tiên');
      expect(await watchGroup.locator('[data-testid^="flag-reason-"]').count()).toBe(tiers.length - firstWatch);
    } finally {
      await page.context().close();
    }
  });

  it('on a 390 px phone the hospitals are cards: edit and flag tiers on screen, by keyboard and by tap', { timeout: 60_000 }, async () => {
    const page = await signIn('vi', 'quantri', 'admin', PHONE);
    try {
      await page.getByTestId('nav-hospitals').click();
      await page.getByTestId('page-hospitals').waitFor();
      const edit = page.getByTestId('hospital-edit-BVDKLC');
      await edit.waitFor();
      await expectOnScreen(edit);
      await expectOnScreen(page.getByTestId('hospital-tiers-BVDKLC'));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);
      await edit.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('hospital-form').waitFor();
      await closeDrawer(page, 'hospital-form');
      await page.getByTestId('hospital-tiers-BVDKLC').tap();
      await page.getByTestId('hospital-tiers').waitFor();
      await expectOnScreen(page.getByTestId('tier-switch-far-from-home'));
    } finally {
      await page.context().close();
    }
  });

  it('on a 390 px phone the users are cards: each edit button on screen, by keyboard and by tap', { timeout: 60_000 }, async () => {
    const page = await signIn('en', 'quantri', 'admin', PHONE);
    try {
      await page.getByTestId('nav-users').click();
      await page.getByTestId('page-users').waitFor();
      await page.getByTestId('user-search').fill('bvdklc');
      const edit = page.getByTestId('user-edit-ctxh.bvdklc');
      await edit.waitFor();
      await expectOnScreen(edit);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);
      await edit.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('user-form').waitFor();
      await closeDrawer(page, 'user-form');
      await page.getByTestId('user-edit-truong.bvdklc').tap();
      await page.getByTestId('user-form').waitFor();
    } finally {
      await page.context().close();
    }
  });
});

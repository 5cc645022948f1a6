import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './a11y.js';
import { startE2eApp, type E2eApp } from './harness.js';

/**
 * Issue 8, B11 and B12 in Chromium. Forms refuse a number they cannot take and say why, keeping
 * what was typed (antd's number box used to turn −3 people into 1, 5,000 into 30 and
 * −500.000 ₫ into 500.000 ₫); an empty submit lands on the first error; after a screening is
 * saved, focus is on its result. Counts read `1.946` in both languages. On a 390 px phone the
 * patient page's cost figures do not run into each other and the flag's review link stays in view.
 * The demo hospital has over a thousand patients so the census count needs a thousands separator.
 */
const THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;

describe('forms keep and explain numbers; phones and counts read right', () => {
  let app: E2eApp;
  let baseUrl: string;

  beforeAll(async () => {
    app = await startE2eApp({ name: 'forms', hospital: { patients: 1100, seed: 11 } });
    baseUrl = app.baseUrl;
  });

  afterAll(async () => {
    await app?.stop();
  });

  async function signIn(language: 'vi' | 'en', username: string, role: string, width = 1366): Promise<Page> {
    const page = await app.newPage({ lang: language, pinLanguage: true, width, height: 844, bypassCSP: true });
    await app.signIn(page, username, role);
    return page;
  }

  const errorOf = (page: Page, linkId: string): Locator => page.getByTestId(`question-${linkId}`).locator('.ant-form-item-explain-error');

  /** One census sync for the file, by the first test that needs patients (each test can run alone). */
  let synced = false;
  async function ensureSynced(page: Page): Promise<void> {
    if (synced) return;
    await page.goto(`${baseUrl}/sync`);
    await page.getByTestId('sync-start-BVDKLC').click();
    await page.locator('[data-testid="sync-status"][data-status="succeeded"]').waitFor({ timeout: 150_000 });
    synced = true;
  }

  async function openScreening(page: Page): Promise<void> {
    await ensureSynced(page);
    await page.goto(`${baseUrl}/patients`);
    await page.getByTestId('patients-tab-census').click();
    await page.locator('[data-testid^="census-open-"]').first().click();
    await page.getByTestId('patient-screen').click();
    await page.getByTestId('screening-form').waitFor();
  }

  it('counts read 1.946 in English too: the census sync of over a thousand patients', { timeout: 180_000 }, async () => {
    const page = await signIn('en', 'ctxh.bvdklc', 'social_worker');
    try {
      await ensureSynced(page);
      const count = (await page.getByTestId('sync-count-patients').locator('.ant-statistic-content-value').innerText()).trim();
      expect(count).toMatch(THOUSANDS);
      const history = await page.locator('[data-testid^="sync-run-"]').first().innerText();
      expect(history).toContain(count);
    } finally {
      await page.context().close();
    }
  });

  it(
    'the screening form refuses −3 people, 5,000 people and −500.000 ₫, says why and keeps what was typed',
    { timeout: 180_000 },
    async () => {
      const page = await signIn('vi', 'ctxh.bvdklc', 'social_worker');
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().includes('/screenings')) posts.push(r.url());
      });
      try {
        await openScreening(page);
        await page.getByTestId('q-residence-rural').click();
        await page.getByTestId('q-certificate-none').click();
        await page.getByTestId('q-household-size').fill('-3');
        await page.getByTestId('q-household-income').fill('-500.000');
        await page.getByTestId('screening-submit').click();
        await expect.poll(() => errorOf(page, 'household-size').innerText()).toMatch(/âm/);
        expect(await errorOf(page, 'household-income').innerText()).toMatch(/âm/);
        await page.getByTestId('q-household-income').blur();
        expect(await page.getByTestId('q-household-size').inputValue()).toBe('-3');
        expect(await page.getByTestId('q-household-income').inputValue()).toBe('-500.000');

        await page.getByTestId('q-household-size').fill('5,000');
        await page.getByTestId('screening-submit').click();
        await expect.poll(() => errorOf(page, 'household-size').innerText()).toMatch(/30/);
        expect(await errorOf(page, 'household-size').innerText()).toContain('5.000');
        expect(await page.getByTestId('q-household-size').inputValue()).toBe('5,000');
        expect(posts).toEqual([]);

        // right numbers go through, and focus lands on the result (the form it was in is gone)
        await page.getByTestId('q-household-size').fill('4');
        await page.getByTestId('q-household-income').fill('4.000.000');
        const answered = page.waitForResponse((r) => r.url().includes('/screenings') && r.request().method() === 'POST');
        await page.getByTestId('screening-submit').click();
        expect((await answered).status()).toBe(201);
        await page.getByTestId('screening-result').waitFor();
        await expect
          .poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="screening-result"]'))))
          .toBe(true);
      } finally {
        await page.context().close();
      }
    },
  );

  it(
    'an empty submit scrolls to the first unanswered question and puts focus in it; messages in English in English mode',
    { timeout: 180_000 },
    async () => {
      const page = await signIn('en', 'ctxh.bvdklc', 'social_worker', 390);
      try {
        await openScreening(page);
        await page.getByTestId('screening-submit').click();
        await page.locator('.ant-form-item-has-error').first().waitFor();
        const focus = await page.evaluate(() => {
          const first = document.querySelector('.ant-form-item-has-error');
          const active = document.activeElement;
          const box = active?.getBoundingClientRect();
          return {
            inFirst: Boolean(first && active && first.contains(active)),
            tag: active?.tagName,
            visible: Boolean(box && box.top >= 0 && box.bottom <= window.innerHeight),
          };
        });
        expect(focus).toEqual({ inFirst: true, tag: 'INPUT', visible: true });
        await page.getByTestId('q-household-size').fill('-3');
        await page.getByTestId('screening-submit').click();
        await expect.poll(() => errorOf(page, 'household-size').innerText()).toMatch(/negative/i);
      } finally {
        await page.context().close();
      }
    },
  );

  it(
    'the hospital form refuses a negative FHIR timeout instead of raising it to the minimum, and sends nothing',
    { timeout: 180_000 },
    async () => {
      const page = await signIn('vi', 'quantri', 'admin');
      const patches: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'PATCH' && r.url().includes('/hospitals/')) patches.push(r.url());
      });
      try {
        await page.getByTestId('nav-hospitals').click();
        await page.locator('[data-testid^="hospital-edit-"]').first().click();
        const timeout = page.getByTestId('hospital-form').locator('#fhir_timeoutMs');
        await timeout.fill('-5000');
        await timeout.blur();
        await page.getByTestId('hospital-form-submit').click();
        const error = page.getByTestId('hospital-form').locator('#fhir_timeoutMs_help');
        await expect.poll(() => error.innerText()).toMatch(/âm/);
        expect(await timeout.inputValue()).toBe('-5000');
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('fhir_timeoutMs');
        expect(patches).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );

  it('after signing in and after each move to another page, focus is on the new page, never lost', { timeout: 180_000 }, async () => {
    const page = await signIn('vi', 'ctxh.bvdklc', 'social_worker');
    const focusOnPage = (): Promise<boolean> => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="app-main"]')));
    try {
      await expect.poll(focusOnPage).toBe(true);
      await ensureSynced(page);
      await page.getByTestId('nav-patients').click(); // from the side menu
      await page.getByTestId('page-patients').waitFor();
      await expect.poll(focusOnPage).toBe(true);
      await page.getByTestId('patients-tab-census').click();
      await page.locator('[data-testid^="census-open-"]').first().click(); // from a link that goes away
      await page.getByTestId('page-patient').waitFor();
      await expect.poll(focusOnPage).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('on a 390 px phone the cost figures never overlap and the flag review link stays in view', { timeout: 180_000 }, async () => {
    const page = await signIn('vi', 'ctxh.bvdklc', 'social_worker', 390);
    try {
      // flagged patients, the one with the longest insurance share (the figure that used to overflow)
      await ensureSynced(page);
      const flagged = await page.evaluate(async () => {
        const res = await fetch('/api/v1/worklist?limit=20');
        const body = (await res.json()) as { data: { patient: { id: string } }[] };
        return [...new Set(body.data.map((f) => f.patient.id))].slice(0, 8);
      });
      expect(flagged.length).toBeGreaterThan(0);
      let best = { id: '', length: 0 };
      for (const id of flagged) {
        await page.goto(`${baseUrl}/patients/${id}`);
        const insurance = page.getByTestId('charges-insurance');
        if (
          !(await insurance.waitFor({ timeout: 10_000 }).then(
            () => true,
            () => false,
          ))
        )
          continue;
        const length = (await insurance.innerText()).length;
        if (length > best.length) best = { id, length };
      }
      expect(best.length, 'a flagged patient with BHYT paying ≥ 10.000.000 ₫').toBeGreaterThanOrEqual('10.000.000 ₫'.length);
      await page.goto(`${baseUrl}/patients/${best.id}`);
      await page.getByTestId('charges-insurance').waitFor();
      await page.locator('[data-testid^="patient-flag-open-"]').first().waitFor();
      const layout = await page.evaluate(() => {
        const box = (el: Element) => el.getBoundingClientRect();
        const card = document.querySelector('[data-testid="patient-charges"]')!;
        const values = ['charges-total', 'charges-insurance', 'charges-patient'].map((id) =>
          document.querySelector(`[data-testid="${id}"]`)!,
        );
        const texts = [...card.querySelectorAll('.amount__label, .amount__value')];
        const overlaps = texts.flatMap((a, i) =>
          texts.slice(i + 1).filter((b) => {
            const [p, q] = [box(a), box(b)];
            return p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1;
          }),
        ).length;
        const overflowing = values.filter((v) => v.scrollWidth > v.clientWidth + 1 || box(v).right > box(card).right).length;
        const title = card.querySelector('.ant-card-head-title')!;
        const link = document.querySelector('[data-testid^="patient-flag-open-"]')!;
        const flags = document.querySelector('[data-testid="patient-flags-list"]')!;
        return {
          overlaps,
          overflowing,
          titleTruncated: title.scrollWidth > title.clientWidth + 1,
          linkInView: box(link).left >= box(flags).left && box(link).right <= box(flags).right + 1 && box(link).right <= window.innerWidth,
        };
      });
      expect(layout).toEqual({ overlaps: 0, overflowing: 0, titleTruncated: false, linkInView: true });
      // and the phone layout (collapsed menu, icon-only sign-out) passes the same accessibility check
      const violations = await axeViolations(page);
      expect(violations, describeViolations('vi 390 px patient page', violations)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

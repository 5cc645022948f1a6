import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, submitScreening, type E2eApp } from './harness.js';

/**
 * A social worker's morning, end to end in Chromium: the demo hospital's FHIR server is linked,
 * she runs the census sync and watches the progress bar finish, opens the priority worklist,
 * reads a flag's reasons and confirms it (a case opens), then finds a patient by name without
 * diacritics and fills in the screening questionnaire rendered from the FHIR Questionnaire.
 */
describe('social work in a real browser', () => {
  let app: E2eApp;
  let baseUrl: string;
  let page: Page;

  beforeAll(async () => {
    app = await startE2eApp({ name: 'social_work', hospital: { patients: 150, seed: 5 } });
    baseUrl = app.baseUrl;
    page = await app.newPage({ lang: 'vi' });
    await app.signIn(page, 'ctxh.bvdklc', 'social_worker');
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('runs the census sync and watches the progress bar reach the end', async () => {
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('page-sync').waitFor();
    await page.getByTestId('sync-start-BVDKLC').click();
    await page.locator('[data-testid="sync-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    expect(Number(await page.getByTestId('sync-progress').getAttribute('data-percent'))).toBe(100);
  });

  it('opens the worklist, reads a flag with its reasons and confirms it: a case opens', async () => {
    await page.getByTestId('nav-worklist').click();
    await page.getByTestId('worklist-table').waitFor();
    const rows = page.locator('[data-testid^="worklist-row-"]');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await rows.first().click();
    await page.getByTestId('flag-review').waitFor();
    await page.locator('[data-testid^="flag-reason-"]').first().waitFor();
    // Confirming asks for a short note first; with it, the case opens and is shown on the patient's page.
    await page.getByTestId('flag-confirm').click();
    await page.getByTestId('flag-dismiss-reason-error').waitFor();
    await page.getByTestId('flag-dismiss-reason').fill('Hộ nghèo, cần hỗ trợ viện phí');
    await page.getByTestId('flag-confirm').click();
    await page.getByTestId('flag-case-id').click();
    await page.getByTestId('patient-case-card').waitFor();
    expect(await page.getByTestId('patient-case-note').textContent()).toContain('Hộ nghèo, cần hỗ trợ viện phí');
  });

  it('finds a patient by name without diacritics and records a screening questionnaire', { timeout: 90_000 }, async () => {
    await page.getByTestId('nav-patients').click();
    await page.getByTestId('page-patients').waitFor();
    const name = (await (await fetch(`${baseUrl}/demo-fhir/BVDKLC/Patient?_count=1`)).json()) as { entry: { resource: { name: { text?: string; family?: string; given?: string[] }[] } }[] };
    const first = name.entry[0]?.resource.name[0];
    const full = first?.text ?? [first?.family, ...(first?.given ?? [])].join(' ');
    const folded = full.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    await page.getByTestId('patient-search-q').fill(folded);
    await page.getByTestId('patient-search-submit').click();
    await page.getByTestId('patient-results').waitFor();
    const open = page.locator('[data-testid^="patient-open-"], [data-testid^="patient-link-"]').first();
    await open.waitFor();
    if ((await open.getAttribute('data-testid'))?.startsWith('patient-link-')) {
      await open.click();
      await page.locator('[data-testid^="patient-open-"]').first().waitFor();
    }
    await page.locator('[data-testid^="patient-open-"]').first().click();
    await page.getByTestId('page-patient').waitFor();
    await page.getByTestId('patient-screen').click();
    await page.getByTestId('page-screening').waitFor();
    await page.getByTestId('screening-form').waitFor();
    const res = await submitScreening(page);
    expect(res.status(), await res.text()).toBe(201);
    await page.getByTestId('screening-result').waitFor();
    expect(await page.getByTestId('screening-result').innerText()).toMatch(/\d/);
  });
});

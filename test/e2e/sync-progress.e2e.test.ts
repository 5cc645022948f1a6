import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HospitalModel } from '../../server/features/admin/hospitals.model.js';
import { SyncRunModel } from '../../server/features/sync/census-sync.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { startForgetfulProxy, type ForgetfulProxy } from '../setup/forgetful-proxy.js';
import { axeViolations } from './a11y.js';
import { startE2eApp, type E2eApp } from './harness.js';

/**
 * Issue 8 A4 in Chromium: a social worker watches the census sync of a hospital whose server
 * pages slowly. The bar follows the run over both phases and never goes back; when the server
 * leaves out Bundle.total, the bar moves without a number and the words say the pages and
 * patients read so far.
 */
interface Seen {
  percent: string | null;
  indeterminate: string | null;
  status: string | null;
  words: string | null;
}

describe('the census sync bar in a real browser', () => {
  let app: E2eApp;
  let demo: RunningDemoHospital;
  let proxy: ForgetfulProxy;
  let baseUrl: string;
  let page: Page;

  beforeAll(async () => {
    app = await startE2eApp({ name: 'sync' });
    baseUrl = app.baseUrl;
    // Ten encounters a page: a dozen pages over the two phases, each held a little at the proxy.
    demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 150, seed: 8, now: new Date(), limits: { maxCount: 10 } });
    proxy = await startForgetfulProxy(demo.baseUrl);
    proxy.pageDelayMs = 400;
    await HospitalModel.updateOne({ code: 'BVDKLC' }, { $set: { 'fhir.baseUrl': proxy.baseUrl, 'fhir.enabled': true, 'fhir.authType': 'none', 'fhir.timeoutMs': 15_000 } });
    page = await app.newPage({ lang: 'vi', bypassCSP: true });
    await app.signIn(page, 'ctxh.bvdklc', 'social_worker');
  });

  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await demo?.stop();
  });

  /** Starts a sync from the sync page and records the bar at every change until the run ends. */
  async function watchSync(): Promise<Seen[]> {
    await page.goto(`${baseUrl}/sync`);
    await page.getByTestId('page-sync').waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __seen: Seen[] };
      w.__seen = [];
      const record = (): void => {
        const bar = document.querySelector('[data-testid="sync-progress"]');
        if (!bar) return;
        const seen = {
          percent: bar.getAttribute('data-percent'),
          indeterminate: bar.getAttribute('data-indeterminate'),
          status: bar.getAttribute('data-status'),
          words: document.querySelector('[data-testid="sync-progress-words"]')?.textContent ?? null,
        };
        const last = w.__seen[w.__seen.length - 1];
        if (!last || JSON.stringify(last) !== JSON.stringify(seen)) w.__seen.push(seen);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.getByTestId('sync-start-BVDKLC').click();
    await page.locator('[data-testid="sync-status"][data-status="running"]').waitFor();
    const a11y = await axeViolations(page);
    expect(a11y, JSON.stringify(a11y.map((v) => [v.id, v.nodes.map((n) => [n.target, n.summary])]))).toEqual([]);
    await page.locator('[data-testid="sync-status"][data-status="succeeded"]').waitFor({ timeout: 90_000 });
    return page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);
  }

  it('with totals: a percentage over both phases that only moves forward, 100 only when done', async () => {
    proxy.omitTotal = false;
    const seen = await watchSync();
    const running = seen.filter((s) => s.status === 'running' && s.percent !== '');
    const percents = running.map((s) => Number(s.percent));
    expect(percents.length, JSON.stringify(seen)).toBeGreaterThan(2);
    for (let i = 1; i < percents.length; i++) expect(percents[i], JSON.stringify(percents)).toBeGreaterThanOrEqual(percents[i - 1] as number);
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(running.some((s) => s.words?.startsWith('Bước 2/2: Ra viện gần đây'))).toBe(true);
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ status: 'succeeded', percent: '100' });
    expect(last?.words).toMatch(/^Xong · [\d.]+ bệnh nhân$/);
  });

  it('without Bundle.total: a moving bar without a number, and the pages and patients read so far', async () => {
    proxy.omitTotal = true;
    // Forget the first test's run, so this one reads the whole census again (not only what changed).
    await SyncRunModel.deleteMany({});
    const seen = await watchSync();
    const running = seen.filter((s) => s.status === 'running');
    expect(running.length, JSON.stringify(seen)).toBeGreaterThan(1);
    expect(running.every((s) => s.percent === '' && s.indeterminate === 'true'), JSON.stringify(running)).toBe(true);
    expect(running.some((s) => /đã đọc [\d.]+ trang, [\d.]+ bệnh nhân \(chưa biết tổng số\)/.test(s.words ?? ''))).toBe(true);
    expect(seen[seen.length - 1]).toMatchObject({ status: 'succeeded', percent: '100' });
  });
});

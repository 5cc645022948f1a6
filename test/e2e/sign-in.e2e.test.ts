import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCredentials, seedDemoNetwork, type DemoCredential } from '../../server/demo/seed-network.js';
import type { Role } from '../../server/http/policy.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * End to end, in Debian's Chromium driven by playwright-core: the built client served by the
 * real app on a real database with the demo network seeded; one demo user of each role signs in
 * through the sign-in page and lands on that role's home page.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_DIST = resolve(process.env.CLIENT_DIST ?? 'client/dist');
const PASSWORD = 'e2e-demo-password-2026';

describe('sign-in in a real browser', () => {
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let baseUrl: string;
  let users: DemoCredential[];

  beforeAll(async () => {
    if (!existsSync(resolve(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run `npm run build:client` (npm test does)');
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
    t = await startTestApp({ clientDist: CLIENT_DIST });
    users = await seedDemoNetwork(PASSWORD);
    server = createServer(t.app);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await t?.close();
  });

  it('seeds at least 8 hospitals, 3 organisations and a demo user per role and tenant', () => {
    const byRole = (r: Role) => users.filter((u) => u.role === r);
    expect(byRole('social_worker').length).toBeGreaterThanOrEqual(8);
    expect(byRole('sw_lead').length).toBe(byRole('social_worker').length);
    expect(byRole('charity_partner')).toHaveLength(3);
    expect(byRole('coordinator')).toHaveLength(1);
    expect(byRole('admin')).toHaveLength(1);
    const printed = formatCredentials(users, PASSWORD, baseUrl);
    for (const u of users) expect(printed).toContain(u.username);
  });

  const roles: Role[] = ['social_worker', 'sw_lead', 'charity_partner', 'coordinator', 'admin'];
  for (const role of roles) {
    it(`a ${role} signs in and sees the ${role} home page, in Vietnamese`, async () => {
      const user = users.find((u) => u.role === role);
      if (!user) throw new Error(`no demo ${role}`);
      const context = await browser.newContext({ locale: 'vi-VN' });
      const page = await context.newPage();
      try {
        await page.goto(`${baseUrl}/`);
        await page.getByTestId('page-sign-in').waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe('vi');
        await page.getByTestId('sign-in-username').fill(user.username);
        await page.getByTestId('sign-in-password').fill(PASSWORD);
        await page.getByTestId('sign-in-submit').click();
        await page.getByTestId(`home-${role}`).waitFor({ timeout: 15_000 });
        const header = await page.getByTestId('current-user').innerText();
        expect(header).toContain(user.tenant === 'Mạng lưới' ? 'Mạng lưới' : user.tenant);
        // navigation fits the role: only admins manage users, only network staff read the audit log
        expect(await page.getByTestId('nav-users').count()).toBe(role === 'admin' ? 1 : 0);
        expect(await page.getByTestId('nav-audit').count()).toBe(role === 'admin' || role === 'coordinator' ? 1 : 0);
      } finally {
        await context.close();
      }
    });
  }

  it('refuses a wrong password on the sign-in page and stays there', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('sign-in-username').fill('quantri');
      await page.getByTestId('sign-in-password').fill('not-the-password');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('sign-in-error').waitFor();
      expect(await page.getByTestId('page-sign-in').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

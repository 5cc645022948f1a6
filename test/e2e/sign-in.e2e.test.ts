import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCredentials, type DemoCredential } from '../../server/demo/seed-network.js';
import type { Role } from '../../server/http/policy.js';
import { PASSWORD, startE2eApp, type E2eApp } from './harness.js';

/**
 * End to end, in Debian's Chromium driven by playwright-core: the built client served by the
 * real app on a real database with the demo network seeded; one demo user of each role signs in
 * through the sign-in page and lands on that role's home page.
 */
describe('sign-in in a real browser', () => {
  let app: E2eApp;
  let baseUrl: string;
  let users: DemoCredential[];

  beforeAll(async () => {
    // startTestApp's sign-in limits, as before the move to the harness
    app = await startE2eApp({ name: 'sign_in', config: { login: { maxFailures: 5, lockoutMinutes: 15, ratePerMinute: 1000 } } });
    ({ baseUrl, users } = app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('seeds at least 8 hospitals, 5 organisations (a shelter and a legal-aid centre among them) and a demo user per role and tenant', () => {
    const byRole = (r: Role) => users.filter((u) => u.role === r);
    expect(byRole('social_worker').length).toBeGreaterThanOrEqual(8);
    expect(byRole('sw_lead').length).toBe(byRole('social_worker').length);
    expect(byRole('charity_partner')).toHaveLength(5);
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['doitac.mai-am-hoa-ban', 'doitac.tro-giup-phap-ly']));
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
      const page = await app.newPage({ lang: 'vi' });
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
        await page.context().close();
      }
    });
  }

  it('refuses a wrong password on the sign-in page and stays there', async () => {
    const page = await app.newPage();
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('sign-in-username').fill('quantri');
      await page.getByTestId('sign-in-password').fill('not-the-password');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('sign-in-error').waitFor();
      expect(await page.getByTestId('page-sign-in').count()).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});

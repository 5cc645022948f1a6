import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from './harness.js';

/**
 * The client shows menus, pages and buttons by what the server's policy says the user may do
 * (the session's and the sign-in's `can`, issue 9 point 1), not by its own copy of the policy
 * keyed on the role. Proven by taking actions out of `can` on the wire: the admin's role is
 * unchanged, yet the audit log and hospital management disappear.
 */
describe('the client asks the session what its user may do', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startE2eApp({ name: 'access_can' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** Takes actions out of every `can` the server sends this page. */
  async function withhold(page: Page, actions: string[]): Promise<void> {
    for (const path of ['**/api/v1/auth/session', '**/api/v1/auth/login']) {
      await page.route(path, async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { can?: string[] };
        if (Array.isArray(body.can)) body.can = body.can.filter((a) => !actions.includes(a));
        await route.fulfill({ response, json: body });
      });
    }
  }

  const admin = (): string => {
    const u = app.users.find((x) => x.role === 'admin');
    if (!u) throw new Error('no demo admin');
    return u.username;
  };

  it('an admin with every action sees the audit log, the hospitals and their management', async () => {
    const page = await app.newPage({ lang: 'vi' });
    try {
      await app.signIn(page, admin(), 'admin');
      expect(await page.getByTestId('nav-audit').count()).toBe(1);
      await page.getByTestId('nav-hospitals').click();
      await page.getByTestId('hospital-create').waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('the same admin without audit.read and hospital.update in `can`: no audit entry or page, hospitals read-only', async () => {
    const page = await app.newPage({ lang: 'vi' });
    try {
      await withhold(page, ['audit.read', 'hospital.update']);
      await app.signIn(page, admin(), 'admin');
      expect(await page.getByTestId('nav-audit').count()).toBe(0);
      expect(await page.getByTestId('nav-users').count()).toBe(1);
      await page.goto(`${app.baseUrl}/audit`);
      await page.getByTestId('page-forbidden').waitFor();
      await page.goto(`${app.baseUrl}/hospitals`);
      await page.getByTestId('hospital-table').waitFor();
      expect(await page.getByTestId('hospital-create').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../server/clock.js';
import { findUserByUsername, updateUser } from '../../server/features/admin/users.service.js';
import { notify } from '../../server/notifications/notifications.api.js';
import { axeViolations, describeViolations } from './a11y.js';
import { animationsSettled, startE2eApp, waitForOnScreen, type E2eApp, type Language } from './harness.js';

/**
 * Notifications in Chromium: the bell in the header shows how many are unread; its drawer words
 * each one in the reader's language (Vietnamese first) with its time dd/MM/yyyy HH:mm; opening one
 * marks it read and goes to its page. The admin reads what was e-mailed in the captured-mail box.
 * Both at desktop and phone width, in both languages, checked by axe and for a page wider than
 * the screen; screenshots go to SHOTS for a person to look at.
 */
const SHOTS = process.env.NOTIFY_SHOTS ?? null;
const PHONE = 390;
const DESKTOP = 1366;
const clock = settableClock('2026-03-02T02:15:00Z'); // 09:15 in Vietnam
let app: E2eApp;
let lead: string;
let admin: string;

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

async function checkScreen(page: Page, name: string, width: number): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(name, violations)).toEqual([]);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide, `${name}: the page is wider than the screen`).toBeLessThanOrEqual(width);
}

beforeAll(async () => {
  app = await startE2eApp({ name: 'notifications', clock });
  lead = app.users.find((u) => u.role === 'sw_lead')?.username ?? '';
  admin = app.users.find((u) => u.role === 'admin')?.username ?? '';
  const record = await findUserByUsername(lead);
  if (!record?.hospitalId) throw new Error('no head of social work in the demo network');
  await updateUser(record._id.toHexString(), { email: 'truongphong@benhvien.example.vn' }, clock.now());
  const hospitalId = record.hospitalId.toHexString();
  await notify(
    {
      to: { hospitalId, roles: ['sw_lead'] },
      template: 'sync.failed',
      params: { hospital: 'Bệnh viện Đa khoa tỉnh Lào Cai', startedAt: '2026-03-02T01:05:00Z' },
      link: '/sync',
      idempotencyKey: 'e2e:sync-failed',
    },
    clock,
  );
  clock.advance(10 * 60_000);
  await notify(
    {
      to: { hospitalId, roles: ['sw_lead'] },
      template: 'flag.write-back-failed',
      params: { hospital: 'Bệnh viện Đa khoa tỉnh Lào Cai' },
      link: '/worklist',
      idempotencyKey: 'e2e:write-back',
    },
    clock,
  );
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

const WORDS: Record<Language, { writeBack: string; sync: string; unread: string }> = {
  vi: {
    writeBack: 'Chưa ghi được một cờ hỗ trợ xã hội vào hệ thống FHIR của Bệnh viện Đa khoa tỉnh Lào Cai',
    sync: '(bắt đầu lúc 02/03/2026 08:05) không thành công',
    unread: 'Bạn có 2 thông báo chưa đọc.',
  },
  en: {
    writeBack: 'A social-support flag could not be written to the FHIR system of Bệnh viện Đa khoa tỉnh Lào Cai',
    sync: '(started at 02/03/2026 08:05) failed',
    unread: 'You have 2 unread notifications.',
  },
};

describe.each([
  ['vi', DESKTOP],
  ['en', PHONE],
  ['vi', PHONE],
  ['en', DESKTOP],
] as const)('the bell, in %s at %i px', (lang, width) => {
  it('shows the unread count and words each notification, newest first, with its time', { timeout: 90_000 }, async () => {
    const page = await app.newPage({ lang, pinLanguage: true, width, bypassCSP: true });
    await app.signIn(page, lead, 'sw_lead');
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 10_000 }).toBe('2');
    await shot(page, `header-${lang}-${width}`);
    await bell.click();
    await page.getByTestId('notifications-list').waitFor();
    await expect.poll(() => page.getByTestId('notifications-summary').innerText(), { timeout: 10_000 }).toBe(WORDS[lang].unread);
    const texts = await page.getByTestId('notification-item').allInnerTexts();
    expect(texts[0]).toContain(WORDS[lang].writeBack);
    expect(texts[0]).toContain('02/03/2026 09:25');
    expect(texts[1]).toContain(WORDS[lang].sync);
    await animationsSettled(page); // the drawer's slide-in, for the picture and the colour check
    await shot(page, `bell-${lang}-${width}`);
    await checkScreen(page, `bell ${lang} ${width}`, width);
    await page.context().close();
  });
});

describe('opening a notification', () => {
  it('marks it read and goes to its page; "mark all" clears the count', { timeout: 90_000 }, async () => {
    const page = await app.newPage({ lang: 'vi', pinLanguage: true, width: DESKTOP });
    await app.signIn(page, lead, 'sw_lead');
    await page.getByTestId('notification-bell').click();
    await page.locator('[data-testid="notification-item"][data-template="sync.failed"]').click();
    await page.waitForURL(/\/sync$/);
    await expect.poll(() => page.getByTestId('notification-bell').getAttribute('data-unread'), { timeout: 10_000 }).toBe('1');
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notifications-read-all').click();
    await expect.poll(() => page.getByTestId('notification-bell').getAttribute('data-unread'), { timeout: 10_000 }).toBe('0');
    await expect.poll(() => page.getByTestId('notifications-summary').innerText(), { timeout: 10_000 }).toBe('Bạn đã đọc hết thông báo.');
    await page.context().close();
  });
});

describe.each([
  ['vi', DESKTOP],
  ['en', PHONE],
  ['en', DESKTOP],
  ['vi', PHONE],
] as const)('the captured-mail box, in %s at %i px', (lang, width) => {
  it('is reached from the bell and lists the mails as received, subject in both languages', { timeout: 90_000 }, async () => {
    const page = await app.newPage({ lang, pinLanguage: true, width, bypassCSP: true });
    await app.signIn(page, admin, 'admin');
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notifications-mailbox-link').click();
    await page.getByTestId('mailbox-list').waitFor();
    const items = page.getByTestId('mailbox-item');
    expect(await items.count()).toBe(2);
    expect(await items.first().innerText()).toContain(
      'Chưa ghi được một cờ hỗ trợ vào hồ sơ bệnh viện · A support flag could not be written to the hospital record',
    );
    expect(await items.first().innerText()).toContain('truongphong@benhvien.example.vn');
    await items.first().click();
    await animationsSettled(page); // the panel's opening, for the picture and the colour check
    const text = await page.getByTestId('mailbox-text').first().innerText();
    expect(text.indexOf('Xin chào')).toBeLessThan(text.indexOf('Hello'));
    await shot(page, `mailbox-${lang}-${width}`);
    await checkScreen(page, `mailbox ${lang} ${width}`, width);
    await page.context().close();
  });
});

describe.each([
  ['vi', DESKTOP],
  ['en', PHONE],
] as const)('the user form, in %s at %i px', (lang, width) => {
  it('shows the e-mail notifications go to, refuses one that is not an address, and saves a new one', { timeout: 90_000 }, async () => {
    const page = await app.newPage({ lang, pinLanguage: true, width, bypassCSP: true });
    await app.signIn(page, admin, 'admin');
    await page.goto(`${app.baseUrl}/users`);
    await page.getByTestId('user-search').fill(lead);
    const edit = page.getByTestId(`user-edit-${lead}`);
    await waitForOnScreen(page, edit, `the edit button of ${lead}`);
    await edit.click();
    const email = page.getByTestId('user-email');
    await expect.poll(() => email.inputValue(), { timeout: 10_000 }).toMatch(/@benhvien\.example\.vn$/);
    await email.fill('khong-phai-dia-chi');
    await page.getByTestId('user-form-submit').click();
    await page
      .getByText(lang === 'vi' ? 'Địa chỉ thư chưa đúng, ví dụ: ten@benhvien.vn.' : 'This is not an e-mail address, e.g. name@hospital.vn.')
      .waitFor();
    await shot(page, `user-form-${lang}-${width}`);
    await checkScreen(page, `user form ${lang} ${width}`, width);
    const address = `truong.${lang}@benhvien.example.vn`;
    await email.fill(address);
    const saved = page.waitForResponse((r) => r.url().includes('/api/v1/users/') && r.request().method() === 'PATCH');
    await page.getByTestId('user-form-submit').click();
    expect((await (await saved).json()) as { email: string }).toMatchObject({ email: address });
    expect((await findUserByUsername(lead))?.email).toBe(address);
    await page.context().close();
  });
});

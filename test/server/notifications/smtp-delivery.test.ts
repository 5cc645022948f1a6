import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { testConfig } from '../../../server/config.js';
import { notify, sendDueMails } from '../../../server/notifications/notifications.api.js';
import { MailModel, NotificationModel } from '../../../server/notifications/notifications.model.js';
import { makeHospital, makeUser } from '../../setup/factories.js';
import { startTestApp, type TestApp } from '../../setup/test-app.js';
import { freePort, startSmtpServer, type TestSmtpServer } from './smtp-test-server.js';

/**
 * E-mail through nodemailer to a real SMTP server (smtp-server, in this test): recipients, the
 * bilingual subject and body, the link into the app; TLS and authentication from SMTP_URL; one
 * mail per event however often it is handled; and a server that is down delays the mail (kept
 * pending, retried by the sweep) without losing the in-app notification.
 */
const PUBLIC_URL = 'https://nhipcau.example.vn';
const clock = settableClock('2026-03-02T02:15:00Z'); // 09:15 in Vietnam
const mailConfig = (smtpUrl: string): ReturnType<typeof testConfig>['mail'] => ({
  smtpUrl,
  capture: false,
  from: 'Nhịp Cầu <khong-tra-loi@nhipcau.example.vn>',
  publicUrl: PUBLIC_URL,
});

let smtp: TestSmtpServer;
let t: TestApp;

async function emailedUser(role: 'social_worker' | 'sw_lead', hospitalId: string, email: string): Promise<string> {
  const { updateUser } = await import('../../../server/features/admin/users.service.js');
  const u = await makeUser(role, { hospitalId });
  await updateUser(u.id, { email }, new Date()); // a fixture: the wall clock is fine
  return u.id;
}

describe('e-mail to a real SMTP server', () => {
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ mail: mailConfig(`smtp://127.0.0.1:${smtp.port}`) }, { clock });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  afterEach(() => {
    smtp.received.length = 0;
  });

  it('sends one bilingual mail to each recipient with an address: Vietnamese first, a link into the app, a subject without params', async () => {
    const hospitalId = (await makeHospital({ name: 'Bệnh viện Đa khoa tỉnh Lào Cai' })).id;
    const starter = await emailedUser('social_worker', hospitalId, 'Lan.Nguyen@Benhvien.example.vn');
    await emailedUser('sw_lead', hospitalId, 'truongphong@benhvien.example.vn');
    await makeUser('sw_lead', { hospitalId }); // a second head of social work, without an address: in-app only
    await emailedUser('social_worker', hospitalId, 'dong-nghiep@benhvien.example.vn'); // not a recipient
    await notify(
      {
        to: { userIds: [starter], hospitalId, roles: ['sw_lead'] },
        template: 'sync.failed',
        params: { hospital: 'Bệnh viện Đa khoa tỉnh Lào Cai', startedAt: '2026-03-02T01:05:00Z' },
        link: '/sync',
        idempotencyKey: 'test:sync-failed:1',
      },
      clock,
    );
    const mails = await smtp.waitFor(2);
    expect(
      mails
        .map((m) => m.envelopeTo)
        .flat()
        .sort(),
    ).toEqual(['lan.nguyen@benhvien.example.vn', 'truongphong@benhvien.example.vn']);
    const { mail } = mails[0]!;
    expect(mail.subject).toBe('Đồng bộ danh sách nội trú không thành công · Census sync failed');
    expect(mail.from?.text).toContain('khong-tra-loi@nhipcau.example.vn');
    const text = mail.text ?? '';
    const vi = text.indexOf(
      'Lần đồng bộ danh sách bệnh nhân nội trú của Bệnh viện Đa khoa tỉnh Lào Cai, bắt đầu lúc 02/03/2026 08:05, đã không thành công.',
    );
    const en = text.indexOf('The inpatient census sync of Bệnh viện Đa khoa tỉnh Lào Cai, started at 02/03/2026 08:05, failed.');
    expect(vi, text).toBeGreaterThanOrEqual(0);
    expect(en, 'English follows Vietnamese').toBeGreaterThan(vi);
    expect(text).toContain(`Mở Nhịp Cầu: ${PUBLIC_URL}/sync`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/sync"`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    // In-app: one row for each of the three recipients, the one without an address included.
    expect(await NotificationModel.countDocuments({ idempotencyKey: 'test:sync-failed:1' })).toBe(3);
    expect(await MailModel.countDocuments({ idempotencyKey: 'test:sync-failed:1', status: 'sent' })).toBe(2);
  });

  it('handles the same event twice (and at once) with one mail and one in-app row per recipient', async () => {
    const hospitalId = (await makeHospital()).id;
    const user = await emailedUser('sw_lead', hospitalId, 'mot-lan@benhvien.example.vn');
    const n = {
      to: { userIds: [user] },
      template: 'flag.write-back-failed' as const,
      params: { hospital: 'BV thử' },
      link: '/worklist',
      idempotencyKey: 'test:write-back:flag-1',
    };
    await Promise.all([notify(n, clock), notify(n, clock)]);
    await notify(n, clock);
    await smtp.waitFor(1);
    await sendDueMails(clock);
    expect(smtp.received).toHaveLength(1);
    expect(await NotificationModel.countDocuments({ recipientId: user })).toBe(1);
    expect(await MailModel.countDocuments({ recipientId: user })).toBe(1);
  });
});

describe('SMTP with STARTTLS and a password, from SMTP_URL', () => {
  it('upgrades to TLS and signs in with the URL’s user before sending', async () => {
    smtp = await startSmtpServer({
      disabledCommands: [],
      authOptional: false,
      onAuth: (auth, _session, cb) =>
        auth.username === 'nhipcau' && auth.password === 'mat-khau-smtp' ? cb(null, { user: auth.username }) : cb(new Error('bad login')),
    });
    // smtp-server's own certificate is self-signed: the URL says to accept it, and to require TLS.
    t = await startTestApp(
      { mail: mailConfig(`smtp://nhipcau:mat-khau-smtp@127.0.0.1:${smtp.port}/?requireTLS=true&tls.rejectUnauthorized=false`) },
      { clock },
    );
    try {
      const hospitalId = (await makeHospital()).id;
      const user = await emailedUser('social_worker', hospitalId, 'tls@benhvien.example.vn');
      await notify(
        {
          to: { userIds: [user] },
          template: 'sync.completed',
          params: { hospital: 'BV thử', startedAt: '2026-03-02T01:00:00Z', patients: 1946 },
          link: '/sync',
          idempotencyKey: 'test:tls',
        },
        clock,
      );
      const [got] = await smtp.waitFor(1);
      expect(got).toMatchObject({ secure: true, user: 'nhipcau', envelopeTo: ['tls@benhvien.example.vn'] });
      expect(got?.mail.text).toContain('1.946 bệnh nhân được cập nhật');
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});

describe('an SMTP server that is down', () => {
  it('keeps the in-app notification, leaves the mail pending, and sends it on a later sweep once the server is back', async () => {
    const port = await freePort();
    t = await startTestApp({ mail: mailConfig(`smtp://127.0.0.1:${port}`) }, { clock });
    try {
      const hospitalId = (await makeHospital()).id;
      const user = await emailedUser('sw_lead', hospitalId, 'cho-gui@benhvien.example.vn');
      await notify(
        {
          to: { userIds: [user] },
          template: 'sync.failed',
          params: { hospital: 'BV thử', startedAt: '2026-03-02T01:00:00Z' },
          link: '/sync',
          idempotencyKey: 'test:down',
        },
        clock,
      );
      expect(await NotificationModel.countDocuments({ recipientId: user })).toBe(1);
      const waiting = await MailModel.findOne({ recipientId: user }).lean();
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
      expect(waiting?.lastError).toBeTruthy();
      expect(await sendDueMails(clock), 'not yet due: the retry waits for its backoff').toBe(0);

      smtp = await startSmtpServer({}, port);
      clock.advance(61_000);
      expect(await sendDueMails(clock)).toBe(1);
      const [got] = await smtp.waitFor(1);
      expect(got?.envelopeTo).toEqual(['cho-gui@benhvien.example.vn']);
      expect(await MailModel.findOne({ recipientId: user }).lean()).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      await smtp.close();
    } finally {
      await t.close();
    }
  });
});

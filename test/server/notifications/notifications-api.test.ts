import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { testConfig } from '../../../server/config.js';
import { notify } from '../../../server/notifications/notifications.api.js';
import { makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp, type TestApp } from '../../setup/test-app.js';

/**
 * The API of notifications: my own, newest first, with the unread count; marking one or all read;
 * another user's notification answers 404. The capture mailbox: what the service e-mailed, as a
 * real SMTP server received it, listed for the admin; 404 when the mailbox is off.
 */
const clock = settableClock('2026-03-02T02:00:00Z');
let t: TestApp;

const sent = (key: string, userId: string, hospital = 'BV thử'): Promise<void> =>
  notify(
    {
      to: { userIds: [userId] },
      template: 'sync.completed',
      params: { hospital, startedAt: clock.now().toISOString(), patients: 12 },
      link: '/sync',
      idempotencyKey: key,
    },
    clock,
  );

describe('my notifications', () => {
  let me: SignedIn;
  let other: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    const hospitalId = (await makeHospital()).id;
    me = await signInAs(t.app, 'social_worker', { hospitalId });
    other = await signInAs(t.app, 'social_worker', { hospitalId });
  });
  afterAll(() => t.close());

  it('lists mine only, newest first, with the unread count, and pages by cursor', async () => {
    for (const n of [1, 2, 3]) {
      await sent(`api:mine:${n}`, me.user.id, `Bệnh viện ${n}`);
      clock.advance(60_000);
    }
    await sent('api:theirs', other.user.id);
    const first = await me.agent.get('/api/v1/notifications?limit=2').expect(200);
    expect(first.body.unread).toBe(3);
    expect(first.body.data.map((n: { params: { hospital: string } }) => n.params.hospital)).toEqual(['Bệnh viện 3', 'Bệnh viện 2']);
    expect(first.body.data[0]).toMatchObject({
      template: 'sync.completed',
      link: '/sync',
      readAt: null,
      createdAt: '2026-03-02T02:02:00.000Z',
    });
    const second = await me.agent.get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor as string}`).expect(200);
    expect(second.body.data.map((n: { params: { hospital: string } }) => n.params.hospital)).toEqual(['Bệnh viện 1']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('marks one read (keeping the first reading time), not another user’s (404), then all', async () => {
    const list = await me.agent.get('/api/v1/notifications').expect(200);
    const [newest] = list.body.data as { id: string }[];
    const read = await me.agent.post(`/api/v1/notifications/${newest!.id}/read`).set('x-csrf-token', me.csrf).expect(200);
    expect(read.body.readAt).toBe(clock.now().toISOString());
    clock.advance(5 * 60_000);
    const again = await me.agent.post(`/api/v1/notifications/${newest!.id}/read`).set('x-csrf-token', me.csrf).expect(200);
    expect(again.body.readAt, 'the first reading time stays').toBe(read.body.readAt);

    const res = await other.agent.post(`/api/v1/notifications/${newest!.id}/read`).set('x-csrf-token', other.csrf).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await me.agent.get('/api/v1/notifications?unread=true').expect(200)).body).toMatchObject({ unread: 2 });

    const all = await me.agent.post('/api/v1/notifications/read-all').set('x-csrf-token', me.csrf).expect(200);
    expect(all.body).toEqual({ marked: 2 });
    const after = await me.agent.get('/api/v1/notifications?unread=true').expect(200);
    expect(after.body).toEqual({ data: [], nextCursor: null, unread: 0 });
    expect((await other.agent.get('/api/v1/notifications').expect(200)).body.unread, 'read-all marks only mine').toBe(1);
  });
});

describe('the capture mailbox', () => {
  beforeAll(async () => {
    t = await startTestApp({ mail: { ...testConfig().mail, capture: true, publicUrl: 'http://localhost:3000' } }, { clock });
  });
  afterAll(() => t.close());

  it('keeps every mail the service sent, as received over SMTP, for the admin, newest first', async () => {
    const admin = await signInAs(t.app, 'admin');
    const hospitalId = (await makeHospital()).id;
    const lead = await signInAs(t.app, 'sw_lead', { hospitalId });
    await admin.agent
      .patch(`/api/v1/users/${lead.user.id}`)
      .set('x-csrf-token', admin.csrf)
      .send({ email: 'Truong.Phong@BenhVien.example.vn' })
      .expect(200);
    await notify(
      {
        to: { hospitalId, roles: ['sw_lead'] },
        template: 'sync.failed',
        params: { hospital: 'BV Lào Cai', startedAt: '2026-03-02T01:00:00Z' },
        link: '/sync',
        idempotencyKey: 'capture:1',
      },
      clock,
    );
    await notify(
      {
        to: { userIds: [lead.user.id] },
        template: 'sync.completed',
        params: { hospital: 'BV Lào Cai', startedAt: '2026-03-02T01:00:00Z', patients: 5 },
        link: '/sync',
        idempotencyKey: 'capture:2',
      },
      clock,
    );

    const box = await admin.agent.get('/api/v1/admin/mailbox').expect(200);
    expect(box.body.data).toHaveLength(2);
    expect(box.body.data[0]).toMatchObject({
      to: ['truong.phong@benhvien.example.vn'],
      subject: 'Đồng bộ danh sách nội trú đã xong · Census sync finished',
    });
    expect(box.body.data[1].subject).toBe('Đồng bộ danh sách nội trú không thành công · Census sync failed');
    expect(box.body.data[1].text).toContain('Mở Nhịp Cầu: http://localhost:3000/sync');
    expect(box.body.data[1].from).toContain('khong-tra-loi@nhipcau.vn');
    await lead.agent.get('/api/v1/admin/mailbox').expect(403);
  });
});

describe('without the capture mailbox', () => {
  beforeAll(async () => {
    t = await startTestApp({ mail: { ...testConfig().mail, capture: false } }, { clock });
  });
  afterAll(() => t.close());

  it('the mailbox answers 404, and notifications are in-app only', async () => {
    const admin = await signInAs(t.app, 'admin');
    const res = await admin.agent.get('/api/v1/admin/mailbox').expect(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', params: { resource: 'captureMailbox' } });
    await sent('off:1', admin.user.id);
    expect((await admin.agent.get('/api/v1/notifications').expect(200)).body.unread).toBe(1);
  });
});

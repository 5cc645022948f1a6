import { Types } from 'mongoose';
import type { Clock } from '../clock.js';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { findAddressees, type NotificationAddressee } from '../features/admin/users.service.js';
import { badRequest, notFound } from '../errors.js';
import { decodeCursor, toPage, type Page } from '../http/pagination.js';
import type { Role } from '../http/policy.js';
import { deliver, mailEnabled } from './notifications.mail.js';
import { MailModel, NotificationModel, type NotificationParams, type NotificationRecord } from './notifications.model.js';
import { declaredParams, isTemplateId, type TemplateId } from './notifications.templates.js';

/**
 * `notify`: the one way a feature tells people something. One in-app row per recipient, and an
 * e-mail to each recipient who has an address, both idempotent on (idempotencyKey, recipient):
 * a consumer that handles the same event twice leaves one row and sends one mail.
 */
export interface NotifyInput {
  /** Users by id, and/or a hospital's or an organisation's users (of some roles), and/or the network's users of some roles. */
  to: { userIds?: string[]; hospitalId?: string; organisationId?: string; roles?: Role[] };
  template: TemplateId;
  params: NotificationParams;
  /** A path in the app, e.g. `/sync`. */
  link?: string;
  idempotencyKey: string;
}

export async function notify(n: NotifyInput, clock: Clock): Promise<void> {
  if (!isTemplateId(n.template)) throw new Error(`notify: unknown template ${String(n.template)}`);
  const params = declaredParams(n.template, n.params);
  const link = n.link ?? null;
  const recipients = await findAddressees(n.to);
  const pending: Types.ObjectId[] = [];
  for (const r of recipients) {
    const notification = await upsertNotification(r, n, params, link, clock.now());
    if (r.email && mailEnabled()) {
      const mail = await upsertMail(r, notification, clock.now());
      if (mail.status === 'pending') pending.push(mail._id);
    }
  }
  // Sent now, side by side, when the server answers; otherwise left pending for the sweep (the in-app rows stay either way).
  await Promise.all(pending.map((id) => deliver(id, clock)));
}

/** Insert-if-absent under the unique (key, recipient) index: a concurrent twin's insert wins and is read back. */
async function upsertOnce<T>(insert: () => Promise<T | null>, read: () => Promise<T | null>): Promise<T> {
  try {
    const row = await insert();
    if (row) return row;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const row = await read();
  if (!row) throw new Error('notification row vanished');
  return row;
}

function upsertNotification(
  r: NotificationAddressee,
  n: NotifyInput,
  params: NotificationParams,
  link: string | null,
  now: Date,
): Promise<NotificationRecord> {
  const key = { idempotencyKey: n.idempotencyKey, recipientId: new Types.ObjectId(r.id) };
  return upsertOnce(
    () =>
      NotificationModel.findOneAndUpdate(
        key,
        // The id is made here (time-ordered in this process), not by the server on upsert: it breaks ties of createdAt.
        { $setOnInsert: { _id: new Types.ObjectId(), template: n.template, params, link, createdAt: now, readAt: null } },
        { upsert: true, returnDocument: 'after' },
      ).lean<NotificationRecord>(),
    () => NotificationModel.findOne(key).lean<NotificationRecord>(),
  );
}

function upsertMail(r: NotificationAddressee, nr: NotificationRecord, now: Date): Promise<{ _id: Types.ObjectId; status: string }> {
  const key = { idempotencyKey: nr.idempotencyKey, recipientId: nr.recipientId };
  const insert = {
    notificationId: nr._id,
    to: r.email,
    template: nr.template,
    params: nr.params,
    link: nr.link,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    sentAt: null,
    createdAt: now,
  };
  return upsertOnce(
    () =>
      MailModel.findOneAndUpdate(key, { $setOnInsert: insert }, { upsert: true, returnDocument: 'after' }).lean<{
        _id: Types.ObjectId;
        status: string;
      }>(),
    () => MailModel.findOne(key, { status: 1 }).lean<{ _id: Types.ObjectId; status: string }>(),
  );
}

export interface NotificationView {
  id: string;
  template: string;
  params: NotificationParams;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

function toView(n: NotificationRecord): NotificationView {
  return {
    id: n._id.toHexString(),
    template: n.template,
    params: n.params,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}

/** Where a page ends: the last row's time and id (keyset paging on createdAt, then _id). */
function after(cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const { at, id } = decodeCursor(cursor);
  const when = typeof at === 'string' ? new Date(at) : null;
  if (!when || Number.isNaN(when.getTime()) || typeof id !== 'string' || !/^[a-f0-9]{24}$/.test(id)) {
    throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [
      { path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' },
    ]);
  }
  return { $or: [{ createdAt: { $lt: when } }, { createdAt: when, _id: { $lt: new Types.ObjectId(id) } }] };
}

/** The user's own notifications, newest first, with how many are unread. */
export async function listMine(
  userId: string,
  q: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
): Promise<Page<NotificationView> & { unread: number }> {
  const recipientId = new Types.ObjectId(userId);
  const filter = { recipientId, ...after(q.cursor), ...(q.unread ? { readAt: null } : {}) };
  const [rows, unread] = await Promise.all([
    NotificationModel.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<NotificationRecord[]>(),
    NotificationModel.countDocuments({ recipientId, readAt: null }),
  ]);
  return { ...toPage(rows, q.limit, toView, (r) => ({ at: r.createdAt.toISOString(), id: r._id.toHexString() })), unread };
}

/** Marks one of the user's own notifications read (the first reading time is kept). Another's answers 404. */
export async function markRead(userId: string, id: string, now: Date): Promise<NotificationView> {
  const own = { _id: new Types.ObjectId(id), recipientId: new Types.ObjectId(userId) };
  await NotificationModel.updateOne({ ...own, readAt: null }, { $set: { readAt: now } });
  const row = await NotificationModel.findOne(own).lean<NotificationRecord>();
  if (!row) throw notFound('Notification');
  return toView(row);
}

export async function markAllRead(userId: string, now: Date): Promise<{ marked: number }> {
  const res = await NotificationModel.updateMany({ recipientId: new Types.ObjectId(userId), readAt: null }, { $set: { readAt: now } });
  return { marked: res.modifiedCount };
}

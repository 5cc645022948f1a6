import nodemailer, { type Transporter } from 'nodemailer';
import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import type { MailConfig } from '../config.js';
import { startCaptureMailbox, type CaptureMailbox } from './capture-mailbox.js';
import { appLink, composeMail } from './notifications.compose.js';
import { MailModel, type MailRecord } from './notifications.model.js';
import { isTemplateId } from './notifications.templates.js';

/**
 * E-mail delivery. The transport follows the configuration: SMTP_URL (a hospital's or a provider's
 * server), or the capture mailbox (demo, tests), or none (in-app only). Each mail is a row with its
 * own retry state: a send that fails is tried again later with backoff (by the next notify or the
 * sweep job), up to BACKOFF_MINUTES.length retries, then left as 'failed' for the record.
 */
interface Settings {
  mail: MailConfig;
  /** Stamps the capture mailbox's received mails; sends take the caller's clock. */
  clock: Clock;
  log: Logger;
}

let settings: Settings | null = null;
let transport: Promise<{ transporter: Transporter; mailbox: CaptureMailbox | null }> | null = null;

export const BACKOFF_MINUTES = [1, 5, 15, 60, 240] as const;
/** How long a claimed mail is held before another sender may try it (a sender that died mid-send). */
const CLAIM_MS = 2 * 60_000;

/** Called by createApp and by the worker's runtime; settings that change drop the open transport. */
export function configureNotifications(s: Omit<Settings, 'clock'> & { clock?: Clock }): void {
  const changed = JSON.stringify(settings?.mail) !== JSON.stringify(s.mail);
  settings = { ...s, clock: s.clock ?? systemClock };
  if (changed) void closeNotifications();
  if (changed && !s.mail.smtpUrl && !s.mail.capture) s.log.warn('e-mail is off (no SMTP_URL): notifications are in-app only');
}

export function mailSettings(): Settings | null {
  return settings;
}

/** True when mails are sent (SMTP or capture); false when notifications are in-app only. */
export function mailEnabled(): boolean {
  return !!settings && (!!settings.mail.smtpUrl || settings.mail.capture);
}

export async function closeNotifications(): Promise<void> {
  const t = transport;
  transport = null;
  if (!t) return;
  const { transporter, mailbox } = await t.catch(() => ({ transporter: null, mailbox: null }));
  transporter?.close();
  await mailbox?.close();
}

async function openTransport(s: Settings): Promise<{ transporter: Transporter; mailbox: CaptureMailbox | null }> {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  if (s.mail.smtpUrl) return { transporter: nodemailer.createTransport({ url: s.mail.smtpUrl, ...timeouts }), mailbox: null };
  const mailbox = await startCaptureMailbox(s.clock, s.log);
  return {
    transporter: nodemailer.createTransport({ host: '127.0.0.1', port: mailbox.port, secure: false, ignoreTLS: true, ...timeouts }),
    mailbox,
  };
}

function transporter(s: Settings): Promise<Transporter> {
  transport ??= openTransport(s);
  const t = transport;
  // A capture mailbox that failed to start is tried again on the next send.
  t.catch(() => {
    if (transport === t) transport = null;
  });
  return t.then((x) => x.transporter);
}

/** Claims a due mail (moving its next attempt forward) so that no other sender takes it meanwhile. */
async function claim(id: Types.ObjectId, now: Date): Promise<MailRecord | null> {
  return MailModel.findOneAndUpdate(
    { _id: id, status: 'pending', nextAttemptAt: { $lte: now } },
    { $set: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) }, $inc: { attempts: 1 } },
    { returnDocument: 'after' },
  ).lean<MailRecord>();
}

/** Sends one mail if it is due; returns its status after the attempt (null when not due or taken by another sender). */
export async function deliver(id: Types.ObjectId, clock: Clock): Promise<MailRecord['status'] | null> {
  const s = settings;
  if (!s || !mailEnabled()) return null;
  const mail = await claim(id, clock.now());
  if (!mail) return null;
  if (!isTemplateId(mail.template)) {
    await MailModel.updateOne({ _id: mail._id }, { $set: { status: 'failed', lastError: `unknown template ${mail.template}` } });
    return 'failed';
  }
  const composed = composeMail(mail.template, mail.params, appLink(s.mail.publicUrl, mail.link));
  try {
    await (
      await transporter(s)
    ).sendMail({
      from: s.mail.from,
      to: mail.to,
      subject: composed.subject,
      text: composed.text,
      html: composed.html,
      // Stable per mail: a retry after a lost answer carries the same id, so mail clients can fold duplicates.
      messageId: `<notification-${mail._id.toHexString()}@nhipcau>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Nhipcau-Template': mail.template },
    });
    await MailModel.updateOne({ _id: mail._id }, { $set: { status: 'sent', sentAt: clock.now(), lastError: null } });
    s.log.info(
      { mailId: mail._id.toHexString(), recipientId: mail.recipientId.toHexString(), template: mail.template },
      'notification e-mail sent',
    );
    return 'sent';
  } catch (err) {
    return failed(s, mail, err, clock);
  }
}

async function failed(s: Settings, mail: MailRecord, err: unknown, clock: Clock): Promise<MailRecord['status']> {
  const message = err instanceof Error ? err.message.slice(0, 500) : String(err);
  const retry = mail.attempts <= BACKOFF_MINUTES.length;
  const delay = (BACKOFF_MINUTES[mail.attempts - 1] ?? 240) * 60_000;
  const status = retry ? 'pending' : 'failed';
  await MailModel.updateOne(
    { _id: mail._id },
    { $set: { status, lastError: message, nextAttemptAt: new Date(clock.now().getTime() + delay) } },
  );
  s.log.warn(
    { mailId: mail._id.toHexString(), recipientId: mail.recipientId.toHexString(), attempt: mail.attempts, status, error: message },
    'notification e-mail not sent',
  );
  return status;
}

/** The sweep: every pending mail whose time has come. Run by the scheduler's job; tests may call it. */
export async function sendDueMails(clock: Clock, limit = 100): Promise<number> {
  if (!mailEnabled()) return 0;
  const due = await MailModel.find({ status: 'pending', nextAttemptAt: { $lte: clock.now() } }, { _id: 1 })
    .sort({ nextAttemptAt: 1 })
    .limit(limit)
    .lean();
  let sent = 0;
  for (const m of due) if ((await deliver(m._id, clock)) === 'sent') sent += 1;
  return sent;
}

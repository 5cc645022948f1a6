import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../clock.js';
import { cursorObjectId, toPage, type Page } from '../http/pagination.js';
import { CapturedMailModel, type CapturedMailRecord } from './notifications.model.js';

/**
 * The demo's capture mailbox: a real SMTP server (smtp-server) on a loopback port of this
 * process. Nodemailer delivers to it exactly as it would to a hospital's mail server; each mail
 * is parsed back (mailparser) and kept in MongoDB, where the admin reads it ("Hộp thư thử").
 * Nothing leaves the machine, so a demo never e-mails a real address.
 */
export interface CaptureMailbox {
  port: number;
  close(): Promise<void>;
}

const MAX_MAIL_BYTES = 1024 * 1024;

export async function startCaptureMailbox(clock: Clock, log: Logger): Promise<CaptureMailbox> {
  const server = new SMTPServer({
    name: 'nhipcau-capture.local',
    banner: 'Nhịp Cầu capture mailbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MAIL_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      simpleParser(stream)
        .then((mail) =>
          CapturedMailModel.create({
            messageId: mail.messageId ?? null,
            from: mail.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            to,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : null,
            receivedAt: clock.now(),
          }),
        )
        .then(
          () => callback(),
          (err: unknown) => {
            log.error({ err }, 'capture mailbox could not store a mail');
            callback(new Error('could not store the mail'));
          },
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // It never keeps a process alive by itself (a worker stopping, a test ending).
  server.server.unref();
  const { port } = server.server.address() as AddressInfo;
  log.info({ port }, 'capture mailbox listening on loopback: e-mails are kept for the admin, not sent');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface CapturedMailView {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

/** Newest first (by _id: insertion order). */
export async function listCapturedMail(q: { limit: number; cursor?: string | undefined }): Promise<Page<CapturedMailView>> {
  const before = cursorObjectId(q.cursor);
  const rows = await CapturedMailModel.find(before ? { _id: { $lt: before } } : {})
    .sort({ _id: -1 })
    .limit(q.limit + 1)
    .lean<CapturedMailRecord[]>();
  return toPage(rows, q.limit, toCapturedView, (r) => ({ id: r._id.toHexString() }));
}

function toCapturedView(m: CapturedMailRecord): CapturedMailView {
  return { id: m._id.toHexString(), from: m.from, to: m.to, subject: m.subject, text: m.text, receivedAt: m.receivedAt.toISOString() };
}

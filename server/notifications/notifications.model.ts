import mongoose, { Schema, type Types } from 'mongoose';

/**
 * In-app notifications and the e-mails that carry them. Both are keyed by (idempotencyKey,
 * recipient) under a unique index: handling the same event twice finds the rows already there
 * and changes nothing, so a consumer run again never notifies or mails twice.
 */
export type NotificationParams = Record<string, string | number>;

export interface NotificationRecord {
  _id: Types.ObjectId;
  recipientId: Types.ObjectId;
  template: string;
  /** Ids, codes, counts, hospital names, dates: never patient names or identifiers. */
  params: NotificationParams;
  /** A path in the app (`/sync`), or null. */
  link: string | null;
  idempotencyKey: string;
  createdAt: Date;
  readAt: Date | null;
}

const notificationSchema = new Schema<NotificationRecord>(
  {
    recipientId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    template: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    link: { type: String, default: null },
    idempotencyKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { collection: 'notifications', versionKey: false, minimize: false },
);
notificationSchema.index({ idempotencyKey: 1, recipientId: 1 }, { unique: true });
notificationSchema.index({ recipientId: 1, _id: -1 });

export const NotificationModel = mongoose.model<NotificationRecord>('Notification', notificationSchema);

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** One e-mail to send: its own retry state, so an SMTP server that is down delays the mail, never loses it. */
export interface MailRecord {
  _id: Types.ObjectId;
  notificationId: Types.ObjectId;
  recipientId: Types.ObjectId;
  idempotencyKey: string;
  to: string;
  template: string;
  params: NotificationParams;
  link: string | null;
  status: MailStatus;
  attempts: number;
  /** Also the claim: a sender moves it forward before sending, so two workers never send one mail at once. */
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const mailSchema = new Schema<MailRecord>(
  {
    notificationId: { type: Schema.Types.ObjectId, required: true },
    recipientId: { type: Schema.Types.ObjectId, required: true },
    idempotencyKey: { type: String, required: true },
    to: { type: String, required: true },
    template: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    link: { type: String, default: null },
    status: { type: String, enum: MAIL_STATUSES, required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notification_mails', versionKey: false, minimize: false },
);
mailSchema.index({ idempotencyKey: 1, recipientId: 1 }, { unique: true });
mailSchema.index({ status: 1, nextAttemptAt: 1 });

export const MailModel = mongoose.model<MailRecord>('NotificationMail', mailSchema);

/** A mail the capture mailbox received (demo mode): what an SMTP client really sent, parsed back. */
export interface CapturedMailRecord {
  _id: Types.ObjectId;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: Date;
}

const capturedSchema = new Schema<CapturedMailRecord>(
  {
    messageId: { type: String, default: null },
    from: { type: String, default: '' },
    to: { type: [String], default: [] },
    subject: { type: String, default: '' },
    text: { type: String, default: '' },
    html: { type: String, default: null },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'captured_mails', versionKey: false },
);

export const CapturedMailModel = mongoose.model<CapturedMailRecord>('CapturedMail', capturedSchema);

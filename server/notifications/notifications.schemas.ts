import { z } from 'zod';
import { isoDateTime } from '../http/common-schemas.js';
import { pageQuerySchema, pageSchema } from '../http/pagination.js';

export const notificationListQuery = pageQuerySchema
  .extend({
    unread: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

export const notificationViewSchema = z
  .object({
    id: z.string(),
    template: z.string().meta({ description: 'Template id: the client words it (notifications.templates.<id>) from params' }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .meta({ description: 'Ids, codes, counts, hospital names, ISO dates: never patient data' }),
    link: z.string().nullable().meta({ description: 'A path in the web app' }),
    createdAt: isoDateTime,
    readAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationPageSchema = pageSchema(notificationViewSchema).extend({ unread: z.number().int().min(0) });

export const markAllReadSchema = z.object({ marked: z.number().int().min(0) });

export const mailboxQuery = pageQuerySchema.strict();

export const capturedMailSchema = z
  .object({
    id: z.string(),
    from: z.string(),
    to: z.array(z.string()),
    subject: z.string(),
    text: z.string(),
    receivedAt: isoDateTime,
  })
  .meta({ id: 'CapturedMail' });

export const capturedMailPageSchema = pageSchema(capturedMailSchema);

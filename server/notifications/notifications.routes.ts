import { idParams } from '../http/common-schemas.js';
import { route, type RouteDef } from '../http/route.js';
import type { RequestContext } from '../http/route.js';
import { notFound, unauthenticated } from '../errors.js';
import { listCapturedMail } from './capture-mailbox.js';
import { mailSettings } from './notifications.mail.js';
import {
  capturedMailPageSchema,
  mailboxQuery,
  markAllReadSchema,
  notificationListQuery,
  notificationPageSchema,
  notificationViewSchema,
} from './notifications.schemas.js';
import { listMine, markAllRead, markRead } from './notifications.service.js';

const tag = 'notifications';

function me(ctx: RequestContext): string {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal.userId;
}

export const notificationRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/notifications',
    action: 'notification.list',
    tag,
    summary: 'My notifications, newest first, with the unread count',
    query: notificationListQuery,
    response: notificationPageSchema,
    handler: async ({ query }, ctx) => listMine(me(ctx), query),
  }),
  route({
    method: 'post',
    path: '/notifications/:id/read',
    action: 'notification.mark-read',
    tag,
    summary: 'Mark one of my notifications read (another user’s answers 404)',
    params: idParams,
    response: notificationViewSchema,
    handler: async ({ params }, ctx) => markRead(me(ctx), params.id, ctx.clock.now()),
  }),
  route({
    method: 'post',
    path: '/notifications/read-all',
    action: 'notification.mark-read',
    tag,
    summary: 'Mark all my notifications read',
    response: markAllReadSchema,
    handler: async (_input, ctx) => markAllRead(me(ctx), ctx.clock.now()),
  }),
  route({
    method: 'get',
    path: '/admin/mailbox',
    action: 'mailbox.read',
    tag,
    summary: 'The demo capture mailbox: e-mails the service sent, as received (404 when the capture mailbox is off)',
    query: mailboxQuery,
    response: capturedMailPageSchema,
    handler: async ({ query }, ctx) => {
      if (!mailSettings()?.mail.capture) throw notFound('Capture mailbox');
      const page = await listCapturedMail(query);
      await ctx.audit({ action: 'mailbox.read', resourceType: 'mailbox' });
      return page;
    },
  }),
];

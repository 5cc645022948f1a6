import type { TFunction } from 'i18next';
import { formatDateTime, formatNumber } from '../../format';
import type { AppNotification } from './notifications.api';

/**
 * A notification in the reader's language, from its template id and params (the server sends no
 * sentence): `notifications.templates.<id>` in vi.json / en.json. Instants (`…At`) are written
 * dd/MM/yyyy HH:mm in Vietnam time, counts as 1.946; a template this client does not know yet
 * reads as a plain "new notification".
 */
export const TEMPLATE_KEYS = {
  'sync.completed': 'notifications.templates.sync.completed',
  'sync.failed': 'notifications.templates.sync.failed',
  'flag.write-back-failed': 'notifications.templates.flag.writeBackFailed',
  'case.assigned': 'notifications.templates.case.assigned',
  'case.closure-requested': 'notifications.templates.case.closureRequested',
  'case.closure-returned': 'notifications.templates.case.closureReturned',
  'case.closed': 'notifications.templates.case.closed',
  'referral.sent': 'notifications.templates.referral.sent',
  'referral.status.received': 'notifications.templates.referral.status.received',
  'referral.status.accepted': 'notifications.templates.referral.status.accepted',
  'referral.status.rejected': 'notifications.templates.referral.status.rejected',
  'referral.status.in-progress': 'notifications.templates.referral.status.inProgress',
  'referral.status.on-hold': 'notifications.templates.referral.status.onHold',
  'referral.status.completed': 'notifications.templates.referral.status.completed',
  'referral.status.failed': 'notifications.templates.referral.status.failed',
  'referral.status.cancelled': 'notifications.templates.referral.status.cancelled',
  'referral.comment-added': 'notifications.templates.referral.commentAdded',
  'referral.escalated': 'notifications.templates.referral.escalated',
  'referral.reminder.accept': 'notifications.templates.referral.reminder.accept',
  'referral.reminder.complete': 'notifications.templates.referral.reminder.complete',
  'funding.submitted': 'notifications.templates.funding.submitted',
  'funding.approved': 'notifications.templates.funding.approved',
  'funding.returned': 'notifications.templates.funding.returned',
  'funding.outcome-posted': 'notifications.templates.funding.outcomePosted',
  'funding.pledged': 'notifications.templates.funding.pledged',
  'funding.disbursed': 'notifications.templates.funding.disbursed',
  'funding.pledge-expired': 'notifications.templates.funding.pledgeExpired',
} as const;

export function notificationParams(params: AppNotification['params']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = typeof value === 'number' ? formatNumber(value) : name.endsWith('At') ? formatDateTime(value) : value;
  }
  return out;
}

// The keys are checked by test/client/notification-words.test.ts; i18next's typed `t` cannot take a computed one with free params.
const lookup = (t: TFunction, key: string, params: Record<string, string>): string =>
  (t as unknown as (k: string, o: Record<string, string>) => string)(key, params);

export function notificationText(n: Pick<AppNotification, 'template' | 'params'>, t: TFunction): string {
  const key = Object.hasOwn(TEMPLATE_KEYS, n.template) ? TEMPLATE_KEYS[n.template as keyof typeof TEMPLATE_KEYS] : null;
  return key ? lookup(t, key, notificationParams(n.params)) : t('notifications.unknown');
}

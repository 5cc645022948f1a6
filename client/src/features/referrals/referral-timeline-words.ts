import type { TFunction } from 'i18next';
import { REFERRAL_SERVICES, REFERRAL_STATUSES } from '../../api-types';
import { serviceWord, statusWord } from './referral-words';

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return values.find((v) => v === value) ?? null;
}

/**
 * A referral's event on the sender's case timeline, as one sentence (issue 11: "the outcome flows
 * back to the sender's case timeline"): the events carry codes only; the completion (or failure)
 * carries the outcome the receiver wrote, which the sentence quotes.
 */
export function referralTimelineSentence(event: { type: string; data: Record<string, unknown> }, t: TFunction): string {
  const d = event.data;
  const outcome = typeof d.outcome === 'string' && d.outcome.trim() ? d.outcome : null;
  switch (event.type) {
    case 'referral.created':
      return t('referralTimeline.created');
    case 'referral.updated':
      return t('referralTimeline.updated');
    case 'referral.sent': {
      const service = oneOf(REFERRAL_SERVICES, d.service);
      return service ? t('referralTimeline.sentFor', { service: serviceWord(t, service) }) : t('referralTimeline.sent');
    }
    case 'referral.status-changed': {
      const status = oneOf(REFERRAL_STATUSES, d.status);
      if (status === 'completed') return outcome ? t('referralTimeline.completed', { outcome }) : t('referralTimeline.completedNoOutcome');
      if (status === 'failed' && outcome) return t('referralTimeline.failed', { outcome });
      return status ? t('referralTimeline.status', { status: statusWord(t, status) }) : t('referralTimeline.other');
    }
    case 'referral.comment-added':
      return t('referralTimeline.comment');
    case 'referral.escalated':
      return t('referralTimeline.escalated');
    default:
      return t('referralTimeline.other');
  }
}

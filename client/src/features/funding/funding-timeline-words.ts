import type { TFunction } from 'i18next';
import { FUNDING_STATUS_LIST, PLEDGE_STATE_LIST } from '../../api-types';
import { formatMoney } from '../../format';
import { pledgeStateWord, statusWord } from './funding-words';

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return values.find((v) => v === value) ?? null;
}

const money = (v: unknown): string | null => (typeof v === 'number' && Number.isSafeInteger(v) ? formatMoney(v) : null);

/**
 * A funding request's event on its case's timeline, as one sentence: the events carry ids, codes and
 * amounts only (funding.timeline.ts); the amounts are written `1.500.000 ₫`, states in words.
 */
export function fundingTimelineSentence(event: { type: string; data: Record<string, unknown> }, t: TFunction): string {
  const d = event.data;
  switch (event.type) {
    case 'funding.created':
      return t('funding.timeline.created');
    case 'funding.updated':
      return t('funding.timeline.updated');
    case 'funding.status-changed': {
      const to = oneOf(FUNDING_STATUS_LIST, d.to);
      return to ? t('funding.timeline.status', { status: statusWord(t, to) }) : t('funding.timeline.other');
    }
    case 'funding.story-saved':
      return t('funding.timeline.story');
    case 'funding.unpublished':
      return d.reason === 'consent-withdrawn' || d.reason === 'consent-expired'
        ? t('funding.timeline.unpublishedConsent')
        : t('funding.timeline.unpublished');
    case 'funding.pledged': {
      const amount = money(d.amountVnd);
      return amount ? t('funding.timeline.pledged', { amount }) : t('funding.timeline.other');
    }
    case 'funding.pledge-ended': {
      const state = oneOf(PLEDGE_STATE_LIST, d.state);
      return state ? t('funding.timeline.pledgeEnded', { state: pledgeStateWord(t, state) }) : t('funding.timeline.other');
    }
    case 'funding.disbursed': {
      const amount = money(d.amountVnd);
      return amount ? t('funding.timeline.disbursed', { amount }) : t('funding.timeline.other');
    }
    case 'funding.reversed':
      return t('funding.timeline.reversed');
    case 'funding.outcome-posted':
      return t('funding.timeline.outcome');
    case 'funding.receipt-added':
      return t('funding.timeline.receipt');
    default:
      return t('funding.timeline.other');
  }
}

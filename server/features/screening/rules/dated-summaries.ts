import type { Text } from './vocabulary.js';

/**
 * Summaries that carry a day (shown dd/MM/yyyy, the format staff read). Kept apart from the static
 * SUMMARIES (summaries.ts) because they are built per finding; they are built only when the rule fires.
 */

/** YYYY-MM-DD → dd/MM/yyyy; a partial day (YYYY-MM, YYYY) keeps what it has (MM/yyyy, yyyy). */
export function dayForPeople(day: string): string {
  return day.split('-').reverse().join('/');
}

/**
 * An HN / CN card that has expired: the household was poor / near-poor when it was issued and the
 * lists are reviewed yearly, so it is likely still, to be re-verified (DOMAIN.md, poverty standard).
 */
export function expiredCardSummary(code: 'poor' | 'near-poor', expiredOn: string | null): Text {
  const on = expiredOn ? dayForPeople(expiredOn) : null;
  if (code === 'poor') {
    return {
      vi: `Có thể là hộ nghèo (thẻ BHYT nhóm HN ${on ? `hết hạn ngày ${on}` : 'đã hết hạn'}), cần xác minh lại`,
      en: `Likely poor household (BHYT group HN card ${on ? `expired ${on}` : 'expired'}), re-verify`,
    };
  }
  return {
    vi: `Có thể là hộ cận nghèo (thẻ BHYT nhóm CN ${on ? `hết hạn ngày ${on}` : 'đã hết hạn'}), cần xác minh lại`,
    en: `Likely near-poor household (BHYT group CN card ${on ? `expired ${on}` : 'expired'}), re-verify`,
  };
}

/** A long stay that is over by the screening day: said as past, with the discharge day. */
export function pastLongStaySummary(endedOn: string): Text {
  const on = dayForPeople(endedOn);
  return { vi: `Đã nằm viện dài ngày (đã ra viện ngày ${on})`, en: `Had a long hospital stay (discharged on ${on})` };
}

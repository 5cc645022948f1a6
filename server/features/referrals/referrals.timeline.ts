import { findEvents } from '../../events/read.js';
import type { DomainEvent } from '../../events/events.model.js';
import { registerTimelineSource, type TimelineEntry, type TimelineScope } from '../cases/timeline.service.js';
import { ReferralModel, type ReferralRecord } from './referrals.model.js';

/**
 * The referrals of a case on its timeline (issue 11, point 4: "the outcome flows back to the
 * sender's case timeline"): every event of every referral of the case (kind `referral`). The
 * events carry ids and codes only; the completion (or failure) is shown with the outcome text the
 * receiver wrote, read from the referral's history here. The timeline is the case's own hospital's
 * (case.timeline.read), the sender: the receiver wrote it for them.
 */
type Range = { before?: Date; at?: Date };

async function outcomes(events: DomainEvent[]): Promise<Map<string, ReferralRecord['history']>> {
  const ids = [...new Set(events.filter((e) => e.type === 'referral.status-changed' && (e.data.status === 'completed' || e.data.status === 'failed')).map((e) => e.stream.split(':')[1] ?? ''))];
  if (ids.length === 0) return new Map();
  const rows = await ReferralModel.find({ _id: { $in: ids } }, { history: 1 }).lean<Pick<ReferralRecord, '_id' | 'history'>[]>();
  return new Map(rows.map((r) => [r._id.toHexString(), r.history]));
}

/** The outcome written with this move (the history entry of the same state at the same instant). */
function outcomeOf(e: DomainEvent, histories: Map<string, ReferralRecord['history']>): string | null {
  const history = histories.get(e.stream.split(':')[1] ?? '') ?? [];
  const entry = history.find((h) => h.to === e.data.status && h.at.getTime() === e.at.getTime());
  return entry?.outcome ?? null;
}

export async function referralEntries(scope: TimelineScope, range: Range, limit: number): Promise<TimelineEntry[]> {
  const events = await findEvents({ streamKind: 'referral', data: { caseId: scope.caseId.toHexString() } }, range, limit);
  const histories = await outcomes(events);
  return events.map((e) => {
    const outcome = outcomeOf(e, histories);
    return {
      // The seq padded, so entries at one instant sort in stream order (a string compare).
      id: `event-${e.stream}#${String(e.seq).padStart(8, '0')}`,
      kind: 'referral',
      at: e.at,
      actorId: e.actorUserId,
      event: { type: e.type, data: { ...e.data, referralId: e.stream.split(':')[1] ?? null, ...(outcome ? { outcome } : {}) } },
    };
  });
}

registerTimelineSource('referrals', { entries: referralEntries });

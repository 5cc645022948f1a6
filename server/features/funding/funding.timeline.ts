import { findEvents } from '../../events/read.js';
import { registerTimelineSource, type TimelineEntry, type TimelineScope } from '../cases/timeline.service.js';

/**
 * The funding requests of a case on its timeline (issue 12, kind `funding`): every event of every
 * request of the case (created, edited, moved, published, pledged, disbursed, …). The events carry
 * ids, codes and amounts only; the client words them. The timeline is the case's own hospital's.
 */
type Range = { before?: Date; at?: Date };

export async function fundingEntries(scope: TimelineScope, range: Range, limit: number): Promise<TimelineEntry[]> {
  const events = await findEvents({ streamKind: 'funding', data: { caseId: scope.caseId.toHexString() } }, range, limit);
  return events.map((e) => ({
    // The seq padded, so entries at one instant sort in stream order (a string compare).
    id: `event-${e.stream}#${String(e.seq).padStart(8, '0')}`,
    kind: 'funding',
    at: e.at,
    actorId: e.actorUserId,
    event: { type: e.type, data: { ...e.data, requestId: e.stream.split(':')[1] ?? null } },
  }));
}

registerTimelineSource('funding', { entries: fundingEntries });

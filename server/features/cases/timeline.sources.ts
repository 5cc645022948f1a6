import { findEvents } from '../../events/read.js';
import type { DomainEvent } from '../../events/events.model.js';
import { flagsAt, screeningsAt } from '../screening/screening-history.service.js';
import { attachmentsOfCase, attachmentViews } from './attachments.service.js';
import { noteViews, notesOfCase } from './notes.service.js';
import { registerTimelineSource, type TimelineEntry, type TimelineScope } from './timeline.service.js';

/**
 * The timeline's own sources, registered at import: notes, the case's events, the patient's
 * screenings and flags at the case's hospital, consents (their events name the case) and
 * attachments. Entry ids are prefixed by source so they never collide.
 */
type Range = { before?: Date; at?: Date };

const eventEntry = (kind: 'case-event' | 'consent', e: DomainEvent): TimelineEntry => ({
  // The seq padded, so entries at one instant sort in stream order (a string compare).
  id: `event-${e.stream}#${String(e.seq).padStart(8, "0")}`,
  kind,
  at: e.at,
  actorId: e.actorUserId,
  event: { type: e.type, data: e.data },
});

registerTimelineSource('notes', {
  async entries(scope: TimelineScope, range: Range, limit: number) {
    const notes = await notesOfCase(scope.caseId, range, limit);
    const views = await noteViews(notes, scope.now);
    return notes.map((n, i) => ({ id: `note-${n._id.toHexString()}`, kind: 'note', at: n.createdAt, actorId: n.authorId, note: views[i]! }));
  },
});

registerTimelineSource('case-events', {
  async entries(scope: TimelineScope, range: Range, limit: number) {
    const events = await findEvents({ stream: `case:${scope.caseId.toHexString()}` }, range, limit);
    return events.map((e) => eventEntry('case-event', e));
  },
});

registerTimelineSource('consents', {
  async entries(scope: TimelineScope, range: Range, limit: number) {
    const events = await findEvents({ streamKind: 'consent', types: ['consent.recorded', 'consent.withdrawn'], data: { caseId: scope.caseId.toHexString() } }, range, limit);
    return events.map((e) => eventEntry('consent', e));
  },
});

registerTimelineSource('screenings', {
  async entries(scope: TimelineScope, range: Range, limit: number) {
    const rows = await screeningsAt(scope.hospitalId, scope.patientId, range, limit);
    return rows.map((s) => ({
      id: `screening-${s._id.toHexString()}`,
      kind: 'screening',
      at: s.createdAt,
      actorId: s.createdBy,
      screening: { id: s._id.toHexString(), type: s.kind, priority: s.priority, codes: s.codes },
    }));
  },
});

registerTimelineSource('flags', {
  async entries(scope: TimelineScope, range: Range, limit: number) {
    const rows = await flagsAt(scope.hospitalId, scope.patientId, range, limit);
    return rows.map((f) => ({
      id: `flag-${f._id.toHexString()}`,
      kind: 'flag',
      at: f.createdAt,
      actorId: null,
      flag: { id: f._id.toHexString(), status: f.status, priority: f.priority, codes: f.codes, flagTypes: f.flagTypes },
    }));
  },
});

registerTimelineSource('attachments', {
  async entries(scope: TimelineScope, range: Range, limit: number) {
    const rows = await attachmentsOfCase(scope.caseId, range, limit);
    const views = await attachmentViews(rows);
    return rows.map((a, i) => ({ id: `attachment-${a._id.toHexString()}`, kind: 'attachment', at: a.uploadedAt, actorId: a.uploadedBy, attachment: views[i]! }));
  },
});

import { eventSource, type EventDraft } from '../../events/append.js';
import { FlagModel, ScreeningModel, type FlagRecord, type ScreeningRecord } from './screening.model.js';

/**
 * The screening feature's domain events (decision 0014), on streams `screening:<id>` and `flag:<id>`:
 * screening.recorded; flag.raised, flag.superseded, flag.reviewed (status confirmed / dismissed /
 * expired, by a person), flag.review-undone (a confirm whose case could not be opened), flag.expired
 * (by the expiry job). Data: ids and codes only.
 */
export const screeningEvents = eventSource('screening', ScreeningModel as never);
export const flagEvents = eventSource('flag', FlagModel as never);

export function screeningRecorded(s: Pick<ScreeningRecord, '_id' | 'hospitalId' | 'patientId' | 'kind' | 'priority' | 'ruleSet' | 'createdBy'>, flagged: boolean): EventDraft {
  return {
    type: 'screening.recorded',
    hospitalId: s.hospitalId,
    actorUserId: s.createdBy,
    data: { screeningId: s._id.toHexString(), patientId: s.patientId.toHexString(), kind: s.kind, priority: s.priority, ruleSet: `${s.ruleSet.id}@${s.ruleSet.version}`, flagged },
  };
}

type FlagIds = Pick<FlagRecord, '_id' | 'hospitalId' | 'patientId'>;
const ids = (f: FlagIds): Record<string, unknown> => ({ flagId: f._id.toHexString(), patientId: f.patientId.toHexString() });

export function flagRaised(f: FlagIds & Pick<FlagRecord, 'screeningId' | 'priority' | 'codes' | 'flagTypes'>, by: string): EventDraft {
  return { type: 'flag.raised', hospitalId: f.hospitalId, actorUserId: by, data: { ...ids(f), screeningId: f.screeningId.toHexString(), priority: f.priority, codes: f.codes, flagTypes: f.flagTypes } };
}

export function flagChanged(type: 'flag.superseded' | 'flag.reviewed' | 'flag.review-undone' | 'flag.expired', f: FlagIds, by: string | null, extra: Record<string, unknown> = {}): EventDraft {
  return { type, hospitalId: f.hospitalId, actorUserId: by, data: { ...ids(f), ...extra } };
}

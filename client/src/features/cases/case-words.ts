import type { TFunction } from 'i18next';
import { CONSENT_PURPOSES, FLAG_STATUSES } from '../../api-types';
import { formatDate, formatNumber } from '../../format';
import { fundingTimelineSentence } from '../funding/funding-timeline-words';
import { referralTimelineSentence } from '../referrals/referral-timeline-words';
import { ACTIVITY_GROUPS, CASE_STATUSES, CLOSURE_OUTCOMES, GOAL_STATUSES, NEED_DOMAINS, NEED_STATUSES, NOTE_TYPES } from './case-types';
import type { CaseDetail, CaseStatus, TimelineItem } from './case-types';

/**
 * Sentences for what the case page shows: every timeline entry in the reader's language (event
 * types and codes stay behind the details toggle), and the moves a case's status allows.
 */

/** The legal moves of the contract: one step on, or one step back; closing goes through approval. */
const FORWARD: Partial<Record<CaseStatus, CaseStatus>> = { open: 'assessment', assessment: 'plan', plan: 'active-support' };
const BACKWARD: Partial<Record<CaseStatus, CaseStatus>> = { assessment: 'open', plan: 'assessment', 'active-support': 'plan' };

export interface Move {
  to: CaseStatus;
  direction: 'forward' | 'back';
}

/** The moves this user may make on the case now (none without `case.transition`, none once closed). */
export function allowedMoves(c: Pick<CaseDetail, 'status' | 'can'>): Move[] {
  if (!c.can.includes('case.transition') || c.status === 'closed') return [];
  const moves: Move[] = [];
  const forward = FORWARD[c.status];
  const back = BACKWARD[c.status];
  if (forward) moves.push({ to: forward, direction: 'forward' });
  if (back) moves.push({ to: back, direction: 'back' });
  return moves;
}

export function statusStep(status: CaseStatus): number {
  return CASE_STATUSES.indexOf(status);
}

/** A code from an event's data, if it is one the page has words for. */
function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : null;
}

type Data = Record<string, unknown>;

function statusWord(t: TFunction, value: unknown): string {
  const s = oneOf(CASE_STATUSES, value);
  return s ? t(`case.statuses.${s}`) : '…';
}

/** Sentences of the case's own events; the words say what changed, never the codes. */
const CASE_EVENTS: Record<string, (t: TFunction, data: Data) => string> = {
  'case.opened': (t) => t('caseTimeline.events.opened'),
  'case.assigned': (t) => t('caseTimeline.events.assigned'),
  'case.status-changed': (t, d) => t('caseTimeline.events.statusChanged', { from: statusWord(t, d.from), to: statusWord(t, d.to) }),
  'case.need-added': (t, d) => {
    const domain = oneOf(NEED_DOMAINS, d.domain);
    return domain ? t('caseTimeline.events.needAdded', { domain: t(`casePlan.domains.${domain}`) }) : t('caseTimeline.events.other');
  },
  'case.need-updated': (t, d) => {
    const domain = oneOf(NEED_DOMAINS, d.domain);
    const status = oneOf(NEED_STATUSES, d.status);
    if (!domain) return t('caseTimeline.events.other');
    const words = t(`casePlan.domains.${domain}`);
    return status
      ? t('caseTimeline.events.needStatus', { domain: words, status: t(`casePlan.needStatuses.${status}`) })
      : t('caseTimeline.events.needUpdated', { domain: words });
  },
  'case.goal-added': (t) => t('caseTimeline.events.goalAdded'),
  'case.goal-updated': (t, d) => {
    const status = oneOf(GOAL_STATUSES, d.status);
    return status ? t('caseTimeline.events.goalStatus', { status: t(`casePlan.goalStatuses.${status}`) }) : t('caseTimeline.events.goalUpdated');
  },
  'case.intervention-added': (t, d) => {
    const group = oneOf(ACTIVITY_GROUPS, d.activityGroup);
    return group ? t('caseTimeline.events.interventionAdded', { group: t(`casePlan.activityGroups.${group}`) }) : t('caseTimeline.events.other');
  },
  'case.closure-requested': (t) => t('caseTimeline.events.closureRequested'),
  'case.closure-returned': (t) => t('caseTimeline.events.closureReturned'),
  'case.closed': (t, d) => {
    const outcome = oneOf(CLOSURE_OUTCOMES, d.outcome);
    return t('caseTimeline.events.closed', { outcome: outcome ? t(`caseClosure.outcomes.${outcome}`) : '…' });
  },
};

function purposeWord(t: TFunction, value: unknown): string {
  const purpose = oneOf(CONSENT_PURPOSES, value);
  return t(`caseTimeline.purposes.${purpose ?? 'other'}`);
}

/** What happened, as one sentence (a note's own text is shown beside it, not in it). */
export function timelineSentence(item: TimelineItem, t: TFunction): string {
  switch (item.kind) {
    case 'note': {
      const type = oneOf(NOTE_TYPES, item.note.type);
      const words = type ? t(`caseTimeline.noteTypes.${type}`) : '';
      return item.note.corrects ? t('caseTimeline.noteCorrection', { type: words }) : t('caseTimeline.noteWritten', { type: words });
    }
    case 'case-event':
      return (CASE_EVENTS[item.event.type] ?? ((tt: TFunction) => tt('caseTimeline.events.other')))(t, item.event.data);
    case 'consent':
      return item.event.type === 'consent.withdrawn'
        ? t('caseTimeline.consentWithdrawn', { purpose: purposeWord(t, item.event.data.purpose) })
        : t('caseTimeline.consentRecorded', { purpose: purposeWord(t, item.event.data.purpose) });
    case 'screening':
      return t('caseTimeline.screeningPriority', { priority: formatNumber(item.screening.priority) });
    case 'flag': {
      const status = oneOf(FLAG_STATUSES, item.flag.status);
      return status ? t('caseTimeline.flagStatus', { status: t(`flagStatuses.${status}`) }) : t('caseTimeline.flag');
    }
    case 'attachment':
      return t('caseTimeline.attachment', { name: item.attachment.fileName });
    case 'referral':
      return referralTimelineSentence(item.event, t);
    case 'funding':
      return fundingTimelineSentence(item.event, t);
    default:
      return t('caseTimeline.linked');
  }
}

/** The technical line behind the details toggle: the event type and its codes (never shown as the sentence). */
export function timelineTechnical(item: TimelineItem): string | null {
  if ('event' in item) return `${item.event.type} ${JSON.stringify(item.event.data)}`;
  if (item.kind === 'screening') return `screening ${item.screening.type} ${item.screening.codes.join(', ')}`;
  if (item.kind === 'flag') return `flag ${item.flag.status} ${item.flag.codes.join(', ')}`;
  return null;
}

export function dueText(t: TFunction, targetDate: string, overdue: boolean): string {
  return overdue ? t('casePlan.overdueSince', { date: formatDate(targetDate) }) : t('casePlan.dueOn', { date: formatDate(targetDate) });
}

import type { TFunction } from 'i18next';
import type {
  CapacityAnswer,
  ReferralDetail,
  ReferralRecipientKind,
  ReferralService,
  ReferralSide,
  ReferralStatus,
  ReferralSummary,
  ReferralUrgency,
  ReferralViewer,
} from '../../api-types';
import { REFERRAL_ENDED_STATUSES, REFERRAL_LIVE_STATUSES } from '../../api-types';
import { formatDate } from '../../format';

/**
 * The words for a referral's codes, in one place for every referral screen (the case page's panel
 * and composer, the referral page, the lists and the overdue board): status, the button of each
 * move, service, urgency, capacity answer, side, recipient kind, due day. The sentences themselves
 * are in the i18n files (`referral.*`); this file only picks the key, so there is one table per language.
 */
export const statusWord = (t: TFunction, s: ReferralStatus): string => t(`referral.statuses.${s}`);
export const moveWord = (t: TFunction, s: ReferralStatus): string => t(`referral.moves.${s}`);
export const serviceWord = (t: TFunction, s: ReferralService): string => t(`referral.services.${s}`);
export const urgencyWord = (t: TFunction, u: ReferralUrgency): string => t(`referral.urgencies.${u}`);
export const capacityWord = (t: TFunction, c: CapacityAnswer): string => t(`referral.capacities.${c}`);
export const sideWord = (t: TFunction, s: ReferralSide): string => t(`referral.sides.${s}`);
export const kindWord = (t: TFunction, k: ReferralRecipientKind): string => t(`referral.kinds.${k}`);

export function isLive(status: ReferralStatus): boolean {
  return (REFERRAL_LIVE_STATUSES as readonly string[]).includes(status);
}

export function isEnded(status: ReferralStatus): boolean {
  return (REFERRAL_ENDED_STATUSES as readonly string[]).includes(status);
}

/** A status tag's colour: live in blue, done in green, ended otherwise in red, on hold in orange. */
export function statusColour(status: ReferralStatus): string | undefined {
  if (status === 'completed') return 'green';
  if (status === 'on-hold') return 'orange';
  if (status === 'draft') return undefined;
  return isEnded(status) ? 'red' : 'blue';
}

/** The recipient's name, whichever kind it is. */
export function recipientName(to: ReferralSummary['to']): string {
  return to.kind === 'hospital' ? to.hospital.name : to.organisation.name;
}

/** "Hạn trả lời: 09/12/2026" / "Hạn hoàn thành: …", or null once nothing is due. */
export function dueWords(t: TFunction, due: ReferralSummary['due']): string | null {
  return due ? t(`referral.due.${due.kind}`, { date: formatDate(due.on) }) : null;
}

/** The page's title from where the viewer stands: the sender names the receiver, the receiver the sender. */
export function referralTitle(t: TFunction, r: Pick<ReferralDetail, 'viewer' | 'from' | 'to'>): string {
  const to = recipientName(r.to);
  const viewer: ReferralViewer = r.viewer;
  if (viewer === 'sender') return t('referral.page.titleTo', { name: to });
  if (viewer === 'receiver') return t('referral.page.titleFrom', { name: r.from.hospital.name });
  return t('referral.page.titleNetwork', { from: r.from.hospital.name, to });
}

/** The main path of a referral; the other states stand in for one of its steps (see referralStep). */
export const MAIN_PATH = [
  'draft',
  'requested',
  'received',
  'accepted',
  'in-progress',
  'completed',
] as const satisfies readonly ReferralStatus[];

export interface ReferralStep {
  /** The index in MAIN_PATH. */
  index: number;
  /** An ending off the main path (rejected, failed, cancelled): the step shows as an error. */
  error: boolean;
}

/**
 * Where the referral stands on the main path: rejected stands where accepted would, failed where
 * completed would, on hold where in progress would; cancelled one step after the state it was
 * cancelled from (the last history entry's `from`).
 */
export function referralStep(r: Pick<ReferralDetail, 'status' | 'history'>): ReferralStep {
  const at = (s: ReferralStatus): number => (MAIN_PATH as readonly string[]).indexOf(s);
  switch (r.status) {
    case 'rejected':
      return { index: at('accepted'), error: true };
    case 'failed':
      return { index: at('completed'), error: true };
    case 'on-hold':
      return { index: at('in-progress'), error: false };
    case 'cancelled': {
      const from = r.history.at(-1)?.from ?? 'requested';
      const index = from === 'on-hold' ? at('in-progress') : at(from);
      return { index: Math.min(Math.max(index, 0) + 1, MAIN_PATH.length - 1), error: true };
    }
    default:
      return { index: at(r.status), error: false };
  }
}

/** The moves the server lets this viewer make now (`can` holds `move:<status>`), in the order of the workflow. */
export function allowedMoves(can: readonly string[], order: readonly ReferralStatus[]): ReferralStatus[] {
  return order.filter((s) => can.includes(`move:${s}`));
}

import { ClockCircleOutlined, NotificationOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReferralStatus, ReferralSummary, ReferralUrgency } from '../../api-types';
import { dueWords, recipientName, serviceWord, statusColour, statusWord, urgencyWord } from './referral-words';

/** "Sender → recipient", the way the network's lists and the board name a referral. */
export function routeText(r: Pick<ReferralSummary, 'from' | 'to'>): string {
  return `${r.from.hospital.name} → ${recipientName(r.to)}`;
}

export function ReferralStatusTag({ status }: { status: ReferralStatus }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={statusColour(status)} data-testid="referral-status" data-status={status}>
      {statusWord(t, status)}
    </Tag>
  );
}

/** Urgency in words; a routine referral is not marked (only the urgent ones catch the eye). */
export function UrgencyText({ urgency }: { urgency: ReferralUrgency }): React.JSX.Element {
  const { t } = useTranslation();
  if (urgency === 'routine') return <span className="muted">{urgencyWord(t, urgency)}</span>;
  return (
    <Tag color={urgency === 'emergency' ? 'red' : 'orange'} data-testid="referral-urgency" data-urgency={urgency}>
      {urgencyWord(t, urgency)}
    </Tag>
  );
}

/**
 * The due day in words (to answer, or to complete), marked when overdue — in words and with an
 * icon, not by colour alone — and when the coordinator has been told (escalated).
 */
export function DueText({ r }: { r: ReferralSummary }): React.JSX.Element {
  const { t } = useTranslation();
  if (!r.due) {
    return <span className="muted">{r.status === 'draft' ? t('referralLists.notSent') : t('referralLists.noDue')}</span>;
  }
  return (
    <span className="referral-due" data-testid="referral-due" data-due={r.due.on} data-kind={r.due.kind}>
      <span className="nowrap">{dueWords(t, r.due)}</span>
      {r.overdue && (
        <span className="referral-overdue" data-testid="referral-overdue">
          <ClockCircleOutlined /> {t('referralLists.overdue')}
        </span>
      )}
      {r.escalatedAt && (
        <Tag color="red" icon={<NotificationOutlined />} data-testid="referral-escalated">
          {t('referralLists.escalated')}
        </Tag>
      )}
    </span>
  );
}

export function ServiceText({ r }: { r: Pick<ReferralSummary, 'service'> }): React.JSX.Element {
  const { t } = useTranslation();
  return <span>{serviceWord(t, r.service)}</span>;
}

/** How a row or card names itself to a screen reader: the service and who sends it to whom. */
export function useOpenLabel(): (r: ReferralSummary) => string {
  const { t } = useTranslation();
  return (r) => t('referralLists.openOf', { service: serviceWord(t, r.service), route: routeText(r) });
}

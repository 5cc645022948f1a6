import { Card, Descriptions, Steps, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReferralDetail } from '../../api-types';
import { formatDate, formatDateTime } from '../../format';
import { ReferralMarks } from './case-referrals-panel';
import { MAIN_PATH, capacityWord, isLive, recipientName, referralStep, serviceWord, statusWord, urgencyWord } from './referral-words';

/**
 * draft → requested → received → accepted → in progress → completed, the current step marked; an
 * ending off that path (rejected, failed, cancelled) or on hold shows in the step it stands for,
 * in words (for screen readers too).
 */
export function ReferralSteps({ r }: { r: ReferralDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const step = referralStep(r);
  return (
    <div
      role="group"
      className="referral-steps-wrap"
      aria-label={t('referral.page.progress', { status: statusWord(t, r.status) })}
      data-testid="referral-steps"
      data-status={r.status}
    >
      <Steps
        size="small"
        current={step.index}
        status={step.error ? 'error' : r.status === 'completed' ? 'finish' : 'process'}
        items={MAIN_PATH.map((s, i) => ({
          title: i === step.index ? statusWord(t, r.status) : statusWord(t, s),
          content: i === step.index ? t('referral.page.currentStep') : undefined,
        }))}
      />
    </div>
  );
}

/** Who sends to whom, what for, how urgent, the capacity answer, the due day (and overdue), when it was sent. */
export function ReferralFacts({ r }: { r: ReferralDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid="referral-facts">
      <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }}>
        <Descriptions.Item label={t('referral.page.from')}>
          <span data-testid="referral-from">{r.from.hospital.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('referral.page.to')}>
          <span data-testid="referral-to">{recipientName(r.to)}</span>
        </Descriptions.Item>
        {r.patient && (
          <Descriptions.Item label={t('referral.page.patient')}>
            <Link to={`/patients/${r.patient.id}`}>{r.patient.name ?? t('referral.someone')}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('referral.page.service')}>{serviceWord(t, r.service)}</Descriptions.Item>
        <Descriptions.Item label={t('referral.page.needs')}>
          <span>
            {r.needs.map((d) => (
              <Tag key={d}>{t(`casePlan.domains.${d}`)}</Tag>
            ))}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('referral.page.urgency')}>
          <Tag color={r.urgency === 'routine' ? undefined : 'red'}>{urgencyWord(t, r.urgency)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('referral.page.capacity')}>
          <span data-testid="referral-capacity" data-capacity={r.capacity ?? ''}>
            {r.capacity ? capacityWord(t, r.capacity) : t('referral.page.noCapacity')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('referral.page.due')}>
          <span data-testid="referral-due">
            {isLive(r.status) && r.due ? <ReferralMarks r={r} withStatus={false} /> : t('referral.page.noDue')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('referral.page.sentAt')}>
          {r.sentAt ? formatDate(r.sentAt) : t('referral.page.notSent')}
        </Descriptions.Item>
        <Descriptions.Item label={t('referral.page.createdBy')}>
          {r.createdBy.name ?? t('referral.someone')} · {formatDateTime(r.createdAt)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

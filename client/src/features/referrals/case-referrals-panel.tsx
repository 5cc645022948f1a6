import { SendOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Grid, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReferralSummary } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { useCan } from '../auth/session';
import type { CaseDetail } from '../cases/case-types';
import { ReferralComposer } from './referral-composer';
import { useCaseReferrals } from './referrals.api';
import { dueWords, isLive, recipientName, serviceWord, statusColour, statusWord } from './referral-words';
import './referrals.css';

/** Status (unless the page shows it already), due day and overdue of a referral, as tags. */
export function ReferralMarks({
  r,
  withStatus = true,
}: {
  r: Pick<ReferralSummary, 'status' | 'due' | 'overdue' | 'escalatedAt'>;
  withStatus?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  const due = isLive(r.status) ? dueWords(t, r.due) : null;
  return (
    <span className="referral-marks">
      {withStatus && (
        <Tag color={statusColour(r.status)} data-testid="referral-status" data-status={r.status}>
          {statusWord(t, r.status)}
        </Tag>
      )}
      {due && <span className="muted small">{due}</span>}
      {r.overdue && (
        <Tag color="red" data-testid="referral-overdue">
          {t('referral.overdue')}
        </Tag>
      )}
      {r.overdue && r.escalatedAt && <Tag color="volcano">{t('referral.escalated')}</Tag>}
    </span>
  );
}

function ReferralRow({ r }: { r: ReferralSummary }): React.JSX.Element {
  const { t } = useTranslation();
  const name = recipientName(r.to);
  return (
    <List.Item className="referral-row" data-testid={`case-referral-${r.id}`} data-status={r.status}>
      <div className="referral-row__main">
        <Link to={`/referrals/${r.id}`} aria-label={t('referral.panel.openOf', { name })} data-testid={`case-referral-open-${r.id}`}>
          {name}
        </Link>
        <div className="muted small">{serviceWord(t, r.service)}</div>
      </div>
      <ReferralMarks r={r} />
    </List.Item>
  );
}

/**
 * "Chuyển gửi" on the case page: the case's referrals (recipient, status, due day, overdue) with a
 * link to each, and the composer for those the session's `can` lets refer, while the case is open.
 */
export function CaseReferralsPanel({ c }: { c: CaseDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  const can = useCan();
  const [, setParams] = useSearchParams();
  const [composing, setComposing] = useState(false);
  const narrow = !Grid.useBreakpoint().md;
  const mayList = can('referral.case-list');
  const referrals = useCaseReferrals(c.id, mayList);
  if (!mayList) return null;
  const mayCreate = can('referral.create') && c.status !== 'closed';
  const goToConsent = (): void => {
    setComposing(false);
    setParams((p) => ({ ...Object.fromEntries(p), tab: 'consent' }), { replace: true });
    document.querySelector('[data-testid="case-tab-consent"]')?.scrollIntoView({ block: 'start' });
  };
  const newButton = mayCreate && (
    <Button type="primary" icon={<SendOutlined />} block={narrow} onClick={() => setComposing(true)} data-testid="case-referral-new">
      {t('referral.panel.new')}
    </Button>
  );
  return (
    <Card
      title={
        <span>
          <SendOutlined aria-hidden /> {t('referral.panel.title')}
        </span>
      }
      extra={!narrow && newButton}
      className="case-panel"
      data-testid="case-referrals"
    >
      <Typography.Paragraph type="secondary">{t('referral.panel.intro')}</Typography.Paragraph>
      {narrow && newButton && <div className="block-gap">{newButton}</div>}
      {referrals.isError && <ErrorAlert error={referrals.error} onRetry={() => void referrals.refetch()} />}
      <List<ReferralSummary>
        dataSource={referrals.data ?? []}
        loading={referrals.isPending}
        rowKey="id"
        locale={{ emptyText: <div className="muted">{t('referral.panel.empty')}</div> }}
        renderItem={(r) => <ReferralRow r={r} />}
        data-testid="case-referrals-list"
      />
      <Drawer
        open={composing}
        onClose={() => setComposing(false)}
        title={c.patient.name ? t('referral.composer.titleOf', { name: c.patient.name }) : t('referral.composer.title')}
        size={narrow ? 'default' : 720}
        width={narrow ? '100%' : undefined}
        destroyOnHidden
      >
        <ReferralComposer c={c} onDone={() => setComposing(false)} onGoToConsent={goToConsent} />
      </Drawer>
    </Card>
  );
}

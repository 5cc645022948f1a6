import { ArrowRightOutlined, ClockCircleOutlined, InboxOutlined, SendOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Card, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { useCan } from '../auth/session';
import { useOverdueCount, useReferralCount } from './referrals.api';
import './referral-lists.css';

interface StatProps {
  testId: string;
  title: string;
  icon: ReactNode;
  query: UseQueryResult<number>;
  to: string;
  linkText: string;
}

/** One count with the link to the list it counts; the count carries `data-count` for tests. */
function Stat({ testId, title, icon, query, to, linkText }: StatProps): React.JSX.Element {
  return (
    <div className="stacked" data-testid={testId} data-count={query.data ?? ''}>
      {query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Statistic groupSeparator="." title={title} value={query.data ?? 0} prefix={icon} loading={query.isPending} />
      )}
      <Link to={to} data-testid={`${testId}-link`}>
        {linkText} <ArrowRightOutlined />
      </Link>
    </div>
  );
}

/**
 * A charity partner's referrals on its home: what waits in its organisation's inbox (an
 * organisation without much IT works entirely in the client, so this is its front door).
 */
export function PartnerReferralsCard(): React.JSX.Element {
  const { t } = useTranslation();
  const live = useReferralCount({ box: 'inbox', state: 'live' });
  const overdue = useReferralCount({ box: 'inbox', overdue: 'true' });
  return (
    <Card title={t('homeReferrals.partnerTitle')} className="block-gap" data-testid="home-referrals">
      <Typography.Paragraph type="secondary">{t('homeReferrals.partnerExplain')}</Typography.Paragraph>
      <div className="referral-home-stats">
        <Stat
          testId="home-referrals-inbox"
          title={t('homeReferrals.inboxLive')}
          icon={<InboxOutlined />}
          query={live}
          to="/referrals?state=live"
          linkText={t('homeReferrals.openInbox')}
        />
        <Stat
          testId="home-referrals-inbox-overdue"
          title={t('homeReferrals.overdue')}
          icon={<ClockCircleOutlined />}
          query={overdue}
          to="/referrals?overdue=1"
          linkText={t('homeReferrals.openInbox')}
        />
      </div>
    </Card>
  );
}

/** A hospital's social-work staff: the inbox and outbox in progress, and for a head the hospital's overdue ones. */
export function HospitalReferralsCard(): React.JSX.Element {
  const { t } = useTranslation();
  const can = useCan();
  const board = can('referral.overdue.read');
  const inbox = useReferralCount({ box: 'inbox', state: 'live' });
  const outbox = useReferralCount({ box: 'outbox', state: 'live' });
  const overdue = useOverdueCount(board);
  return (
    <Card title={t('homeReferrals.title')} data-testid="home-referrals">
      <div className="referral-home-stats">
        <Stat
          testId="home-referrals-inbox"
          title={t('homeReferrals.inboxLive')}
          icon={<InboxOutlined />}
          query={inbox}
          to="/referrals?box=inbox&state=live"
          linkText={t('homeReferrals.openInbox')}
        />
        <Stat
          testId="home-referrals-outbox"
          title={t('homeReferrals.outboxLive')}
          icon={<SendOutlined />}
          query={outbox}
          to="/referrals?box=outbox&state=live"
          linkText={t('homeReferrals.openOutbox')}
        />
        {board && (
          <Stat
            testId="home-referrals-overdue"
            title={t('homeReferrals.overdue')}
            icon={<ClockCircleOutlined />}
            query={overdue}
            to="/referrals/overdue"
            linkText={t('homeReferrals.openBoard')}
          />
        )}
      </div>
    </Card>
  );
}

/** The coordinator's: how many referrals in the network are overdue, and the way to the board. */
export function NetworkReferralsCard(): React.JSX.Element {
  const { t } = useTranslation();
  const overdue = useOverdueCount();
  return (
    <Card title={t('homeReferrals.boardTitle')} className="block-gap" data-testid="home-referrals">
      <Typography.Paragraph type="secondary">{t('homeReferrals.boardExplain')}</Typography.Paragraph>
      <Stat
        testId="home-referrals-overdue"
        title={t('homeReferrals.overdue')}
        icon={<ClockCircleOutlined />}
        query={overdue}
        to="/referrals/overdue"
        linkText={t('homeReferrals.openBoard')}
      />
    </Card>
  );
}

import { ArrowRightOutlined, FileTextOutlined, HeartOutlined, ShopOutlined } from '@ant-design/icons';
import { Card, Statistic } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { PledgePage } from '../../api-types';
import { useQuery } from '@tanstack/react-query';
import { formatMoney, formatNumber } from '../../format';
import { useMarketplaceCount } from './partner.api';
import './partner.css';

/** The organisation's pending pledges (how many, how much): one page of up to 100 is plenty for a home count. */
function usePendingPledges(): { count: number | undefined; amount: number | undefined } {
  const pending = useQuery({
    queryKey: ['funding', 'my-pledges', 'home-pending'],
    queryFn: ({ signal }) => api.get<PledgePage>('/pledges', { state: 'pending', limit: 100 }, signal),
  });
  return { count: pending.data?.total, amount: pending.data?.data.reduce((sum, p) => sum + p.amountVnd, 0) };
}

/**
 * The charity partner's home card for funding: how many stories wait on the marketplace, what the
 * organisation has pledged and not yet paid, and the ways to the marketplace, its pledges, its statement.
 */
export function PartnerFundingCard(): React.JSX.Element {
  const { t } = useTranslation();
  const listed = useMarketplaceCount();
  const pending = usePendingPledges();
  return (
    <Card
      title={
        <span>
          <HeartOutlined aria-hidden /> {t('partnerFunding.homeTitle')}
        </span>
      }
      data-testid="funding-requests"
    >
      <div className="statement-totals">
        <Statistic
          title={t('partnerFunding.homeListed')}
          value={listed.data === undefined ? '—' : formatNumber(listed.data)}
          data-testid="home-market-count"
        />
        <Statistic
          title={t('partnerFunding.homePending')}
          value={pending.count === undefined ? '—' : formatNumber(pending.count)}
          data-testid="home-pending-count"
        />
        <Statistic title={t('partnerFunding.homePendingAmount')} value={formatMoney(pending.amount)} />
      </div>
      <div className="partner-home-links">
        <Link to="/marketplace" data-testid="home-link-marketplace">
          <ShopOutlined aria-hidden /> {t('partnerFunding.homeBrowse')} <ArrowRightOutlined aria-hidden />
        </Link>
        <Link to="/pledges" data-testid="home-link-pledges">
          <HeartOutlined aria-hidden /> {t('partnerFunding.homePledges')} <ArrowRightOutlined aria-hidden />
        </Link>
        <Link to="/statements" data-testid="home-link-statements">
          <FileTextOutlined aria-hidden /> {t('partnerFunding.homeStatement')} <ArrowRightOutlined aria-hidden />
        </Link>
      </div>
    </Card>
  );
}

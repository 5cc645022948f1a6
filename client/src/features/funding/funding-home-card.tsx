import { ArrowRightOutlined, AuditOutlined } from '@ant-design/icons';
import { Card, Statistic } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { useCan } from '../auth/session';
import { useFundingCount } from './funding.api';

/** The head's home: how many funding requests wait for their approval, with the way to the queue. */
export function FundingHomeCard(): React.JSX.Element | null {
  const { t } = useTranslation();
  const can = useCan();
  const isHead = can('funding.list') && can('case.closure.decide');
  const awaiting = useFundingCount({ view: 'queue' }, isHead);
  if (!isHead) return null;
  return (
    <Card title={t('funding.home.title')} data-testid="home-funding">
      <div className="stacked" data-testid="home-funding-awaiting" data-count={awaiting.data ?? ''}>
        {awaiting.isError ? (
          <ErrorAlert error={awaiting.error} onRetry={() => void awaiting.refetch()} />
        ) : (
          <Statistic
            groupSeparator="."
            title={t('funding.home.awaiting')}
            value={awaiting.data ?? 0}
            prefix={<AuditOutlined />}
            loading={awaiting.isPending}
          />
        )}
        <Link to="/funding/queue" data-testid="home-funding-awaiting-link">
          {t('funding.home.openQueue')} <ArrowRightOutlined />
        </Link>
      </div>
    </Card>
  );
}

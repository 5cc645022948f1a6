import { ArrowRightOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Card, Grid, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { WorklistCards } from './worklist-cards';
import { WorklistTable } from './worklist-table';
import { useWorklist } from './worklist.api';

const NO_FILTERS = {};
const HOME_LIMIT = 5;

/** The social worker's home: the five highest-priority flagged patients, each opening its review. */
export function WorklistHomeCard(): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const worklist = useWorklist(NO_FILTERS, HOME_LIMIT);
  const narrow = !Grid.useBreakpoint().md;
  const rows = useMemo(() => worklist.data?.pages[0]?.data.slice(0, HOME_LIMIT) ?? [], [worklist.data]);

  return (
    <Card
      title={
        <span>
          <FileSearchOutlined /> {t('worklist.homeTitle')}
        </span>
      }
      extra={
        <Link to="/worklist" data-testid="home-worklist-link">
          {t('worklist.homeViewAll')} <ArrowRightOutlined />
        </Link>
      }
      data-testid="home-worklist-card"
    >
      {worklist.isError && <ErrorAlert error={worklist.error} onRetry={() => void worklist.refetch()} />}
      {!worklist.isPending && !worklist.isError && rows.length === 0 ? (
        <EmptyState title={t('worklist.homeEmpty')}>
          <Typography.Paragraph type="secondary" className="empty-explain">
            {t('worklist.homeExplain')}
          </Typography.Paragraph>
        </EmptyState>
      ) : narrow ? (
        <WorklistCards flags={rows} loading={worklist.isPending} onOpen={(f) => void navigate(`/worklist?flag=${encodeURIComponent(f.id)}`)} testId="home-worklist-cards" />
      ) : (
        <WorklistTable
          flags={rows}
          loading={worklist.isPending}
          compact
          onOpen={(f) => void navigate(`/worklist?flag=${encodeURIComponent(f.id)}`)}
          testId="home-worklist-table"
        />
      )}
    </Card>
  );
}

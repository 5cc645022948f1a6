import { ArrowRightOutlined } from '@ant-design/icons';
import { Button, Card, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FundingSummary } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDate, formatDateTime, formatNumber } from '../../format';
import { useFundingList } from './funding.api';
import { MoneyLine } from './case-funding-panel';
import { FundingMoves } from './funding-moves';
import { urgencyWord } from './funding-words';
import './funding.css';

const QUEUE_MOVES = ['move:approve', 'move:return'];

function QueueRow({ r, onRefused }: { r: FundingSummary; onRefused: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List.Item className="funding-row" data-testid={`queue-${r.id}`}>
      <div className="funding-row__main">
        <div>
          <strong>{r.reference}</strong>
          {r.patient?.name ? ` · ${r.patient.name}` : ''}
        </div>
        <MoneyLine r={r} />
        <div className="muted small">
          {t('funding.panel.neededBy', { date: formatDate(r.neededBy) })} ·{' '}
          {t('funding.queue.submittedAt', { date: formatDateTime(r.updatedAt) })}
        </div>
      </div>
      <span className="funding-marks">
        {r.urgency !== 'routine' && <Tag color="red">{urgencyWord(t, r.urgency)}</Tag>}
        <Link to={`/funding/${r.id}`} data-testid={`queue-open-${r.id}`}>
          {t('funding.queue.open')} <ArrowRightOutlined />
        </Link>
      </span>
      <div className="funding-queue-moves">
        {/* The server still decides (403 for one's own request, 409 once another head has moved it): the row then says why. */}
        <FundingMoves r={{ id: r.id, can: QUEUE_MOVES }} onRefused={onRefused} />
      </div>
    </List.Item>
  );
}

/** The head of social work's approval queue: the hospital's submitted requests, oldest first (the server's order). */
export function FundingQueuePage(): React.JSX.Element {
  const { t } = useTranslation();
  const list = useFundingList({ view: 'queue' });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const total = list.data?.pages[0]?.total;
  return (
    <div data-testid="page-funding-queue">
      <PageHeader
        title={t('funding.queue.title')}
        subtitle={total !== undefined ? t('funding.queue.total', { n: formatNumber(total) }) : undefined}
      />
      <Card>
        <Typography.Paragraph type="secondary">{t('funding.queue.intro')}</Typography.Paragraph>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        <List<FundingSummary>
          dataSource={rows}
          loading={list.isPending}
          rowKey="id"
          locale={{ emptyText: <div className="muted">{t('funding.queue.empty')}</div> }}
          renderItem={(r) => <QueueRow r={r} onRefused={() => void list.refetch()} />}
          data-testid="funding-queue"
          data-count={total ?? ''}
        />
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} className="block-gap">
            {t('common.loadMore')}
          </Button>
        )}
      </Card>
    </div>
  );
}

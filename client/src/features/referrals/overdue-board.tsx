import { NotificationOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Grid, List, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OverdueReferral } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/page-states';
import { formatDate, formatNumber } from '../../format';
import { useCan } from '../auth/session';
import { ReferralStatusTag, ServiceText, UrgencyText, routeText, useOpenLabel } from './referral-lists-bits';
import { useOverdueBoard } from './referrals.api';
import './referral-lists.css';

/** How late, in working days, and what is awaited (an answer or the work) since which day. */
function Lateness({ r }: { r: OverdueReferral }): React.JSX.Element {
  const { t } = useTranslation();
  const date = formatDate(r.due?.on);
  return (
    <span className="stacked">
      <span className="referral-overdue" data-testid="overdue-days" data-days={r.workingDaysOverdue}>
        {t('overdueBoard.workingDaysOverdue', { count: r.workingDaysOverdue })}
      </span>
      <span className="muted small">{t(r.due?.kind === 'complete' ? 'overdueBoard.waitingComplete' : 'overdueBoard.waitingAccept', { date })}</span>
    </span>
  );
}

function Escalation({ r }: { r: OverdueReferral }): React.JSX.Element {
  const { t } = useTranslation();
  return r.escalatedAt ? (
    <Tag color="red" icon={<NotificationOutlined />} data-testid="overdue-escalated">
      {t('overdueBoard.escalatedOn', { date: formatDate(r.escalatedAt) })}
    </Tag>
  ) : (
    <span className="muted">{t('overdueBoard.notEscalated')}</span>
  );
}

interface BoardViewProps {
  rows: OverdueReferral[];
  loading: boolean;
  onOpen: (r: OverdueReferral) => void;
}

function BoardTable({ rows, loading, onOpen }: BoardViewProps): React.JSX.Element {
  const { t } = useTranslation();
  const openLabel = useOpenLabel();
  const columns: TableColumnsType<OverdueReferral> = [
    {
      title: t('referralLists.route'),
      key: 'route',
      render: (_: unknown, r) => (
        <Link to={`/referrals/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid={`overdue-link-${r.id}`}>
          {routeText(r)}
        </Link>
      ),
    },
    { title: t('referralLists.service'), key: 'service', render: (_: unknown, r) => <ServiceText r={r} /> },
    { title: t('referralLists.urgency'), key: 'urgency', render: (_: unknown, r) => <UrgencyText urgency={r.urgency} /> },
    { title: t('referralLists.status'), key: 'status', render: (_: unknown, r) => <ReferralStatusTag status={r.status} /> },
    { title: t('overdueBoard.late'), key: 'late', render: (_: unknown, r) => <Lateness r={r} /> },
    { title: t('referralLists.escalated'), key: 'escalated', render: (_: unknown, r) => <Escalation r={r} /> },
  ];
  return (
    <Table<OverdueReferral>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 960 }}
      rowClassName="referral-list-row"
      onRow={(r) =>
        ({
          'data-testid': `overdue-row-${r.id}`,
          'data-escalated': r.escalatedAt ? 'yes' : 'no',
          tabIndex: 0,
          'aria-label': openLabel(r),
          onClick: () => onOpen(r),
          onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
            if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
            e.preventDefault();
            onOpen(r);
          },
        }) as React.HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <EmptyState title={t('overdueBoard.empty')} /> }}
      data-testid="overdue-table"
    />
  );
}

function BoardCards({ rows, loading, onOpen }: BoardViewProps): React.JSX.Element {
  const { t } = useTranslation();
  const openLabel = useOpenLabel();
  return (
    <List<OverdueReferral>
      dataSource={rows}
      loading={loading}
      rowKey="id"
      split={false}
      locale={{ emptyText: <EmptyState title={t('overdueBoard.empty')} /> }}
      data-testid="overdue-cards"
      renderItem={(r) => (
        <List.Item className="referral-card-item">
          <Card size="small" className="referral-card" data-testid={`overdue-row-${r.id}`} data-escalated={r.escalatedAt ? 'yes' : 'no'}>
            <div className="referral-card__head">
              <strong>{routeText(r)}</strong>
              <ReferralStatusTag status={r.status} />
            </div>
            <div className="referral-card__meta">
              <ServiceText r={r} />
              <UrgencyText urgency={r.urgency} />
            </div>
            <div className="referral-card__meta">
              <Lateness r={r} />
            </div>
            <div className="referral-card__meta">
              <Escalation r={r} />
            </div>
            <Button block onClick={() => onOpen(r)} aria-label={openLabel(r)} data-testid={`overdue-open-${r.id}`}>
              {t('referralLists.open')} <RightOutlined aria-hidden />
            </Button>
          </Card>
        </List.Item>
      )}
    />
  );
}

/**
 * "Chuyển gửi quá hạn": live referrals past their due day — escalated first, then the most working
 * days overdue (the server's order) — the network's for a coordinator, the own hospital's (sent or
 * received) for a head of social work. Each opens the referral page.
 */
export function OverdueBoardPage(): React.JSX.Element {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const board = useOverdueBoard();
  const rows = useMemo(() => board.data?.pages.flatMap((p) => p.data) ?? [], [board.data]);
  const total = board.data?.pages[0]?.total;
  const open = (r: { id: string }): void => void navigate(`/referrals/${r.id}`);
  const views = { rows, loading: board.isPending, onOpen: open };
  // A head of social work (who refers) sees the own hospital's; network staff the network's.
  const subtitle = can('referral.create') ? t('overdueBoard.subtitleHospital') : t('overdueBoard.subtitleNetwork');
  return (
    <div data-testid="page-referrals-overdue">
      <PageHeader title={t('overdueBoard.title')} subtitle={subtitle} />
      <Card>
        <div className="referral-count muted" role="status" data-testid="overdue-count" data-shown={rows.length} data-total={total ?? ''}>
          {total !== undefined && t('overdueBoard.shownOfTotal', { shown: formatNumber(rows.length), total: formatNumber(total) })}
        </div>
        {board.isError && <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />}
        {narrow ? <BoardCards {...views} /> : <BoardTable {...views} />}
        <div className="table-footer">
          {board.hasNextPage && (
            <Button onClick={() => void board.fetchNextPage()} loading={board.isFetchingNextPage} data-testid="overdue-load-more">
              {t('common.loadMore')}
            </Button>
          )}
        </div>
      </Card>
    </div>
  );
}

import { Button, Card, Grid, List, Segmented, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PLEDGE_STATE_LIST } from '../../api-types';
import type { Pledge, PledgeState } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/page-states';
import { formatDate, formatMoney, formatNumber } from '../../format';
import { pledgeStateColour, pledgeStateWord } from './funding-words';
import { useMyPledges } from './partner.api';
import { CancelPledgeButton } from './pledge-cancel';
import './partner.css';

function StateTag({ p }: { p: Pledge }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <span className="partner-tags">
      <Tag color={pledgeStateColour(p.state)} data-testid="pledge-state">
        {pledgeStateWord(t, p.state)}
      </Tag>
    </span>
  );
}

function RequestCell({ p }: { p: Pledge }): React.JSX.Element {
  return (
    <div className="stacked">
      <Link to={`/pledges/${p.id}`} onClick={(e) => e.stopPropagation()} data-testid={`pledge-link-${p.id}`}>
        {p.request.title ?? p.request.reference}
      </Link>
      <span className="muted small">
        {p.request.reference} · {p.request.hospital.name}
      </span>
    </div>
  );
}

/** Until when a pending pledge holds, or when it ended. */
function WhenCell({ p }: { p: Pledge }): React.JSX.Element {
  const { t } = useTranslation();
  if (p.state === 'pending') return <span>{t('pledges.holdsUntil', { date: formatDate(p.expiresAt) })}</span>;
  return <span>{p.endedAt ? formatDate(p.endedAt) : '—'}</span>;
}

interface ViewProps {
  rows: Pledge[];
  loading: boolean;
  onError: (e: unknown) => void;
}

function PledgeTable({ rows, loading, onError }: ViewProps): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const columns: TableColumnsType<Pledge> = [
    { title: t('pledges.request'), key: 'request', render: (_: unknown, p) => <RequestCell p={p} /> },
    { title: t('pledges.amount'), key: 'amount', align: 'right', render: (_: unknown, p) => <strong>{formatMoney(p.amountVnd)}</strong> },
    { title: t('pledges.pledgedOn'), key: 'on', render: (_: unknown, p) => formatDate(p.createdAt) },
    { title: t('pledges.state'), key: 'state', render: (_: unknown, p) => <StateTag p={p} /> },
    { title: t('pledges.when'), key: 'when', render: (_: unknown, p) => <WhenCell p={p} /> },
    { title: t('common.actions'), key: 'actions', render: (_: unknown, p) => <CancelPledgeButton pledge={p} onError={onError} /> },
  ];
  return (
    <Table<Pledge>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 900 }}
      rowClassName="partner-row"
      locale={{ emptyText: <EmptyState title={t('pledges.empty')} /> }}
      onRow={(p) =>
        ({
          'data-testid': `pledge-row-${p.id}`,
          'data-state': p.state,
          onClick: () => void navigate(`/pledges/${p.id}`),
        }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}

function PledgeCards({ rows, loading, onError }: ViewProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List
      loading={loading}
      dataSource={rows}
      locale={{ emptyText: <EmptyState title={t('pledges.empty')} /> }}
      renderItem={(p) => (
        <List.Item key={p.id} className="partner-card-item">
          <Card size="small" className="partner-list-card" data-testid={`pledge-row-${p.id}`} data-state={p.state}>
            <div className="partner-list-card__head">
              <RequestCell p={p} />
              <StateTag p={p} />
            </div>
            <div className="partner-list-card__head block-gap">
              <strong>{formatMoney(p.amountVnd)}</strong>
              <span className="muted small">
                <WhenCell p={p} />
              </span>
            </div>
            <CancelPledgeButton pledge={p} onError={onError} />
          </Card>
        </List.Item>
      )}
    />
  );
}

/** The states as a segmented control on a desktop, a select on a phone (five segments do not fit 390 px). */
function StateChooser({
  state,
  narrow,
  onChange,
}: {
  state: PledgeState | undefined;
  narrow: boolean;
  onChange: (v: PledgeState | 'all') => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const options = [
    { value: 'all' as const, label: t('common.all') },
    ...PLEDGE_STATE_LIST.map((s) => ({ value: s, label: pledgeStateWord(t, s) })),
  ];
  if (narrow) {
    return (
      <Select<PledgeState | 'all'>
        className="block-gap"
        style={{ width: '100%' }}
        value={state ?? 'all'}
        onChange={onChange}
        options={options}
        aria-label={t('pledges.state')}
        data-testid="pledges-state"
      />
    );
  }
  return (
    <Segmented<PledgeState | 'all'>
      className="block-gap"
      value={state ?? 'all'}
      onChange={onChange}
      options={options.map((o) => ({ value: o.value, label: <span data-testid={`pledges-state-${o.value}`}>{o.label}</span> }))}
      aria-label={t('pledges.state')}
    />
  );
}

/** "Cam kết của tôi": the organisation's pledges by state, with their requests; a pending one may be cancelled. */
export function PledgesPage(): React.JSX.Element {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = PLEDGE_STATE_LIST.find((s) => s === params.get('state'));
  const list = useMyPledges(state ? { state } : {});
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const narrow = !Grid.useBreakpoint().md;
  const [actionError, setActionError] = useState<unknown>(null);
  const views = { rows, loading: list.isPending, onError: setActionError };
  return (
    <div data-testid="page-pledges">
      <PageHeader title={t('pledges.title')} subtitle={t('pledges.subtitle')} />
      <Card>
        <StateChooser state={state} narrow={narrow} onChange={(v) => setParams(v === 'all' ? {} : { state: v }, { replace: true })} />
        <div className="muted block-gap" role="status" data-testid="pledges-count">
          {total !== undefined && t('pledges.count', { shown: formatNumber(rows.length), total: formatNumber(total) })}
        </div>
        {actionError !== null && <ErrorAlert error={actionError} />}
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {narrow ? <PledgeCards {...views} /> : <PledgeTable {...views} />}
        <div className="table-footer">
          {list.hasNextPage && (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          )}
        </div>
      </Card>
    </div>
  );
}

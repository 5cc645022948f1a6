import { Grid, Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncRun } from '../../api-types';
import { nowMs } from '../../clock';
import { codeMessage } from '../../components/error-messages';
import { EmptyState } from '../../components/page-states';
import { formatDateTime, formatNumber } from '../../format';
import { SyncStatusTag } from './sync-bits';

/** `1 phút 20 giây`-style length of a run (to now while it runs). */
export function runDuration(run: SyncRun, t: TFunction): string {
  const end = dayjs(run.finishedAt ?? nowMs());
  const seconds = Math.max(0, end.diff(dayjs(run.startedAt), 'second'));
  const m = Math.floor(seconds / 60);
  return m > 0 ? t('sync.durationMinutes', { m, s: seconds % 60 }) : t('sync.durationSeconds', { s: seconds });
}

function ErrorWords({ run }: { run: SyncRun }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!run.error) return null;
  // The sentence for the code in the person's language; the code itself only on hover (a detail for support).
  return (
    <Tooltip title={run.error.code}>
      <span className="small">{codeMessage(run.error.code, {}, t)}</span>
    </Tooltip>
  );
}

/** On a phone one column holds each run (status, when, how long, patients, error), so nothing scrolls sideways. */
function phoneColumns(t: TFunction): TableColumnsType<SyncRun> {
  return [
    {
      title: t('sync.history'),
      key: 'run',
      render: (_: unknown, run) => (
        <div className="stacked">
          <span>
            <SyncStatusTag status={run.status} testId="sync-run-status" />
          </span>
          <span>{formatDateTime(run.startedAt)}</span>
          <span className="muted">
            {runDuration(run, t)} · {t('sync.patients')}: {formatNumber(run.progress.patients)}
          </span>
          <ErrorWords run={run} />
        </div>
      ),
    },
  ];
}

function wideColumns(t: TFunction): TableColumnsType<SyncRun> {
  return [
    { title: t('sync.startedAt'), dataIndex: 'startedAt', className: 'nowrap', render: (v: string) => formatDateTime(v) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_: unknown, run) => <SyncStatusTag status={run.status} testId="sync-run-status" />,
    },
    { title: t('sync.duration'), key: 'duration', className: 'nowrap', render: (_: unknown, run) => runDuration(run, t) },
    { title: t('sync.patients'), key: 'patients', align: 'right', render: (_: unknown, run) => formatNumber(run.progress.patients) },
    {
      title: t('sync.pages'),
      key: 'pages',
      align: 'right',
      responsive: ['md'],
      render: (_: unknown, run) => formatNumber(run.progress.pages),
    },
    {
      title: t('sync.kind'),
      dataIndex: 'since',
      responsive: ['lg'],
      render: (since: string | null) => (since ? t('sync.incremental', { time: formatDateTime(since) }) : t('sync.full')),
    },
    {
      title: t('sync.errorColumn'),
      key: 'error',
      ellipsis: true,
      render: (_: unknown, run) => <ErrorWords run={run} />,
    },
  ];
}

export function SyncHistoryTable({ runs, loading }: { runs: SyncRun[]; loading: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const columns = narrow ? phoneColumns(t) : wideColumns(t);
  return (
    <Table<SyncRun>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={runs}
      loading={loading}
      pagination={false}
      scroll={narrow ? undefined : { x: 720 }}
      // On a phone the one column would repeat the card's title ("Sync history") as its header.
      showHeader={!narrow}
      onRow={(run) => ({ 'data-testid': `sync-run-${run.id}`, 'data-status': run.status }) as React.HTMLAttributes<HTMLElement>}
      locale={{ emptyText: <EmptyState title={t('sync.historyEmpty')} /> }}
      data-testid="sync-history"
    />
  );
}

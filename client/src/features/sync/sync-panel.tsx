import { Alert, Card, Col, Descriptions, Row, Space, Statistic, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncRun } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { formatDateTime } from '../../format';
import { SyncErrorAlert, SyncProgress, SyncStatusTag, isStale } from './sync-bits';
import { SyncHistoryTable, runDuration } from './sync-history-table';
import { isWaitingLong } from './sync-progress';
import { isUnderWay, useOnRunFinished, useSyncRun, useSyncRuns } from './sync.api';

interface SyncPanelProps {
  hospital: { id: string; code: string; name?: string };
  /** The run this page just started, shown before the history list catches up. */
  started?: SyncRun;
  /** The start button (the page owns it: for the network, it sits in the hospital table). */
  action?: ReactNode;
}

function newer(a: SyncRun | undefined, b: SyncRun | undefined): SyncRun | undefined {
  if (!a || !b) return a ?? b;
  return new Date(a.startedAt) >= new Date(b.startedAt) ? a : b;
}

function RunDetails({ run }: { run: SyncRun }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={16} className="stat-row">
        <Col xs={24} sm={8}>
          <Statistic groupSeparator="." title={t('sync.patients')} value={run.progress.patients} data-testid="sync-count-patients" />
        </Col>
        <Col xs={24} sm={8}>
          <Statistic groupSeparator="." title={t('sync.encounters')} value={run.progress.encounters} />
        </Col>
        <Col xs={24} sm={8}>
          <Statistic groupSeparator="." title={t('sync.pages')} value={run.progress.pages} />
        </Col>
      </Row>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        items={[
          { key: 'started', label: t('sync.startedAt'), children: formatDateTime(run.startedAt) },
          { key: 'finished', label: t('sync.finishedAt'), children: run.finishedAt ? formatDateTime(run.finishedAt) : '—' },
          { key: 'duration', label: t('sync.duration'), children: runDuration(run, t) },
          {
            key: 'kind',
            label: t('sync.kind'),
            children: run.since ? t('sync.incremental', { time: formatDateTime(run.since) }) : t('sync.full'),
          },
          {
            key: 'phases',
            label: t('sync.phases'),
            children: (
              <Space wrap size={4} data-testid="sync-phases">
                {run.phases.map((phase) => (
                  <Tag key={phase.name} color={phase.done ? 'green' : 'default'} data-phase={phase.name} data-done={String(phase.done)}>
                    {t(`syncPhases.${phase.name === 'discharges' ? 'discharges' : 'inpatients'}`)} ·{' '}
                    {phase.done ? t('sync.phaseDone', { count: phase.pages }) : t('sync.phasePages', { count: phase.pages })}
                  </Tag>
                ))}
              </Space>
            ),
          },
          ...(run.resumedCount > 0
            ? [{ key: 'resumed', label: t('sync.resumedLabel'), children: t('sync.resumed', { count: run.resumedCount }) }]
            : []),
        ]}
      />
    </>
  );
}

/** One hospital's census sync: the latest run live (polled each second while it runs) and the history. */
export function SyncPanel({ hospital, started, action }: SyncPanelProps): React.JSX.Element {
  const { t } = useTranslation();
  const runs = useSyncRuns(hospital.id);
  const latest = newer(started?.hospital.id === hospital.id ? started : undefined, runs.data?.[0]);
  const detail = useSyncRun(latest?.id ?? null, latest);
  const run = detail.data && detail.data.id === latest?.id ? detail.data : latest;
  const onFinished = useOnRunFinished();
  // The live copy of the current run replaces its (older) row in the history.
  const listed = runs.data ?? [];
  const history = run ? [run, ...listed.filter((r) => r.id !== run.id)] : listed;
  const previous = useRef<SyncRun | undefined>(undefined);

  // The list saw the run (re)started elsewhere while our copy says it ended: read it again.
  const listRunning =
    runs.data?.[0] !== undefined &&
    isUnderWay(runs.data[0].status) &&
    runs.data[0].id === detail.data?.id &&
    !isUnderWay(detail.data.status);
  const refetchDetail = detail.refetch;
  useEffect(() => {
    if (listRunning) void refetchDetail();
  }, [listRunning, refetchDetail]);
  // When the run ends, refresh the history and the census it just filled.
  useEffect(() => {
    if (previous.current?.id === run?.id && previous.current && isUnderWay(previous.current.status) && run && !isUnderWay(run.status))
      onFinished();
    previous.current = run;
  }, [run, onFinished]);

  return (
    <div className="stack sync-panel" data-testid="sync-panel" data-hospital={hospital.code}>
      <Card
        title={t('sync.currentTitle', { hospital: hospital.name ? `${hospital.name} (${hospital.code})` : hospital.code })}
        extra={action}
      >
        {runs.isError && <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />}
        {detail.isError && <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />}
        {!run && !runs.isPending && (
          <EmptyState title={t('sync.noRuns')}>
            <span className="muted">{t('sync.noRunsHint')}</span>
          </EmptyState>
        )}
        {run && (
          <div data-testid="sync-current" data-run={run.id}>
            <div className="sync-current__status">
              <SyncStatusTag status={run.status} testId="sync-status" />
              <span className="muted">
                {run.status === 'queued'
                  ? t('sync.queuedSince', { time: formatDateTime(run.heartbeatAt) })
                  : run.status === 'running'
                    ? t('sync.heartbeat', { time: formatDateTime(run.heartbeatAt) })
                    : t('sync.endedAt', { time: formatDateTime(run.finishedAt ?? run.heartbeatAt) })}
              </span>
            </div>
            <SyncProgress run={run} />
            {isWaitingLong(run) && (
              <Alert
                type="warning"
                showIcon
                className="block-gap"
                title={t('sync.queuedLong', { time: formatDateTime(run.heartbeatAt) })}
              />
            )}
            {isStale(run) && (
              <Alert type="warning" showIcon className="block-gap" title={t('sync.stale', { time: formatDateTime(run.heartbeatAt) })} />
            )}
            <SyncErrorAlert run={run} />
            <RunDetails run={run} />
          </div>
        )}
      </Card>
      <Card title={t('sync.history')}>
        <SyncHistoryTable runs={history} loading={runs.isPending} />
      </Card>
    </div>
  );
}

import { ArrowRightOutlined, SyncOutlined } from '@ant-design/icons';
import { Card, Skeleton } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { codeMessage } from '../../components/error-messages';
import { formatDateTime, formatNumber } from '../../format';
import { SyncProgress, SyncStatusTag } from './sync-bits';
import { useSyncRuns } from './sync.api';

/** The home page's glance at the hospital's last census sync, with a way to the details. */
export function SyncHomeCard({ hospitalId }: { hospitalId: string | null | undefined }): React.JSX.Element {
  const { t } = useTranslation();
  const runs = useSyncRuns(hospitalId ?? null, 1, { pollWhileRunningMs: 3000, enabled: Boolean(hospitalId) });
  const run = runs.data?.[0];

  return (
    <Card
      title={
        <span>
          <SyncOutlined /> {t('homeSync.title')}
        </span>
      }
      extra={
        <Link to="/sync" data-testid="home-sync-link">
          {t('homeSync.details')} <ArrowRightOutlined />
        </Link>
      }
      data-testid="home-sync-card"
    >
      {hospitalId && runs.isPending && <Skeleton active paragraph={{ rows: 1 }} />}
      {runs.isError && <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data && !run && (
        <span className="muted" data-testid="home-sync-none">
          {t('homeSync.never')}
        </span>
      )}
      {run && (
        <div className="stack stack--tight">
          <div className="sync-current__status">
            <SyncStatusTag status={run.status} testId="home-sync-status" />
            <span className="muted">
              {run.status === 'queued'
                ? t('homeSync.queuedAt', { time: formatDateTime(run.heartbeatAt) })
                : run.status === 'running'
                  ? t('homeSync.startedAt', { time: formatDateTime(run.startedAt) })
                  : t('homeSync.finishedAt', { time: formatDateTime(run.finishedAt ?? run.heartbeatAt) })}
            </span>
          </div>
          {(run.status === 'running' || run.status === 'queued') && <SyncProgress run={run} size="small" />}
          {run.status === 'succeeded' && <span>{t('homeSync.patients', { n: formatNumber(run.progress.patients) })}</span>}
          {run.status === 'failed' && run.error && <span className="text-danger">{codeMessage(run.error.code, {}, t)}</span>}
        </div>
      )}
    </Card>
  );
}

import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, Collapse, Progress, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncRun, SyncStatus } from '../../api-types';
import { nowMs } from '../../clock';
import { messageKeyForCode } from '../../components/error-messages';
import { progressModel, progressWords } from './sync-progress';
import './sync.css';

const STATUS_LOOK: Record<SyncStatus, { color: string; icon: React.JSX.Element }> = {
  // Not antd's 'processing' colour: its text on its background falls short of 4.5:1 (sync.css).
  queued: { color: 'default', icon: <ClockCircleOutlined /> },
  running: { color: 'default', icon: <SyncOutlined spin /> },
  succeeded: { color: 'success', icon: <CheckCircleOutlined /> },
  failed: { color: 'error', icon: <CloseCircleOutlined /> },
};

export function SyncStatusTag({ status, testId }: { status: SyncStatus; testId?: string }): React.JSX.Element {
  const { t } = useTranslation();
  const look = STATUS_LOOK[status];
  return (
    <Tag color={look.color} icon={look.icon} data-testid={testId} data-status={status} className={`sync-tag sync-tag--${status}`}>
      {t(`syncStatuses.${status}`)}
    </Tag>
  );
}

/**
 * The live bar: the server's percentage over all phases when known, otherwise a moving
 * (indeterminate) bar; the words under it say the step and the pages and patients so far.
 * Green when done, red when failed. The highest percentage seen for a run is kept, so the bar
 * never goes back on screen.
 */
export function SyncProgress({ run, size }: { run: SyncRun; size?: 'small' }): React.JSX.Element {
  const { t } = useTranslation();
  const highest = useRef<{ id: string; percent: number } | null>(null);
  const model = progressModel(run, highest.current?.id === run.id ? highest.current.percent : null);
  if (model.percent !== null) highest.current = { id: run.id, percent: model.percent };
  const { percent, indeterminate } = model;
  const label = progressWords(model, t);
  return (
    <div className="sync-progress-block">
      <Progress
        percent={percent ?? (run.status === 'running' ? 100 : 0)}
        status={
          run.status === 'running' ? 'active' : run.status === 'failed' ? 'exception' : run.status === 'queued' ? 'normal' : 'success'
        }
        showInfo={percent !== null}
        format={() => `${percent ?? 0}%`}
        size={size}
        className={indeterminate ? 'sync-progress sync-progress--indeterminate' : 'sync-progress'}
        aria-valuetext={label}
        aria-label={t('a11y.syncProgress')}
        data-testid="sync-progress"
        data-status={run.status}
        data-percent={percent ?? ''}
        data-indeterminate={String(indeterminate)}
      />
      <div className="sync-progress__words" data-testid="sync-progress-words" aria-hidden="true">
        {label}
      </div>
    </div>
  );
}

/**
 * Why a run failed, in words in the person's language (from the error's code, naming the
 * hospital: whom to call), and whether trying again resumes it. The code, the server's own
 * (English) sentence and the run id are behind "Technical details".
 */
export function SyncErrorAlert({ run }: { run: SyncRun }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (run.status !== 'failed' || !run.error) return null;
  const key = messageKeyForCode(run.error.code);
  return (
    <div data-testid="sync-error" data-code={run.error.code} role="alert" className="error-alert">
      <Alert
        type="error"
        showIcon
        title={key ? `${t('sync.failedTitle')}: ${t(key)}` : t('sync.failedTitle')}
        description={
          <div className="error-alert__body">
            <div data-testid="sync-error-hint">{t('errorHints.hospital', { hospital: run.hospital.code })}</div>
            <div>{run.error.transient ? t('sync.errorTransient') : t('sync.errorPermanent')}</div>
            <Collapse
              ghost
              size="small"
              data-testid="sync-error-technical"
              items={[
                {
                  key: 'technical',
                  label: t('errorHints.details'),
                  children: (
                    <div className="small">
                      <div>
                        {t('sync.errorCode')}: <Typography.Text code>{run.error.code}</Typography.Text>
                      </div>
                      <div lang="en" data-testid="sync-error-message">
                        {run.error.message}
                      </div>
                      <div>
                        {t('sync.runId')}:{' '}
                        <Typography.Text type="secondary" code copyable={{ text: run.id }}>
                          {run.id}
                        </Typography.Text>
                      </div>
                    </div>
                  ),
                },
              ]}
            />
          </div>
        }
      />
    </div>
  );
}

/** A running run whose heartbeat is older than the server's lease may have stopped. */
export const STALE_AFTER_MS = 2 * 60_000;

export function isStale(run: SyncRun, now = nowMs()): boolean {
  return run.status === 'running' && now - Date.parse(run.heartbeatAt) > STALE_AFTER_MS;
}

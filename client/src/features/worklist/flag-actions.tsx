import { CheckOutlined, ClockCircleOutlined, CloseOutlined, RedoOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { Flag, FlagDecision } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { TechnicalNote } from '../../components/technical-note';
import { WriteBackTag } from './worklist-bits';
import { useRetryWriteBack, useReviewFlag } from './worklist.api';

/** The write-back status, its last error, and "try again" while pending or failed. */
export function WriteBackControl({ flag }: { flag: Flag }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const retry = useRetryWriteBack(flag.id);
  const { status, lastError } = flag.writeBack;
  return (
    <Space orientation="vertical" size={4}>
      <Space wrap>
        <WriteBackTag status={status} />
        {(status === 'pending' || status === 'failed') && (
          <Button
            size="small"
            icon={<RedoOutlined />}
            loading={retry.isPending}
            onClick={() => retry.mutate(undefined, { onSuccess: () => void message.success(t('flag.writeBackRetried')) })}
            data-testid="flag-writeback-retry"
          >
            {t('flag.writeBackRetry')}
          </Button>
        )}
      </Space>
      {lastError && <TechnicalNote summary={t('errorHints.writeBackFailed')} technical={lastError} testId="flag-writeback-error" />}
      {retry.isError && <ErrorAlert error={retry.error} testId="flag-writeback-retry-error" />}
    </Space>
  );
}

/** Confirm (opens a case: a short note is required), dismiss (a reason is required) or expire an active flag. */
export function FlagActions({ flag, onConflict }: { flag: Flag; onConflict: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const review = useReviewFlag(flag.id);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [pending, setPending] = useState<FlagDecision | null>(null);

  const decide = (decision: FlagDecision): void => {
    setReasonError(null);
    const trimmed = reason.trim();
    // Both need words: why it is dismissed, or the note that opens the case.
    if ((decision === 'dismiss' || decision === 'confirm') && trimmed.length < 3) {
      setReasonError(decision === 'confirm' ? t('flag.noteRequired') : t('flag.reasonRequired'));
      return;
    }
    setPending(decision);
    review.mutate(
      { decision, ...(trimmed ? { reason: trimmed } : {}) },
      {
        onSuccess: (updated) => {
          if (decision === 'confirm' && updated.review?.caseId) void message.success(t('flag.caseOpenedSeen'));
          if (decision === 'dismiss') void message.success(t('flag.dismissedDone'));
          if (decision === 'expire') void message.success(t('flag.expiredDone'));
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) {
            onConflict();
          } else if (isApiError(error) && error.details.some((d) => d.path === 'body.reason')) {
            setReasonError(decision === 'confirm' ? t('flag.noteRequired') : t('flag.reasonRequired'));
          }
        },
        onSettled: () => setPending(null),
      },
    );
  };

  const reasonDetail = isApiError(review.error) && review.error.details.some((d) => d.path === 'body.reason');
  const conflict = isApiError(review.error) && review.error.status === 409;
  const showError = review.isError && !conflict && !reasonDetail;

  return (
    <div className="flag-actions" data-testid="flag-actions">
      <Typography.Title level={5}>{t('flag.decide')}</Typography.Title>
      {showError && <ErrorAlert error={review.error} testId="flag-review-error" />}
      <label htmlFor="flag-dismiss-reason" className="muted small">
        {t('flag.noteOrReason')}
      </label>
      <Input.TextArea
        id="flag-dismiss-reason"
        rows={2}
        maxLength={500}
        value={reason}
        status={reasonError ? 'error' : undefined}
        placeholder={t('flag.dismissPlaceholder')}
        onChange={(e) => setReason(e.target.value)}
        data-testid="flag-dismiss-reason"
      />
      {reasonError && (
        <div className="field-error" role="alert" data-testid="flag-dismiss-reason-error">
          {reasonError}
        </div>
      )}
      <Space wrap className="block-gap" style={{ marginTop: 12 }}>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={pending === 'confirm'}
          disabled={review.isPending}
          onClick={() => decide('confirm')}
          data-testid="flag-confirm"
        >
          {t('flag.confirm')}
        </Button>
        <Button
          danger
          icon={<CloseOutlined />}
          loading={pending === 'dismiss'}
          disabled={review.isPending}
          onClick={() => decide('dismiss')}
          data-testid="flag-dismiss"
        >
          {t('flag.dismiss')}
        </Button>
        <Button
          icon={<ClockCircleOutlined />}
          loading={pending === 'expire'}
          disabled={review.isPending}
          onClick={() => decide('expire')}
          data-testid="flag-expire"
        >
          {t('flag.expire')}
        </Button>
      </Space>
    </div>
  );
}

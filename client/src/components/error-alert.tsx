import { Alert, Button, Collapse, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../api';
import { describeError } from './error-messages';
import { detailSentence } from './field-error-words';

interface ErrorAlertProps {
  error: unknown;
  /** Field errors that no form field shows (so they are not lost). */
  details?: ApiErrorDetail[];
  onRetry?: () => void;
  testId?: string;
}

/**
 * A failed request, in words in the user's language, with the request id support staff need to
 * find it in the logs. The error code, the server's own message and the field paths are behind
 * "Technical details" (issue 8, B10).
 */
export function ErrorAlert({ error, details = [], onRetry, testId = 'error-alert' }: ErrorAlertProps): React.JSX.Element {
  const { t } = useTranslation();
  const { title, hint, retryHint, requestId, code, technical } = describeError(error, t);
  const technicalItems = code || technical || details.length > 0;
  const description = (
    <div className="error-alert__body">
      {hint && <div data-testid="error-hint">{hint}</div>}
      {retryHint && <div>{retryHint}</div>}
      {details.length > 0 && (
        <ul className="error-alert__details">
          {details.map((detail) => (
            <li key={`${detail.path}:${detail.code ?? ''}:${detail.message}`}>{detailSentence(detail, t)}</li>
          ))}
        </ul>
      )}
      {requestId && (
        <Typography.Text type="secondary" className="error-alert__request-id">
          {t('errors.requestId')}:{' '}
          <Typography.Text type="secondary" code copyable={{ text: requestId }} data-testid="error-request-id">
            {requestId}
          </Typography.Text>
        </Typography.Text>
      )}
      {technicalItems && (
        <Collapse
          ghost
          size="small"
          data-testid="error-technical"
          items={[
            {
              key: 'technical',
              label: t('errorHints.details'),
              children: (
                <div className="small">
                  {code && (
                    <div>
                      {t('errorHints.code')}: <Typography.Text code data-testid="error-code">{code}</Typography.Text>
                    </div>
                  )}
                  {technical && <div lang="en">{technical}</div>}
                  {details.map((d) => (
                    <div key={`${d.path}:${d.message}`} lang="en">
                      <Typography.Text code>{d.path}</Typography.Text> {d.message}
                    </div>
                  ))}
                </div>
              ),
            },
          ]}
        />
      )}
    </div>
  );
  const hasDescription = Boolean(hint || retryHint || details.length || requestId || technicalItems);
  return (
    <div className="error-alert" data-testid={testId} role="alert">
      <Alert
        type="error"
        showIcon
        title={title}
        description={hasDescription ? description : undefined}
        action={
          onRetry ? (
            <Button size="small" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          ) : undefined
        }
      />
    </div>
  );
}

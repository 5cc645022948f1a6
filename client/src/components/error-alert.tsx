import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../api';
import { describeError } from './error-messages';

/** `body.province.current` → `province.current`; nothing for the body as a whole. */
function FieldPath({ path }: { path: string }): React.JSX.Element | null {
  const field = path.replace(/^(body|query)\.?/, '');
  return field ? <Typography.Text code>{field}</Typography.Text> : null;
}

interface ErrorAlertProps {
  error: unknown;
  /** Field errors that no form field shows (so they are not lost). */
  details?: ApiErrorDetail[];
  onRetry?: () => void;
  testId?: string;
}

/** A failed request, in words, with the request id support staff need to find it in the logs. */
export function ErrorAlert({ error, details = [], onRetry, testId = 'error-alert' }: ErrorAlertProps): React.JSX.Element {
  const { t } = useTranslation();
  const { title, serverMessage, retryHint, requestId } = describeError(error, t);
  const description = (
    <div className="error-alert__body">
      {serverMessage && <div>{serverMessage}</div>}
      {retryHint && <div>{retryHint}</div>}
      {details.length > 0 && (
        <ul className="error-alert__details">
          {details.map((detail) => (
            <li key={`${detail.path}:${detail.message}`}>
              <FieldPath path={detail.path} /> {detail.message}
            </li>
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
    </div>
  );
  const hasDescription = Boolean(serverMessage || retryHint || details.length || requestId);
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

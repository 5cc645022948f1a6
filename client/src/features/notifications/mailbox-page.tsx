import { Alert, Button, Card, Collapse, Empty, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime, formatNumber } from '../../format';
import { useMailbox, type CapturedMail } from './notifications.api';
import './notifications.css';

/**
 * Hộp thư thử: in demo mode the service's e-mails go to a capture mailbox (a real SMTP server in
 * the process) instead of people's inboxes; the admin reads here what would have been sent.
 */
export function MailboxPage(): React.JSX.Element {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const box = useMailbox(true, cursor);
  const page = box.data;

  return (
    <div data-testid="page-mailbox">
      <PageHeader title={t('mailbox.title')} subtitle={t('mailbox.subtitle')} />
      {box.isError && <ErrorAlert error={box.error} onRetry={() => void box.refetch()} />}
      {box.isPending && <Skeleton active />}
      {page === null && <Alert type="info" showIcon title={t('mailbox.off')} data-testid="mailbox-off" />}
      {page && (
        <Card>
          {page.data.length === 0 ? (
            <Empty description={t('mailbox.empty')} />
          ) : (
            <>
              <Typography.Paragraph type="secondary" data-testid="mailbox-count">
                {t('mailbox.shown', { count: page.data.length, shown: formatNumber(page.data.length) })}
              </Typography.Paragraph>
              <Collapse
                items={page.data.map((m) =>
                  mailItem(
                    m,
                    t('mailbox.meta', { to: m.to.join(', '), at: formatDateTime(m.receivedAt) }),
                    t('mailbox.from', { from: m.from }),
                  ),
                )}
                data-testid="mailbox-list"
              />
            </>
          )}
          <div className="table-footer">
            {cursors.length > 1 && <Button onClick={() => setCursors((c) => c.slice(0, -1))}>{t('mailbox.newer')}</Button>}
            {page.nextCursor && <Button onClick={() => setCursors((c) => [...c, page.nextCursor])}>{t('mailbox.older')}</Button>}
          </div>
        </Card>
      )}
    </div>
  );
}

function mailItem(m: CapturedMail, meta: string, from: string): { key: string; label: React.ReactNode; children: React.ReactNode } {
  return {
    key: m.id,
    label: (
      <div data-testid="mailbox-item">
        <Typography.Text strong>{m.subject}</Typography.Text>
        <div className="mailbox__meta">{meta}</div>
      </div>
    ),
    children: (
      <>
        <div className="mailbox__meta">{from}</div>
        <pre className="mailbox__text" data-testid="mailbox-text">
          {m.text}
        </pre>
      </>
    ),
  };
}

import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { describeError } from '../../components/error-messages';
import { PageHeader } from '../../components/page-header';
import { AuditFiltersForm } from './audit-filters';
import { AuditTable } from './audit-table';
import { downloadAuditFhirBundle, useAuditEvents } from './audit.api';

/** Nhật ký truy cập: who accessed what (Decree 356/2025 asks that access to health data be logged). */
export function AuditLogPage(): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [exporting, setExporting] = useState(false);
  const events = useAuditEvents(filters);
  const rows = events.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = Object.values(filters).some((value) => value !== undefined && value !== '');

  const exportFhir = async (): Promise<void> => {
    setExporting(true);
    try {
      await downloadAuditFhirBundle(filters);
    } catch (error) {
      const { title, requestId } = describeError(error, t);
      void message.error(requestId ? `${title} (${t('errors.requestId')}: ${requestId})` : title);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="page-audit">
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button icon={<DownloadOutlined />} onClick={() => void exportFhir()} loading={exporting} data-testid="audit-export-fhir">
            {t('audit.exportFhir')}
          </Button>
        }
      />
      <Card className="block-gap">
        <AuditFiltersForm value={filters} onChange={setFilters} />
      </Card>
      {events.isError && <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />}
      <Card>
        <AuditTable
          events={rows}
          loading={events.isPending}
          filtered={filtered}
          onActorClick={(actorId) => setFilters((current) => ({ ...current, actorId }))}
        />
        <div className="table-footer">
          <Typography.Text type="secondary" data-testid="audit-count">
            {t('audit.shown', { total: rows.length })}
          </Typography.Text>
          {events.hasNextPage && (
            <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="audit-load-more">
              {t('common.loadMore')}
            </Button>
          )}
        </div>
      </Card>
    </div>
  );
}

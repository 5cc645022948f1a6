import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Grid, Space, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { ReconciliationRow } from '../../api-types';
import { vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime, formatMoney, formatNumber } from '../../format';
import { reconciliationCsvUrl, useReconciliation, useUploadClaims } from './funding.api';
import { FundingTable } from './funding-table';
import './funding.css';

const STATUS_COLOUR: Record<ReconciliationRow['status'], string | undefined> = {
  match: 'green',
  differs: 'red',
  'missing-in-claims': 'orange',
  'missing-here': 'orange',
  'no-upload': undefined,
};

/** The month in the address (`?month=2026-12`), this Vietnam month by default. */
function useMonth(): [string, (m: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : vietnamToday().format('YYYY-MM');
  return [month, (m) => setParams({ month: m }, { replace: true })];
}

function ClaimsUpload({ month }: { month: string }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadClaims(month);
  return (
    <>
      <Upload
        accept=".xml,.csv,text/xml,application/xml,text/csv"
        showUploadList={false}
        beforeUpload={(file) => {
          upload.mutate(file, {
            onSuccess: (r) =>
              void message.success(
                t('funding.reconciliation.uploaded', {
                  rows: formatNumber(r.upload?.rows ?? 0),
                  file: file.name,
                  date: formatDateTime(r.upload?.at),
                }),
              ),
          });
          return false;
        }}
      >
        <Button className="funding-wrap-button" icon={<UploadOutlined />} loading={upload.isPending} data-testid="reconciliation-upload">
          {t('funding.reconciliation.upload')}
        </Button>
      </Upload>
      {upload.isError && <ErrorAlert error={upload.error} details={isApiError(upload.error) ? upload.error.details : []} />}
    </>
  );
}

/**
 * Đối soát: what charity paid to hospital bills in a month per treatment episode (MA_LK), the CSV
 * for the claims' T_NGUONKHAC, and the differences against the claims export the hospital uploads.
 */
export function ReconciliationPage(): React.JSX.Element {
  const { t } = useTranslation();
  const [month, setMonth] = useMonth();
  const found = useReconciliation(month);
  const r = found.data;
  const narrow = !Grid.useBreakpoint().md;
  return (
    <div data-testid="page-reconciliation">
      <PageHeader title={t('funding.reconciliation.title')} subtitle={r?.hospital.name} />
      <Card>
        <Typography.Paragraph type="secondary">{t('funding.reconciliation.intro')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" className="small">
          {t('funding.reconciliation.uploadHint')}
        </Typography.Paragraph>
        <Space wrap className="block-gap">
          <DatePicker
            picker="month"
            format="MM/YYYY"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
            aria-label={t('funding.reconciliation.month')}
            data-testid="reconciliation-month"
          />
          <Button
            className="funding-wrap-button"
            icon={<DownloadOutlined />}
            href={reconciliationCsvUrl(month)}
            download={`T_NGUONKHAC-${month}.csv`}
            data-testid="reconciliation-csv"
          >
            {t('funding.reconciliation.csv')}
          </Button>
          <ClaimsUpload month={month} />
        </Space>
        {found.isError && <ErrorAlert error={found.error} onRetry={() => void found.refetch()} />}
        {r && (
          <Descriptions
            size="small"
            layout={narrow ? 'vertical' : 'horizontal'}
            column={{ xs: 1, md: 3 }}
            className="block-gap"
            data-testid="reconciliation-summary"
          >
            <Descriptions.Item label={t('funding.reconciliation.charity')}>
              <strong data-testid="reconciliation-charity">{formatMoney(r.charityVnd)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('funding.reconciliation.claimed')}>
              {r.claimedVnd === null ? '—' : formatMoney(r.claimedVnd)}
            </Descriptions.Item>
            <Descriptions.Item label={t('funding.reconciliation.uploadLabel')}>
              {r.upload
                ? t('funding.reconciliation.uploaded', {
                    rows: formatNumber(r.upload.rows),
                    file: r.upload.fileName,
                    date: formatDateTime(r.upload.at),
                  })
                : t('funding.reconciliation.noUpload')}
            </Descriptions.Item>
          </Descriptions>
        )}
        <FundingTable<ReconciliationRow>
          loading={found.isPending}
          rowKey={(x) => x.episodeId}
          rows={r?.rows ?? []}
          empty={t('funding.reconciliation.empty')}
          data-testid="reconciliation-rows"
          columns={[
            { key: 'episode', title: t('funding.reconciliation.episode'), render: (x) => x.episodeId },
            { key: 'patient', title: t('funding.reconciliation.patientCode'), render: (x) => x.patientCode ?? '—' },
            { key: 'charity', title: t('funding.reconciliation.charityCol'), align: 'right', render: (x) => formatMoney(x.charityVnd) },
            {
              key: 'claimed',
              title: t('funding.reconciliation.claimedCol'),
              align: 'right',
              render: (x) => (x.claimedVnd === null ? '—' : formatMoney(x.claimedVnd)),
            },
            {
              key: 'difference',
              title: t('funding.reconciliation.difference'),
              align: 'right',
              render: (x) => (x.differenceVnd === null ? '—' : formatMoney(x.differenceVnd)),
            },
            {
              key: 'status',
              title: t('funding.reconciliation.status'),
              render: (x) => (
                <Tag color={STATUS_COLOUR[x.status]} data-status={x.status}>
                  {t(`funding.reconciliation.statuses.${x.status}`)}
                </Tag>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Select, Statistic, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Statement } from '../../api-types';
import { vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageLoading } from '../../components/page-states';
import { DATE_FORMAT, formatDate, formatDateTime, formatMoney, formatNumber } from '../../format';
import { useCan, useCurrentUser } from '../auth/session';
import { useAllOrganisations } from '../organisations/organisations.api';
import { methodWord, payeeWord, pledgeStateColour, pledgeStateWord } from './funding-words';
import { statementFileUrl, useStatement } from './partner.api';
import type { StatementPeriod } from './partner.api';
import './partner.css';

type Row<K extends 'pledges' | 'disbursements' | 'outcomes'> = Statement[K][number];

function Totals({ s }: { s: Statement }): React.JSX.Element {
  const { t } = useTranslation();
  const item = (key: 'pledgedVnd' | 'disbursedVnd' | 'cancelledVnd' | 'expiredVnd'): React.JSX.Element => (
    <Statistic key={key} title={t(`statement.totals.${key}`)} value={formatMoney(s[key])} data-testid={`statement-${key}`} />
  );
  return <div className="statement-totals">{(['pledgedVnd', 'disbursedVnd', 'cancelledVnd', 'expiredVnd'] as const).map(item)}</div>;
}

function Tables({ s }: { s: Statement }): React.JSX.Element {
  const { t } = useTranslation();
  const pledges: TableColumnsType<Row<'pledges'>> = [
    { title: t('statement.reference'), dataIndex: 'reference' },
    { title: t('statement.hospital'), dataIndex: 'hospital' },
    {
      title: t('statement.who'),
      key: 'who',
      render: (_: unknown, r) =>
        [r.ageBand && t('marketplace.ageBand', { band: r.ageBand }), r.province].filter(Boolean).join(' · ') || '—',
    },
    { title: t('statement.amount'), key: 'amount', align: 'right', render: (_: unknown, r) => formatMoney(r.amountVnd) },
    {
      title: t('statement.state'),
      key: 'state',
      render: (_: unknown, r) => <Tag color={pledgeStateColour(r.state)}>{pledgeStateWord(t, r.state)}</Tag>,
    },
    { title: t('statement.date'), key: 'at', render: (_: unknown, r) => formatDate(r.at) },
  ];
  const disbursements: TableColumnsType<Row<'disbursements'>> = [
    { title: t('statement.reference'), dataIndex: 'reference' },
    { title: t('statement.payee'), key: 'payee', render: (_: unknown, r) => payeeWord(t, r.payee) },
    { title: t('statement.method'), key: 'method', render: (_: unknown, r) => methodWord(t, r.method) },
    { title: t('statement.amount'), key: 'amount', align: 'right', render: (_: unknown, r) => formatMoney(r.amountVnd) },
    { title: t('statement.paidOn'), key: 'paidOn', render: (_: unknown, r) => formatDate(r.paidOn) },
    { title: t('statement.receipts'), key: 'receipts', align: 'right', render: (_: unknown, r) => formatNumber(r.receipts) },
  ];
  const outcomes: TableColumnsType<Row<'outcomes'>> = [
    { title: t('statement.reference'), dataIndex: 'reference', width: 160 },
    { title: t('statement.outcome'), dataIndex: 'text', render: (text: string) => <span className="partner-outcome">{text}</span> },
    { title: t('statement.date'), key: 'at', width: 160, render: (_: unknown, r) => formatDateTime(r.at) },
  ];
  const table = <T extends { reference: string }>(
    title: string,
    rows: T[],
    columns: TableColumnsType<T>,
    testId: string,
    rowKey: (r: T, i?: number) => string,
  ): React.JSX.Element => (
    <Card title={title} className="block-gap" data-testid={testId}>
      <Table<T>
        rowKey={rowKey}
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="small"
        scroll={{ x: 720 }}
        locale={{ emptyText: t('statement.none') }}
      />
    </Card>
  );
  return (
    <>
      {table(t('statement.pledgesTitle'), s.pledges, pledges, 'statement-pledges', (r) => r.id)}
      {table(t('statement.disbursementsTitle'), s.disbursements, disbursements, 'statement-disbursements', (r) => r.id)}
      {table(t('statement.outcomesTitle'), s.outcomes, outcomes, 'statement-outcomes', (r) => `${r.reference}-${r.at}`)}
    </>
  );
}

/** Network staff choose whose statement; a partner reads its own organisation's. */
function OrganisationPicker({ value, onChange }: { value: string | undefined; onChange: (v: string) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const organisations = useAllOrganisations();
  return (
    <Select
      showSearch
      optionFilterProp="label"
      placeholder={t('statement.organisation')}
      aria-label={t('statement.organisation')}
      value={value}
      onChange={onChange}
      loading={organisations.isPending}
      options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
      style={{ minWidth: 260 }}
      data-testid="statement-organisation"
    />
  );
}

/**
 * "Báo cáo tài trợ": what the organisation pledged, paid and learned in a period (Vietnam days),
 * on screen and as CSV or PDF files for its own books and donors.
 */
export function StatementsPage(): React.JSX.Element {
  const { t } = useTranslation();
  const can = useCan();
  const user = useCurrentUser();
  const network = !user.organisation && can('audit.read');
  const today = vietnamToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf('month'), today]);
  const [organisationId, setOrganisationId] = useState<string | undefined>(undefined);
  const period: StatementPeriod = {
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    ...(organisationId ? { organisationId } : {}),
  };
  const ready = !network || Boolean(organisationId);
  const statement = useStatement(period, ready);
  return (
    <div data-testid="page-statements">
      <PageHeader title={t('statement.title')} subtitle={t('statement.subtitle')} />
      <Card className="block-gap">
        <div className="statement-period">
          {network && <OrganisationPicker value={organisationId} onChange={setOrganisationId} />}
          <DatePicker.RangePicker
            format={DATE_FORMAT}
            allowClear={false}
            value={range}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            disabledDate={(d) => d.isAfter(today, 'day')}
            aria-label={t('statement.period')}
            data-testid="statement-period"
          />
          <Button icon={<DownloadOutlined />} href={statementFileUrl(period, 'csv')} download disabled={!ready} data-testid="statement-csv">
            {t('statement.csv')}
          </Button>
          <Button icon={<DownloadOutlined />} href={statementFileUrl(period, 'pdf')} download disabled={!ready} data-testid="statement-pdf">
            {t('statement.pdf')}
          </Button>
        </div>
        {statement.data && <Totals s={statement.data} />}
        {statement.data && (
          <div className="muted small">
            {t('statement.periodSentence', {
              from: formatDate(period.from),
              to: formatDate(period.to),
              organisation: statement.data.organisation.name,
            })}
          </div>
        )}
      </Card>
      {!ready && <EmptyState title={t('statement.pickOrganisation')} />}
      {ready && statement.isPending && <PageLoading />}
      {statement.isError && <ErrorAlert error={statement.error} onRetry={() => void statement.refetch()} />}
      {statement.data && <Tables s={statement.data} />}
    </div>
  );
}

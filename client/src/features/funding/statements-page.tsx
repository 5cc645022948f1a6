import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Select, Statistic, Tag } from 'antd';
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
import { FundingTable } from './funding-table';
import type { FundingColumn } from './funding-table';
import { methodWord, payeeWord, pledgeStateColour, pledgeStateWord } from './funding-words';
import { statementFileUrl, useStatement } from './partner.api';
import type { StatementPeriod } from './partner.api';
import './funding.css';
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
  const pledges: FundingColumn<Row<'pledges'>>[] = [
    { key: 'reference', title: t('statement.reference'), render: (r) => r.reference },
    { key: 'hospital', title: t('statement.hospital'), render: (r) => r.hospital },
    {
      key: 'who',
      title: t('statement.who'),
      render: (r) => [r.ageBand && t('marketplace.ageBand', { band: r.ageBand }), r.province].filter(Boolean).join(' · ') || '—',
    },
    { key: 'amount', title: t('statement.amount'), align: 'right', render: (r) => formatMoney(r.amountVnd) },
    {
      key: 'state',
      title: t('statement.state'),
      render: (r) => (
        <span className="partner-tags">
          <Tag color={pledgeStateColour(r.state)}>{pledgeStateWord(t, r.state)}</Tag>
        </span>
      ),
    },
    { key: 'at', title: t('statement.date'), render: (r) => formatDate(r.at) },
  ];
  const disbursements: FundingColumn<Row<'disbursements'>>[] = [
    { key: 'reference', title: t('statement.reference'), render: (r) => r.reference },
    { key: 'payee', title: t('statement.payee'), render: (r) => payeeWord(t, r.payee) },
    { key: 'method', title: t('statement.method'), render: (r) => methodWord(t, r.method) },
    { key: 'amount', title: t('statement.amount'), align: 'right', render: (r) => formatMoney(r.amountVnd) },
    { key: 'paidOn', title: t('statement.paidOn'), render: (r) => formatDate(r.paidOn) },
    { key: 'receipts', title: t('statement.receipts'), align: 'right', render: (r) => formatNumber(r.receipts) },
  ];
  const outcomes: FundingColumn<Row<'outcomes'>>[] = [
    { key: 'reference', title: t('statement.reference'), render: (r) => r.reference },
    { key: 'text', title: t('statement.outcome'), render: (r) => <span className="partner-outcome">{r.text}</span> },
    { key: 'at', title: t('statement.date'), render: (r) => formatDateTime(r.at) },
  ];
  return (
    <>
      <Card title={t('statement.pledgesTitle')} className="block-gap" data-testid="statement-pledges">
        <FundingTable rows={s.pledges} columns={pledges} rowKey={(r) => r.id} empty={t('statement.none')} />
      </Card>
      <Card title={t('statement.disbursementsTitle')} className="block-gap" data-testid="statement-disbursements">
        <FundingTable rows={s.disbursements} columns={disbursements} rowKey={(r) => r.id} empty={t('statement.none')} />
      </Card>
      <Card title={t('statement.outcomesTitle')} className="block-gap" data-testid="statement-outcomes">
        <FundingTable rows={s.outcomes} columns={outcomes} rowKey={(r, i) => `${r.reference}-${i}`} empty={t('statement.none')} />
      </Card>
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

import { SyncOutlined } from '@ant-design/icons';
import { Button, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { formatDateTime } from '../../format';
import { PatientName, ageText, formatBirthDate, genderLabel } from './patient-bits';
import { useCensus } from './patients.api';
import './patients.css';

/** The hospital's current inpatients, as of the last census sync. */
export function CensusTable(): React.JSX.Element {
  const { t } = useTranslation();
  const census = useCensus();
  const rows = useMemo(() => census.data?.pages.flatMap((page) => page.data) ?? [], [census.data]);

  const columns: TableColumnsType<PatientSummary> = [
    {
      title: t('patients.name'),
      dataIndex: 'name',
      sorter: (a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'vi'),
      render: (_: unknown, p) => (
        <Link to={`/patients/${p.id}`} data-testid={`census-open-${p.id}`}>
          <PatientName name={p.name} />
        </Link>
      ),
    },
    { title: t('patients.gender'), dataIndex: 'gender', className: 'nowrap', render: (_: unknown, p) => genderLabel(p.gender, t) },
    {
      title: t('patients.birthDate'),
      dataIndex: 'birthDate',
      className: 'nowrap',
      render: (_: unknown, p) => (
        <span className="stacked">
          <span>{formatBirthDate(p.birthDate)}</span>
          {p.birthDate && <span className="muted small">{ageText(p.birthDate, t)}</span>}
        </span>
      ),
    },
    {
      title: t('patients.ward'),
      dataIndex: 'ward',
      sorter: (a, b) => (a.ward ?? '').localeCompare(b.ward ?? '', 'vi'),
      render: (value: string | null) => value ?? '—',
    },
    {
      title: t('patients.snapshotAt'),
      dataIndex: 'snapshotAt',
      className: 'nowrap',
      responsive: ['md'],
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <div>
      {census.isError && <ErrorAlert error={census.error} onRetry={() => void census.refetch()} />}
      <div className="table-footer table-footer--top">
        <span className="muted">{t('patients.censusHint')}</span>
        <Link to="/sync" data-testid="census-sync-link">
          <SyncOutlined /> {t('patients.censusSync')}
        </Link>
      </div>
      <Table<PatientSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={census.isPending}
        pagination={false}
        scroll={{ x: 700 }}
        onRow={(p) => ({ 'data-testid': `census-row-${p.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <EmptyState title={t('patients.censusEmpty')} /> }}
        data-testid="census-table"
      />
      <div className="table-footer">
        <span className="muted" data-testid="census-count">
          {t('patients.censusCount', { count: rows.length })}
        </span>
        {census.hasNextPage && (
          <Button onClick={() => void census.fetchNextPage()} loading={census.isFetchingNextPage} data-testid="census-load-more">
            {t('common.loadMore')}
          </Button>
        )}
      </div>
    </div>
  );
}

import { FormOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Flag, Screening } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatDateTime } from '../../format';
import { FlagStatusTag, FlagTypeTags } from '../worklist/worklist-bits';
import { usePatientScreenings } from './screening.api';

/** A patient's screenings (automatic and questionnaire) and the flags they raised, newest first. */
export function PatientScreeningsCard({ patientId }: { patientId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const history = usePatientScreenings(patientId);

  // No sideways scrolling here: a scroll region with nothing focusable in it is out of keyboard
  // reach (WCAG 2.1.1); on phones the kind and findings columns give way instead.
  const screeningColumns: TableColumnsType<Screening> = [
    { title: t('screeningHistory.date'), dataIndex: 'screeningDate', className: 'nowrap', render: (v: string) => formatDate(v) },
    {
      title: t('screeningHistory.kind'),
      dataIndex: 'kind',
      render: (kind: Screening['kind']) => (kind === 'auto' ? t('screeningHistory.auto') : t('screeningHistory.questionnaire')),
      responsive: ['sm'],
    },
    { title: t('screeningHistory.priority'), dataIndex: 'priority' },
    { title: t('screeningHistory.findings'), key: 'findings', render: (_: unknown, s) => s.findings.length, responsive: ['sm'] },
    {
      title: t('screeningHistory.status'),
      dataIndex: 'superseded',
      render: (superseded: boolean) =>
        superseded ? <Tag>{t('screeningHistory.superseded')}</Tag> : <Tag color="blue">{t('screeningHistory.current')}</Tag>,
    },
  ];

  const flagColumns: TableColumnsType<Flag> = [
    { title: t('screeningHistory.createdAt'), dataIndex: 'createdAt', className: 'nowrap', render: (v: string) => formatDateTime(v) },
    { title: t('screeningHistory.status'), dataIndex: 'status', render: (status: string) => <FlagStatusTag status={status} /> },
    { title: t('screeningHistory.priority'), dataIndex: 'priority' },
    { title: t('screeningHistory.types'), dataIndex: 'flagTypes', render: (types: string[]) => <FlagTypeTags types={types} /> },
    {
      title: '',
      key: 'open',
      // kept in view on a phone, where the table scrolls sideways
      fixed: 'right',
      width: 104,
      render: (_: unknown, f) => (
        <Link to={`/worklist?flag=${encodeURIComponent(f.id)}`} data-testid={`patient-flag-open-${f.id}`}>
          {t('flag.title')}
        </Link>
      ),
    },
  ];

  return (
    <Card
      title={t('screeningHistory.title')}
      extra={
        <Link to={`/patients/${patientId}/screening`}>
          <Button size="small" icon={<FormOutlined />}>
            {t('screening.start')}
          </Button>
        </Link>
      }
      data-testid="patient-screenings"
    >
      {history.isError && <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />}
      <Typography.Text strong>{t('screeningHistory.screenings')}</Typography.Text>
      <Table<Screening>
        rowKey="id"
        size="small"
        columns={screeningColumns}
        dataSource={history.data?.screenings ?? []}
        loading={history.isPending}
        pagination={false}
        onRow={(s) => ({ 'data-testid': `patient-screening-${s.id}`, 'data-kind': s.kind }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('screeningHistory.empty') }}
        className="block-gap"
        data-testid="patient-screenings-list"
      />
      <Typography.Text strong>{t('screeningHistory.flags')}</Typography.Text>
      {!history.isPending && (history.data?.flags.length ?? 0) === 0 ? (
        // no table for no flags: an empty table's header and placeholder set a width of their own,
        // wider than a phone, and it says nothing a sentence does not
        <Typography.Paragraph type="secondary" className="block-gap" data-testid="patient-flags-list">
          {t('screeningHistory.flagsEmpty')}
        </Typography.Paragraph>
      ) : (
        <Table<Flag>
          rowKey="id"
          size="small"
          columns={flagColumns}
          dataSource={history.data?.flags ?? []}
          loading={history.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(f) => ({ 'data-testid': `patient-flag-${f.id}`, 'data-status': f.status }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('screeningHistory.flagsEmpty') }}
          data-testid="patient-flags-list"
        />
      )}
    </Card>
  );
}

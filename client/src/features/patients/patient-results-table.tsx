import { LinkOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PatientSearchHit } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { InpatientTag, PatientName, ageText, formatBirthDate, genderLabel } from './patient-bits';
import { useLinkPatient } from './patients.api';

interface PatientResultsTableProps {
  hits: PatientSearchHit[];
  loading: boolean;
  /** False before the first search: the empty table then says how to search. */
  searched: boolean;
}

/** Search hits from the hospital's FHIR server: link a new one, open one already linked. */
export function PatientResultsTable({ hits, loading, searched }: PatientResultsTableProps): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const link = useLinkPatient();

  const linkHit = (hit: PatientSearchHit): void => {
    link.mutate(hit.fhirId, {
      onSuccess: (patient) => void message.success(t('patients.linked', { name: patient.identity.name ?? hit.fhirId })),
    });
  };

  const columns: TableColumnsType<PatientSearchHit> = [
    {
      title: t('patients.name'),
      dataIndex: 'name',
      render: (_: unknown, hit) => (
        <span className="stacked">
          <PatientName name={hit.name} />
          {hit.linkedId && (
            <Tag color="green" className="small">
              {t('patients.linkedTag')}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('patients.gender'), dataIndex: 'gender', className: 'nowrap', render: (_: unknown, hit) => genderLabel(hit.gender, t) },
    {
      title: t('patients.birthDate'),
      dataIndex: 'birthDate',
      className: 'nowrap',
      render: (_: unknown, hit) => (
        <span className="stacked">
          <span>{formatBirthDate(hit.birthDate)}</span>
          {hit.birthDate && <span className="muted small">{ageText(hit.birthDate, t)}</span>}
        </span>
      ),
    },
    { title: t('patients.bhyt'), dataIndex: 'bhyt', render: (value: string | null) => <span className="mono">{value ?? '—'}</span> },
    { title: t('patients.mrn'), dataIndex: 'mrn', render: (value: string | null) => <span className="mono">{value ?? '—'}</span> },
    { title: t('patients.ethnicity'), dataIndex: 'ethnicity', responsive: ['lg'], render: (value: string | null) => value ?? '—' },
    {
      title: t('patients.stay'),
      dataIndex: 'inpatient',
      className: 'nowrap',
      render: (_: unknown, hit) => <InpatientTag inpatient={hit.inpatient} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_: unknown, hit) =>
        hit.linkedId ? (
          <Button
            size="small"
            icon={<RightOutlined />}
            onClick={() => void navigate(`/patients/${hit.linkedId}`)}
            data-testid={`patient-open-${hit.fhirId}`}
          >
            {t('patients.open')}
          </Button>
        ) : (
          <Button
            size="small"
            type="primary"
            icon={<LinkOutlined />}
            loading={link.isPending && link.variables === hit.fhirId}
            disabled={link.isPending && link.variables !== hit.fhirId}
            onClick={() => linkHit(hit)}
            data-testid={`patient-link-${hit.fhirId}`}
          >
            {t('patients.link')}
          </Button>
        ),
    },
  ];

  return (
    <>
      {link.isError && <ErrorAlert error={link.error} testId="patient-link-error" />}
      <Table<PatientSearchHit>
        rowKey="fhirId"
        size="middle"
        columns={columns}
        dataSource={hits}
        loading={loading}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(hit) => ({ 'data-testid': `patient-hit-${hit.fhirId}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <EmptyState title={searched ? t('patients.noResults') : t('patients.resultsHint')} /> }}
        data-testid="patient-results"
      />
    </>
  );
}

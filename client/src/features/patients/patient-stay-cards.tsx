import { MedicineBoxOutlined, ProfileOutlined } from '@ant-design/icons';
import { Card, Descriptions, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PatientDiagnosis, PatientView } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';

const CLASSES = ['IMP', 'AMB', 'EMER', 'ACUTE', 'NONAC', 'OBSENC', 'SS', 'HH', 'VR'] as const;
const CLINICAL_STATUSES = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'] as const;
const has = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

/**
 * Ward, admission date and length of stay: of the stay under way ("current stay"), else of the
 * last stay, which is never called current and is marked with its discharge day.
 */
export function PatientStayCard({ patient }: { patient: PatientView }): React.JSX.Element {
  const { t } = useTranslation();
  const current = patient.currentStay;
  const stay = current ?? patient.lastStay ?? null;
  const { census } = patient;
  const ward = (current ? census.ward : null) ?? stay?.department ?? null;
  const admitted = stay?.start ?? census.admittedAt;
  const ended = !current && stay !== null;
  const title = (
    <span>
      <MedicineBoxOutlined /> {ended ? t('patient.lastStayTitle') : t('patient.stayTitle')}
    </span>
  );

  if (!stay && !census.inpatient) {
    return (
      <Card title={title} data-testid="patient-stay" data-inpatient="false">
        <EmptyState title={t('patient.notAdmitted')}>
          {census.dischargedAt && <span className="muted">{t('patient.discharged', { date: formatDate(census.dischargedAt) })}</span>}
        </EmptyState>
      </Card>
    );
  }
  const cls = stay?.class ?? null;
  return (
    <Card title={title} data-testid="patient-stay" data-inpatient={String(census.inpatient)} data-stay={ended ? 'last' : 'current'}>
      {ended && (
        // In the body, not the card's header: a narrow phone header has no room beside the title.
        <Tag className="block-gap" data-testid="stay-discharged">
          {stay.end ? t('patient.discharged', { date: formatDate(stay.end) }) : t('patient.stayEnded')}
        </Tag>
      )}
      <Descriptions
        column={1}
        size="small"
        className="patient-descriptions"
        items={[
          { key: 'ward', label: t('patient.ward'), children: <strong data-testid="stay-ward">{ward ?? '—'}</strong> },
          { key: 'class', label: t('patient.stayClass'), children: has(CLASSES, cls) ? t(`encounterClasses.${cls}`) : (cls ?? '—') },
          { key: 'admitted', label: t('patient.admitted'), children: <span data-testid="stay-admitted">{formatDate(admitted)}</span> },
          {
            key: 'los',
            label: t('patient.lengthOfStay'),
            children: (
              <span data-testid="stay-length">
                {stay?.lengthOfStayDays === null || stay?.lengthOfStayDays === undefined
                  ? '—'
                  : t('patient.days', { count: stay.lengthOfStayDays })}
              </span>
            ),
          },
          ...(stay?.end ? [{ key: 'end', label: t('patient.dischargeDate'), children: formatDate(stay.end) }] : []),
          {
            key: 'reasons',
            label: t('patient.reasons'),
            children: <span data-testid="stay-reasons">{stay && stay.reasons.length > 0 ? stay.reasons.join('; ') : '—'}</span>,
          },
        ]}
      />
    </Card>
  );
}

type DiagnosisRow = PatientDiagnosis & { rowKey: string };

export function PatientDiagnosesCard({ diagnoses }: { diagnoses: PatientDiagnosis[] }): React.JSX.Element {
  const { t } = useTranslation();
  const rows: DiagnosisRow[] = diagnoses.map((d, index) => ({ ...d, rowKey: String(index) }));
  const columns: TableColumnsType<DiagnosisRow> = [
    {
      title: t('patient.icd10'),
      dataIndex: 'code',
      width: 110,
      render: (code: string | null) => (code ? <Tag className="mono">{code}</Tag> : <span className="muted">—</span>),
    },
    { title: t('patient.diagnosis'), dataIndex: 'text', render: (text: string | null) => text ?? '—' },
    {
      title: t('patient.clinicalStatus'),
      dataIndex: 'clinicalStatus',
      className: 'nowrap',
      render: (status: string | null) => (has(CLINICAL_STATUSES, status) ? t(`clinicalStatuses.${status}`) : (status ?? '—')),
    },
  ];
  return (
    <Card
      title={
        <span>
          <ProfileOutlined /> {t('patient.diagnosesTitle')}
        </span>
      }
      data-testid="patient-diagnoses"
    >
      <Table<DiagnosisRow>
        rowKey="rowKey"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <EmptyState title={t('patient.noDiagnoses')} /> }}
      />
    </Card>
  );
}

import { ArrowLeftOutlined, FormOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Row, Skeleton, Space, Tag } from 'antd';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { PatientView } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format';
import { PatientScreeningsCard } from '../screening/patient-screenings-card';
import { PatientCaseCard } from './patient-case-card';
import { PatientChargesCard, PatientRelatedCard } from './patient-charges-card';
import { PatientIdentityCard } from './patient-identity-card';
import { PatientInsuranceCard } from './patient-insurance-card';
import { PatientMatchesCard } from './patient-matches-card';
import { PatientDiagnosesCard, PatientStayCard } from './patient-stay-cards';
import { InpatientTag, ageText, genderLabel } from './patient-bits';
import { usePatient, useResyncPatient } from './patients.api';
import './patients.css';

function BackButton(): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // Back to the search it came from when there is one; the list otherwise (a shared link).
  const back = (): void => void (location.key !== 'default' ? navigate(-1) : navigate('/patients'));
  return (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={back} className="link-inline block-gap" data-testid="patient-back">
      {t('patient.back')}
    </Button>
  );
}

function ResyncControl({ patient }: { patient: PatientView }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const resync = useResyncPatient(patient.id);
  return (
    <Space wrap>
      <Link to={`/patients/${patient.id}/screening`} data-testid="patient-screen">
        <Button type="primary" icon={<FormOutlined />}>
          {t('screening.start')}
        </Button>
      </Link>
      <span className="muted" data-testid="patient-snapshot-at" data-at={patient.snapshotAt}>
        {t('patient.snapshot', { time: formatDateTime(patient.snapshotAt) })}
      </span>
      <Button
        icon={<SyncOutlined spin={resync.isPending} />}
        loading={resync.isPending}
        onClick={() => resync.mutate(undefined, { onSuccess: () => void message.success(t('patient.resynced')) })}
        data-testid="patient-resync"
      >
        {t('patient.resync')}
      </Button>
      {resync.isError && (
        <div className="full-width">
          <ErrorAlert error={resync.error} testId="patient-resync-error" />
        </div>
      )}
    </Space>
  );
}

/** One linked patient: what the hospital's record says, as of the snapshot time shown. */
export function PatientPage(): React.JSX.Element {
  const { t } = useTranslation();
  const { id } = useParams();
  const patient = usePatient(id);
  const p = patient.data;

  return (
    <div data-testid="page-patient">
      <BackButton />
      {patient.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {patient.isError && (
        <ErrorAlert
          error={patient.error}
          onRetry={
            isApiError(patient.error) && patient.error.status >= 400 && patient.error.status < 500
              ? undefined
              : () => void patient.refetch()
          }
          testId="patient-error"
        />
      )}
      {p && (
        <>
          <PageHeader
            title={
              <span data-testid="patient-title">
                {p.identity.name ?? t('patients.unnamed')} <InpatientTag inpatient={p.census.inpatient} />
              </span>
            }
            subtitle={
              <span>
                <Tag className="mono">{p.hospital.code}</Tag>
                {[genderLabel(p.identity.gender, t), p.identity.birthDate ? ageText(p.identity.birthDate, t) : null]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            }
            extra={<ResyncControl patient={p} />}
          />
          {p.dataProblems > 0 && (
            <Alert
              type="warning"
              showIcon
              className="block-gap"
              title={t('patient.dataProblems', { count: p.dataProblems })}
              description={t('patient.dataProblemsHint')}
              data-testid="patient-data-problems"
            />
          )}
          <Row gutter={[24, 24]}>
            <Col xs={24} xl={12}>
              <Space orientation="vertical" size={24} className="full-width">
                <PatientIdentityCard patient={p} />
                <PatientRelatedCard persons={p.relatedPersons} />
                <PatientMatchesCard patientId={p.id} />
              </Space>
            </Col>
            <Col xs={24} xl={12}>
              <Space orientation="vertical" size={24} className="full-width">
                <PatientCaseCard patientId={p.id} />
                <PatientScreeningsCard patientId={p.id} />
                <PatientStayCard patient={p} />
                <PatientInsuranceCard insurance={p.insurance} />
                <PatientChargesCard charges={p.charges} />
                <PatientDiagnosesCard diagnoses={p.diagnoses} />
              </Space>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}

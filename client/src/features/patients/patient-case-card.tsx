import { FolderOpenOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PatientCase } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate } from '../../format';
import { summaryText } from '../worklist/worklist-bits';
import { usePatientCases } from './patient-cases.api';
import './patient-case.css';

function CaseEntry({ c }: { c: PatientCase }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="patient-case" data-testid={`patient-case-${c.id}`} data-status={c.status}>
      <div className="patient-case__head">
        <Tag color={c.status === 'open' ? 'green' : undefined}>{t(`case.statuses.${c.status}`)}</Tag>
        <span data-testid="patient-case-opened">{t('case.openedOn', { date: formatDate(c.openedAt), name: c.openedBy.name ?? t('case.someone') })}</span>
      </div>
      {c.note && (
        <Typography.Paragraph className="patient-case__note" data-testid="patient-case-note">
          <strong>{t('case.note')}:</strong> {c.note}
        </Typography.Paragraph>
      )}
      {c.flag && c.flag.reasons.length > 0 && (
        <div>
          <strong>{t('case.reasons')}:</strong>
          <ul className="patient-case__reasons" data-testid="patient-case-reasons">
            {c.flag.reasons.map((r, i) => (
              <li key={`${r.code}-${i}`}>{summaryText(r.summary)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** The patient's case(s), until cases get screens of their own: so a confirmed flag is never lost from sight. */
export function PatientCaseCard({ patientId }: { patientId: string }): React.JSX.Element | null {
  const { t } = useTranslation();
  const cases = usePatientCases(patientId);
  if (cases.isPending || (cases.data && cases.data.length === 0)) return null;
  return (
    <Card
      title={
        <span>
          <FolderOpenOutlined /> {t('case.title')}
        </span>
      }
      data-testid="patient-case-card"
    >
      {cases.isError && <ErrorAlert error={cases.error} onRetry={() => void cases.refetch()} />}
      {cases.data?.map((c) => <CaseEntry key={c.id} c={c} />)}
    </Card>
  );
}

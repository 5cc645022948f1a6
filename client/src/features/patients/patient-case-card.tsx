import { FolderOpenOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { PatientCase } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate } from '../../format';
import { useCan } from '../auth/session';
import { useOpenCase } from '../cases/cases.api';
import { summaryText } from '../worklist/worklist-bits';
import { usePatientCases } from './patient-cases.api';
import './patient-case.css';

function CaseEntry({ c }: { c: PatientCase }): React.JSX.Element {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <div className="patient-case" data-testid={`patient-case-${c.id}`} data-status={c.status}>
      <div className="patient-case__head">
        <Tag color={c.status === 'closed' ? undefined : 'green'}>{t(`case.statuses.${c.status}`)}</Tag>
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
      {can('case.read') && (
        <Link to={`/cases/${c.id}`} data-testid={`patient-case-link-${c.id}`}>
          {t('caseOpen.view')} <RightOutlined aria-hidden />
        </Link>
      )}
    </div>
  );
}

/** "Open a case" by hand, with an optional note; the new case's page opens. A case already open is linked. */
function OpenCase({ patientId }: { patientId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const open = useOpenCase();
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState('');
  const existing = isApiError(open.error) && open.error.code === 'CASE.ALREADY_OPEN' ? String(open.error.params.caseId ?? '') : '';
  const submit = (): void =>
    open.mutate(
      { patientId, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (created) => {
          void message.success(t('caseOpen.opened'));
          void navigate(`/cases/${created.id}`);
        },
      },
    );
  if (!writing) {
    return (
      <Button icon={<PlusOutlined />} onClick={() => setWriting(true)} data-testid="patient-case-open">
        {t('caseOpen.open')}
      </Button>
    );
  }
  return (
    <Space orientation="vertical" className="full-width" data-testid="patient-case-open-form">
      <label htmlFor="patient-case-open-note" className="small">
        {t('caseOpen.note')}
      </label>
      <Input.TextArea id="patient-case-open-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="patient-case-open-note" />
      {open.isError && <ErrorAlert error={open.error} testId="patient-case-open-error" />}
      {existing && (
        <Link to={`/cases/${existing}`} data-testid="patient-case-existing">
          {t('caseOpen.view')}
        </Link>
      )}
      <Space wrap>
        <Button type="primary" loading={open.isPending} onClick={submit} data-testid="patient-case-open-submit">
          {t('caseOpen.confirm')}
        </Button>
        <Button onClick={() => setWriting(false)}>{t('common.cancel')}</Button>
      </Space>
    </Space>
  );
}

/** The patient's cases at this hospital, each linked to its page; "open a case" when none is open. */
export function PatientCaseCard({ patientId }: { patientId: string }): React.JSX.Element | null {
  const { t } = useTranslation();
  const can = useCan();
  const cases = usePatientCases(patientId);
  const list = cases.data ?? [];
  const mayOpen = can('case.open') && cases.isSuccess && !list.some((c) => c.status !== 'closed');
  if (cases.isPending || (list.length === 0 && !mayOpen && !cases.isError)) return null;
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
      {list.map((c) => (
        <CaseEntry key={c.id} c={c} />
      ))}
      {mayOpen && (
        <div className="patient-case patient-case--open">
          {list.length === 0 && <p className="muted">{t('caseOpen.none')}</p>}
          <OpenCase patientId={patientId} />
        </div>
      )}
    </Card>
  );
}

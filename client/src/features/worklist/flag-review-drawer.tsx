import { useQueryClient } from '@tanstack/react-query';
import { FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatDateTime } from '../../format';
import { useCan } from '../auth/session';
import { PatientName, ageText } from '../patients/patient-bits';
import { FlagActions, WriteBackControl } from './flag-actions';
import { FlagReasons } from './flag-reasons';
import { CertaintyTag, DischargedTag, FlagStatusTag, FlagTypeTags, WatchTag } from './worklist-bits';
import { useFlag, worklistKeys } from './worklist.api';
import './worklist.css';

function FlagSummary({ flag }: { flag: Flag }): React.JSX.Element {
  const { t } = useTranslation();
  const p = flag.patient;
  return (
    <Descriptions size="small" column={1} bordered className="block-gap">
      <Descriptions.Item label={t('worklist.patient')}>
        {p ? (
          <Link to={`/patients/${p.id}`} data-testid="flag-patient-link">
            <PatientName name={p.name} />
          </Link>
        ) : (
          t('worklist.unknownPatient')
        )}
        {p?.birthDate && <span className="muted"> · {ageText(p.birthDate, t)}</span>}
        {p?.ward && <span className="muted"> · {p.ward}</span>} <DischargedTag dischargedAt={p?.dischargedAt ?? null} />
      </Descriptions.Item>
      <Descriptions.Item label={t('flag.status')}>
        <FlagStatusTag status={flag.status} /> {flag.tier === 'watch' && <WatchTag />}
      </Descriptions.Item>
      <Descriptions.Item label={t('flag.priority')}>
        <strong data-testid="flag-priority-value">{flag.priority}</strong>
      </Descriptions.Item>
      <Descriptions.Item label={t('worklist.types')}>
        <FlagTypeTags types={flag.flagTypes} /> <CertaintyTag certainty={flag.povertyCertainty} testId="flag-certainty" />
      </Descriptions.Item>
      <Descriptions.Item label={t('flag.createdAt')}>{formatDateTime(flag.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('flag.expiresAt')}>{formatDate(flag.expiresAt)}</Descriptions.Item>
      <Descriptions.Item label={t('flag.writeBack')}>
        <WriteBackControl flag={flag} />
      </Descriptions.Item>
    </Descriptions>
  );
}

function ReviewOutcome({ flag }: { flag: Flag }): React.JSX.Element | null {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const caseId = flag.review?.caseId ?? null;
  if (!flag.review) return null;
  return (
    <Alert
      type={flag.status === 'confirmed' ? 'success' : 'info'}
      showIcon
      className="block-gap"
      data-testid="flag-review-outcome"
      title={
        <span>
          {t('flag.review')}: <FlagStatusTag status={flag.status} />
        </span>
      }
      description={
        <div>
          <div>
            {t('flag.reviewedAt')}: {formatDateTime(flag.review.at)}
          </div>
          {flag.review.reason && (
            <div>
              {t('flag.reviewReason')}: {flag.review.reason}
            </div>
          )}
          {caseId && can('case.read') && (
            <div style={{ margin: "8px 0" }}>
              <Button type="primary" icon={<FolderOpenOutlined />} onClick={() => void navigate(`/cases/${caseId}`)} data-testid="flag-go-to-case">
                {t('flag.goToCase')}
              </Button>
            </div>
          )}
          {flag.review.caseId && flag.patient && (
            <div>
              <Link to={`/patients/${flag.patient.id}`} data-testid="flag-case-id" data-case={flag.review.caseId}>
                {t('flag.caseOnPatient')}
              </Link>
            </div>
          )}
        </div>
      }
    />
  );
}

/** One flag, for review: who, why (each rule and its inputs with their sources), and the decision. */
export function FlagReviewDrawer({ flagId, onClose }: { flagId: string | null; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const flag = useFlag(flagId);
  const f = flag.data;
  // A 409 (someone else reviewed it first): say so, and show the flag as it is now.
  const [conflictFor, setConflictFor] = useState<string | null>(null);
  const onConflict = (): void => {
    setConflictFor(flagId);
    void flag.refetch();
    void queryClient.invalidateQueries({ queryKey: worklistKeys.root });
  };

  return (
    <Drawer open={Boolean(flagId)} onClose={onClose} title={t('flag.title')} size="large" destroyOnHidden>
      <div data-testid="flag-review" data-flag={flagId ?? ''} data-status={f?.status ?? ''}>
        {flag.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
        {flag.isError && <ErrorAlert error={flag.error} onRetry={() => void flag.refetch()} testId="flag-error" />}
        {f && (
          <>
            {conflictFor === f.id && (
              <Alert type="warning" showIcon className="block-gap" title={t('flag.notActive')} data-testid="flag-conflict" />
            )}
            <FlagSummary flag={f} />
            <ReviewOutcome flag={f} />
            <Typography.Title level={5}>{t('flag.reasons')}</Typography.Title>
            <FlagReasons reasons={f.reasons} />
            {f.status === 'active' && <FlagActions key={f.id} flag={f} onConflict={onConflict} />}
          </>
        )}
      </div>
    </Drawer>
  );
}

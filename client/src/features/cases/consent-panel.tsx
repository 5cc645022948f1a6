import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Grid, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Consent } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { useAttachments } from './attachments.api';
import { useConsents } from './consent.api';
import { ConsentItem } from './consent-item';
import { ConsentRecordForm } from './consent-record-form';
import { ConsentWithdrawModal } from './consent-withdraw-modal';
import './case-panels.css';

export interface ConsentPanelPatient {
  id: string;
  name: string | null;
  ageYears: number | null;
}

/** In force first (the server lists newest first; the order within each group is kept). */
function activeFirst(consents: readonly Consent[]): Consent[] {
  return [...consents.filter((c) => c.status === 'active'), ...consents.filter((c) => c.status !== 'active')];
}

/**
 * "Sự đồng ý của người bệnh": every consent of the case, those in force first, each saying what it
 * allows now; record a new one (a drawer with the form) and withdraw one (a confirmation saying the
 * effect is immediate), for those the policy lets (`can`: consent.record, consent.withdraw).
 */
export function ConsentPanel({
  caseId,
  can,
  patient,
}: {
  caseId: string;
  can: readonly string[];
  patient: ConsentPanelPatient;
}): React.JSX.Element {
  const { t } = useTranslation();
  const consents = useConsents(caseId);
  const attachments = useAttachments(caseId);
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const narrow = !Grid.useBreakpoint().md;
  const list = useMemo(() => activeFirst(consents.data ?? []), [consents.data]);
  const mayRecord = can.includes('consent.record');
  const mayWithdraw = can.includes('consent.withdraw');
  // On a phone the button goes under the title, which it would otherwise cut short.
  const recordButton = mayRecord && (
    <Button type="primary" block={narrow} onClick={() => setRecording(true)} data-testid="consent-record">
      {t('consent.record')}
    </Button>
  );
  return (
    <Card
      title={
        <span>
          <SafetyCertificateOutlined aria-hidden /> {t('consent.title')}
        </span>
      }
      extra={!narrow && recordButton}
      className="case-panel"
      data-testid="consent-panel"
      data-patient={patient.id}
    >
      <Typography.Paragraph type="secondary">{t('consent.intro')}</Typography.Paragraph>
      {narrow && recordButton && <div className="block-gap">{recordButton}</div>}
      {consents.isError && <ErrorAlert error={consents.error} onRetry={() => void consents.refetch()} />}
      {consents.isSuccess && list.length === 0 && <EmptyState title={t('consent.empty')} />}
      <div data-testid="consent-list">
        {list.map((c) => (
          <ConsentItem
            key={c.id}
            consent={c}
            attachments={attachments.data ?? []}
            mayWithdraw={mayWithdraw}
            onWithdraw={() => setWithdrawing(c)}
          />
        ))}
      </div>
      <Drawer
        open={recording}
        onClose={() => setRecording(false)}
        title={patient.name ? `${t('consent.recordTitle')} – ${patient.name}` : t('consent.recordTitle')}
        size={narrow ? 'default' : 640}
        width={narrow ? '100%' : undefined}
        destroyOnHidden
      >
        <ConsentRecordForm caseId={caseId} onDone={() => setRecording(false)} />
      </Drawer>
      <ConsentWithdrawModal caseId={caseId} consent={withdrawing} onClose={() => setWithdrawing(null)} />
    </Card>
  );
}

import { EditOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Grid, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { ApiErrorDetail } from '../../api';
import type { CaseNeedDomain, ReferralDetail, ReferralService, ReferralUrgency } from '../../api-types';
import { CASE_NEED_DOMAINS } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors, clearFieldErrors } from '../../components/form-errors';
import { useCase } from '../cases/cases.api';
import { ConsentLine } from './recipient-picker';
import { needOptions, ReferralFields } from './referral-composer';
import { useRecipients, useReferralTransition, useUpdateReferral } from './referrals.api';
import { recipientName } from './referral-words';

interface DraftValues {
  service: ReferralService;
  needs: CaseNeedDomain[];
  urgency: ReferralUrgency;
  summary: string;
  documentIds: string[];
}

const FIELDS = ['service', 'needs', 'urgency', 'summary', 'documentIds'] as const;

function recipientId(r: ReferralDetail): string {
  return r.to.kind === 'hospital' ? r.to.hospital.id : r.to.organisation.id;
}

/** The case's needs (open first) plus those the draft already names, so every chosen box shows. */
function useNeedChoices(r: ReferralDetail): { domains: CaseNeedDomain[]; fromCase: boolean } {
  const found = useCase(r.caseId);
  const c = found.data?.audience === 'own-hospital' ? found.data : null;
  const fromCase = c ? needOptions(c) : { domains: [...CASE_NEED_DOMAINS], fromCase: false };
  return { ...fromCase, domains: [...new Set([...fromCase.domains, ...r.needs])] };
}

/**
 * The draft's own values in the composer's fields. The recipient is fixed (a draft is to one
 * recipient; another is a new referral), shown with the patient's consent to it now; documents only
 * under that consent, as when composing. Saved with PATCH, then sent if asked. If the draft was sent
 * meanwhile (409 REFERRAL.NOT_DRAFT) the user reads why and the page reloads the referral.
 */
function DraftForm({ r, onDone }: { r: ReferralDetail; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<DraftValues>();
  const update = useUpdateReferral(r.id);
  const send = useReferralTransition(r.id);
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const recipients = useRecipients(r.caseId, { kind: r.to.kind });
  const recipient = recipients.data?.find((x) => x.id === recipientId(r)) ?? null;
  const consented = Boolean(recipient?.consent);
  const needs = useNeedChoices(r);
  const busy = update.isPending || send.isPending;
  const error = update.error ?? send.error;

  const failed = (e: Error): void => {
    if (isApiError(e) && e.code === 'REFERRAL.NOT_DRAFT') {
      void message.warning(t('referral.draftEdit.notDraft'));
      onDone();
      return;
    }
    setUnmatched(applyFieldErrors(form, e, FIELDS));
  };

  const submit = async (andSend: boolean): Promise<void> => {
    clearFieldErrors(form, FIELDS);
    setUnmatched([]);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = { ...v, documentIds: consented ? v.documentIds : [] };
    try {
      await update.mutateAsync(body);
      if (andSend) await send.mutateAsync({ to: 'requested' });
      void message.success(andSend ? t('referral.composer.sent', { name: recipientName(r.to) }) : t('referral.draftEdit.saved'));
      onDone();
    } catch (e) {
      failed(e as Error);
    }
  };

  return (
    <Form<DraftValues>
      form={form}
      layout="vertical"
      requiredMark="optional"
      scrollToFirstError={{ focus: true }}
      initialValues={{ service: r.service, needs: r.needs, urgency: r.urgency, summary: r.summary ?? '', documentIds: r.documents.map((d) => d.id) }}
      data-testid="referral-draft-form"
    >
      <div className="block-gap" data-testid="draft-recipient" data-recipient={recipientId(r)}>
        <div className="muted small">{t('referral.composer.recipient')}</div>
        <Typography.Text strong>{recipientName(r.to)}</Typography.Text>
        {recipient && <ConsentLine recipient={recipient} onGoToConsent={() => void navigate(`/cases/${r.caseId}?tab=consent`)} />}
      </div>
      <ReferralFields caseId={r.caseId} services={recipient?.services ?? [r.service]} needs={needs} consented={consented} />
      {error && <ErrorAlert error={error} details={unmatched} />}
      <Space wrap className="block-gap">
        <Button onClick={() => void submit(false)} loading={update.isPending && !send.isPending} disabled={busy} data-testid="draft-save">
          {t('referral.draftEdit.save')}
        </Button>
        <Button
          type="primary"
          onClick={() => void submit(true)}
          loading={send.isPending}
          disabled={busy || (recipient !== null && !consented)}
          data-testid="draft-save-send"
        >
          {t('referral.draftEdit.saveAndSend')}
        </Button>
      </Space>
    </Form>
  );
}

/** "Sửa bản nháp": for the sender while the server's `can` says so (a draft of the sender's hospital). */
export function DraftEditButton({ r, onRefresh }: { r: ReferralDetail; onRefresh: () => void }): React.JSX.Element | null {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const narrow = !Grid.useBreakpoint().md;
  if (r.viewer !== 'sender' || !r.can.includes('referral.update')) return null;
  const done = (): void => {
    setOpen(false);
    onRefresh();
  };
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="referral-edit-draft">
        {t('referral.draftEdit.edit')}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('referral.composer.editTitle')}
        size={narrow ? 'default' : 720}
        width={narrow ? '100%' : undefined}
        destroyOnHidden
      >
        <DraftForm r={r} onDone={done} />
      </Drawer>
    </>
  );
}

import { App, Button, Checkbox, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { ApiErrorDetail } from '../../api';
import type { CaseNeedDomain, ReferralRecipient, ReferralService, ReferralUrgency } from '../../api-types';
import { CASE_NEED_DOMAINS, REFERRAL_URGENCIES } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors, clearFieldErrors } from '../../components/form-errors';
import { useAttachments } from '../cases/attachments.api';
import type { CaseDetail } from '../cases/case-types';
import { ConsentLine, RecipientPicker } from './recipient-picker';
import { useCreateReferral } from './referrals.api';
import { serviceWord, urgencyWord } from './referral-words';

interface ComposerValues {
  to: ReferralRecipient | null;
  service?: ReferralService;
  needs: CaseNeedDomain[];
  urgency: ReferralUrgency;
  summary: string;
  documentIds: string[];
}

const FIELDS = ['to', 'to.id', 'service', 'needs', 'urgency', 'summary', 'documentIds'] as const;

type CheckListProps = React.ComponentProps<typeof Checkbox.Group<string>> & { 'aria-required'?: unknown };

/** A list of checkboxes in a form: the group is a `role="group"`, which may not carry the aria-required the form item adds (axe). */
export function CheckList({ 'aria-required': _required, ...props }: CheckListProps): React.JSX.Element {
  return <Checkbox.Group<string> className="composer-checks" {...props} />;
}

/** The case's needs, open ones first, each domain once; every domain when the plan has none yet. */
export function needOptions(c: CaseDetail): { domains: CaseNeedDomain[]; fromCase: boolean } {
  const ordered = [...c.needs.filter((n) => n.status === 'open'), ...c.needs.filter((n) => n.status !== 'open')].map((n) => n.domain);
  const domains = [...new Set(ordered)];
  return domains.length > 0 ? { domains, fromCase: true } : { domains: [...CASE_NEED_DOMAINS], fromCase: false };
}

/** "Already has a live referral to this recipient": the sentence and a way to that referral. */
export function AlreadyLive({ error }: { error: unknown }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!isApiError(error) || error.code !== 'REFERRAL.ALREADY_LIVE') return null;
  const id = error.params.referralId;
  return (
    <div className="block-gap" data-testid="composer-already-live">
      {t('referral.composer.alreadyLive')}{' '}
      {typeof id === 'string' && <Link to={`/referrals/${id}`}>{t('referral.composer.openExisting')}</Link>}
    </div>
  );
}

/** What a referral asks (service, needs, urgency, summary, documents): the same fields for a new referral and a draft's edit. */
export function ReferralFields({
  caseId,
  services,
  needs,
  consented,
  disabled = false,
}: {
  caseId: string;
  services: readonly ReferralService[];
  needs: { domains: CaseNeedDomain[]; fromCase: boolean };
  consented: boolean;
  disabled?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  const attachments = useAttachments(caseId);
  return (
    <>
      <Form.Item
        name="service"
        label={t('referral.composer.service')}
        rules={[{ required: true, message: t('referral.composer.pickService') }]}
      >
        <Select
          disabled={disabled}
          options={services.map((s) => ({ value: s, label: serviceWord(t, s) }))}
          data-testid="composer-service"
        />
      </Form.Item>
      <Form.Item
        name="needs"
        label={t('referral.composer.needs')}
        extra={needs.fromCase ? t('referral.composer.needsHint') : t('referral.composer.noCaseNeeds')}
        rules={[{ required: true, type: 'array', min: 1, message: t('referral.composer.pickNeeds') }]}
      >
        <CheckList options={needs.domains.map((d) => ({ value: d, label: t(`casePlan.domains.${d}`) }))} data-testid="composer-needs" />
      </Form.Item>
      <Form.Item name="urgency" label={t('referral.composer.urgency')}>
        <Radio.Group options={REFERRAL_URGENCIES.map((u) => ({ value: u, label: urgencyWord(t, u) }))} data-testid="composer-urgency" />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t('referral.composer.summary')}
        extra={t('referral.composer.summaryHint')}
        rules={[{ required: true, whitespace: true, message: t('referral.composer.writeSummary') }]}
      >
        <Input.TextArea rows={4} maxLength={2000} data-testid="composer-summary" />
      </Form.Item>
      <Form.Item
        name="documentIds"
        label={t('referral.composer.documents')}
        extra={consented ? t('referral.composer.documentsHint') : t('referral.composer.documentsNoConsent')}
      >
        {(attachments.data ?? []).length === 0 ? (
          <span className="muted">{t('referral.composer.noDocuments')}</span>
        ) : (
          <CheckList
            disabled={!consented}
            options={(attachments.data ?? []).map((a) => ({ value: a.id, label: `${a.fileName} (${t(`attachments.kinds.${a.kind}`)})` }))}
            data-testid="composer-documents"
          />
        )}
      </Form.Item>
    </>
  );
}

/**
 * "Chuyển gửi": a recipient found across the network (its consent shown before anything is sent),
 * the service asked for, the needs it addresses (from the case's), urgency, a summary for the
 * receiver and the documents to share (only when the consent covers the recipient); saved as a
 * draft, or sent (which the server refuses without the consent in force).
 */
export function ReferralComposer({
  c,
  onDone,
  onGoToConsent,
}: {
  c: CaseDetail;
  onDone: () => void;
  onGoToConsent: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ComposerValues>();
  const create = useCreateReferral(c.id);
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const to = Form.useWatch('to', form) ?? null;
  const needs = needOptions(c);
  const consented = Boolean(to?.consent);

  const submit = async (send: boolean): Promise<void> => {
    clearFieldErrors(form, FIELDS);
    setUnmatched([]);
    const v = await form.validateFields().catch(() => null);
    if (!v?.to || !v.service) return;
    const body = { to: { kind: v.to.kind, id: v.to.id }, service: v.service, needs: v.needs, urgency: v.urgency, summary: v.summary, send };
    create.mutate(
      { ...body, documentIds: consented ? v.documentIds : [] },
      {
        onSuccess: () => {
          void message.success(send ? t('referral.composer.sent', { name: v.to?.name ?? '' }) : t('referral.composer.saved'));
          onDone();
        },
        onError: (error) => setUnmatched(applyFieldErrors(form, error, FIELDS)),
      },
    );
  };

  return (
    <Form<ComposerValues>
      form={form}
      layout="vertical"
      requiredMark="optional"
      scrollToFirstError={{ focus: true }}
      initialValues={{ to: null, needs: [], urgency: 'routine', summary: '', documentIds: [] }}
      onValuesChange={(changed: Partial<ComposerValues>) => {
        if ('to' in changed)
          form.setFieldsValue({
            service: changed.to?.services[0],
            documentIds: changed.to?.consent ? form.getFieldValue('documentIds') : [],
          });
      }}
      data-testid="referral-composer"
    >
      <Form.Item
        name="to"
        label={t('referral.composer.recipient')}
        rules={[{ required: true, message: t('referral.composer.pickRecipient') }]}
      >
        <RecipientPicker caseId={c.id} />
      </Form.Item>
      {to && (
        <div className="block-gap" data-testid="composer-chosen" data-recipient={to.id}>
          <Typography.Text strong>{to.name}</Typography.Text>
          <ConsentLine recipient={to} onGoToConsent={onGoToConsent} />
        </div>
      )}
      <ReferralFields caseId={c.id} services={to?.services ?? []} needs={needs} consented={consented} disabled={!to} />
      {create.isError && (
        <>
          <AlreadyLive error={create.error} />
          <ErrorAlert error={create.error} details={unmatched} />
        </>
      )}
      <Space wrap className="block-gap">
        <Button
          onClick={() => void submit(false)}
          loading={create.isPending && create.variables.send === false}
          disabled={create.isPending}
          data-testid="composer-save-draft"
        >
          {t('referral.composer.saveDraft')}
        </Button>
        <Button
          type="primary"
          onClick={() => void submit(true)}
          loading={create.isPending && create.variables.send === true}
          disabled={create.isPending || (to !== null && !consented)}
          data-testid="composer-send"
        >
          {t('referral.composer.send')}
        </Button>
      </Space>
    </Form>
  );
}

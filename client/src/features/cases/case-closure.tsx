import { CheckOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { formatDate } from '../../format';
import { CLOSURE_OUTCOMES } from './case-types';
import type { CaseDetail, ClosureOutcome } from './case-types';
import { useClosureDecision, useClosureRequest } from './cases.api';

/** A closure waiting for the head of social work, or the closure itself, above everything else on the page. */
export function ClosureBanner({ c }: { c: CaseDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (c.closure) {
    const { outcome, summary, approvedBy, closedAt } = c.closure;
    return (
      <Alert
        type="info"
        showIcon
        className="block-gap"
        data-testid="case-closed-banner"
        title={t('caseClosure.closedTitle')}
        description={
          <div className="case-banner">
            <div>{t('caseClosure.closedText', { date: formatDate(closedAt), name: approvedBy.name, outcome: t(`caseClosure.outcomes.${outcome}`) })}</div>
            <div className="case-banner__summary">{summary}</div>
          </div>
        }
      />
    );
  }
  if (!c.closureRequest) return null;
  const { outcome, summary, requestedBy, requestedAt } = c.closureRequest;
  return (
    <Alert
      type="warning"
      showIcon
      className="block-gap"
      data-testid="case-closure-pending"
      title={t('caseClosure.pendingTitle')}
      description={
        <div className="case-banner">
          <div>{t('caseClosure.pendingText', { date: formatDate(requestedAt), name: requestedBy.name, outcome: t(`caseClosure.outcomes.${outcome}`) })}</div>
          <div className="case-banner__summary">{summary}</div>
          {c.can.includes('case.closure.decide') && <ClosureDecision c={c} />}
        </div>
      }
    />
  );
}

/** Approve, or send back with a reason (required: the social worker needs to know what is missing). */
function ClosureDecision({ c }: { c: CaseDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useClosureDecision(c.id);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const send = (decision: 'approve' | 'return'): void => {
    setReasonError(null);
    if (decision === 'return' && reason.trim().length === 0) {
      setReasonError(t('caseClosure.returnReasonRequired'));
      return;
    }
    decide.mutate(
      { decision, ...(decision === 'return' ? { reason: reason.trim() } : {}) },
      { onSuccess: () => void message.success(t(decision === 'approve' ? 'caseClosure.approved' : 'caseClosure.returned')) },
    );
  };
  return (
    <div className="case-decision" data-testid="case-closure-decision">
      <label htmlFor="case-return-reason" className="small">
        {t('caseClosure.returnReason')}
      </label>
      <Input.TextArea
        id="case-return-reason"
        rows={2}
        maxLength={1000}
        value={reason}
        status={reasonError ? 'error' : undefined}
        onChange={(e) => setReason(e.target.value)}
        data-testid="case-return-reason"
      />
      {reasonError && (
        <div className="field-error" role="alert" data-testid="case-return-reason-error">
          {reasonError}
        </div>
      )}
      {decide.isError && <ErrorAlert error={decide.error} testId="case-decision-error" />}
      <Space wrap className="case-decision__buttons">
        <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending && decide.variables.decision === 'approve'} disabled={decide.isPending} onClick={() => send('approve')} data-testid="case-closure-approve">
          {t('caseClosure.approve')}
        </Button>
        <Button icon={<RollbackOutlined />} loading={decide.isPending && decide.variables.decision === 'return'} disabled={decide.isPending} onClick={() => send('return')} data-testid="case-closure-return">
          {t('caseClosure.return')}
        </Button>
      </Space>
    </div>
  );
}

interface ClosureValues {
  outcome: ClosureOutcome;
  summary: string;
}
const FIELDS = ['outcome', 'summary'] as const;

/** The request form of one opening, with its own form instance (nothing left over from an earlier request). */
function ClosureForm({ c, onClose }: { c: CaseDetail; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ClosureValues>();
  const request = useClosureRequest(c.id);
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const submit = (values: ClosureValues): void =>
    request.mutate(
      { outcome: values.outcome, summary: values.summary.trim() },
      {
        onSuccess: () => {
          void message.success(t('caseClosure.requested'));
          onClose();
        },
        onError: (error) => setUnmatched(applyFieldErrors(form, error, FIELDS)),
      },
    );
  return (
    <div data-testid="case-closure-form">
      {request.isError && <ErrorAlert error={request.error} details={unmatched} testId="case-closure-error" />}
      <Form<ClosureValues> form={form} layout="vertical" onFinish={submit} scrollToFirstError={{ focus: true }}>
        <Form.Item name="outcome" label={t('caseClosure.outcome')} rules={[{ required: true, message: t('caseClosure.outcomeRequired') }]}>
          <Select data-testid="case-closure-outcome" options={CLOSURE_OUTCOMES.map((value) => ({ value, label: t(`caseClosure.outcomes.${value}`) }))} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('caseClosure.summary')}
          extra={t('caseClosure.summaryHint')}
          rules={[{ required: true, whitespace: true, message: t('caseClosure.summaryRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={4000} data-testid="case-closure-summary" />
        </Form.Item>
      </Form>
      <Space className="drawer-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" loading={request.isPending} onClick={() => form.submit()} data-testid="case-closure-submit">
          {t('caseClosure.submit')}
        </Button>
      </Space>
    </div>
  );
}

/** "Request closure": the outcome and a summary, for the head of social work to approve. */
export function ClosureRequestButton({ c }: { c: CaseDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!c.can.includes('case.closure.request') || c.status === 'closed' || c.closureRequest) return null;
  return (
    <>
      <Button icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid="case-closure-request">
        {t('caseClosure.request')}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} size={520} destroyOnHidden title={t('caseClosure.requestTitle')}>
        {open && <ClosureForm c={c} onClose={() => setOpen(false)} />}
      </Drawer>
    </>
  );
}

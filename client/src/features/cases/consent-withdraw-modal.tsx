import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Consent } from '../../api-types';
import { vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { DATE_FORMAT } from '../../format';
import { useWithdrawConsent } from './consent.api';

interface WithdrawValues {
  reason?: string;
  on: Dayjs;
}

/**
 * The confirmation before a withdrawal is recorded: it says plainly that it takes effect at once
 * and cannot be undone, and asks for the day the patient withdrew and an optional reason.
 */
export function ConsentWithdrawModal({
  caseId,
  consent,
  onClose,
}: {
  caseId: string;
  consent: Consent | null;
  onClose: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<WithdrawValues>();
  const withdraw = useWithdrawConsent(caseId);
  const close = (): void => {
    withdraw.reset();
    onClose();
  };
  const submit = (values: WithdrawValues): void => {
    if (!consent) return;
    const input = { on: values.on.format('YYYY-MM-DD'), ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}) };
    withdraw.mutate(
      { consentId: consent.id, input },
      {
        onSuccess: () => {
          void message.success(t('consent.withdrawn'));
          close();
        },
        onError: (error) => applyFieldErrors(form, error, ['reason', 'on']),
      },
    );
  };
  return (
    <Modal
      open={consent !== null}
      title={t('consent.withdrawTitle')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('consent.withdrawConfirm')}
      okButtonProps={{ danger: true, loading: withdraw.isPending, 'data-testid': 'consent-withdraw-confirm' }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {consent && (
        <div data-testid="consent-withdraw-dialog">
          <p className="consent-item__allows">
            <strong>{t(`consent.purposes.${consent.purpose}`)}</strong>
          </p>
          <Alert type="warning" showIcon className="block-gap" title={t('consent.withdrawEffect')} data-testid="consent-withdraw-effect" />
          {withdraw.isError && <ErrorAlert error={withdraw.error} testId="consent-withdraw-error" />}
          <Form<WithdrawValues> form={form} layout="vertical" initialValues={{ on: vietnamToday() }} onFinish={submit}>
            <Form.Item name="on" label={t('consent.withdrawOn')} rules={[{ required: true, message: t('consent.required') }]}>
              <DatePicker
                format={DATE_FORMAT}
                allowClear={false}
                disabledDate={(d) => d.isAfter(vietnamToday(), 'day')}
                data-testid="consent-withdraw-on"
              />
            </Form.Item>
            <Form.Item name="reason" label={t('consent.withdrawReason')}>
              <Input.TextArea rows={2} maxLength={1000} data-testid="consent-withdraw-reason" />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}

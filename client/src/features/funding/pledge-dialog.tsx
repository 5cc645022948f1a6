import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import type { FundingDetail, Pledge } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { WholeNumberInput, wholeNumberRule } from '../../components/whole-number-input';
import { formatMoney } from '../../format';
import { newIdempotencyKey, useCreatePledge } from './partner.api';

const QUICK = [500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000];

interface PledgeDialogProps {
  request: Pick<FundingDetail, 'id' | 'reference' | 'money'>;
  open: boolean;
  onClose: () => void;
  onPledged: (pledge: Pledge) => void;
}

interface Values {
  amountVnd: number | string | null;
  note?: string;
}

/**
 * The Idempotency-Key of one attempt to pledge: made when the dialog opens and sent again on every
 * retry of the same amount and note (a lost answer, a double click), so the server moves the money
 * once. After a refusal (409 over the amount left, 400) the attempt is over: a changed amount is a
 * new attempt with a new key (the old key with another body would be refused as reused, 422).
 */
function useAttemptKey(): (body: string) => string {
  const attempt = useRef<{ key: string; body: string | null }>({ key: newIdempotencyKey(), body: null });
  return (body) => {
    if (attempt.current.body !== null && attempt.current.body !== body) attempt.current = { key: newIdempotencyKey(), body };
    attempt.current.body = body;
    return attempt.current.key;
  };
}

function PledgeForm({ request, onClose, onPledged }: Omit<PledgeDialogProps, 'open'>): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const pledge = useCreatePledge();
  const keyFor = useAttemptKey();
  const [overLeft, setOverLeft] = useState<number | null>(null);
  const left = overLeft ?? request.money.leftVnd;
  const quick = [...QUICK.filter((a) => a < left), left];

  const submit = (values: Values): void => {
    if (typeof values.amountVnd !== 'number') return;
    const note = values.note?.trim() || undefined;
    const body = { amountVnd: values.amountVnd, ...(note ? { note } : {}) };
    const idempotencyKey = keyFor(JSON.stringify(body));
    pledge.mutate(
      { requestId: request.id, idempotencyKey, ...body },
      {
        onSuccess: onPledged,
        onError: (error) => {
          if (isApiError(error) && error.code === 'FUNDING.OVER_PLEDGE' && typeof error.params.leftVnd === 'number')
            setOverLeft(error.params.leftVnd);
        },
      },
    );
  };
  const over = isApiError(pledge.error) && pledge.error.code === 'FUNDING.OVER_PLEDGE';

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="pledge-form">
      <Typography.Paragraph>{t('pledge.intro', { reference: request.reference, left: formatMoney(left) })}</Typography.Paragraph>
      <div className="quick-amounts" role="group" aria-label={t('pledge.quickLabel')}>
        {quick.map((amount) => (
          <Button
            key={amount}
            size="small"
            onClick={() => form.setFieldsValue({ amountVnd: amount })}
            data-testid={`pledge-quick-${amount}`}
          >
            {amount === left ? t('pledge.quickAll', { amount: formatMoney(amount) }) : formatMoney(amount)}
          </Button>
        ))}
      </div>
      <Form.Item
        name="amountVnd"
        label={t('pledge.amount')}
        extra={t('pledge.amountHelp', { left: formatMoney(left) })}
        rules={[{ required: true, message: t('pledge.amountRequired') }, wholeNumberRule(t, { min: 1, max: left })]}
      >
        <WholeNumberInput money suffix="₫" data-testid="pledge-amount" />
      </Form.Item>
      <Form.Item name="note" label={t('pledge.note')}>
        <Input.TextArea maxLength={300} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="pledge-note" />
      </Form.Item>
      {over && (
        <Alert type="warning" showIcon role="alert" data-testid="pledge-over" title={t('pledge.over', { left: formatMoney(left) })} />
      )}
      {pledge.isError && !over && <ErrorAlert error={pledge.error} testId="pledge-error" />}
      <div className="partner-form-actions">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={pledge.isPending} disabled={left <= 0} data-testid="pledge-submit">
          {t('pledge.submit')}
        </Button>
      </div>
    </Form>
  );
}

/** "Cam kết tài trợ": an amount up to what is left, quick amounts, a note; the form is made anew at each opening. */
export function PledgeDialog(props: PledgeDialogProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal open={props.open} onCancel={props.onClose} footer={null} destroyOnHidden title={t('pledge.title')} data-testid="pledge-dialog">
      {props.open && <PledgeForm request={props.request} onClose={props.onClose} onPledged={props.onPledged} />}
    </Modal>
  );
}

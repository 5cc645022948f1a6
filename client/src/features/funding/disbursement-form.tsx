import { Alert, Button, Card, DatePicker, Form, Input, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { PAY_METHOD_LIST, PAYEE_KIND_LIST } from '../../api-types';
import type { DisbursementInput, PayeeKind, PayMethod, Pledge } from '../../api-types';
import { inVietnam, vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors, clearFieldErrors } from '../../components/form-errors';
import { WholeNumberInput, wholeNumberRule } from '../../components/whole-number-input';
import { DATE_FORMAT, formatMoney } from '../../format';
import { methodWord, payeeWord } from './funding-words';
import { newIdempotencyKey, useDisburse } from './partner.api';

interface Values {
  amountVnd: number | string | null;
  payee: PayeeKind;
  payeeName?: string;
  method: PayMethod;
  witness?: string;
  reference?: string;
  paidOn: Dayjs;
}

const FIELDS = ['amountVnd', 'payee', 'payeeName', 'method', 'witness', 'reference', 'paidOn'] as const;

function toBody(v: Values): DisbursementInput {
  const trim = (s?: string): string | undefined => s?.trim() || undefined;
  return {
    amountVnd: v.amountVnd as number,
    payee: v.payee,
    method: v.method,
    paidOn: v.paidOn.format('YYYY-MM-DD'),
    ...(v.payee === 'supplier' && trim(v.payeeName) ? { payeeName: trim(v.payeeName) } : {}),
    ...(v.method === 'cash' && trim(v.witness) ? { witness: trim(v.witness) } : {}),
    ...(trim(v.reference) ? { reference: trim(v.reference) } : {}),
  };
}

/** What returns to the request when less than the pledge is paid, in a sentence. */
function RestSentence({ pledged, amount }: { pledged: number; amount: unknown }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (typeof amount !== 'number' || amount <= 0 || amount >= pledged) return null;
  return (
    <Alert
      type="info"
      showIcon
      className="block-gap"
      data-testid="disburse-rest"
      title={t('disbursement.rest', { rest: formatMoney(pledged - amount) })}
    />
  );
}

/**
 * "Ghi nhận giải ngân": the partner says what it paid of its pledge, to whom, how and when. The
 * money is posted from the pledge; what is not paid returns to the request for others. Cash needs
 * a named witness; a supplier its name. One Idempotency-Key per attempt (see pledge-dialog.tsx).
 */
export function DisbursementForm({ pledge }: { pledge: Pledge }): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const disburse = useDisburse(pledge.id);
  const attempt = useRef<{ key: string; body: string | null }>({ key: newIdempotencyKey(), body: null });
  const payee = Form.useWatch('payee', form);
  const method = Form.useWatch('method', form);
  const amount = Form.useWatch('amountVnd', form);

  const submit = (values: Values): void => {
    clearFieldErrors(form, FIELDS);
    const body = toBody(values);
    const text = JSON.stringify(body);
    if (attempt.current.body !== null && attempt.current.body !== text) attempt.current = { key: newIdempotencyKey(), body: text };
    attempt.current.body = text;
    disburse.mutate({ body, idempotencyKey: attempt.current.key }, { onError: (e) => applyFieldErrors(form, e, FIELDS) });
  };
  const over = isApiError(disburse.error) && disburse.error.code === 'FUNDING.OVER_DISBURSE';

  return (
    <Card title={t('disbursement.formTitle')} data-testid="disburse-card">
      <Typography.Paragraph type="secondary">{t('disbursement.formIntro', { amount: formatMoney(pledge.amountVnd) })}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        initialValues={{ amountVnd: pledge.amountVnd, payee: 'hospital-bill', method: 'bank-transfer', paidOn: vietnamToday() }}
        data-testid="disburse-form"
      >
        <Form.Item
          name="amountVnd"
          label={t('disbursement.amount')}
          extra={t('disbursement.amountHelp', { amount: formatMoney(pledge.amountVnd) })}
          rules={[{ required: true, message: t('disbursement.amountRequired') }, wholeNumberRule(t, { min: 1, max: pledge.amountVnd })]}
        >
          <WholeNumberInput money suffix="₫" data-testid="disburse-amount" />
        </Form.Item>
        <RestSentence pledged={pledge.amountVnd} amount={amount} />
        <Form.Item name="payee" label={t('disbursement.payee')} rules={[{ required: true }]}>
          <Radio.Group
            options={PAYEE_KIND_LIST.map((p) => ({ value: p, label: <span data-testid={`disburse-payee-${p}`}>{payeeWord(t, p)}</span> }))}
          />
        </Form.Item>
        {payee === 'supplier' && (
          <Form.Item
            name="payeeName"
            label={t('disbursement.payeeName')}
            rules={[{ required: true, whitespace: true, message: t('disbursement.payeeNameRequired') }]}
          >
            <Input maxLength={200} data-testid="disburse-payee-name" />
          </Form.Item>
        )}
        {payee === 'patient-family' && <Typography.Paragraph type="secondary">{t('disbursement.familyNote')}</Typography.Paragraph>}
        <Form.Item name="method" label={t('disbursement.method')} rules={[{ required: true }]}>
          <Radio.Group
            options={PAY_METHOD_LIST.map((m) => ({
              value: m,
              label: <span data-testid={`disburse-method-${m}`}>{methodWord(t, m)}</span>,
            }))}
          />
        </Form.Item>
        {method === 'cash' && (
          <Form.Item
            name="witness"
            label={t('disbursement.witness')}
            extra={t('disbursement.witnessHelp')}
            rules={[{ required: true, whitespace: true, message: t('disbursement.witnessRequired') }]}
          >
            <Input maxLength={200} data-testid="disburse-witness" />
          </Form.Item>
        )}
        <Form.Item name="reference" label={t('disbursement.reference')} extra={t('disbursement.referenceHelp')}>
          <Input maxLength={100} data-testid="disburse-reference" />
        </Form.Item>
        <Form.Item name="paidOn" label={t('disbursement.paidOn')} rules={[{ required: true, message: t('disbursement.paidOnRequired') }]}>
          <DatePicker
            format={DATE_FORMAT}
            allowClear={false}
            disabledDate={(d) => d.isAfter(vietnamToday(), 'day') || d.isBefore(inVietnam(pledge.createdAt), 'day')}
            data-testid="disburse-paid-on"
          />
        </Form.Item>
        {over && (
          <Alert
            type="warning"
            showIcon
            className="block-gap"
            role="alert"
            title={t('disbursement.over', { amount: formatMoney(pledge.amountVnd) })}
          />
        )}
        {disburse.isError && !over && <ErrorAlert error={disburse.error} testId="disburse-error" />}
        <div className="partner-form-actions">
          <Button type="primary" htmlType="submit" loading={disburse.isPending} data-testid="disburse-submit">
            {t('disbursement.submit')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

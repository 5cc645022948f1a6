import { FileOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, List, Modal, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Disbursement } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../format';
import { methodWord, payeeWord } from './funding-words';
import { newIdempotencyKey, partnerReceiptUrl, useAddReceipt, useReverseDisbursement } from './partner.api';

/** The payee words are written to sit inside a sentence ('viện phí'); as a value on its own it starts with a capital. */
const upperFirst = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

function Receipts({ d, canAdd }: { d: Disbursement; canAdd: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  const add = useAddReceipt();
  return (
    <div data-testid="receipts">
      <Typography.Title level={5}>{t('disbursement.receipts')}</Typography.Title>
      {d.receipts.length === 0 && <Typography.Paragraph type="secondary">{t('disbursement.noReceipts')}</Typography.Paragraph>}
      <List
        size="small"
        dataSource={d.receipts}
        renderItem={(r) => (
          <List.Item key={r.id} data-testid={`receipt-${r.id}`}>
            <a href={partnerReceiptUrl(d.id, r.id)} download={r.fileName}>
              <FileOutlined aria-hidden /> {r.fileName}
            </a>
            <span className="muted small">
              {t('disbursement.receiptSize', { kb: formatNumber(Math.max(1, Math.round(r.size / 1024))) })} · {formatDateTime(r.at)}
            </span>
          </List.Item>
        )}
      />
      {canAdd && (
        <Upload
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          showUploadList={false}
          beforeUpload={(file) => {
            add.mutate({ disbursementId: d.id, file });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={add.isPending} data-testid="receipt-upload">
            {t('disbursement.addReceipt')}
          </Button>
        </Upload>
      )}
      {add.isSuccess && !add.isPending && (
        <Alert type="success" showIcon className="block-gap" title={t('disbursement.receiptAdded')} data-testid="receipt-added" />
      )}
      {add.isError && <ErrorAlert error={add.error} testId="receipt-error" />}
    </div>
  );
}

/** "Điều chỉnh (hoàn tác) giải ngân": a mistake is corrected by new transfers with a reason, never by an edit. */
function ReverseDialog({ d, open, onClose }: { d: Disbursement; open: boolean; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const reverse = useReverseDisbursement();
  // One key per opening of the dialog: a retry of the same reversal reverses once.
  const [key] = useState(newIdempotencyKey);
  return (
    <Modal open={open} onCancel={onClose} footer={null} destroyOnHidden title={t('disbursement.reverseTitle')}>
      <Typography.Paragraph>{t('disbursement.reverseExplain', { amount: formatMoney(d.amountVnd) })}</Typography.Paragraph>
      <Form
        layout="vertical"
        onFinish={(v: { reason: string }) =>
          reverse.mutate({ id: d.id, body: { reason: v.reason.trim() }, idempotencyKey: key }, { onSuccess: onClose })
        }
      >
        <Form.Item
          name="reason"
          label={t('disbursement.reverseReason')}
          rules={[{ required: true, whitespace: true, message: t('disbursement.reverseReasonRequired') }]}
        >
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="reverse-reason" />
        </Form.Item>
        {reverse.isError && <ErrorAlert error={reverse.error} />}
        <div className="partner-form-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button danger type="primary" htmlType="submit" loading={reverse.isPending} data-testid="reverse-confirm">
            {t('disbursement.reverse')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

/** A disbursement recorded on a pledge: what was paid, to whom, how, its receipts, and its correction. */
export function DisbursementCard({ d, canAct }: { d: Disbursement; canAct: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  const [reversing, setReversing] = useState(false);
  const reversed = d.state === 'reversed';
  return (
    <Card
      title={t('disbursement.cardTitle')}
      extra={<Tag color={reversed ? 'red' : d.state === 'done' ? 'green' : 'blue'}>{t(`disbursement.states.${d.state}`)}</Tag>}
      data-testid="disbursement"
      data-state={d.state}
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'amount',
            label: t('disbursement.amount'),
            children: <strong data-testid="disbursement-amount">{formatMoney(d.amountVnd)}</strong>,
          },
          ...(d.returnedVnd > 0 ? [{ key: 'returned', label: t('disbursement.returned'), children: formatMoney(d.returnedVnd) }] : []),
          {
            key: 'payee',
            label: t('disbursement.payee'),
            children: upperFirst([payeeWord(t, d.payee), d.payeeName].filter(Boolean).join(': ')),
          },
          { key: 'method', label: t('disbursement.method'), children: methodWord(t, d.method) },
          ...(d.witness ? [{ key: 'witness', label: t('disbursement.witness'), children: d.witness }] : []),
          ...(d.paymentReference ? [{ key: 'ref', label: t('disbursement.reference'), children: d.paymentReference }] : []),
          { key: 'paidOn', label: t('disbursement.paidOn'), children: formatDate(d.paidOn) },
        ]}
      />
      {d.reversal && (
        <Alert
          type="warning"
          showIcon
          className="block-gap"
          title={t('disbursement.reversedOn', { date: formatDate(d.reversal.at) })}
          description={d.reversal.reason}
          data-testid="disbursement-reversal"
        />
      )}
      <Receipts d={d} canAdd={canAct && !reversed} />
      {canAct && !reversed && d.state === 'done' && (
        <div className="partner-form-actions block-gap">
          <Button danger onClick={() => setReversing(true)} data-testid="reverse-open">
            {t('disbursement.reverse')}
          </Button>
        </div>
      )}
      {reversing && <ReverseDialog d={d} open={reversing} onClose={() => setReversing(false)} />}
    </Card>
  );
}

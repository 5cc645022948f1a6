import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Tag, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Disbursement, FundingDetail, LedgerTransfer, LedgerView, Pledge } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { receiptUrl, useFundingLedger, useRequestPledges, useUploadReceipt } from './funding.api';
import { FundingTable } from './funding-table';
import { accountWord, methodWord, payeeWord, pledgeStateColour, pledgeStateWord, transferSentence } from './funding-words';

/** A payee's name begins the table's row (the sentences use it mid-sentence, in lower case). */
const capitalised = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/**
 * A disbursement: paid to whom, how, when; its receipts to download; the hospital adds the family's or the bill's.
 * Network staff see how many receipts there are, never the papers (a receipt may name the patient: the server refuses).
 */
function DisbursementLine({ d, requestId, hospital }: { d: Disbursement; requestId: string; hospital: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadReceipt(requestId);
  return (
    <div className="funding-disbursement" data-testid={`disbursement-${d.id}`} data-state={d.state}>
      <div>
        {t('funding.pledges.paid', { amount: formatMoney(d.amountVnd), payee: payeeWord(t, d.payee), date: formatDate(d.paidOn) })}{' '}
        <span className="muted small">
          · {methodWord(t, d.method)}
          {d.paymentReference ? ` · ${d.paymentReference}` : ''}
          {d.state === 'reversed' ? ` · ${t('funding.pledges.reversed')}` : ''}
        </span>
      </div>
      <Space wrap size={[8, 4]}>
        {!hospital && d.receipts.length > 0 && (
          <span className="muted small">{t('funding.pledges.receiptCount', { count: d.receipts.length })}</span>
        )}
        {hospital &&
          d.receipts.map((rc) => (
            <Button
              key={rc.id}
              size="small"
              icon={<DownloadOutlined />}
              href={receiptUrl(d.id, rc.id)}
              download={rc.fileName}
              aria-label={t('funding.pledges.downloadOf', { name: rc.fileName })}
            >
              {rc.fileName}
            </Button>
          ))}
        {d.receipts.length === 0 && <span className="muted small">{t('funding.pledges.noReceipts')}</span>}
        {hospital && (
          <Upload
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate({ disbursementId: d.id, file }, { onSuccess: () => void message.success(t('funding.pledges.receiptAdded')) });
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} data-testid={`receipt-upload-${d.id}`}>
              {t('funding.pledges.addReceipt')}
            </Button>
          </Upload>
        )}
      </Space>
      {upload.isError && <ErrorAlert error={upload.error} />}
    </div>
  );
}

/** The request's pledges: who, how much, in what state; each disbursement beneath its pledge. */
export function FundingPledges({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const pledges = useRequestPledges(r.id, r.viewer !== 'partner');
  return (
    <Card size="small" title={t('funding.pledges.title')} data-testid="funding-pledges">
      {pledges.isError && <ErrorAlert error={pledges.error} onRetry={() => void pledges.refetch()} />}
      <List<Pledge>
        dataSource={pledges.data?.data ?? []}
        loading={pledges.isPending}
        rowKey="id"
        locale={{ emptyText: <div className="muted">{t('funding.pledges.none')}</div> }}
        renderItem={(p) => (
          <List.Item className="funding-row" data-testid={`pledge-${p.id}`} data-state={p.state}>
            <div className="funding-row__main">
              <div>
                <strong>{p.organisation.name}</strong> · {formatMoney(p.amountVnd)}
              </div>
              <div className="muted small">
                {formatDateTime(p.createdAt)}
                {p.state === 'pending' ? ` · ${t('funding.pledges.expires', { date: formatDate(p.expiresAt) })}` : ''}
              </div>
              {p.disbursement && <DisbursementLine d={p.disbursement} requestId={r.id} hospital={r.viewer === 'hospital'} />}
            </div>
            <Tag color={pledgeStateColour(p.state)}>{pledgeStateWord(t, p.state)}</Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The ledger as people read it: each transfer in a sentence, and the balance of every account it touched. */
export function FundingLedger({ r }: { r: FundingDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  const ledger = useFundingLedger(r.id, r.viewer !== 'partner');
  if (r.viewer === 'partner') return null;
  const l = ledger.data;
  return (
    <Card size="small" title={t('funding.ledger.title')} data-testid="funding-ledger">
      {ledger.isError && <ErrorAlert error={ledger.error} onRetry={() => void ledger.refetch()} />}
      <FundingTable<LedgerTransfer>
        loading={ledger.isPending}
        rows={l?.transfers ?? []}
        rowKey={(x) => x.id}
        empty={t('funding.ledger.none')}
        data-testid="ledger-transfers"
        columns={[
          { key: 'at', title: t('funding.ledger.when'), render: (x) => formatDateTime(x.at) },
          {
            key: 'what',
            title: t('funding.ledger.what'),
            render: (x) => <span data-testid="ledger-sentence">{transferSentence(t, x)}</span>,
          },
          {
            key: 'state',
            title: t('funding.ledger.state'),
            render: (x) =>
              x.state === 'applied' ? (
                t('funding.ledger.applied')
              ) : (
                <Tag color={x.state === 'refused' ? 'red' : 'gold'}>{t(`funding.ledger.states.${x.state}`)}</Tag>
              ),
          },
        ]}
      />
      {l && l.accounts.length > 0 && (
        <FundingTable<LedgerView['accounts'][number]>
          className="block-gap"
          rows={l.accounts}
          rowKey={(a) => a.account}
          empty={t('funding.ledger.none')}
          data-testid="ledger-balances"
          columns={[
            { key: 'account', title: t('funding.ledger.account'), render: (a) => capitalised(accountWord(t, a.account, a.label)) },
            { key: 'balance', title: t('funding.ledger.balance'), align: 'right', render: (a) => formatMoney(a.balanceVnd) },
            {
              key: 'reserved',
              title: t('funding.ledger.reserved'),
              align: 'right',
              render: (a) => (a.pendingVnd ? formatMoney(a.pendingVnd) : '—'),
            },
          ]}
        />
      )}
    </Card>
  );
}

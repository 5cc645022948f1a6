import { Card, Col, Descriptions, Row, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Pledge } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageLoading } from '../../components/page-states';
import { formatDate, formatMoney } from '../../format';
import { useCan } from '../auth/session';
import { DisbursementCard } from './disbursement-card';
import { DisbursementForm } from './disbursement-form';
import { pledgeStateColour, pledgeStateWord, statusWord } from './funding-words';
import { usePledge } from './partner.api';
import { CancelPledgeButton } from './pledge-cancel';
import './partner.css';

function PledgeFacts({ p }: { p: Pledge }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card title={t('pledges.factsTitle')} data-testid="pledge-facts">
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'request',
            label: t('pledges.request'),
            children: (
              <Link to={`/marketplace/${p.requestId}`} data-testid="pledge-request-link">
                {p.request.title ?? p.request.reference}
              </Link>
            ),
          },
          { key: 'reference', label: t('pledges.reference'), children: p.request.reference },
          { key: 'hospital', label: t('pledges.hospital'), children: p.request.hospital.name },
          { key: 'requestStatus', label: t('pledges.requestStatus'), children: statusWord(t, p.request.status) },
          {
            key: 'amount',
            label: t('pledges.amount'),
            children: <strong data-testid="pledge-amount-shown">{formatMoney(p.amountVnd)}</strong>,
          },
          { key: 'on', label: t('pledges.pledgedOn'), children: formatDate(p.createdAt) },
          ...(p.state === 'pending' ? [{ key: 'until', label: t('pledges.expiresOn'), children: formatDate(p.expiresAt) }] : []),
          ...(p.endedAt ? [{ key: 'ended', label: t('pledges.endedOn'), children: formatDate(p.endedAt) }] : []),
          ...(p.note ? [{ key: 'note', label: t('pledges.note'), children: p.note }] : []),
        ]}
      />
      <CancelPledgeButton pledge={p} />
    </Card>
  );
}

/** /pledges/:id: one pledge; while pending the partner records its disbursement here, then its receipts. */
export function PledgePage(): React.JSX.Element {
  const { t } = useTranslation();
  const { id } = useParams();
  const can = useCan();
  const pledge = usePledge(id);
  if (pledge.isPending) return <PageLoading />;
  if (pledge.isError) return <ErrorAlert error={pledge.error} onRetry={() => void pledge.refetch()} />;
  const p = pledge.data;
  return (
    <div data-testid="page-pledge" data-state={p.state}>
      <PageHeader
        title={t('pledges.pageTitle', { amount: formatMoney(p.amountVnd) })}
        subtitle={`${p.request.reference} · ${p.request.hospital.name}`}
        extra={
          <span className="partner-tags">
            <Tag color={pledgeStateColour(p.state)} data-testid="pledge-state">
              {pledgeStateWord(t, p.state)}
            </Tag>
          </span>
        }
      />
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={10}>
          <PledgeFacts p={p} />
        </Col>
        <Col xs={24} lg={14}>
          {p.disbursement && <DisbursementCard d={p.disbursement} canAct={can('disbursement.create')} />}
          {!p.disbursement && p.can.includes('pledge.disburse') && <DisbursementForm pledge={p} />}
        </Col>
      </Row>
    </div>
  );
}

import { DollarOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Grid, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FundingSummary } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatMoney } from '../../format';
import { useCan } from '../auth/session';
import type { CaseDetail } from '../cases/case-types';
import { useCaseFunding } from './funding.api';
import { FundingEditor } from './funding-editor';
import { statusColour, statusWord, urgencyWord } from './funding-words';
import './funding.css';

/** A request's money in one line: asked, pledged, disbursed (what is left while partners may pledge). */
export function MoneyLine({ r }: { r: Pick<FundingSummary, 'money' | 'status'> }): React.JSX.Element {
  const { t } = useTranslation();
  const m = r.money;
  return (
    <span className="funding-money-line small" data-testid="funding-money-line" data-asked={m.askedVnd}>
      {t('funding.money.asked')}: <strong>{formatMoney(m.askedVnd)}</strong>
      {m.pledgedVnd + m.disbursedVnd > 0 && (
        <>
          {' · '}
          {t('funding.money.pledged')}: {formatMoney(m.pledgedVnd)}
          {' · '}
          {t('funding.money.disbursed')}: {formatMoney(m.disbursedVnd)}
        </>
      )}
    </span>
  );
}

function RequestRow({ r }: { r: FundingSummary }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List.Item className="funding-row" data-testid={`case-funding-${r.id}`} data-status={r.status}>
      <div className="funding-row__main">
        <Link
          to={`/funding/${r.id}`}
          aria-label={t('funding.panel.openOf', { reference: r.reference })}
          data-testid={`case-funding-open-${r.id}`}
        >
          {r.reference}
        </Link>
        <div>
          <MoneyLine r={r} />
        </div>
        <div className="muted small">{t('funding.panel.neededBy', { date: formatDate(r.neededBy) })}</div>
      </div>
      <span className="funding-marks">
        <Tag color={statusColour(r.status)} data-testid="funding-status">
          {statusWord(t, r.status)}
        </Tag>
        {r.urgency !== 'routine' && <Tag color="red">{urgencyWord(t, r.urgency)}</Tag>}
      </span>
    </List.Item>
  );
}

/**
 * "Hỗ trợ tài chính" on the case page: the case's funding requests (reference, status, money) with
 * a link to each, and the editor for those who may ask for funding, while the case is open.
 */
export function CaseFundingPanel({ c }: { c: CaseDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const narrow = !Grid.useBreakpoint().md;
  const mayList = can('funding.case-list');
  const requests = useCaseFunding(c.id, mayList);
  if (!mayList) return null;
  const mayCreate = can('funding.create') && c.status !== 'closed';
  const newButton = mayCreate && (
    <Button type="primary" icon={<PlusOutlined />} block={narrow} onClick={() => setEditing(true)} data-testid="case-funding-new">
      {t('funding.panel.new')}
    </Button>
  );
  return (
    <Card
      title={
        <span>
          <DollarOutlined aria-hidden /> {t('funding.panel.title')}
        </span>
      }
      extra={!narrow && newButton}
      className="case-panel"
      data-testid="case-funding"
    >
      <Typography.Paragraph type="secondary">{t('funding.panel.intro')}</Typography.Paragraph>
      {narrow && newButton && <div className="block-gap">{newButton}</div>}
      {requests.isError && <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />}
      <List<FundingSummary>
        dataSource={requests.data ?? []}
        loading={requests.isPending}
        rowKey="id"
        locale={{ emptyText: <div className="muted">{t('funding.panel.empty')}</div> }}
        renderItem={(r) => <RequestRow r={r} />}
        data-testid="case-funding-list"
      />
      <Drawer
        open={editing}
        onClose={() => setEditing(false)}
        title={c.patient.name ? t('funding.editor.titleOf', { name: c.patient.name }) : t('funding.editor.title')}
        size={narrow ? 'default' : 760}
        width={narrow ? '100%' : undefined}
        destroyOnHidden
      >
        <FundingEditor
          caseId={c.id}
          onDone={(r) => {
            setEditing(false);
            void navigate(`/funding/${r.id}`);
          }}
        />
      </Drawer>
    </Card>
  );
}

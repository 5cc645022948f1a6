import { RightOutlined } from '@ant-design/icons';
import { Button, Card, List, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReferralBox, ReferralSummary } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { NeedTags } from '../cases/case-lists-bits';
import { PatientName } from '../patients/patient-bits';
import { DueText, ReferralStatusTag, ServiceText, UrgencyText, routeText, useOpenLabel } from './referral-lists-bits';
import { recipientName } from './referral-words';

interface ReferralViewsProps {
  referrals: ReferralSummary[];
  box: ReferralBox;
  loading: boolean;
  emptyText: string;
  onOpen: (r: ReferralSummary) => void;
}

/** Who the referral is with, as the box sees it: the sender in the inbox, the recipient in the outbox, both in the network's. */
function Party({ r, box }: { r: ReferralSummary; box: ReferralBox }): React.JSX.Element {
  if (box === 'inbox') return <span data-testid="referral-party">{r.from.hospital.name}</span>;
  if (box === 'outbox') return <span data-testid="referral-party">{recipientName(r.to)}</span>;
  return <span data-testid="referral-party">{routeText(r)}</span>;
}

function SentOn({ r }: { r: ReferralSummary }): React.JSX.Element | null {
  const { t } = useTranslation();
  return r.sentAt ? <span className="muted small">{t('referralLists.sentOn', { date: formatDate(r.sentAt) })}</span> : null;
}

const PARTY_TITLES = { inbox: 'referralLists.from', outbox: 'referralLists.to', all: 'referralLists.route' } as const;

/** The referrals on a desktop: a row opens the referral by a click, or from the keyboard (each row is a tab stop; Enter or Space). */
export function ReferralListTable({ referrals, box, loading, emptyText, onOpen }: ReferralViewsProps): React.JSX.Element {
  const { t } = useTranslation();
  const openLabel = useOpenLabel();
  const columns: TableColumnsType<ReferralSummary> = [
    ...(box === 'outbox'
      ? [
          {
            title: t('referralLists.patient'),
            key: 'patient',
            render: (_: unknown, r: ReferralSummary) => <PatientName name={r.patient?.name ?? null} />,
          },
        ]
      : []),
    {
      title: t(PARTY_TITLES[box]),
      key: 'party',
      render: (_: unknown, r) => (
        <div className="stacked">
          <Link to={`/referrals/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid={`referral-link-${r.id}`}>
            <Party r={r} box={box} />
          </Link>
          <SentOn r={r} />
        </div>
      ),
    },
    { title: t('referralLists.service'), key: 'service', render: (_: unknown, r) => <ServiceText r={r} /> },
    { title: t('referralLists.needs'), key: 'needs', render: (_: unknown, r) => <NeedTags needs={r.needs} /> },
    { title: t('referralLists.urgency'), key: 'urgency', render: (_: unknown, r) => <UrgencyText urgency={r.urgency} /> },
    { title: t('referralLists.status'), key: 'status', render: (_: unknown, r) => <ReferralStatusTag status={r.status} /> },
    { title: t('referralLists.due'), key: 'due', render: (_: unknown, r) => <DueText r={r} /> },
  ];
  return (
    <Table<ReferralSummary>
      rowKey="id"
      columns={columns}
      dataSource={referrals}
      loading={loading}
      pagination={false}
      scroll={{ x: 960 }}
      rowClassName="referral-list-row"
      onRow={(r) =>
        ({
          'data-testid': `referral-row-${r.id}`,
          'data-status': r.status,
          tabIndex: 0,
          'aria-label': openLabel(r),
          onClick: () => onOpen(r),
          onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
            if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
            e.preventDefault();
            onOpen(r);
          },
        }) as React.HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <EmptyState title={emptyText} /> }}
      data-testid="referral-list-table"
    />
  );
}

/** The referrals on a phone: one card each, everything on screen; its button opens the referral. */
export function ReferralListCards({ referrals, box, loading, emptyText, onOpen }: ReferralViewsProps): React.JSX.Element {
  const { t } = useTranslation();
  const openLabel = useOpenLabel();
  return (
    <List<ReferralSummary>
      dataSource={referrals}
      loading={loading}
      rowKey="id"
      split={false}
      locale={{ emptyText: <EmptyState title={emptyText} /> }}
      data-testid="referral-list-cards"
      renderItem={(r) => (
        <List.Item className="referral-card-item">
          <Card size="small" className="referral-card" data-testid={`referral-row-${r.id}`} data-status={r.status}>
            <div className="referral-card__head">
              <strong>
                <Party r={r} box={box} />
              </strong>
              <ReferralStatusTag status={r.status} />
            </div>
            {box === 'outbox' && (
              <div className="referral-card__meta">
                <PatientName name={r.patient?.name ?? null} />
              </div>
            )}
            <div className="referral-card__meta">
              <ServiceText r={r} />
              <UrgencyText urgency={r.urgency} />
              <SentOn r={r} />
            </div>
            <div className="referral-card__meta">
              <NeedTags needs={r.needs} />
            </div>
            <div className="referral-card__meta">
              <DueText r={r} />
            </div>
            <Button block onClick={() => onOpen(r)} aria-label={openLabel(r)} data-testid={`referral-open-${r.id}`}>
              {t('referralLists.open')} <RightOutlined aria-hidden />
            </Button>
          </Card>
        </List.Item>
      )}
    />
  );
}

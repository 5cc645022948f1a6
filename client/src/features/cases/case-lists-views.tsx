import { RightOutlined } from '@ant-design/icons';
import { Button, Card, List, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { PatientName } from '../patients/patient-bits';
import { CaseStatusTag, GoalsText, NeedTags, patientLabel } from './case-lists-bits';
import './case-panels.css';

interface CaseViewsProps {
  cases: CaseSummary[];
  loading: boolean;
  emptyText: string;
  onOpen: (c: CaseSummary) => void;
}

function AgeWard({ c }: { c: CaseSummary }): React.JSX.Element {
  const { t } = useTranslation();
  const parts = [c.patient.ageYears !== null ? t('caseLists.ageYears', { count: c.patient.ageYears }) : null, c.patient.ward].filter(
    Boolean,
  );
  return <span className="muted">{parts.length ? parts.join(' · ') : '—'}</span>;
}

function Assignee({ c }: { c: CaseSummary }): React.JSX.Element {
  const { t } = useTranslation();
  return c.assignedTo ? <span>{c.assignedTo.name ?? '—'}</span> : <span className="muted">{t('caseLists.unassigned')}</span>;
}

/** The cases on a desktop: a row opens the case by a click, or from the keyboard (each row is a tab stop; Enter or Space). */
export function CaseListTable({ cases, loading, emptyText, onOpen }: CaseViewsProps): React.JSX.Element {
  const { t } = useTranslation();
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('caseLists.patient'),
      key: 'patient',
      render: (_: unknown, c) => (
        <div>
          <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()} data-testid={`case-link-${c.id}`}>
            <PatientName name={c.patient.name} />
          </Link>
          <div>
            <AgeWard c={c} />
          </div>
        </div>
      ),
    },
    {
      title: t('caseLists.status'),
      key: 'status',
      render: (_: unknown, c) => (
        <>
          <CaseStatusTag status={c.status} />
          {c.closureRequested && <Tag color="orange">{t('caseLists.closureRequested')}</Tag>}
        </>
      ),
    },
    { title: t('caseLists.assignedTo'), key: 'assignedTo', render: (_: unknown, c) => <Assignee c={c} /> },
    { title: t('caseLists.needsColumn'), key: 'needs', render: (_: unknown, c) => <NeedTags needs={c.needs} /> },
    { title: t('caseLists.goals'), key: 'goals', render: (_: unknown, c) => <GoalsText c={c} /> },
    { title: t('caseLists.openedAt'), dataIndex: 'openedAt', className: 'nowrap', render: (v: string) => formatDate(v) },
  ];
  return (
    <Table<CaseSummary>
      rowKey="id"
      columns={columns}
      dataSource={cases}
      loading={loading}
      pagination={false}
      scroll={{ x: 900 }}
      rowClassName="case-row"
      onRow={(c) =>
        ({
          'data-testid': `case-row-${c.id}`,
          tabIndex: 0,
          'aria-label': t('caseLists.openOf', { name: patientLabel(c, t('caseLists.unknownPatient')) }),
          onClick: () => onOpen(c),
          onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
            if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
            e.preventDefault();
            onOpen(c);
          },
        }) as React.HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <EmptyState title={emptyText} /> }}
      data-testid="case-list-table"
    />
  );
}

/** The cases on a phone: one card each, everything on screen; its button opens the case. */
export function CaseListCards({ cases, loading, emptyText, onOpen }: CaseViewsProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List<CaseSummary>
      dataSource={cases}
      loading={loading}
      rowKey="id"
      split={false}
      locale={{ emptyText: <EmptyState title={emptyText} /> }}
      data-testid="case-list-cards"
      renderItem={(c) => (
        <List.Item className="case-card-item">
          <Card size="small" className="case-card" data-testid={`case-row-${c.id}`}>
            <div className="case-card__head">
              <PatientName name={c.patient.name} />
              <CaseStatusTag status={c.status} />
            </div>
            <div className="case-card__meta">
              <AgeWard c={c} />
              <Assignee c={c} />
              {c.closureRequested && <Tag color="orange">{t('caseLists.closureRequested')}</Tag>}
            </div>
            <div className="case-card__meta">
              <NeedTags needs={c.needs} />
            </div>
            <div className="case-card__meta">
              <GoalsText c={c} />
            </div>
            <Button
              block
              onClick={() => onOpen(c)}
              aria-label={t('caseLists.openOf', { name: patientLabel(c, t('caseLists.unknownPatient')) })}
              data-testid={`case-open-${c.id}`}
            >
              {t('caseLists.open')} <RightOutlined aria-hidden />
            </Button>
          </Card>
        </List.Item>
      )}
    />
  );
}

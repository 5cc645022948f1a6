import { Button, Grid, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../api-types';
import type { AuditEvent, AuditOutcome, Role } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatDateTime } from '../../format';
import { actionLabel, resourceLabel } from './audit-words';

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'green', denied: 'orange', failure: 'red' };

export function OutcomeTag({ event }: { event: Pick<AuditEvent, 'outcome' | 'reason'> }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tooltip title={event.reason ?? undefined}>
      <Tag color={OUTCOME_COLORS[event.outcome]} data-outcome={event.outcome}>
        {t(`outcomes.${event.outcome}`)}
      </Tag>
    </Tooltip>
  );
}

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

interface AuditTableProps {
  events: AuditEvent[];
  loading: boolean;
  filtered: boolean;
  onActorClick: (actorId: string) => void;
}

/** On a phone one column says it all (when, who, what, to which record, outcome), so nothing hides off screen. */
function phoneColumn(t: TFunction): TableColumnsType<AuditEvent>[number] {
  return {
    title: t('audit.action'),
    key: 'event',
    render: (_: unknown, e) => (
      <div className="stacked">
        <strong data-testid="audit-action" data-action={e.action}>
          {actionLabel(e.action, t)}
        </strong>
        <span data-testid="audit-resource" data-resource={e.resourceType}>
          {resourceLabel(e.resourceType, t)}
        </span>
        <span className="muted">
          {formatDateTime(e.at)} · {e.actor ? e.actor.username : t('audit.anonymous')}
        </span>
        {(e.patientId || e.patientIds.length > 0) && <PatientsCell event={e} />}
        <span>
          <OutcomeTag event={e} />
        </span>
      </div>
    ),
  };
}

/** One patient's id; for a list read, how many patients it showed (their ids on hover). */
function PatientsCell({ event }: { event: AuditEvent }): React.JSX.Element {
  const { t } = useTranslation();
  if (event.patientId) return <span className="mono">{event.patientId}</span>;
  if (event.patientIds.length === 0) return <>—</>;
  return (
    <Tooltip title={<span className="mono">{event.patientIds.join(', ')}</span>}>
      <span data-testid="audit-patients-shown" data-count={event.patientIds.length}>
        {t('audit.patientsShown', { count: event.patientIds.length })}
      </span>
    </Tooltip>
  );
}

export function AuditTable({ events, loading, filtered, onActorClick }: AuditTableProps): React.JSX.Element {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: (at: string) => <span className="nowrap">{formatDateTime(at)}</span> },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_: unknown, e) =>
        e.actor ? (
          <div className="stacked">
            <Tooltip title={t('audit.filterByActor')}>
              <Button type="link" size="small" className="link-inline" onClick={() => e.actor && onActorClick(e.actor.userId)}>
                {e.actor.username}
              </Button>
            </Tooltip>
            <span className="muted">{isRole(e.actor.role) ? t(`roles.${e.actor.role}`) : e.actor.role}</span>
          </div>
        ) : (
          <span className="muted">{t('audit.anonymous')}</span>
        ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      // Words for people; the code (for filtering, for the FHIR export) on hover.
      render: (action: string) => (
        <Tooltip title={action}>
          <span data-testid="audit-action" data-action={action}>
            {actionLabel(action, t)}
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.resource'),
      key: 'resource',
      render: (_: unknown, e) => (
        <div className="stacked">
          <Tooltip title={e.resourceType}>
            <span data-testid="audit-resource" data-resource={e.resourceType}>
              {resourceLabel(e.resourceType, t)}
            </span>
          </Tooltip>
          {e.resourceId && <span className="muted mono">{e.resourceId}</span>}
        </div>
      ),
    },
    { title: t('audit.patientId'), key: 'patient', render: (_: unknown, e) => <PatientsCell event={e} /> },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      render: (_: unknown, e) => <OutcomeTag event={e} />,
    },
    { title: t('audit.ip'), dataIndex: 'ip', responsive: ['xl'], render: (ip: string | null) => <span className="mono">{ip ?? '—'}</span> },
    {
      title: t('errors.requestId'),
      dataIndex: 'requestId',
      responsive: ['xxl'],
      render: (id: string | null) =>
        id ? (
          <Typography.Text className="mono small" copyable>
            {id}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Table<AuditEvent>
      rowKey="id"
      size="small"
      columns={screens.md ? columns : [phoneColumn(t)]}
      dataSource={events}
      loading={loading}
      pagination={false}
      scroll={screens.md ? { x: 960 } : undefined}
      locale={{ emptyText: <EmptyState title={filtered ? t('audit.emptyFiltered') : t('audit.empty')} /> }}
      data-testid="audit-table"
    />
  );
}

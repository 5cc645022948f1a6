import { EyeOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Hospital, SyncRun } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/page-states';
import { formatDateTime } from '../../format';
import { useCurrentUser } from '../auth/session';
import { FhirStatusTag } from '../hospitals/hospital-bits';
import { useAllHospitals } from '../hospitals/hospitals.api';
import { SyncStatusTag } from './sync-bits';
import { SyncPanel } from './sync-panel';
import { useStartSync, useSyncRuns } from './sync.api';

type StartSync = ReturnType<typeof useStartSync>;

interface StartButtonProps {
  hospital: { id: string; code: string };
  start: StartSync;
  /** Called as the sync starts (the network view then follows that hospital). */
  onStart?: (hospitalId: string) => void;
}

function StartButton({ hospital, start, onStart }: StartButtonProps): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const pending = start.isPending && start.variables === hospital.id;
  return (
    <Button
      type="primary"
      size="small"
      icon={<SyncOutlined spin={pending} />}
      loading={pending}
      onClick={() => {
        onStart?.(hospital.id);
        start.mutate(hospital.id, { onSuccess: () => void message.success(t('sync.started', { code: hospital.code })) });
      }}
      data-testid={`sync-start-${hospital.code}`}
    >
      {t('sync.start')}
    </Button>
  );
}

/** Coordinators and admins: every hospital with its last run; pick one to follow it. */
function NetworkSync({ start }: { start: StartSync }): React.JSX.Element {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const hospitals = useAllHospitals();
  const runs = useSyncRuns(null, 100, { pollWhileRunningMs: 3000 });
  const lastRun = useMemo(() => {
    const byHospital = new Map<string, SyncRun>();
    for (const run of runs.data ?? []) if (!byHospital.has(run.hospital.id)) byHospital.set(run.hospital.id, run);
    return byHospital;
  }, [runs.data]);
  const all = hospitals.data?.items ?? [];
  const selectedId = params.get('hospital') ?? (start.data?.hospital.id || null);
  const selected = all.find((h) => h.id === selectedId) ?? null;
  const select = (id: string): void => setParams({ hospital: id }, { replace: true });
  // The panel sits below a long table: bring it into view when a hospital is picked.
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selectedId) panel.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [selectedId]);

  const columns: TableColumnsType<Hospital> = [
    { title: t('hospitals.code'), dataIndex: 'code', width: 100, render: (code: string) => <span className="mono">{code}</span> },
    {
      title: t('hospitals.name'),
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
      render: (name: string) => <strong>{name}</strong>,
    },
    { title: t('hospitals.fhir'), key: 'fhir', className: 'nowrap', render: (_: unknown, h) => <FhirStatusTag fhir={h.fhir} /> },
    {
      title: t('sync.lastRun'),
      key: 'last',
      render: (_: unknown, h) => {
        const run = lastRun.get(h.id);
        if (!run) return <span className="muted">{t('sync.never')}</span>;
        return (
          <span className="stacked">
            <SyncStatusTag status={run.status} testId={`sync-last-${h.code}`} />
            <span className="muted small">{formatDateTime(run.finishedAt ?? run.startedAt)}</span>
          </span>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, h) => (
        <Space>
          <StartButton hospital={h} start={start} onStart={select} />
          <Button size="small" icon={<EyeOutlined />} onClick={() => select(h.id)} data-testid={`sync-view-${h.code}`}>
            {t('sync.view')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="stack">
      {hospitals.isError && <ErrorAlert error={hospitals.error} onRetry={() => void hospitals.refetch()} />}
      <Card title={t('sync.hospitals')}>
        <Table<Hospital>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={all}
          loading={hospitals.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 800 }}
          rowClassName={(h) => (h.id === selected?.id ? 'row-selected' : '')}
          onRow={(h) => ({ 'data-testid': `sync-hospital-${h.code}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <EmptyState title={t('hospitals.empty')} /> }}
          data-testid="sync-hospitals"
        />
      </Card>
      <div ref={panel}>
        {selected ? (
          <SyncPanel key={selected.id} hospital={selected} started={start.data} />
        ) : (
          <Card>
            <EmptyState title={t('sync.selectHint')} />
          </Card>
        )}
      </div>
    </div>
  );
}

/** Census sync: the hospital's inpatients and recent discharges, read from its FHIR server. */
export function SyncPage(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const start = useStartSync();
  // Hospital staff sync their own hospital; network staff (no hospital of their own) choose one.
  const staff = user.hospital !== null;
  const hospital = user.hospital;

  return (
    <div data-testid="page-sync">
      <PageHeader
        title={t('sync.title')}
        subtitle={staff ? t('sync.subtitleStaff', { hospital: hospital?.name ?? '' }) : t('sync.subtitleNetwork')}
      />
      {start.isError && <ErrorAlert error={start.error} testId="sync-start-error" />}
      {!staff && <NetworkSync start={start} />}
      {staff && !hospital && (
        <Card>
          <EmptyState title={t('hospitals.noneAssigned')} />
        </Card>
      )}
      {staff && hospital && (
        <SyncPanel hospital={hospital} started={start.data} action={<StartButton hospital={hospital} start={start} />} />
      )}
    </div>
  );
}

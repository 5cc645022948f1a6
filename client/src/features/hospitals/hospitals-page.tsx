import { EditOutlined, PartitionOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Grid, Input, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOSPITAL_LEVELS } from '../../api-types';
import type { Hospital } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { useCan } from '../auth/session';
import { ActiveTag, FhirStatusTag, LevelTag, ProvinceText } from './hospital-bits';
import { HospitalCards } from './hospital-cards';
import { provinceSuggestions } from './hospital-form';
import { HospitalFormDrawer } from './hospital-form-drawer';
import { HospitalTiersDrawer } from './hospital-tiers-drawer';
import { useAllHospitals } from './hospitals.api';

/** The drawer keeps its hospital while it closes, so the closing animation shows no flicker. */
interface Editing {
  open: boolean;
  /** Bumped on every opening: the drawer remounts with a fresh form, not the last one's values. */
  session: number;
  hospital: Hospital | null;
}

function matches(hospital: Hospital, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase('vi');
  if (!needle) return true;
  return [hospital.code, hospital.name, hospital.province.current, hospital.province.old].some((text) =>
    text.toLocaleLowerCase('vi').includes(needle),
  );
}

/** The network's hospitals: read-only for coordinators, managed by admins; cards on a phone. */
export function HospitalsPage(): React.JSX.Element {
  const { t } = useTranslation();
  const canManage = useCan()('hospital.update');
  const hospitals = useAllHospitals();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Editing>({ open: false, hospital: null, session: 0 });
  const [tiersOf, setTiersOf] = useState<{ open: boolean; hospital: Hospital | null }>({ open: false, hospital: null });
  const narrow = !Grid.useBreakpoint().md;
  const openDrawer = (hospital: Hospital | null): void => setEditing((current) => ({ open: true, hospital, session: current.session + 1 }));
  const all = useMemo(() => hospitals.data?.items ?? [], [hospitals.data]);
  const rows = useMemo(() => all.filter((h) => matches(h, search)), [all, search]);

  const openTiers = (hospital: Hospital): void => setTiersOf({ open: true, hospital });
  const emptyText = search ? t('common.noMatches') : t('hospitals.empty');

  const columns: TableColumnsType<Hospital> = [
    { title: t('hospitals.code'), dataIndex: 'code', width: 110, render: (code: string) => <span className="mono">{code}</span> },
    {
      title: t('hospitals.name'),
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
      render: (name: string) => <strong>{name}</strong>,
    },
    {
      title: t('hospitals.province'),
      key: 'province',
      sorter: (a, b) => a.province.current.localeCompare(b.province.current, 'vi'),
      render: (_: unknown, h) => <ProvinceText province={h.province} />,
    },
    {
      title: t('hospitals.level'),
      dataIndex: 'level',
      className: 'nowrap',
      filters: HOSPITAL_LEVELS.map((level) => ({ text: t(`levels.${level}`), value: level })),
      onFilter: (value, h) => h.level === value,
      render: (_: unknown, h) => <LevelTag level={h.level} />,
    },
    {
      title: t('hospitals.unit'),
      dataIndex: 'socialWorkUnit',
      className: 'nowrap',
      render: (_: unknown, h) => t(`units.${h.socialWorkUnit}`),
    },
    { title: t('hospitals.fhir'), key: 'fhir', className: 'nowrap', render: (_: unknown, h) => <FhirStatusTag fhir={h.fhir} /> },
    { title: t('common.status'), dataIndex: 'active', className: 'nowrap', render: (_: unknown, h) => <ActiveTag active={h.active} /> },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (value: string) => formatDate(value), responsive: ['xl'] },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 210,
      render: (_: unknown, h) => (
        <Space size={4} wrap>
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => openDrawer(h)}
            aria-label={t('flagTiers.editOf', { name: h.name })}
            data-testid={`hospital-edit-${h.code}`}
          >
            {t('common.edit')}
          </Button>
          <Button
            size="small"
            icon={<PartitionOutlined />}
            onClick={() => openTiers(h)}
            aria-label={t('flagTiers.openOf', { name: h.name })}
            data-testid={`hospital-tiers-${h.code}`}
          >
            {t('flagTiers.open')}
          </Button>
        </Space>
      ),
    });
  }

  return (
    <div data-testid="page-hospitals">
      <PageHeader
        title={t('hospitals.title')}
        subtitle={canManage ? t('hospitals.subtitleAdmin') : t('hospitals.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)} data-testid="hospital-create">
              {t('hospitals.create')}
            </Button>
          )
        }
      />
      {hospitals.isError && <ErrorAlert error={hospitals.error} onRetry={() => void hospitals.refetch()} />}
      {hospitals.data?.truncated && <Alert type="warning" showIcon title={t('common.truncated')} className="block-gap" />}
      <Card>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('hospitals.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="table-search"
          data-testid="hospital-search"
        />
        {narrow ? (
          <HospitalCards
            hospitals={rows}
            loading={hospitals.isPending}
            emptyText={emptyText}
            onEdit={canManage ? openDrawer : undefined}
            onTiers={canManage ? openTiers : undefined}
          />
        ) : (
          <Table<Hospital>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={hospitals.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 1180 }}
            locale={{ emptyText: <EmptyState title={emptyText} /> }}
            data-testid="hospital-table"
          />
        )}
      </Card>
      {canManage && (
        <HospitalFormDrawer
          key={editing.session}
          open={editing.open}
          hospital={editing.hospital}
          provinces={provinceSuggestions(all)}
          onClose={() => setEditing((current) => ({ ...current, open: false }))}
        />
      )}
      {canManage && (
        <HospitalTiersDrawer
          open={tiersOf.open}
          hospital={tiersOf.hospital}
          onClose={() => setTiersOf((current) => ({ ...current, open: false }))}
        />
      )}
    </div>
  );
}

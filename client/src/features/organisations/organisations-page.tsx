import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Grid, Input, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_TYPES } from '../../api-types';
import type { Organisation } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/page-states';
import { ActiveTag } from '../hospitals/hospital-bits';
import { foldText, InterestTags, OrganisationTypeTag, ProvinceText, ServiceTags } from './organisation-bits';
import { OrganisationCards } from './organisation-cards';
import { OrganisationFormDrawer } from './organisation-form-drawer';
import { useAllOrganisations } from './organisations.api';

interface Editing {
  open: boolean;
  /** Bumped on every opening: the drawer remounts with a fresh form, not the last one's values. */
  session: number;
  organisation: Organisation | null;
}

function matches(organisation: Organisation, search: string): boolean {
  const needle = foldText(search.trim());
  if (!needle) return true;
  const { name, contact, province } = organisation;
  return [name, contact.name, contact.email, contact.phone, province ?? ''].some((text) => foldText(text).includes(needle));
}

/** Organisations: funds, NGOs, businesses, religious groups, shelters and legal aid that support patients and receive referrals. Cards on a phone. */
export function OrganisationsPage(): React.JSX.Element {
  const { t } = useTranslation();
  const organisations = useAllOrganisations();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Editing>({ open: false, organisation: null, session: 0 });
  const openDrawer = (organisation: Organisation | null): void =>
    setEditing((current) => ({ open: true, organisation, session: current.session + 1 }));
  const narrow = !Grid.useBreakpoint().md;
  const emptyText = search ? t('common.noMatches') : t('organisations.empty');
  const rows = useMemo(() => (organisations.data?.items ?? []).filter((o) => matches(o, search)), [organisations.data, search]);

  const columns: TableColumnsType<Organisation> = [
    {
      title: t('organisations.name'),
      dataIndex: 'name',
      width: 220,
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
      render: (name: string) => <strong>{name}</strong>,
    },
    {
      title: t('organisations.type'),
      dataIndex: 'type',
      filters: ORGANISATION_TYPES.map((type) => ({ text: t(`organisationTypes.${type}`), value: type })),
      onFilter: (value, o) => o.type === value,
      render: (_: unknown, o) => <OrganisationTypeTag type={o.type} />,
    },
    {
      title: t('organisations.contact'),
      key: 'contact',
      width: 240,
      render: (_: unknown, o) => (
        <div className="stacked">
          <span>{o.contact.name || '—'}</span>
          {/* A long e-mail address breaks inside the column instead of running under the next one. */}
          <span className="muted" style={{ overflowWrap: 'anywhere' }}>
            {[o.contact.email, o.contact.phone].filter(Boolean).join(' · ')}
          </span>
        </div>
      ),
    },
    {
      title: t('organisations.referrals'),
      key: 'referrals',
      width: 240,
      render: (_: unknown, o) => (
        <div className="stacked">
          <ServiceTags services={o.services} />
          <ProvinceText province={o.province} />
        </div>
      ),
    },
    { title: t('organisations.interests'), key: 'interests', render: (_: unknown, o) => <InterestTags interests={o.fundingInterests} /> },
    { title: t('common.status'), dataIndex: 'active', render: (_: unknown, o) => <ActiveTag active={o.active} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      // Kept in view: the edit button stays reachable while the wide table scrolls sideways.
      fixed: 'right',
      render: (_: unknown, o) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => openDrawer(o)} data-testid={`organisation-edit-${o.id}`}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="page-organisations">
      <PageHeader
        title={t('organisations.title')}
        subtitle={t('organisations.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)} data-testid="organisation-create">
            {t('organisations.create')}
          </Button>
        }
      />
      {organisations.isError && <ErrorAlert error={organisations.error} onRetry={() => void organisations.refetch()} />}
      {organisations.data?.truncated && <Alert type="warning" showIcon title={t('common.truncated')} className="block-gap" />}
      <Card>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('organisations.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="table-search"
          data-testid="organisation-search"
        />
        {narrow ? (
          <OrganisationCards organisations={rows} loading={organisations.isPending} emptyText={emptyText} onEdit={openDrawer} />
        ) : (
          <Table<Organisation>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={organisations.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 1250 }}
            locale={{ emptyText: <EmptyState title={emptyText} /> }}
            data-testid="organisation-table"
          />
        )}
      </Card>
      <OrganisationFormDrawer
        key={editing.session}
        open={editing.open}
        organisation={editing.organisation}
        onClose={() => setEditing((current) => ({ ...current, open: false }))}
      />
    </div>
  );
}

import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Grid, Input, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../api-types';
import type { User } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { RoleTag, UserStatusTag, UserTenant } from './user-bits';
import { UserCards } from './user-cards';
import { UserFormDrawer } from './user-form-drawer';
import { useAllUsers } from './users.api';

interface Editing {
  open: boolean;
  /** Bumped on every opening: the drawer remounts with a fresh form, not the last one's values. */
  session: number;
  user: User | null;
}

function matches(user: User, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase('vi');
  if (!needle) return true;
  return [user.username, user.displayName, user.hospital?.name ?? '', user.organisation?.name ?? ''].some((text) =>
    text.toLocaleLowerCase('vi').includes(needle),
  );
}

/** Accounts for every role; an admin creates them, assigns their hospital or organisation, disables them. Cards on a phone. */
export function UsersPage(): React.JSX.Element {
  const { t } = useTranslation();
  const users = useAllUsers();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Editing>({ open: false, user: null, session: 0 });
  const openDrawer = (user: User | null): void => setEditing((current) => ({ open: true, user, session: current.session + 1 }));
  const rows = useMemo(() => (users.data?.items ?? []).filter((u) => matches(u, search)), [users.data, search]);
  const narrow = !Grid.useBreakpoint().md;
  const emptyText = search ? t('common.noMatches') : t('users.empty');

  const columns: TableColumnsType<User> = [
    {
      title: t('users.displayName'),
      dataIndex: 'displayName',
      sorter: (a, b) => a.displayName.localeCompare(b.displayName, 'vi'),
      render: (_: unknown, u) => (
        <div className="stacked">
          <strong>{u.displayName}</strong>
          <span className="muted mono">{u.username}</span>
        </div>
      ),
    },
    {
      title: t('users.role'),
      dataIndex: 'role',
      filters: ROLES.map((role) => ({ text: t(`roles.${role}`), value: role })),
      onFilter: (value, u) => u.role === value,
      render: (_: unknown, u) => <RoleTag role={u.role} />,
    },
    { title: t('users.tenant'), key: 'tenant', render: (_: unknown, u) => <UserTenant user={u} /> },
    { title: t('users.locale'), dataIndex: 'locale', render: (_: unknown, u) => u.locale.toUpperCase(), responsive: ['lg'] },
    {
      title: t('common.status'),
      key: 'status',
      filters: [
        { text: t('common.active'), value: 'active' },
        { text: t('users.disabled'), value: 'disabled' },
      ],
      onFilter: (value, u) => (value === 'disabled') === u.disabled,
      render: (_: unknown, u) => <UserStatusTag user={u} />,
    },
    { title: t('users.createdAt'), dataIndex: 'createdAt', render: (value: string) => formatDate(value), responsive: ['xl'] },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_: unknown, u) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => openDrawer(u)}
          aria-label={t('flagTiers.editOf', { name: u.displayName })}
          data-testid={`user-edit-${u.username}`}
        >
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="page-users">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)} data-testid="user-create">
            {t('users.create')}
          </Button>
        }
      />
      {users.isError && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      {users.data?.truncated && <Alert type="warning" showIcon title={t('common.truncated')} className="block-gap" />}
      <Card>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('users.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="table-search"
          data-testid="user-search"
        />
        {narrow ? (
          <UserCards users={rows} loading={users.isPending} emptyText={emptyText} onEdit={openDrawer} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={users.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 900 }}
            locale={{ emptyText: <EmptyState title={emptyText} /> }}
            data-testid="user-table"
          />
        )}
      </Card>
      <UserFormDrawer
        key={editing.session}
        open={editing.open}
        user={editing.user}
        onClose={() => setEditing((current) => ({ ...current, open: false }))}
      />
    </div>
  );
}

import { Grid, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { RoleTag, UserStatusTag } from './user-bits';

interface TeamTableProps {
  users: User[];
  loading: boolean;
  compact?: boolean;
}

/**
 * A hospital's social-work team, as a head of social work sees it (read-only). On a phone the
 * name, username, role and status stack in one column, so the table fits the screen.
 */
export function TeamTable({ users, loading, compact = false }: TeamTableProps): React.JSX.Element {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const columns: TableColumnsType<User> = narrow
    ? [
        {
          title: t('users.displayName'),
          key: 'member',
          render: (_: unknown, u) => (
            <div className="stacked">
              <strong>{u.displayName}</strong>
              <span className="mono">{u.username}</span>
              <span>
                <RoleTag role={u.role} /> <UserStatusTag user={u} />
              </span>
            </div>
          ),
        },
      ]
    : [
        { title: t('users.displayName'), dataIndex: 'displayName', render: (name: string) => <strong>{name}</strong> },
        { title: t('users.username'), dataIndex: 'username', render: (name: string) => <span className="mono">{name}</span> },
        { title: t('users.role'), dataIndex: 'role', render: (_: unknown, u) => <RoleTag role={u.role} /> },
        { title: t('common.status'), key: 'status', render: (_: unknown, u) => <UserStatusTag user={u} /> },
      ];
  if (!compact && !narrow) {
    columns.push({ title: t('users.createdAt'), dataIndex: 'createdAt', render: (value: string) => formatDate(value) });
  }
  const sorted = [...users].sort((a, b) => Number(a.disabled) - Number(b.disabled) || a.displayName.localeCompare(b.displayName, 'vi'));
  return (
    <Table<User>
      rowKey="id"
      size={compact ? 'small' : 'middle'}
      columns={columns}
      dataSource={sorted}
      loading={loading}
      pagination={compact ? false : { pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyState title={t('team.empty')} /> }}
      data-testid="team-table"
    />
  );
}

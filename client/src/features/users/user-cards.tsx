import { EditOutlined } from '@ant-design/icons';
import { Button, Card, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { RoleTag, UserStatusTag, UserTenant } from './user-bits';
import '../hospitals/hospitals.css';

/**
 * The accounts on a phone: one card each with its edit button on screen, a full-size tap target
 * and an ordinary tab stop (a table at 390 px put it off screen, issue 8 B12).
 */
export function UserCards({
  users,
  loading,
  emptyText,
  onEdit,
}: {
  users: User[];
  loading: boolean;
  emptyText: string;
  onEdit: (user: User) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List<User>
      className="admin-cards"
      dataSource={users}
      loading={loading}
      rowKey="id"
      split={false}
      pagination={users.length > 20 ? { pageSize: 20, size: 'small' } : false}
      locale={{ emptyText: <EmptyState title={emptyText} /> }}
      data-testid="user-cards"
      renderItem={(u) => (
        <List.Item>
          <Card size="small" className="admin-card" data-testid={`user-card-${u.username}`}>
            <div className="admin-card__head">
              <strong>{u.displayName}</strong>
              <span className="muted mono">{u.username}</span>
            </div>
            <div className="admin-card__meta">
              <RoleTag role={u.role} />
              <UserStatusTag user={u} />
              <UserTenant user={u} />
            </div>
            <div className="admin-card__actions">
              <Button
                icon={<EditOutlined />}
                onClick={() => onEdit(u)}
                aria-label={t('flagTiers.editOf', { name: u.displayName })}
                data-testid={`user-edit-${u.username}`}
              >
                {t('common.edit')}
              </Button>
            </div>
          </Card>
        </List.Item>
      )}
    />
  );
}

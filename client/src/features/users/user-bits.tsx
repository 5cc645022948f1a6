import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../../api-types';

const ROLE_COLORS: Record<Role, string> = {
  social_worker: 'cyan',
  sw_lead: 'blue',
  charity_partner: 'gold',
  coordinator: 'purple',
  admin: 'magenta',
};

export function RoleTag({ role }: { role: Role }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={ROLE_COLORS[role]} data-role={role}>
      {t(`roles.${role}`)}
    </Tag>
  );
}

export function UserStatusTag({ user }: { user: User }): React.JSX.Element {
  const { t } = useTranslation();
  return user.disabled ? <Tag color="red">{t('users.disabled')}</Tag> : <Tag color="green">{t('common.active')}</Tag>;
}

/** Where a user belongs: their hospital, their organisation, or the whole network. */
export function UserTenant({ user }: { user: User }): React.JSX.Element {
  const { t } = useTranslation();
  if (user.hospital) return <span>{user.hospital.name}</span>;
  if (user.organisation) return <span>{user.organisation.name}</span>;
  return <span className="muted">{t('header.network')}</span>;
}

import { Avatar, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types';

export function initials(name: string): string {
  // words that start with a letter: "Nguyễn Thị Lan (CTXH)" → NL, not N(
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word));
  const last = words[words.length - 1] ?? '';
  const first = words.length > 1 ? (words[0] ?? '') : '';
  return `${first.charAt(0)}${last.charAt(0)}`.toUpperCase() || '?';
}

/** The hospital or organisation a user acts for; network roles act for the whole network. */
export function useTenantName(user: User): string {
  const { t } = useTranslation();
  return user.hospital?.name ?? user.organisation?.name ?? t('header.network');
}

/** Who is signed in and for which hospital or organisation, always visible in the header. */
export function CurrentUser({ user }: { user: User }): React.JSX.Element {
  const { t } = useTranslation();
  const tenant = useTenantName(user);
  return (
    <div className="current-user">
      <Tooltip title={t(`roles.${user.role}`)}>
        <Avatar className="current-user__avatar">{initials(user.displayName)}</Avatar>
      </Tooltip>
      <div className="current-user__text" data-testid="current-user">
        <span className="current-user__name" data-testid="current-user-name">
          {user.displayName}
        </span>
        <span className="current-user__tenant" data-testid="current-user-tenant">
          {tenant}
        </span>
      </div>
      <Tag className="current-user__role" data-testid="current-user-role">
        {t(`roles.${user.role}`)}
      </Tag>
    </div>
  );
}

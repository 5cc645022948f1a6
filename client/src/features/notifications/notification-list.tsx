import { Badge, Empty, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { notificationText } from './notification-words';
import type { AppNotification } from './notifications.api';

interface NotificationListProps {
  items: AppNotification[];
  loading: boolean;
  onOpen: (n: AppNotification) => void;
}

/** One button per notification: the sentence, when, and whether it is still unread. */
export function NotificationList({ items, loading, onOpen }: NotificationListProps): React.JSX.Element {
  const { t } = useTranslation();
  if (loading) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />;
  return (
    <ul className="notifications__list" data-testid="notifications-list">
      {items.map((n) => (
        <li key={n.id}>
          <button
            type="button"
            className={`notifications__item${n.readAt ? '' : ' notifications__item--unread'}`}
            onClick={() => onOpen(n)}
            data-testid="notification-item"
            data-template={n.template}
            data-read={n.readAt ? 'true' : 'false'}
          >
            <span className="notifications__dot" aria-hidden>
              {!n.readAt && <Badge status="processing" />}
            </span>
            <span className="notifications__body">
              <span className="notifications__text">{notificationText(n, t)}</span>
              <span className="notifications__meta">
                {formatDateTime(n.createdAt)}
                {!n.readAt && <span className="notifications__new"> · {t('notifications.new')}</span>}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

import { BellOutlined, MailOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Grid, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { useCan } from '../auth/session';
import { NotificationList } from './notification-list';
import { useMarkAllRead, useMarkRead, useNotifications, type AppNotification } from './notifications.api';
import './notifications.css';

/** The bell in the header: how many notifications are unread, and the drawer that lists them. */
export function NotificationBell(): React.JSX.Element {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const narrow = !Grid.useBreakpoint().sm;
  const navigate = useNavigate();
  const can = useCan();
  const list = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.pages[0]?.unread ?? 0;
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];

  const openItem = (n: AppNotification): void => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpen(false);
    if (n.link) void navigate(n.link);
  };

  return (
    <>
      <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button
          icon={<BellOutlined />}
          onClick={() => setOpen(true)}
          aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
          data-testid="notification-bell"
          data-unread={unread}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={narrow ? '100%' : 440}
        title={t('notifications.title')}
        extra={
          <Button
            size="small"
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="notifications-read-all"
          >
            {t('notifications.readAll')}
          </Button>
        }
        footer={
          can('mailbox.read') ? (
            <Link to="/admin/mailbox" onClick={() => setOpen(false)} data-testid="notifications-mailbox-link">
              <Space>
                <MailOutlined />
                {t('mailbox.title')}
              </Space>
            </Link>
          ) : undefined
        }
      >
        <div data-testid="notifications-drawer">
          {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
          {!list.isError && (
            <Typography.Paragraph type="secondary" className="notifications__summary" data-testid="notifications-summary">
              {unread > 0 ? t('notifications.unreadCount', { count: unread }) : t('notifications.allRead')}
            </Typography.Paragraph>
          )}
          <NotificationList items={items} loading={list.isPending} onOpen={openItem} />
          {list.hasNextPage && (
            <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('notifications.more')}
            </Button>
          )}
        </div>
      </Drawer>
    </>
  );
}

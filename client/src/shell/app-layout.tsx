import { Layout, Menu, Tag } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useEffect, useRef, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageLoading } from '../components/page-states';
import { useCan, useCurrentUser } from '../features/auth/session';
import { NotificationBell } from '../features/notifications/notification-bell';
import { Brand } from './brand';
import { CurrentUser } from './current-user';
import { LanguageSwitch } from './language-switch';
import { navigationFor, selectedNavPath } from './navigation';
import { SignOutButton } from './sign-out-button';

const { Sider, Header, Content, Footer } = Layout;

/** The signed-in frame: a side menu of what the user may do (the session's `can`), who-am-I header, the page in the middle. */
export function AppLayout(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const can = useCan();
  const items = navigationFor(can);
  const main = useRef<HTMLElement>(null);

  // A new page (or the first after signing in): focus its content, as a full page load would, when
  // focus is on the menu or lost with the link or form that led here. Keyboard and screen-reader
  // users then start on the page, not on nothing.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || !main.current?.contains(active)) main.current?.focus({ preventScroll: true });
  }, [pathname]);

  const menuItems: MenuProps['items'] = items.map((item) => ({
    key: item.path,
    icon: item.icon,
    disabled: item.comingSoon,
    'data-testid': item.testId,
    label: item.comingSoon ? (
      <span className="nav-soon">
        {t(item.labelKey)}
        <Tag className="nav-soon__tag">{t('common.comingSoon')}</Tag>
      </span>
    ) : (
      t(item.labelKey)
    ),
  }));

  return (
    <Layout className="app-shell" data-testid="app-layout" data-role={user.role}>
      <Sider
        width={248}
        breakpoint="lg"
        collapsedWidth={72}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        className="app-shell__sider"
        theme="light"
      >
        <Brand compact={collapsed} />
        <nav aria-label={t('nav.label')}>
          <Menu
            mode="inline"
            selectedKeys={[selectedNavPath(pathname, items)]}
            items={menuItems}
            onClick={({ key }) => void navigate(key)}
            data-testid="nav-menu"
          />
        </nav>
      </Sider>
      <Layout>
        <Header className="app-shell__header">
          <CurrentUser user={user} />
          <div className="app-shell__header-actions">
            <NotificationBell />
            <LanguageSwitch />
            <SignOutButton />
          </div>
        </Header>
        <Content className="app-shell__content">
          <main ref={main} tabIndex={-1} className="app-shell__main" data-testid="app-main">
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </main>
        </Content>
        <Footer className="app-shell__footer">{t('app.footer')}</Footer>
      </Layout>
    </Layout>
  );
}

import { Card, Col, Descriptions, Grid, Row, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { formatDate } from '../../format';
import { useTenantName } from '../../shell/current-user';
import { PasswordChangeCard } from './password-change-card';
import { useCurrentUser } from './session';

export function ProfilePage(): React.JSX.Element {
  // Languages are named in the language in use ("Vietnamese" in English mode), never as endonyms only (B13).
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'vi';
  const user = useCurrentUser();
  const screens = Grid.useBreakpoint();
  const tenant = useTenantName(user);
  const tenantLabel = user.hospital ? t('profile.hospital') : user.organisation ? t('profile.organisation') : t('profile.tenant');

  return (
    <div data-testid="page-profile">
      <PageHeader title={t('profile.title')} subtitle={t('profile.subtitle')} />
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={12}>
          <Card title={t('profile.account')}>
            <Descriptions
              column={1}
              // On a phone the labels go above the values: side by side they pushed the card past 390 px.
              layout={screens.md ? 'horizontal' : 'vertical'}
              styles={screens.md ? { label: { width: 180 } } : undefined}
              items={[
                {
                  key: 'displayName',
                  label: t('profile.displayName'),
                  children: <span data-testid="profile-display-name">{user.displayName}</span>,
                },
                {
                  key: 'username',
                  label: t('profile.username'),
                  children: <span data-testid="profile-username">{user.username}</span>,
                },
                { key: 'role', label: t('profile.role'), children: <Tag color="cyan">{t(`roles.${user.role}`)}</Tag> },
                {
                  key: 'tenant',
                  label: tenantLabel,
                  children: (
                    <span data-testid="profile-tenant">
                      {tenant}
                      {user.hospital && <span className="muted"> · {user.hospital.code}</span>}
                    </span>
                  ),
                },
                {
                  key: 'language',
                  label: t('languageNames.current'),
                  children: (
                    <span data-testid="profile-language">
                      {t(`languageNames.${language}`)}
                      <div className="muted small">{t('languageNames.switchHint')}</div>
                    </span>
                  ),
                },
                {
                  key: 'locale',
                  label: t('languageNames.account'),
                  children: <span data-testid="profile-locale">{t(`languageNames.${user.locale}`)}</span>,
                },
                { key: 'createdAt', label: t('profile.createdAt'), children: formatDate(user.createdAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <PasswordChangeCard />
        </Col>
      </Row>
    </div>
  );
}

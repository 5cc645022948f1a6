import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { PageLoading } from '../../components/page-states';
import { BrandMark } from '../../shell/brand';
import { LanguageSwitch } from '../../shell/language-switch';
import type { Credentials } from './session';
import './sign-in.css';
import { useLogin, useSession } from './session';

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/sign-in') ? from : '/';
}

export function SignInPage(): React.JSX.Element {
  const { t } = useTranslation();
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const target = returnPath(location.state);

  if (session.isPending) return <PageLoading />;
  if (session.data?.authenticated && !login.isPending) return <Navigate to={target} replace />;

  const submit = (values: Credentials): void => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      { onSuccess: () => void navigate(target, { replace: true }) },
    );
  };

  return (
    <div className="sign-in" data-testid="page-sign-in">
      <section className="sign-in__intro" aria-hidden="false">
        <div className="sign-in__brand">
          <BrandMark size={44} />
          <span className="sign-in__brand-name">{t('app.name')}</span>
        </div>
        <Typography.Title level={2} className="sign-in__headline">
          {t('signIn.headline')}
        </Typography.Title>
        <p className="sign-in__lead">{t('signIn.lead')}</p>
        <ul className="sign-in__points">
          <li>{t('signIn.pointScreening')}</li>
          <li>{t('signIn.pointReferral')}</li>
          <li>{t('signIn.pointFunding')}</li>
        </ul>
      </section>
      <section className="sign-in__panel">
        <div className="sign-in__lang">
          <LanguageSwitch />
        </div>
        <div className="sign-in__card">
          <Typography.Title level={3}>{t('signIn.title')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
          {login.isError && <ErrorAlert error={login.error} testId="sign-in-error" />}
          <Form<Credentials> layout="vertical" requiredMark={false} onFinish={submit} className="sign-in__form">
            <Form.Item
              name="username"
              label={t('signIn.username')}
              rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" data-testid="sign-in-username" />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="sign-in-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={login.isPending} data-testid="sign-in-submit">
              {t('signIn.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" className="sign-in__notice">
            {t('signIn.notice')}
          </Typography.Paragraph>
        </div>
      </section>
    </div>
  );
}

import { LogoutOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../features/auth/session';

export function SignOutButton(): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const logout = useLogout();
  const signOut = (): void => {
    logout.mutate(undefined, {
      onSettled: (_data, error) => {
        if (error) message.warning(t('auth.signOutProblem'));
        void navigate('/sign-in', { replace: true });
      },
    });
  };
  return (
    // the text is hidden on phones: the label names the button there
    <Button icon={<LogoutOutlined />} onClick={signOut} loading={logout.isPending} aria-label={t('nav.signOut')} data-testid="sign-out">
      <span className="hide-on-mobile">{t('nav.signOut')}</span>
    </Button>
  );
}

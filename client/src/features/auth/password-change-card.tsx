import { App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { isApiError } from '../../api';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { useChangePassword } from './session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

export function PasswordChangeCard(): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);

  const submit = ({ currentPassword, newPassword }: PasswordForm): void => {
    setUnmatched([]);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('profile.passwordChanged'));
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'AUTH.WRONG_CURRENT_PASSWORD') {
            form.setFields([{ name: 'currentPassword', errors: [t('profile.currentPasswordWrong')] }]);
            return;
          }
          setUnmatched(applyFieldErrors(form, error, FIELDS));
        },
      },
    );
  };

  const wrongCurrent = isApiError(change.error) && change.error.code === 'AUTH.WRONG_CURRENT_PASSWORD';
  return (
    <Card title={t('profile.changePassword')} data-testid="password-change">
      {change.isError && !wrongCurrent && <ErrorAlert error={change.error} details={unmatched} testId="password-change-error" />}
      <Form<PasswordForm> form={form} layout="vertical" requiredMark={false} onFinish={submit} className="narrow-form">
        <Form.Item
          name="currentPassword"
          label={t('profile.currentPassword')}
          rules={[{ required: true, message: t('profile.currentPasswordRequired') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('profile.newPassword')}
          extra={t('profile.passwordHint')}
          rules={[{ required: true, message: t('profile.newPasswordRequired') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('profile.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('profile.confirmPasswordRequired') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (!value || getFieldValue('newPassword') === value) return;
                throw new Error(t('profile.confirmMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-change-submit">
          {t('profile.changePasswordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

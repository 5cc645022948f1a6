import { App, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { LOCALES, ROLES } from '../../api-types';
import type { Role, User } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { useAllHospitals } from '../hospitals/hospitals.api';
import { useAllOrganisations } from '../organisations/organisations.api';
import { USER_FIELDS, formToUserInput, formToUserPatch, needsHospital, needsOrganisation, userToForm } from './user-form';
import type { UserFormValues } from './user-form';
import { useCreateUser, useUpdateUser } from './users.api';

interface UserFormDrawerProps {
  open: boolean;
  user: User | null;
  onClose: () => void;
}

export function UserFormDrawer({ open, user, onClose }: UserFormDrawerProps): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const hospitals = useAllHospitals(open);
  const organisations = useAllOrganisations(open);
  const create = useCreateUser();
  const update = useUpdateUser();
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const mutation = user ? update : create;

  const close = (): void => {
    create.reset();
    update.reset();
    setUnmatched([]);
    onClose();
  };
  const onError = (error: Error): void => setUnmatched(applyFieldErrors(form, error, USER_FIELDS));
  const submit = (values: UserFormValues): void => {
    setUnmatched([]);
    const done = (): void => {
      void message.success(user ? t('common.saved') : t('users.created'));
      close();
    };
    if (user) update.mutate({ id: user.id, patch: formToUserPatch(values, user) }, { onSuccess: done, onError });
    else create.mutate(formToUserInput(values), { onSuccess: done, onError });
  };

  const hospitalOptions = (hospitals.data?.items ?? [])
    .filter((h) => h.active || h.id === user?.hospital?.id)
    .map((h) => ({ value: h.id, label: `${h.name} (${h.code})` }));
  const organisationOptions = (organisations.data?.items ?? [])
    .filter((o) => o.active || o.id === user?.organisation?.id)
    .map((o) => ({ value: o.id, label: o.name }));

  return (
    <Drawer
      open={open}
      onClose={close}
      size={520}
      destroyOnHidden
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      footer={
        <Space className="drawer-footer">
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="user-form-submit">
            {user ? t('common.save') : t('users.create')}
          </Button>
        </Space>
      }
    >
      <div data-testid="user-form">
        {mutation.isError && <ErrorAlert error={mutation.error} details={unmatched} testId="user-form-error" />}
        <Form<UserFormValues> form={form} layout="vertical" initialValues={userToForm(user)} onFinish={submit} scrollToFirstError={{ focus: true }}>
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[{ required: true, whitespace: true, message: t('users.usernameRequired') }]}
          >
            <Input disabled={Boolean(user)} autoComplete="off" className="mono" data-testid="user-username" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
          >
            <Input data-testid="user-display-name" />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('users.email')}
            extra={t('users.emailHint')}
            rules={[{ type: 'email', message: t('users.emailInvalid') }]}
          >
            <Input type="email" autoComplete="off" data-testid="user-email" />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')}>
            <Select data-testid="user-role" options={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))} />
          </Form.Item>
          <Form.Item noStyle dependencies={['role']}>
            {({ getFieldValue }) => {
              const role = getFieldValue('role') as Role | undefined;
              return (
                <>
                  {needsHospital(role) && (
                    <Form.Item
                      name="hospitalId"
                      label={t('users.hospital')}
                      rules={[{ required: true, message: t('users.hospitalRequired') }]}
                    >
                      <Select
                        data-testid="user-hospital"
                        showSearch={{ optionFilterProp: 'label' }}
                        loading={hospitals.isPending}
                        options={hospitalOptions}
                        placeholder={t('users.hospitalPlaceholder')}
                      />
                    </Form.Item>
                  )}
                  {needsOrganisation(role) && (
                    <Form.Item
                      name="organisationId"
                      label={t('users.organisation')}
                      rules={[{ required: true, message: t('users.organisationRequired') }]}
                    >
                      <Select
                        data-testid="user-organisation"
                        showSearch={{ optionFilterProp: 'label' }}
                        loading={organisations.isPending}
                        options={organisationOptions}
                        placeholder={t('users.organisationPlaceholder')}
                      />
                    </Form.Item>
                  )}
                </>
              );
            }}
          </Form.Item>
          <Form.Item name="locale" label={t('users.locale')}>
            <Select data-testid="user-locale" options={LOCALES.map((value) => ({ value, label: t(`locales.${value}`) }))} />
          </Form.Item>
          <Form.Item
            name="password"
            label={user ? t('users.newPassword') : t('users.password')}
            extra={user ? t('users.newPasswordHint') : t('users.passwordHint')}
            rules={user ? [] : [{ required: true, message: t('users.passwordRequired') }]}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
          {user && (
            <Form.Item name="disabled" label={t('users.disabledLabel')} valuePropName="checked" extra={t('users.disabledHint')}>
              <Switch data-testid="user-disabled" />
            </Form.Item>
          )}
        </Form>
      </div>
    </Drawer>
  );
}

import { App, Button, Checkbox, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { FUNDING_INTERESTS, ORGANISATION_SERVICES, ORGANISATION_TYPES } from '../../api-types';
import type { Organisation, OrganisationInput, OrganisationPatch, OrganisationService, OrganisationType } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { serviceWord } from '../referrals/referral-words';
import { DEFAULT_SERVICES, foldText, NEW_PROVINCES } from './organisation-bits';
import { useCreateOrganisation, useUpdateOrganisation } from './organisations.api';

/**
 * Every field has a value in the form (the API's input leaves the phone optional); the province is
 * '' for "across the country" (the API's null), so the select can show it as a choice.
 */
type OrganisationFormValues = Omit<Organisation, 'id' | 'createdAt' | 'updatedAt' | 'province'> & { province: string };

const FIELDS = ['name', 'type', 'contact.name', 'contact.email', 'contact.phone', 'fundingInterests', 'services', 'province', 'active'] as const;

function toForm(organisation: Organisation | null): OrganisationFormValues {
  if (!organisation) {
    return { name: '', type: 'fund', contact: { name: '', email: '', phone: '' }, fundingInterests: [], services: [...DEFAULT_SERVICES.fund], province: '', active: true };
  }
  const { name, type, contact, fundingInterests, services, province, active } = organisation;
  return { name, type, contact: { ...contact }, fundingInterests: [...fundingInterests], services: [...services], province: province ?? '', active };
}

type CheckListProps = React.ComponentProps<typeof Checkbox.Group<string>> & { 'aria-required'?: unknown };

/**
 * A required list of checkboxes: the group is a `role="group"`, which may not carry the
 * aria-required the form item adds (axe: aria-allowed-attr); the label's mark still says it.
 */
function CheckList({ 'aria-required': _required, ...props }: CheckListProps): React.JSX.Element {
  return <Checkbox.Group<string> {...props} />;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** A new organisation's services follow its type until the admin changes them by hand. */
function servicesForType(type: OrganisationType, current: readonly OrganisationService[]): OrganisationService[] | null {
  const untouched = current.length === 0 || Object.values(DEFAULT_SERVICES).some((d) => sameSet(d, current));
  return untouched ? [...DEFAULT_SERVICES[type]] : null;
}

function toInput(values: OrganisationFormValues): OrganisationInput {
  return {
    name: values.name.trim(),
    type: values.type,
    contact: {
      name: values.contact.name.trim(),
      email: values.contact.email.trim(),
      phone: values.contact.phone.trim(),
    },
    fundingInterests: values.fundingInterests,
    services: values.services,
    province: values.province || null,
  };
}

interface OrganisationFormDrawerProps {
  open: boolean;
  organisation: Organisation | null;
  onClose: () => void;
}

export function OrganisationFormDrawer({ open, organisation, onClose }: OrganisationFormDrawerProps): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrganisationFormValues>();
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation();
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const mutation = organisation ? update : create;

  const close = (): void => {
    create.reset();
    update.reset();
    setUnmatched([]);
    onClose();
  };
  const onError = (error: Error): void => setUnmatched(applyFieldErrors(form, error, FIELDS));
  const submit = (values: OrganisationFormValues): void => {
    setUnmatched([]);
    const done = (): void => {
      void message.success(organisation ? t('common.saved') : t('organisations.created'));
      close();
    };
    if (!organisation) {
      create.mutate(toInput(values), { onSuccess: done, onError });
      return;
    }
    const patch: OrganisationPatch = { ...toInput(values), active: values.active };
    update.mutate({ id: organisation.id, patch }, { onSuccess: done, onError });
  };

  return (
    <Drawer
      open={open}
      onClose={close}
      size={560}
      destroyOnHidden
      title={organisation ? t('organisations.editTitle', { name: organisation.name }) : t('organisations.createTitle')}
      footer={
        <Space className="drawer-footer">
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="organisation-form-submit">
            {organisation ? t('common.save') : t('organisations.create')}
          </Button>
        </Space>
      }
    >
      <div data-testid="organisation-form">
        {mutation.isError && <ErrorAlert error={mutation.error} details={unmatched} testId="organisation-form-error" />}
        <Form<OrganisationFormValues>
          form={form}
          layout="vertical"
          initialValues={toForm(organisation)}
          onFinish={submit}
          onValuesChange={(changed: Partial<OrganisationFormValues>) => {
            if (organisation || !changed.type) return;
            const next = servicesForType(changed.type, form.getFieldValue('services') as OrganisationService[]);
            if (next) form.setFieldValue('services', next);
          }}
          scrollToFirstError={{ focus: true }}
        >
          <Form.Item
            name="name"
            label={t('organisations.name')}
            rules={[{ required: true, whitespace: true, message: t('organisations.nameRequired') }]}
          >
            <Input data-testid="organisation-name" />
          </Form.Item>
          <Form.Item name="type" label={t('organisations.type')}>
            <Select
              data-testid="organisation-type"
              options={ORGANISATION_TYPES.map((value) => ({ value, label: t(`organisationTypes.${value}`) }))}
            />
          </Form.Item>
          <section className="form-section" role="group" aria-label={t('organisations.contact')}>
            <div className="form-section__title">{t('organisations.contact')}</div>
            <Form.Item name={['contact', 'name']} label={t('organisations.contactName')}>
              <Input data-testid="organisation-contact-name" />
            </Form.Item>
            <div className="form-row">
              <Form.Item
                name={['contact', 'email']}
                label={t('organisations.contactEmail')}
                className="form-row__grow"
                rules={[{ type: 'email', message: t('organisations.emailInvalid') }]}
              >
                <Input type="email" data-testid="organisation-contact-email" />
              </Form.Item>
              <Form.Item name={['contact', 'phone']} label={t('organisations.contactPhone')} className="form-row__grow">
                <Input type="tel" data-testid="organisation-contact-phone" />
              </Form.Item>
            </div>
          </section>
          <Form.Item
            name="services"
            label={t('organisations.services')}
            extra={t('organisations.servicesHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('organisations.servicesRequired') }]}
          >
            <CheckList
              className="checkbox-grid"
              data-testid="organisation-services-input"
              options={ORGANISATION_SERVICES.map((value) => ({ value, label: serviceWord(t, value) }))}
            />
          </Form.Item>
          <Form.Item name="province" label={t('organisations.province')} extra={t('organisations.provinceHint')}>
            <Select
              showSearch={{ filterOption: (input, option) => foldText(String(option?.label ?? '')).includes(foldText(input)) }}
              data-testid="organisation-province"
              options={[{ value: '', label: t('organisations.nationwide') }, ...NEW_PROVINCES.map((p) => ({ value: p, label: p }))]}
            />
          </Form.Item>
          <Form.Item name="fundingInterests" label={t('organisations.interests')}>
            <Checkbox.Group
              className="checkbox-grid"
              data-testid="organisation-interests"
              options={FUNDING_INTERESTS.map((value) => ({ value, label: t(`interests.${value}`) }))}
            />
          </Form.Item>
          {organisation && (
            <Form.Item name="active" label={t('organisations.activeLabel')} valuePropName="checked">
              <Switch data-testid="organisation-active" />
            </Form.Item>
          )}
        </Form>
      </div>
    </Drawer>
  );
}

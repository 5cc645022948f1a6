import { App, AutoComplete, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { HOSPITAL_LEVELS, SOCIAL_WORK_UNITS } from '../../api-types';
import type { Hospital } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { FhirSettingsFields } from './fhir-settings-fields';
import { HOSPITAL_FIELDS, formToInput, formToPatch, hospitalToForm } from './hospital-form';
import type { HospitalFormValues } from './hospital-form';
import { useCreateHospital, useUpdateHospital } from './hospitals.api';

interface HospitalFormDrawerProps {
  open: boolean;
  /** The hospital being edited; null to add a new one. */
  hospital: Hospital | null;
  provinces: { current: string[]; old: string[] };
  onClose: () => void;
}

const toOptions = (names: string[]): { value: string }[] => names.map((value) => ({ value }));

export function HospitalFormDrawer({ open, hospital, provinces, onClose }: HospitalFormDrawerProps): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<HospitalFormValues>();
  const create = useCreateHospital();
  const update = useUpdateHospital();
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const mutation = hospital ? update : create;

  const close = (): void => {
    create.reset();
    update.reset();
    setUnmatched([]);
    onClose();
  };
  const onError = (error: Error): void => setUnmatched(applyFieldErrors(form, error, HOSPITAL_FIELDS));
  const submit = (values: HospitalFormValues): void => {
    setUnmatched([]);
    const done = (): void => {
      void message.success(hospital ? t('common.saved') : t('hospitals.created'));
      close();
    };
    if (hospital) update.mutate({ id: hospital.id, patch: formToPatch(values, hospital) }, { onSuccess: done, onError });
    else create.mutate(formToInput(values), { onSuccess: done, onError });
  };

  return (
    <Drawer
      open={open}
      onClose={close}
      size={600}
      destroyOnHidden
      title={hospital ? t('hospitals.editTitle', { name: hospital.name }) : t('hospitals.createTitle')}
      footer={
        <Space className="drawer-footer">
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid="hospital-form-submit">
            {hospital ? t('common.save') : t('hospitals.create')}
          </Button>
        </Space>
      }
    >
      <div data-testid="hospital-form">
        {mutation.isError && <ErrorAlert error={mutation.error} details={unmatched} testId="hospital-form-error" />}
        <Form<HospitalFormValues>
          form={form}
          layout="vertical"
          initialValues={hospitalToForm(hospital)}
          onFinish={submit}
          scrollToFirstError={{ focus: true }}
        >
          <div className="form-row">
            <Form.Item
              name="code"
              label={t('hospitals.code')}
              extra={hospital ? t('hospitals.codeFixed') : t('hospitals.codeHint')}
              normalize={(value: string | undefined) => value?.toUpperCase()}
              rules={[
                { required: true, message: t('hospitals.codeRequired') },
                { pattern: /^[A-Z0-9]{3,10}$/, message: t('hospitals.codeInvalid') },
              ]}
            >
              {/* The code is the hospital's key (the API does not change it): set once, when the hospital is added. */}
              <Input maxLength={10} style={{ width: 160 }} className="mono" data-testid="hospital-code" disabled={hospital !== null} />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('hospitals.name')}
              className="form-row__grow"
              rules={[{ required: true, whitespace: true, message: t('hospitals.nameRequired') }]}
            >
              <Input data-testid="hospital-name-input" />
            </Form.Item>
          </div>
          <div className="form-row">
            <Form.Item
              name={['province', 'current']}
              label={t('hospitals.provinceCurrent')}
              className="form-row__grow"
              rules={[{ required: true, whitespace: true, message: t('hospitals.provinceRequired') }]}
            >
              <AutoComplete options={toOptions(provinces.current)} data-testid="hospital-province-current" />
            </Form.Item>
            <Form.Item
              name={['province', 'old']}
              label={t('hospitals.provinceOld')}
              className="form-row__grow"
              rules={[{ required: true, whitespace: true, message: t('hospitals.provinceRequired') }]}
            >
              <AutoComplete options={toOptions(provinces.old)} data-testid="hospital-province-old" />
            </Form.Item>
          </div>
          <div className="form-row">
            <Form.Item name="level" label={t('hospitals.level')} className="form-row__grow">
              <Select data-testid="hospital-level" options={HOSPITAL_LEVELS.map((value) => ({ value, label: t(`levels.${value}`) }))} />
            </Form.Item>
            <Form.Item name="socialWorkUnit" label={t('hospitals.unit')} className="form-row__grow">
              <Select data-testid="hospital-unit" options={SOCIAL_WORK_UNITS.map((value) => ({ value, label: t(`units.${value}`) }))} />
            </Form.Item>
          </div>
          {hospital && (
            <Form.Item name="active" label={t('hospitals.activeLabel')} valuePropName="checked" extra={t('hospitals.activeHint')}>
              <Switch data-testid="hospital-active" />
            </Form.Item>
          )}
          <FhirSettingsFields form={form} hasSecret={hospital?.fhir.hasSecret ?? false} />
        </Form>
      </div>
    </Drawer>
  );
}

import { Alert, Form, Input, Select, Switch } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { FHIR_AUTH_TYPES } from '../../api-types';
import { WholeNumberInput, wholeNumberRule } from '../../components/whole-number-input';
import type { FhirAuthType } from '../../api-types';
import type { HospitalFormValues } from './hospital-form';

interface FhirSettingsFieldsProps {
  form: FormInstance<HospitalFormValues>;
  /** The hospital already has secrets stored: blank fields keep them. */
  hasSecret: boolean;
}

/** The hospital's FHIR endpoint: address, auth type, and the write-only secrets that type needs. */
export function FhirSettingsFields({ form, hasSecret }: FhirSettingsFieldsProps): React.JSX.Element {
  const { t } = useTranslation();
  const authType = Form.useWatch(['fhir', 'authType'], form) as FhirAuthType | undefined;
  const enabled = Form.useWatch(['fhir', 'enabled'], form) as boolean | undefined;
  const keepHint = hasSecret ? t('hospitals.secretKeepHint') : undefined;

  return (
    <section className="form-section" role="group" aria-label={t('hospitals.fhirSection')}>
      <div className="form-section__title">{t('hospitals.fhirSection')}</div>
      <Form.Item name={['fhir', 'enabled']} label={t('hospitals.fhirEnabled')} valuePropName="checked">
        <Switch data-testid="hospital-fhir-enabled" />
      </Form.Item>
      <Form.Item
        name={['fhir', 'writeBack']}
        label={t('hospitals.fhirWriteBack')}
        valuePropName="checked"
        extra={t('hospitals.fhirWriteBackHelp')}
      >
        <Switch data-testid="hospital-fhir-write-back" />
      </Form.Item>
      <Form.Item
        name={['fhir', 'baseUrl']}
        label={t('hospitals.fhirBaseUrl')}
        rules={[
          { required: Boolean(enabled), message: t('hospitals.fhirBaseUrlRequired') },
          { type: 'url', message: t('hospitals.fhirBaseUrlInvalid') },
        ]}
      >
        <Input placeholder="https://his.example.vn/fhir/R4" data-testid="hospital-fhir-base-url" />
      </Form.Item>
      <div className="form-row">
        <Form.Item name={['fhir', 'authType']} label={t('hospitals.fhirAuthType')} className="form-row__grow">
          <Select
            data-testid="hospital-fhir-auth-type"
            options={FHIR_AUTH_TYPES.map((type) => ({ value: type, label: t(`fhirAuth.${type}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={['fhir', 'timeoutMs']}
          label={t('hospitals.fhirTimeout')}
          rules={[{ required: true, message: t('a11y.numberRequired') }, wholeNumberRule(t, { min: 500, max: 120_000 })]}
        >
          <WholeNumberInput suffix="ms" style={{ width: 160 }} data-testid="hospital-fhir-timeout" />
        </Form.Item>
      </div>
      {hasSecret && authType && authType !== 'none' && (
        <Alert type="info" showIcon className="form-section__note" title={t('hospitals.secretStored')} />
      )}
      {authType === 'basic' && (
        <div className="form-row">
          <Form.Item name={['fhir', 'username']} label={t('hospitals.fhirUsername')} extra={keepHint} className="form-row__grow">
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name={['fhir', 'password']} label={t('hospitals.fhirPassword')} className="form-row__grow">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </div>
      )}
      {authType === 'bearer' && (
        <Form.Item name={['fhir', 'token']} label={t('hospitals.fhirToken')} extra={keepHint}>
          <Input.Password autoComplete="off" />
        </Form.Item>
      )}
      {authType === 'smart-backend' && (
        <>
          <div className="form-row">
            <Form.Item name={['fhir', 'clientId']} label={t('hospitals.fhirClientId')} extra={keepHint} className="form-row__grow">
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name={['fhir', 'scope']} label={t('hospitals.fhirScope')} className="form-row__grow">
              <Input placeholder="system/*.read" autoComplete="off" />
            </Form.Item>
          </div>
          <Form.Item
            name={['fhir', 'tokenUrl']}
            label={t('hospitals.fhirTokenUrl')}
            rules={[{ type: 'url', message: t('hospitals.fhirBaseUrlInvalid') }]}
          >
            <Input placeholder="https://his.example.vn/auth/token" autoComplete="off" />
          </Form.Item>
          <Form.Item name={['fhir', 'privateKeyPem']} label={t('hospitals.fhirPrivateKey')}>
            <Input.TextArea rows={4} className="mono" placeholder="-----BEGIN PRIVATE KEY-----" spellCheck={false} />
          </Form.Item>
        </>
      )}
    </section>
  );
}

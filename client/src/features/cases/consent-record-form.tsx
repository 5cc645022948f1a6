import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { CONSENT_PURPOSES } from '../../api-types';
import type { ConsentPurpose } from '../../api-types';
import { vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { DATE_FORMAT } from '../../format';
import { useCurrentUser } from '../auth/session';
import { useAllHospitals } from '../hospitals/hospitals.api';
import { useAllOrganisations } from '../organisations/organisations.api';
import { useAttachments } from './attachments.api';
import { RECIPIENTS_FOR_PURPOSE, useRecordConsent } from './consent.api';
import { CONSENT_FIELDS, applyConsentErrors, toConsentInput } from './consent-form-model';
import type { ConsentFormValues, ServerAsks } from './consent-form-model';

const future = (d: Dayjs): boolean => d.isAfter(vietnamToday(), 'day');

function RecipientFields({ purpose }: { purpose: ConsentPurpose }): React.JSX.Element {
  const { t } = useTranslation();
  const kinds = RECIPIENTS_FOR_PURPOSE[purpose];
  const kind = Form.useWatch(['recipient', 'kind']) as string | undefined;
  // The case's own hospital needs no consent to read its case: it is not offered.
  const ownHospital = useCurrentUser().hospital?.id;
  const hospitals = useAllHospitals(kinds.includes('hospital'));
  const organisations = useAllOrganisations(kinds.includes('organisation'));
  const required = [{ required: true, message: t('consent.required') }];
  return (
    <>
      {kinds.length > 1 && (
        <Form.Item name={['recipient', 'kind']} label={t('consent.recipientKind')} rules={required}>
          <Radio.Group
            options={kinds.map((k) => ({ value: k, label: t(`consent.recipientKinds.${k}`) }))}
            data-testid="consent-recipient-kind"
          />
        </Form.Item>
      )}
      {kind === 'hospital' && (
        <Form.Item name={['recipient', 'id']} label={t('consent.hospital')} rules={required}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('consent.chooseHospital')}
            loading={hospitals.isPending}
            options={(hospitals.data?.items ?? []).filter((h) => h.active && h.id !== ownHospital).map((h) => ({ value: h.id, label: h.name }))}
            data-testid="consent-recipient-hospital"
          />
        </Form.Item>
      )}
      {kind === 'organisation' && (
        <Form.Item name={['recipient', 'id']} label={t('consent.organisation')} rules={required}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('consent.chooseOrganisation')}
            loading={organisations.isPending}
            options={(organisations.data?.items ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }))}
            data-testid="consent-recipient-organisation"
          />
        </Form.Item>
      )}
    </>
  );
}

/** Who consents: the patient, or someone for them (name, relationship), and for a child the child's own view when asked for. */
function GiverFields({ asks }: { asks: ServerAsks }): React.JSX.Element {
  const { t } = useTranslation();
  const giver = Form.useWatch(['givenBy', 'kind']) as string | undefined;
  const required = [{ required: true, whitespace: true, message: t('consent.required') }];
  const onBehalf = giver === 'guardian' || giver === 'legal-representative';
  return (
    <>
      {asks.guardian && (
        <Alert type="warning" showIcon className="block-gap" title={t('consent.guardianRequired')} data-testid="consent-guardian-needed" />
      )}
      <Form.Item name={['givenBy', 'kind']} label={t('consent.giver')} rules={required}>
        <Radio.Group
          options={(['patient', 'guardian', 'legal-representative'] as const).map((k) => ({
            value: k,
            label: t(`consent.giverKinds.${k}`),
          }))}
          data-testid="consent-giver-kind"
        />
      </Form.Item>
      {onBehalf && (
        <div className="form-row">
          <Form.Item name={['givenBy', 'name']} label={t('consent.giverName')} rules={required} className="form-row__grow">
            <Input maxLength={200} data-testid="consent-giver-name" />
          </Form.Item>
          <Form.Item
            name={['givenBy', 'relationship']}
            label={t('consent.relationship')}
            extra={t('consent.relationshipHint')}
            rules={required}
            className="form-row__grow"
          >
            <Input maxLength={100} data-testid="consent-giver-relationship" />
          </Form.Item>
        </div>
      )}
      {giver === 'legal-representative' && (
        <Form.Item name="patientLacksCapacity" valuePropName="checked">
          <Checkbox data-testid="consent-lacks-capacity">{t('consent.lacksCapacity')}</Checkbox>
        </Form.Item>
      )}
      {(giver === 'guardian' || asks.childView) && (
        <Form.Item name="childAgreed" label={t('consent.childAgreed')} extra={t('consent.childAgreedHint')} required={asks.childView}>
          <Radio.Group
            options={(['yes', 'no'] as const).map((k) => ({ value: k, label: t(`consent.childAgreedOptions.${k}`) }))}
            data-testid="consent-child-agreed"
          />
        </Form.Item>
      )}
    </>
  );
}

function MethodFields({ caseId }: { caseId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const method = Form.useWatch(['method', 'kind']) as string | undefined;
  const forms = (useAttachments(caseId).data ?? []).filter((a) => a.kind === 'consent-form');
  const required = [{ required: true, whitespace: true, message: t('consent.required') }];
  return (
    <>
      <Form.Item name={['method', 'kind']} label={t('consent.method')} rules={required}>
        <Radio.Group
          options={(['signed-form', 'verbal'] as const).map((k) => ({ value: k, label: t(`consent.methodKinds.${k}`) }))}
          data-testid="consent-method-kind"
        />
      </Form.Item>
      {method === 'signed-form' && (
        <Form.Item
          name={['method', 'attachmentId']}
          label={t('consent.attachment')}
          extra={forms.length === 0 ? t('consent.noForms') : t('consent.attachmentHint')}
          rules={required}
        >
          <Select
            options={forms.map((a) => ({ value: a.id, label: a.description ? `${a.fileName} – ${a.description}` : a.fileName }))}
            data-testid="consent-attachment"
          />
        </Form.Item>
      )}
      {method === 'verbal' && (
        <Form.Item name={['method', 'witnessName']} label={t('consent.witness')} rules={required}>
          <Input maxLength={200} data-testid="consent-witness" />
        </Form.Item>
      )}
    </>
  );
}

/**
 * "Ghi nhận sự đồng ý": purpose, recipient, who consents, how, from when until when. The ages at
 * which a guardian must consent and the child is asked are the server's rule: its 400 shows under
 * the field (and brings up the guardian warning or the child's view) rather than a copy here.
 */
export function ConsentRecordForm({ caseId, onDone }: { caseId: string; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConsentFormValues>();
  const record = useRecordConsent(caseId);
  const [asks, setAsks] = useState<ServerAsks>({ guardian: false, childView: false });
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const purpose = (Form.useWatch('purpose', form) as ConsentPurpose | undefined) ?? 'share-hospital';

  const submit = (): void => {
    // The whole store, not only the fields on screen: a purpose with one recipient kind has no field for it.
    const values = form.getFieldsValue(true) as ConsentFormValues;
    setUnmatched([]);
    record.mutate(toConsentInput(values), {
      onSuccess: () => {
        void message.success(t('consent.recorded'));
        form.resetFields();
        setAsks({ guardian: false, childView: false });
        onDone();
      },
      onError: (error) => {
        const applied = applyConsentErrors(form, error, values, t);
        setAsks((was) => ({ guardian: was.guardian || applied.asks.guardian, childView: was.childView || applied.asks.childView }));
        setUnmatched(applied.unmatched);
      },
    });
  };
  const onPurpose = (p: ConsentPurpose): void => {
    const kinds = RECIPIENTS_FOR_PURPOSE[p];
    form.setFieldValue('recipient', { kind: kinds[0], id: undefined });
  };

  return (
    <Form<ConsentFormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        purpose: 'share-hospital',
        recipient: { kind: 'hospital' },
        givenBy: { kind: 'patient' },
        method: { kind: 'signed-form' },
        givenOn: vietnamToday(),
      }}
      scrollToFirstError={{ focus: true }}
      data-testid="consent-form"
      data-fields={CONSENT_FIELDS.length}
    >
      {record.isError && <ErrorAlert error={record.error} details={unmatched} testId="consent-form-error" />}
      <Form.Item name="purpose" label={t('consent.purpose')} rules={[{ required: true, message: t('consent.required') }]}>
        <Select
          onChange={onPurpose}
          options={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`consent.purposes.${p}`) }))}
          data-testid="consent-purpose"
        />
      </Form.Item>
      <RecipientFields purpose={purpose} />
      <GiverFields asks={asks} />
      <MethodFields caseId={caseId} />
      <div className="form-row">
        <Form.Item
          name="givenOn"
          label={t('consent.givenOn')}
          rules={[{ required: true, message: t('consent.required') }]}
          className="form-row__grow"
        >
          <DatePicker format={DATE_FORMAT} allowClear={false} disabledDate={future} data-testid="consent-given-on" />
        </Form.Item>
        <Form.Item name="validUntil" label={t('consent.validUntil')} extra={t('consent.validUntilHint')} className="form-row__grow">
          <DatePicker format={DATE_FORMAT} data-testid="consent-valid-until" />
        </Form.Item>
      </div>
      <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="consent-submit">
        {t('consent.submit')}
      </Button>
    </Form>
  );
}

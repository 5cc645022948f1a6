import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import type { PatientSearchCriteria } from '../../api-types';
import { detailMessage } from '../../components/field-error-words';
import { clearFieldErrors, matchField } from '../../components/form-errors';
import { isApiError } from '../../api';
import { birthDateToInput, parseBirthDateInput } from './patient-bits';
import { hasCriteria } from './patients.api';

interface SearchValues {
  q?: string;
  bhyt?: string;
  nationalId?: string;
  mrn?: string;
  birthDate?: string;
}

/** Form fields, named as the API's query parameters (the server's `query.bhyt` lands under bhyt). */
export const SEARCH_FIELDS = ['q', 'bhyt', 'nationalId', 'mrn', 'birthDate'] as const;
type SearchField = (typeof SEARCH_FIELDS)[number];

/** What the server's rule for each field asks for; `q` carries two rules (length, "give one"). */
function fieldMessage(field: SearchField, criteria: PatientSearchCriteria, t: TFunction): string | null {
  switch (field) {
    case 'q':
      return criteria.q && criteria.q.trim().length < 2 ? t('patients.nameTooShort') : t('patients.needCriterion');
    case 'bhyt':
      return t('patients.bhytInvalid');
    case 'nationalId':
      return t('patients.nationalIdInvalid');
    case 'birthDate':
      return t('patients.birthDateInvalid');
    default:
      return null;
  }
}

function toCriteria(values: SearchValues): PatientSearchCriteria {
  const text = (value: string | undefined): string | undefined => value?.trim() || undefined;
  const birthDate = text(values.birthDate);
  return {
    q: text(values.q),
    bhyt: text(values.bhyt),
    nationalId: text(values.nationalId),
    mrn: text(values.mrn),
    birthDate: birthDate ? (parseBirthDateInput(birthDate) ?? birthDate) : undefined,
  };
}

function toValues(criteria: PatientSearchCriteria): SearchValues {
  return { ...criteria, birthDate: birthDateToInput(criteria.birthDate) };
}

interface PatientSearchFormProps {
  value: PatientSearchCriteria;
  /** The last search's error: its field errors are shown under the fields. */
  error: unknown;
  searching: boolean;
  onSearch: (criteria: PatientSearchCriteria) => void;
  onClear: () => void;
  /** Field errors that no field of this form can show. */
  onUnmatched: (details: ApiErrorDetail[]) => void;
}

/** Name (with or without diacritics), BHYT card, CCCD, MRN, birth date: any one is enough. */
export function PatientSearchForm({ value, error, searching, onSearch, onClear, onUnmatched }: PatientSearchFormProps): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<SearchValues>();
  const [empty, setEmpty] = useState(false);

  // The URL holds the search (back from a patient returns to it): keep the form in step.
  useEffect(() => form.setFieldsValue(toValues(value)), [form, value]);
  useEffect(() => {
    clearFieldErrors(form, SEARCH_FIELDS);
    if (!isApiError(error)) {
      onUnmatched([]);
      return;
    }
    // The server's `query.bhyt` goes under the BHYT field, said in the user's language.
    const messages = new Map<SearchField, string>();
    const unmatched: ApiErrorDetail[] = [];
    for (const detail of error.details) {
      const field = matchField(detail.path, SEARCH_FIELDS) as SearchField | null;
      if (field) messages.set(field, fieldMessage(field, value, t) ?? detailMessage(detail, t));
      else unmatched.push(detail);
    }
    form.setFields([...messages].map(([name, message]) => ({ name, errors: [message] })));
    onUnmatched(unmatched);
  }, [form, error, onUnmatched, value, t]);

  const submit = (values: SearchValues): void => {
    const criteria = toCriteria(values);
    setEmpty(!hasCriteria(criteria));
    if (hasCriteria(criteria)) onSearch(criteria);
  };
  const reset = (): void => {
    form.resetFields();
    setEmpty(false);
    onClear();
  };

  return (
    <Form<SearchValues> form={form} layout="vertical" onFinish={submit} data-testid="patient-search" onValuesChange={() => setEmpty(false)}>
      <div className="filter-grid">
        <Form.Item name="q" label={t('patients.name')} className="filter-grid__wide">
          <Input allowClear autoFocus placeholder={t('patients.namePlaceholder')} data-testid="patient-search-q" />
        </Form.Item>
        <Form.Item name="bhyt" label={t('patients.bhyt')}>
          <Input allowClear className="mono" placeholder={t('patients.bhytPlaceholder')} data-testid="patient-search-bhyt" />
        </Form.Item>
        <Form.Item name="nationalId" label={t('patients.nationalId')}>
          <Input
            allowClear
            className="mono"
            inputMode="numeric"
            placeholder={t('patients.nationalIdPlaceholder')}
            data-testid="patient-search-national-id"
          />
        </Form.Item>
        <Form.Item name="mrn" label={t('patients.mrn')}>
          <Input allowClear className="mono" data-testid="patient-search-mrn" />
        </Form.Item>
        <Form.Item
          name="birthDate"
          label={t('patients.birthDate')}
          rules={[
            {
              validator: async (_, input: string | undefined) => {
                if (input?.trim() && !parseBirthDateInput(input)) throw new Error(t('patients.birthDateInvalid'));
              },
            },
          ]}
        >
          <Input allowClear placeholder={t('patients.birthDatePlaceholder')} data-testid="patient-search-birth-date" />
        </Form.Item>
      </div>
      {empty && (
        <Alert type="warning" showIcon title={t('patients.needCriterion')} className="block-gap" data-testid="patient-search-empty" />
      )}
      <Space>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={searching} data-testid="patient-search-submit">
          {t('patients.search')}
        </Button>
        <Button icon={<ClearOutlined />} onClick={reset} data-testid="patient-search-reset">
          {t('patients.clear')}
        </Button>
      </Space>
    </Form>
  );
}

import { ClearOutlined, FilterOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_OUTCOMES } from '../../api-types';
import type { AuditFilters, AuditOutcome } from '../../api-types';
import { DATETIME_FORMAT } from '../../format';
import { AUDIT_ACTIONS, AUDIT_RESOURCES, actionLabel, resourceLabel } from './audit-words';

interface FilterValues {
  actorId?: string;
  action?: string;
  resourceType?: string;
  patientId?: string;
  outcome?: AuditOutcome;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const emptyValues: FilterValues = {
  actorId: undefined,
  action: undefined,
  resourceType: undefined,
  patientId: undefined,
  outcome: undefined,
  range: null,
};

function toFilters(values: FilterValues): AuditFilters {
  const text = (value: string | undefined): string | undefined => value?.trim() || undefined;
  return {
    actorId: text(values.actorId),
    action: text(values.action),
    resourceType: text(values.resourceType),
    patientId: text(values.patientId),
    outcome: values.outcome,
    from: values.range?.[0]?.toISOString(),
    to: values.range?.[1]?.toISOString(),
  };
}

function toValues(filters: AuditFilters): FilterValues {
  return {
    ...filters,
    range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
  };
}

interface AuditFiltersFormProps {
  value: AuditFilters;
  onChange: (filters: AuditFilters) => void;
}

/** Who did what, to which record, with what outcome, when: the questions an auditor asks. */
export function AuditFiltersForm({ value, onChange }: AuditFiltersFormProps): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  // Filters also change from the table (clicking an actor): keep the form in step.
  useEffect(() => form.setFieldsValue({ ...emptyValues, ...toValues(value) }), [form, value]);

  return (
    <Form<FilterValues> form={form} layout="vertical" onFinish={(values) => onChange(toFilters(values))} data-testid="audit-filters">
      <div className="filter-grid">
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('auditWords.anyAction')}
            data-testid="audit-filter-action"
            options={AUDIT_ACTIONS.map((action) => ({ value: action, label: actionLabel(action, t) }))}
          />
        </Form.Item>
        <Form.Item name="resourceType" label={t('audit.resourceType')}>
          <Select
            allowClear
            placeholder={t('auditWords.anyResource')}
            data-testid="audit-filter-resource-type"
            options={AUDIT_RESOURCES.map((type) => ({ value: type, label: resourceLabel(type, t) }))}
          />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.actorId')}>
          <Input allowClear className="mono" data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="patientId" label={t('audit.patientId')}>
          <Input allowClear className="mono" data-testid="audit-filter-patient" />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            data-testid="audit-filter-outcome"
            options={AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`outcomes.${outcome}`) }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('audit.period')} className="filter-grid__wide">
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format={DATETIME_FORMAT}
            allowEmpty={[true, true]}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </div>
      <Space>
        <Button type="primary" htmlType="submit" icon={<FilterOutlined />} data-testid="audit-filter-apply">
          {t('audit.applyFilters')}
        </Button>
        <Button icon={<ClearOutlined />} onClick={() => onChange({})} data-testid="audit-filter-reset">
          {t('audit.clearFilters')}
        </Button>
      </Space>
    </Form>
  );
}

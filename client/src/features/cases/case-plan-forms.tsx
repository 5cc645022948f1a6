import { App, Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { DATE_FORMAT } from '../../format';
import { ACTIVITY_GROUPS, GOAL_STATUSES, NEED_DOMAINS, NEED_STATUSES } from './case-types';
import type { CaseDetail, CaseGoal, CaseNeed } from './case-types';
import { usePlanChange } from './cases.api';

/** What the drawer edits: a new need, goal or intervention, or an existing need or goal. */
export type PlanEdit = { part: 'needs'; item: CaseNeed | null } | { part: 'goals'; item: CaseGoal | null } | { part: 'interventions'; item: null };

interface PlanValues {
  domain?: string;
  description: string;
  status?: string;
  needId?: string | null;
  goalId?: string | null;
  targetDate?: Dayjs;
  activityGroup?: string;
  performedOn?: Dayjs;
}

const FIELDS = ['domain', 'description', 'status', 'needId', 'goalId', 'targetDate', 'activityGroup', 'performedOn'] as const;
const day = (value: Dayjs | undefined): string | undefined => (value?.isValid() ? value.format('YYYY-MM-DD') : undefined);

function initialValues(edit: PlanEdit): PlanValues {
  if (edit.part === 'needs' && edit.item) return { description: edit.item.description, status: edit.item.status };
  if (edit.part === 'goals' && edit.item) {
    return { description: edit.item.description, status: edit.item.status, targetDate: dayjs(edit.item.targetDate) };
  }
  if (edit.part === 'interventions') return { description: '', performedOn: vietnamToday() };
  return { description: '' };
}

/** The body the API takes: only what this form has, days as YYYY-MM-DD, no empty links. */
function toBody(edit: PlanEdit, v: PlanValues): Record<string, unknown> {
  const description = v.description.trim();
  const links = { ...(v.needId ? { needId: v.needId } : {}), ...(v.goalId ? { goalId: v.goalId } : {}) };
  if (edit.part === 'needs') return edit.item ? { description, status: v.status } : { domain: v.domain, description };
  if (edit.part === 'goals') {
    return edit.item
      ? { description, targetDate: day(v.targetDate), status: v.status }
      : { ...links, description, targetDate: day(v.targetDate) };
  }
  return { ...links, description, activityGroup: v.activityGroup, performedOn: day(v.performedOn) };
}

const TITLES = {
  needs: ['casePlan.addNeed', 'casePlan.editNeed'],
  goals: ['casePlan.addGoal', 'casePlan.editGoal'],
  interventions: ['casePlan.addIntervention', 'casePlan.addIntervention'],
} as const;

function PlanFields({ c, edit }: { c: CaseDetail; edit: PlanEdit }): React.JSX.Element {
  const { t } = useTranslation();
  const required = (message: string): { required: true; message: string } => ({ required: true, message });
  const needOptions = c.needs.map((n) => ({ value: n.id, label: `${t(`casePlan.domains.${n.domain}`)}: ${n.description}` }));
  const goalOptions = c.goals.map((g) => ({ value: g.id, label: g.description }));
  const isNew = !edit.item;
  return (
    <>
      {edit.part === 'needs' && isNew && (
        <Form.Item name="domain" label={t('casePlan.domain')} rules={[required(t('casePlan.domainRequired'))]}>
          <Select data-testid="plan-domain" options={NEED_DOMAINS.map((value) => ({ value, label: t(`casePlan.domains.${value}`) }))} />
        </Form.Item>
      )}
      {edit.part !== 'needs' && isNew && (
        <Form.Item name="needId" label={t('casePlan.forNeed')}>
          <Select allowClear data-testid="plan-need" options={needOptions} placeholder={t('casePlan.noLink')} />
        </Form.Item>
      )}
      {edit.part === 'interventions' && (
        <Form.Item name="goalId" label={t('casePlan.forGoal')}>
          <Select allowClear data-testid="plan-goal" options={goalOptions} placeholder={t('casePlan.noLink')} />
        </Form.Item>
      )}
      <Form.Item name="description" label={t('casePlan.description')} rules={[{ ...required(t('casePlan.descriptionRequired')), whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="plan-description" />
      </Form.Item>
      {edit.part === 'goals' && (
        <Form.Item name="targetDate" label={t('casePlan.targetDate')} rules={[required(t('casePlan.targetDateRequired'))]}>
          <DatePicker
            format={DATE_FORMAT}
            disabledDate={(d) => d.isBefore(vietnamToday(), 'day')}
            placeholder={t('casePlan.datePlaceholder')}
            data-testid="plan-target-date"
          />
        </Form.Item>
      )}
      {edit.part === 'interventions' && (
        <>
          <Form.Item name="activityGroup" label={t('casePlan.activityGroup')} rules={[required(t('casePlan.activityGroupRequired'))]}>
            <Select data-testid="plan-activity-group" options={ACTIVITY_GROUPS.map((value) => ({ value, label: t(`casePlan.activityGroups.${value}`) }))} />
          </Form.Item>
          <Form.Item name="performedOn" label={t('casePlan.performedOn')} rules={[required(t('casePlan.performedOnRequired'))]}>
            <DatePicker
              format={DATE_FORMAT}
              allowClear={false}
              disabledDate={(d) => d.isAfter(vietnamToday(), 'day')}
              placeholder={t('casePlan.datePlaceholder')}
              data-testid="plan-performed-on"
            />
          </Form.Item>
        </>
      )}
      {edit.item && (
        <Form.Item name="status" label={t('casePlan.status')}>
          <Select
            data-testid="plan-status"
            options={
              edit.part === 'needs'
                ? NEED_STATUSES.map((value): { value: string; label: string } => ({ value, label: t(`casePlan.needStatuses.${value}`) }))
                : GOAL_STATUSES.map((value): { value: string; label: string } => ({ value, label: t(`casePlan.goalStatuses.${value}`) }))
            }
          />
        </Form.Item>
      )}
    </>
  );
}

/** The form of one opening: its own form instance, so nothing typed in the last one shows up here. */
function PlanForm({ c, edit, onClose }: { c: CaseDetail; edit: PlanEdit; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const change = usePlanChange(c.id, edit.part);
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const submit = (values: PlanValues): void => {
    setUnmatched([]);
    change.mutate(
      { ...(edit.item ? { itemId: edit.item.id } : {}), body: toBody(edit, values) },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (error) => setUnmatched(applyFieldErrors(form, error, FIELDS)),
      },
    );
  };
  return (
    <div data-testid={`plan-form-${edit.part}`}>
      {change.isError && <ErrorAlert error={change.error} details={unmatched} testId="plan-form-error" />}
      <Form<PlanValues> form={form} layout="vertical" initialValues={initialValues(edit)} onFinish={submit} scrollToFirstError={{ focus: true }}>
        <PlanFields c={c} edit={edit} />
      </Form>
      {/* Outside the form, as in the other drawers: Enter in a date box picks the day, it does not save. */}
      <Space className="drawer-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" loading={change.isPending} onClick={() => form.submit()} data-testid="plan-submit">
          {t('common.save')}
        </Button>
      </Space>
    </div>
  );
}

/** One drawer for the plan's add and edit forms; each answers the whole case, which the page then shows. */
export function PlanDrawer({ c, edit, onClose }: { c: CaseDetail; edit: PlanEdit | null; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Drawer open={Boolean(edit)} onClose={onClose} size={520} destroyOnHidden title={edit ? t(TITLES[edit.part][edit.item ? 1 : 0]) : ''}>
      {edit && <PlanForm key={`${edit.part}:${edit.item?.id ?? 'new'}`} c={c} edit={edit} onClose={onClose} />}
    </Drawer>
  );
}

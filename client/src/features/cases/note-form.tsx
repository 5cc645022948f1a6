import { App, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { vietnamToday } from '../../clock';
import { ErrorAlert } from '../../components/error-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { DATE_FORMAT } from '../../format';
import { NOTE_TYPES } from './case-types';
import type { CaseNote, NoteType } from './case-types';
import { useNoteChange } from './cases.api';

/** A new note, an edit of one's own note within its window, or a correction of an older note. */
export type NoteFormMode = { kind: 'new' } | { kind: 'edit'; note: CaseNote } | { kind: 'correct'; note: CaseNote };

interface NoteValues {
  type: NoteType;
  occurredOn?: Dayjs;
  body: string;
}

const FIELDS = ['type', 'occurredOn', 'body'] as const;
const future = (day: Dayjs): boolean => day.isAfter(vietnamToday(), 'day');

function initial(mode: NoteFormMode): NoteValues {
  if (mode.kind === 'edit') return { type: mode.note.type, body: mode.note.body };
  if (mode.kind === 'correct') return { type: mode.note.type, occurredOn: dayjs(mode.note.occurredOn), body: '' };
  return { type: 'interview', occurredOn: vietnamToday(), body: '' };
}

export function NoteForm({ caseId, mode, onDone }: { caseId: string; mode: NoteFormMode; onDone?: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NoteValues>();
  const change = useNoteChange(caseId);
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const prefix = mode.kind === 'new' ? 'note' : `note-${mode.kind}-${mode.note.id}`;

  const submit = (values: NoteValues): void => {
    setUnmatched([]);
    const body = values.body.trim();
    const occurredOn = values.occurredOn?.isValid() ? values.occurredOn.format('YYYY-MM-DD') : undefined;
    const variables =
      mode.kind === 'edit'
        ? { noteId: mode.note.id, body: { body, type: values.type } }
        : { body: { type: values.type, body, ...(occurredOn ? { occurredOn } : {}), ...(mode.kind === 'correct' ? { corrects: mode.note.id } : {}) } };
    change.mutate(variables, {
      onSuccess: () => {
        void message.success(t('caseTimeline.saved'));
        form.resetFields();
        change.reset();
        onDone?.();
      },
      onError: (error) => setUnmatched(applyFieldErrors(form, error, FIELDS)),
    });
  };

  return (
    <div className="note-form" data-testid={`${prefix}-form`}>
      {change.isError && <ErrorAlert error={change.error} details={unmatched} testId={`${prefix}-error`} />}
      <Form<NoteValues> form={form} layout="vertical" initialValues={initial(mode)} onFinish={submit}>
        <div className="form-row">
          <Form.Item name="type" label={t('caseTimeline.type')} className="form-row__grow">
            <Select data-testid={`${prefix}-type`} options={NOTE_TYPES.map((value) => ({ value, label: t(`caseTimeline.noteTypes.${value}`) }))} />
          </Form.Item>
          {mode.kind !== 'edit' && (
            <Form.Item
              name="occurredOn"
              label={t('caseTimeline.occurredOn')}
              rules={[
                {
                  validator: async (_rule, value: unknown) => {
                    if (dayjs.isDayjs(value) && future(value)) throw new Error(t('caseTimeline.occurredOnFuture'));
                  },
                },
              ]}
            >
              <DatePicker format={DATE_FORMAT} allowClear={false} disabledDate={future} placeholder={t('casePlan.datePlaceholder')} data-testid={`${prefix}-date`} />
            </Form.Item>
          )}
        </div>
        <Form.Item name="body" label={t('caseTimeline.body')} rules={[{ required: true, whitespace: true, message: t('caseTimeline.bodyRequired') }]}>
          <Input.TextArea rows={mode.kind === 'new' ? 3 : 4} maxLength={20_000} data-testid={`${prefix}-body`} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid={`${prefix}-submit`}>
            {t('caseTimeline.save')}
          </Button>
          {onDone && mode.kind !== 'new' && <Button onClick={onDone}>{t('common.cancel')}</Button>}
        </Space>
      </Form>
    </div>
  );
}

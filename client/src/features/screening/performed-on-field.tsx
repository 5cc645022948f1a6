import { DatePicker, Form } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { vietnamToday } from '../../clock';
import { DATE_FORMAT } from '../../format';

/**
 * "Ngày sàng lọc": the day the screening was done, dd/MM/yyyy, today by default. A paper form
 * filled in on the ward is often entered days later; the server scores it with the rules of that
 * day. Days are Vietnam days (Asia/Ho_Chi_Minh, UTC+7) whatever the device's time zone, and the
 * same bounds as the server's (not in the future, at most MAX_DAYS_AGO back).
 */
export const PERFORMED_ON_FIELD = 'performedOn';
const MAX_DAYS_AGO = 366;

/** The day to send (YYYY-MM-DD) from the field's value. */
export function performedOnValue(value: unknown): string | undefined {
  return dayjs.isDayjs(value) && value.isValid() ? value.format('YYYY-MM-DD') : undefined;
}

const tooLate = (day: Dayjs): boolean => day.isAfter(vietnamToday(), 'day');
const tooEarly = (day: Dayjs): boolean => day.isBefore(vietnamToday().subtract(MAX_DAYS_AGO, 'day'), 'day');

export function PerformedOnField(): React.JSX.Element {
  const { t } = useTranslation();
  const rules: Rule[] = [
    { required: true, message: t('screening.performedOnRequired') },
    {
      validator: async (_rule, value: unknown) => {
        if (!dayjs.isDayjs(value)) return;
        if (tooLate(value)) throw new Error(t('screening.performedOnFuture'));
        if (tooEarly(value)) throw new Error(t('screening.performedOnTooOld', { days: MAX_DAYS_AGO }));
      },
    },
  ];
  return (
    <Form.Item
      name={PERFORMED_ON_FIELD}
      label={t('screening.performedOn')}
      extra={t('screening.performedOnHint')}
      initialValue={vietnamToday()}
      rules={rules}
      className="question"
      data-testid="question-performedOn"
    >
      <DatePicker
        format={DATE_FORMAT}
        allowClear={false}
        disabledDate={(day) => tooLate(day) || tooEarly(day)}
        placeholder={t('screening.performedOnPlaceholder')}
        data-testid="q-performedOn"
      />
    </Form.Item>
  );
}

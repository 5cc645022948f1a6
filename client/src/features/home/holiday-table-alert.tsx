import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCalendarStatus } from './calendar.api';

/**
 * The admin's warning about the working-day calendar (decision 0018): a year, this one or next,
 * with no public-holiday table (due times counted in working days into it are refused), or a year
 * filled from the Labour Code alone while the Government's days off are not yet announced.
 */
export function HolidayTableAlert(): React.JSX.Element | null {
  const { t } = useTranslation();
  const status = useCalendarStatus().data;
  if (!status) return null;
  const thisYear = Number(status.today.slice(0, 4));
  if (status.missingYears.length > 0) {
    return (
      <Alert
        type="error"
        showIcon
        className="block-gap"
        data-testid="holiday-table-missing"
        title={t('homeAdmin.holidayTableMissing', { years: status.missingYears.join(', ') })}
        description={t('homeAdmin.holidayTableHow')}
      />
    );
  }
  const provisional = status.years.filter((y) => (y.year === thisYear || y.year === thisYear + 1) && y.status !== 'announced').map((y) => y.year);
  if (provisional.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="block-gap"
      data-testid="holiday-table-provisional"
      title={t('homeAdmin.holidayTableProvisional', { years: provisional.join(', ') })}
      description={t('homeAdmin.holidayTableHow')}
    />
  );
}

import { Checkbox, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { REFERRAL_SERVICES, REFERRAL_STATUSES } from '../../api-types';
import type { ReferralBox } from '../../api-types';
import { serviceWord, statusWord } from './referral-words';

export type FilterChanges = Record<string, string | null>;

interface ReferralListFiltersProps {
  params: URLSearchParams;
  /** Drafts are only ever in the own outbox: the other boxes offer no draft status. */
  box: ReferralBox;
  update: (changes: FilterChanges) => void;
}

/** State (in progress / ended), status, service and overdue only, all kept in the page's address. */
export function ReferralListFilters({ params, box, update }: ReferralListFiltersProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="referral-lists-filters">
      <Select
        allowClear
        placeholder={t('referralLists.filterState')}
        value={params.get('state')}
        // A state and a status together could ask for nothing (ended + accepted): choosing one clears the other.
        onChange={(v: string | undefined) => update({ state: v ?? null, status: null })}
        options={(['live', 'ended'] as const).map((value) => ({ value, label: t(`referralLists.states.${value}`) }))}
        aria-label={t('referralLists.filterState')}
        data-testid="referral-filter-state"
      />
      <Select
        allowClear
        placeholder={t('referralLists.filterStatus')}
        value={params.get('status')}
        onChange={(v: string | undefined) => update({ status: v ?? null, state: null })}
        options={REFERRAL_STATUSES.filter((s) => box === 'outbox' || s !== 'draft').map((value) => ({ value, label: statusWord(t, value) }))}
        aria-label={t('referralLists.filterStatus')}
        data-testid="referral-filter-status"
      />
      <Select
        allowClear
        placeholder={t('referralLists.filterService')}
        value={params.get('service')}
        onChange={(v: string | undefined) => update({ service: v ?? null })}
        options={REFERRAL_SERVICES.map((value) => ({ value, label: serviceWord(t, value) }))}
        aria-label={t('referralLists.filterService')}
        data-testid="referral-filter-service"
      />
      <Checkbox
        checked={params.get('overdue') === '1'}
        onChange={(e) => update({ overdue: e.target.checked ? '1' : null })}
        data-testid="referral-filter-overdue"
      >
        {t('referralLists.overdueOnly')}
      </Checkbox>
    </div>
  );
}

import { Checkbox, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_LIST_STATUSES, CASE_NEED_DOMAINS } from '../../api-types';
import { checkWholeNumber } from '../../format';
import { useAllUsers } from '../users/users.api';

export type FilterChanges = Record<string, string | null>;

interface CaseListFiltersProps {
  params: URLSearchParams;
  /** Whether the social-worker filter shows (the caseload of a head of social work, who may list the team). */
  byWorker: boolean;
  update: (changes: FilterChanges) => void;
}

/** An age box: a whole number 0–150, applied when left or on Enter; anything else is said, not guessed. */
function AgeInput({
  name,
  label,
  value,
  update,
}: {
  name: string;
  label: string;
  value: string;
  update: (c: FilterChanges) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(value);
  const check = checkWholeNumber(typed, { min: 0, max: 150 });
  const apply = (): void => {
    if (check.ok) update({ [name]: check.value === null ? null : String(check.value) });
  };
  return (
    <Input
      inputMode="numeric"
      value={typed}
      status={check.ok ? undefined : 'error'}
      onChange={(e) => setTyped(e.target.value)}
      onBlur={apply}
      onPressEnter={apply}
      placeholder={label}
      aria-label={label}
      aria-invalid={!check.ok}
      title={check.ok ? undefined : t('caseLists.ageBad')}
      data-testid={`case-filter-${name}`}
    />
  );
}

/** Status, social worker, need, age, ward and overdue goals, all kept in the page's address. */
export function CaseListFilters({ params, byWorker, update }: CaseListFiltersProps): React.JSX.Element {
  const { t } = useTranslation();
  const users = useAllUsers(byWorker);
  const workers = (users.data?.items ?? []).filter((u) => !u.disabled && (u.role === 'social_worker' || u.role === 'sw_lead'));
  const [ward, setWard] = useState(params.get('ward') ?? '');
  const ageBad = [params.get('ageMin'), params.get('ageMax')].some((v) => v !== null && !checkWholeNumber(v, { min: 0, max: 150 }).ok);
  return (
    <div className="case-lists-filters">
      <Select
        allowClear
        placeholder={t('caseLists.filterStatus')}
        value={params.get('status')}
        onChange={(v: string | undefined) => update({ status: v ?? null })}
        options={CASE_LIST_STATUSES.map((value) => ({ value, label: t(`caseLists.statuses.${value}`) }))}
        aria-label={t('caseLists.filterStatus')}
        data-testid="case-filter-status"
      />
      {byWorker && (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('caseLists.filterWorker')}
          value={params.get('assignedTo')}
          loading={users.isPending}
          onChange={(v: string | undefined) => update({ assignedTo: v ?? null })}
          options={workers.map((u) => ({ value: u.id, label: u.displayName }))}
          aria-label={t('caseLists.filterWorker')}
          data-testid="case-filter-worker"
        />
      )}
      <Select
        allowClear
        placeholder={t('caseLists.filterNeed')}
        value={params.get('need')}
        onChange={(v: string | undefined) => update({ need: v ?? null })}
        options={CASE_NEED_DOMAINS.map((value) => ({ value, label: t(`caseLists.needs.${value}`) }))}
        aria-label={t('caseLists.filterNeed')}
        data-testid="case-filter-need"
      />
      <span className="case-lists-age">
        <AgeInput name="ageMin" label={t('caseLists.ageFrom')} value={params.get('ageMin') ?? ''} update={update} />
        <span aria-hidden>–</span>
        <AgeInput name="ageMax" label={t('caseLists.ageTo')} value={params.get('ageMax') ?? ''} update={update} />
      </span>
      {ageBad && <span className="field-error">{t('caseLists.ageBad')}</span>}
      <Input.Search
        allowClear
        placeholder={t('caseLists.filterWard')}
        value={ward}
        onChange={(e) => setWard(e.target.value)}
        onSearch={(v) => update({ ward: v.trim() || null })}
        aria-label={t('caseLists.filterWard')}
        data-testid="case-filter-ward"
      />
      <Checkbox
        checked={params.get('overdue') === '1'}
        onChange={(e) => update({ overdue: e.target.checked ? '1' : null })}
        data-testid="case-filter-overdue"
      >
        {t('caseLists.overdueOnly')}
      </Checkbox>
    </div>
  );
}

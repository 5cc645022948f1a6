import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { AGE_BAND_LIST, FUNDING_URGENCY_LIST, LINE_KIND_LIST } from '../../api-types';
import provinces from '../../../../server/reference-data/provinces-vn.json';
import { lineKindWord, urgencyWord } from './funding-words';

export type FilterChanges = Record<string, string | null>;

/** The 34 provinces in force since 1 July 2025 (Resolution 202/2025/QH15): stories name the patient's new province. */
export const NEW_PROVINCES: readonly string[] = [...provinces.newProvinces].sort((a, b) => a.localeCompare(b, 'vi'));

/** Amount-left bands (đồng): a partner looks for what its budget can close, not an exact figure. */
export const LEFT_BANDS = {
  'under-5m': { maxLeftVnd: 5_000_000 },
  '5m-20m': { minLeftVnd: 5_000_000, maxLeftVnd: 20_000_000 },
  'over-20m': { minLeftVnd: 20_000_000 },
} as const;
export type LeftBand = keyof typeof LEFT_BANDS;
export const SORTS = ['needed-by', 'left-asc', 'left-desc', 'newest'] as const;

interface Props {
  params: URLSearchParams;
  update: (changes: FilterChanges) => void;
}

/** Province, age band, need, urgency, amount left and the order: all kept in the page's address. */
export function MarketplaceFilters({ params, update }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const one = (key: string, placeholder: string, options: { value: string; label: string }[], testId: string): React.JSX.Element => (
    <Select
      allowClear
      showSearch={key === 'province'}
      optionFilterProp="label"
      placeholder={placeholder}
      value={params.get(key)}
      onChange={(v: string | undefined) => update({ [key]: v ?? null })}
      options={options}
      aria-label={placeholder}
      data-testid={testId}
    />
  );
  return (
    <div className="marketplace-filters" role="search" aria-label={t('marketplace.filtersLabel')}>
      {one(
        'province',
        t('marketplace.filterProvince'),
        NEW_PROVINCES.map((p) => ({ value: p, label: p })),
        'market-filter-province',
      )}
      {one(
        'ageBand',
        t('marketplace.filterAge'),
        AGE_BAND_LIST.map((a) => ({ value: a, label: t('marketplace.ageBand', { band: a }) })),
        'market-filter-age',
      )}
      {one(
        'need',
        t('marketplace.filterNeed'),
        LINE_KIND_LIST.map((k) => ({ value: k, label: lineKindWord(t, k) })),
        'market-filter-need',
      )}
      {one(
        'urgency',
        t('marketplace.filterUrgency'),
        FUNDING_URGENCY_LIST.map((u) => ({ value: u, label: urgencyWord(t, u) })),
        'market-filter-urgency',
      )}
      {one(
        'left',
        t('marketplace.filterLeft'),
        (Object.keys(LEFT_BANDS) as LeftBand[]).map((b) => ({ value: b, label: t(`marketplace.leftBands.${b}`) })),
        'market-filter-left',
      )}
      {one(
        'sort',
        t('marketplace.sortLabel'),
        SORTS.map((s) => ({ value: s, label: t(`marketplace.sorts.${s}`) })),
        'market-sort',
      )}
    </div>
  );
}

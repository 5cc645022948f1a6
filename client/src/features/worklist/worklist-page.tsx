import { Button, Card, Checkbox, Grid, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FLAG_TYPES } from '../../api-types';
import type { FlagType, WorklistFilters } from '../../api-types';
import { startOfTodayVietnam } from '../../clock';
import { formatNumber } from '../../format';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { FlagReviewDrawer } from './flag-review-drawer';
import { WorklistCards } from './worklist-cards';
import { WorklistTable } from './worklist-table';
import { useWorklist } from './worklist.api';
import './worklist.css';

const TIERS = ['support', 'watch', 'all'] as const;
const PRESENCES = ['current', 'all'] as const;
const STATUSES = ['active', 'confirmed', 'dismissed'] as const;
/** A URL value if it is one of the allowed, else undefined (the server's default). */
function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/**
 * Danh sách cần hỗ trợ: by default the flags that are a task, of patients in hospital now or
 * discharged in the last few days. Filters and the open flag live in the URL
 * (`/worklist?type=poverty&ward=…&today=1&tier=watch&presence=all&status=confirmed&flag=<id>`),
 * so a flag can be linked to and "back" works. On a phone the list is a column of cards.
 */
export function WorklistPage(): React.JSX.Element {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const type = params.get('type');
  const ward = params.get('ward') ?? '';
  const today = params.get('today') === '1';
  const byWard = params.get('sort') === 'ward';
  const openId = params.get('flag');
  const tier = oneOf(params.get('tier'), TIERS);
  const presence = oneOf(params.get('presence'), PRESENCES);
  const status = oneOf(params.get('status'), STATUSES);
  const narrow = !Grid.useBreakpoint().md;
  const [wardInput, setWardInput] = useState(ward);

  const filters = useMemo<WorklistFilters>(
    () => ({
      flagType: type && (FLAG_TYPES as readonly string[]).includes(type) ? (type as FlagType) : undefined,
      ward: ward || undefined,
      since: today ? startOfTodayVietnam() : undefined,
      sort: byWard ? 'ward' : undefined,
      tier,
      presence,
      status,
    }),
    [type, ward, today, byWard, tier, presence, status],
  );
  const worklist = useWorklist(filters);
  const rows = useMemo(() => worklist.data?.pages.flatMap((page) => page.data) ?? [], [worklist.data]);
  const filtered = Boolean(filters.flagType || filters.ward || filters.since || tier || presence || status);
  const total = worklist.data?.pages[0]?.total;

  const update = (changes: Record<string, string | null>): void => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: !('flag' in changes) },
    );
  };

  return (
    <div data-testid="page-worklist">
      <PageHeader title={t('worklist.title')} subtitle={t('worklist.subtitle')} />
      <Card>
        <div className="worklist-filters">
          <Select
            allowClear
            placeholder={t('worklist.filterType')}
            value={filters.flagType ?? null}
            onChange={(value: FlagType | null | undefined) => update({ type: value ?? null })}
            options={FLAG_TYPES.map((value) => ({ value, label: t(`flagTypes.${value}`) }))}
            aria-label={t('a11y.filterType')}
            data-testid="worklist-filter-type"
          />
          <Select
            value={byWard ? 'ward' : 'priority'}
            onChange={(value: 'priority' | 'ward') => update({ sort: value === 'ward' ? 'ward' : null })}
            options={[
              { value: 'priority', label: t('worklist.sortPriority') },
              { value: 'ward', label: t('worklist.sortWard') },
            ]}
            aria-label={t('a11y.sortBy')}
            data-testid="worklist-sort"
          />
          <Input.Search
            allowClear
            placeholder={t('worklist.filterWard')}
            value={wardInput}
            onChange={(e) => setWardInput(e.target.value)}
            onSearch={(value) => update({ ward: value.trim() || null })}
            aria-label={t('a11y.filterWard')}
            data-testid="worklist-filter-ward"
          />
          <Select
            value={tier ?? 'support'}
            onChange={(value: (typeof TIERS)[number]) => update({ tier: value === 'support' ? null : value })}
            options={TIERS.map((value) => ({ value, label: t(`worklist.tiers.${value}`) }))}
            aria-label={t('worklist.filterTierLabel')}
            data-testid="worklist-filter-tier"
          />
          <Select
            value={presence ?? 'current'}
            onChange={(value: (typeof PRESENCES)[number]) => update({ presence: value === 'current' ? null : value })}
            options={PRESENCES.map((value) => ({ value, label: t(`worklist.presences.${value}`) }))}
            aria-label={t('worklist.filterPresenceLabel')}
            data-testid="worklist-filter-presence"
          />
          <Select
            value={status ?? 'active'}
            onChange={(value: (typeof STATUSES)[number]) => update({ status: value === 'active' ? null : value })}
            options={STATUSES.map((value) => ({ value, label: t(`worklist.statuses.${value}`) }))}
            aria-label={t('worklist.filterStatusLabel')}
            data-testid="worklist-filter-status"
          />
          <Checkbox checked={today} onChange={(e) => update({ today: e.target.checked ? '1' : null })} data-testid="worklist-filter-today">
            {t('worklist.today')}
          </Checkbox>
        </div>
        {/* The total first: she sees at once how much is left to do. */}
        <div className="worklist-summary muted" role="status" data-testid="worklist-count" data-shown={rows.length} data-total={total ?? ''}>
          {total === undefined ? t('worklist.shown', { count: rows.length }) : t('worklist.shownOfTotal', { shown: formatNumber(rows.length), total: formatNumber(total), count: total })}
        </div>
        {worklist.isError && <ErrorAlert error={worklist.error} onRetry={() => void worklist.refetch()} />}
        {narrow ? (
          <WorklistCards flags={rows} loading={worklist.isPending} filtered={filtered} onOpen={(f) => update({ flag: f.id })} />
        ) : (
          <WorklistTable flags={rows} loading={worklist.isPending} filtered={filtered} onOpen={(f) => update({ flag: f.id })} />
        )}
        <div className="table-footer">
          {worklist.hasNextPage && (
            <Button onClick={() => void worklist.fetchNextPage()} loading={worklist.isFetchingNextPage} data-testid="worklist-load-more">
              {t('common.loadMore')}
            </Button>
          )}
        </div>
      </Card>
      <FlagReviewDrawer flagId={openId} onClose={() => update({ flag: null })} />
    </div>
  );
}

import { Button, Card, Checkbox, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FLAG_TYPES } from '../../api-types';
import type { FlagType, WorklistFilters } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { FlagReviewDrawer } from './flag-review-drawer';
import { WorklistTable } from './worklist-table';
import { startOfTodayVietnam, useWorklist } from './worklist.api';
import './worklist.css';

/**
 * Danh sách cần hỗ trợ: the hospital's active flags. Filters and the open flag live in the URL
 * (`/worklist?type=poverty&ward=…&today=1&flag=<id>`), so a flag can be linked to and "back" works.
 */
export function WorklistPage(): React.JSX.Element {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const type = params.get('type');
  const ward = params.get('ward') ?? '';
  const today = params.get('today') === '1';
  const byWard = params.get('sort') === 'ward';
  const openId = params.get('flag');
  const [wardInput, setWardInput] = useState(ward);

  const filters = useMemo<WorklistFilters>(
    () => ({
      flagType: type && (FLAG_TYPES as readonly string[]).includes(type) ? (type as FlagType) : undefined,
      ward: ward || undefined,
      since: today ? startOfTodayVietnam() : undefined,
      sort: byWard ? 'ward' : undefined,
    }),
    [type, ward, today, byWard],
  );
  const worklist = useWorklist(filters);
  const rows = useMemo(() => worklist.data?.pages.flatMap((page) => page.data) ?? [], [worklist.data]);
  const filtered = Boolean(filters.flagType || filters.ward || filters.since);

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
            data-testid="worklist-filter-type"
          />
          <Select
            value={byWard ? 'ward' : 'priority'}
            onChange={(value: 'priority' | 'ward') => update({ sort: value === 'ward' ? 'ward' : null })}
            options={[
              { value: 'priority', label: t('worklist.sortPriority') },
              { value: 'ward', label: t('worklist.sortWard') },
            ]}
            data-testid="worklist-sort"
          />
          <Input.Search
            allowClear
            placeholder={t('worklist.filterWard')}
            value={wardInput}
            onChange={(e) => setWardInput(e.target.value)}
            onSearch={(value) => update({ ward: value.trim() || null })}
            data-testid="worklist-filter-ward"
          />
          <Checkbox checked={today} onChange={(e) => update({ today: e.target.checked ? '1' : null })} data-testid="worklist-filter-today">
            {t('worklist.today')}
          </Checkbox>
        </div>
        {worklist.isError && <ErrorAlert error={worklist.error} onRetry={() => void worklist.refetch()} />}
        <WorklistTable flags={rows} loading={worklist.isPending} filtered={filtered} onOpen={(f) => update({ flag: f.id })} />
        <div className="table-footer">
          <span className="muted" data-testid="worklist-count">
            {t('worklist.shown', { count: rows.length })}
          </span>
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

import { Button, Card, Grid, Segmented } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CASE_LIST_STATUSES, CASE_NEED_DOMAINS } from '../../api-types';
import type { CaseListFilters as Filters } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { checkWholeNumber, formatNumber } from '../../format';
import { useCan } from '../auth/session';
import { CaseListFilters } from './case-lists-filters';
import type { FilterChanges } from './case-lists-filters';
import { CaseListCards, CaseListTable } from './case-lists-views';
import { useCaseList } from './case-lists.api';
import './case-panels.css';

const SCOPES = ['mine', 'hospital'] as const;
type Scope = (typeof SCOPES)[number];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

function age(value: string | null): number | undefined {
  if (value === null) return undefined;
  const check = checkWholeNumber(value, { min: 0, max: 150 });
  return check.ok && check.value !== null ? check.value : undefined;
}

/** The query from the address: unknown values are left out (the server's default), never sent to fail. */
function filtersFrom(params: URLSearchParams, scope: Scope): Filters {
  return {
    scope,
    status: oneOf(params.get('status'), CASE_LIST_STATUSES),
    assignedTo:
      scope === 'hospital' && /^[0-9a-f]{24}$/.test(params.get('assignedTo') ?? '') ? (params.get('assignedTo') ?? undefined) : undefined,
    need: oneOf(params.get('need'), CASE_NEED_DOMAINS),
    ageMin: age(params.get('ageMin')),
    ageMax: age(params.get('ageMax')),
    ward: params.get('ward')?.trim() || undefined,
    overdueGoals: params.get('overdue') === '1' ? 'true' : undefined,
  };
}

/**
 * "Ca hỗ trợ": a social worker's own cases, or the hospital's caseload for a head of social work
 * (who may assign cases), switched by a toggle; filters and the scope live in the address
 * (`/cases?scope=hospital&status=plan&need=housing&ageMin=6&ageMax=15&ward=Nhi&overdue=1`).
 * On a phone each case is a card.
 */
export function CaseListsPage(): React.JSX.Element {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const leads = can('case.assign');
  const scope: Scope = oneOf(params.get('scope'), SCOPES) ?? (leads ? 'hospital' : 'mine');
  const narrow = !Grid.useBreakpoint().md;
  const filters = useMemo(() => filtersFrom(params, scope), [params, scope]);
  const list = useCaseList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const filtered = Object.entries(filters).some(([k, v]) => k !== 'scope' && v !== undefined);
  const emptyText = filtered ? t('caseLists.emptyFiltered') : scope === 'mine' ? t('caseLists.emptyMine') : t('caseLists.empty');

  const update = (changes: FilterChanges): void => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  };
  const open = (c: { id: string }): void => void navigate(`/cases/${c.id}`);

  return (
    <div data-testid="page-cases" data-scope={scope}>
      <PageHeader
        title={t('caseLists.title')}
        subtitle={scope === 'mine' ? t('caseLists.subtitleMine') : t('caseLists.subtitleHospital')}
      />
      <Card>
        <div className="block-gap">
          <Segmented<Scope>
            value={scope}
            onChange={(v) => update({ scope: v, assignedTo: null })}
            options={SCOPES.map((value) => ({
              value,
              label: <span data-testid={`case-scope-${value}`}>{t(`caseLists.scopes.${value}`)}</span>,
            }))}
            aria-label={t('caseLists.scopeLabel')}
            data-testid="case-scope"
          />
        </div>
        <CaseListFilters params={params} byWorker={scope === 'hospital' && can('user.list')} update={update} />
        <div className="worklist-summary muted" role="status" data-testid="case-count" data-shown={rows.length} data-total={total ?? ''}>
          {total !== undefined && t('caseLists.shownOfTotal', { shown: formatNumber(rows.length), total: formatNumber(total) })}
        </div>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {narrow ? (
          <CaseListCards cases={rows} loading={list.isPending} emptyText={emptyText} onOpen={open} />
        ) : (
          <CaseListTable cases={rows} loading={list.isPending} emptyText={emptyText} onOpen={open} />
        )}
        <div className="table-footer">
          {list.hasNextPage && (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="case-load-more">
              {t('common.loadMore')}
            </Button>
          )}
        </div>
      </Card>
    </div>
  );
}

import { Button, Card, Grid, Segmented } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { REFERRAL_SERVICES, REFERRAL_STATUSES } from '../../api-types';
import type { ReferralBox, ReferralListFilters as Filters } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { formatNumber } from '../../format';
import { useCan } from '../auth/session';
import { ReferralListFilters } from './referral-lists-filters';
import type { FilterChanges } from './referral-lists-filters';
import { ReferralListCards, ReferralListTable } from './referral-lists-views';
import { useReferralList } from './referrals.api';
import './referral-lists.css';

const STATES = ['live', 'ended'] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/**
 * The boxes the user has, from what the policy lets them do (never the role): hospital staff
 * (who may refer) an inbox and an outbox; network staff (who read the overdue board but refer
 * nothing) the network's; a charity partner its organisation's inbox only.
 */
export function boxesFor(can: (action: string) => boolean): ReferralBox[] {
  if (can('referral.create')) return ['inbox', 'outbox'];
  if (can('referral.overdue.read')) return ['all'];
  return ['inbox'];
}

/** The query from the address: unknown values are left out (the server's default), never sent to fail. */
function filtersFrom(params: URLSearchParams, box: ReferralBox): Filters {
  return {
    box,
    state: oneOf(params.get('state'), STATES),
    status: oneOf(params.get('status'), REFERRAL_STATUSES),
    service: oneOf(params.get('service'), REFERRAL_SERVICES),
    overdue: params.get('overdue') === '1' ? 'true' : undefined,
  };
}

/**
 * "Chuyển gửi": the inbox (sent to my hospital or organisation) and the outbox (sent by my
 * hospital) as tabs, or the network's referrals for a coordinator; filters and the box live in the
 * address (`/referrals?box=outbox&state=live&service=shelter&overdue=1`). On a phone each referral
 * is a card. The patient's name shows only in the own hospital's outbox (the server sends it to no one else).
 */
export function ReferralListsPage(): React.JSX.Element {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const boxes = boxesFor(can);
  const box = oneOf(params.get('box'), boxes) ?? boxes[0] ?? 'inbox';
  const narrow = !Grid.useBreakpoint().md;
  const filters = useMemo(() => filtersFrom(params, box), [params, box]);
  const list = useReferralList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const filtered = Object.entries(filters).some(([k, v]) => k !== 'box' && v !== undefined);
  const emptyText = filtered ? t('referralLists.emptyFiltered') : t(`referralLists.empty.${box}`);

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
  const open = (r: { id: string }): void => void navigate(`/referrals/${r.id}`);
  const views = { referrals: rows, box, loading: list.isPending, emptyText, onOpen: open };

  return (
    <div data-testid="page-referrals" data-box={box}>
      <PageHeader title={t('referralLists.title')} subtitle={t(`referralLists.subtitles.${box}`)} />
      <Card>
        {boxes.length > 1 && (
          <div className="block-gap">
            <Segmented<ReferralBox>
              value={box}
              onChange={(v) => update({ box: v })}
              options={boxes.map((value) => ({
                value,
                label: <span data-testid={`referral-box-${value}`}>{t(`referralLists.boxes.${value}`)}</span>,
              }))}
              aria-label={t('referralLists.boxLabel')}
              data-testid="referral-box"
            />
          </div>
        )}
        <ReferralListFilters params={params} box={box} update={update} />
        <div className="referral-count muted" role="status" data-testid="referral-count" data-shown={rows.length} data-total={total ?? ''}>
          {total !== undefined && t('referralLists.shownOfTotal', { shown: formatNumber(rows.length), total: formatNumber(total) })}
        </div>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {narrow ? <ReferralListCards {...views} /> : <ReferralListTable {...views} />}
        <div className="table-footer">
          {list.hasNextPage && (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="referral-load-more">
              {t('common.loadMore')}
            </Button>
          )}
        </div>
      </Card>
    </div>
  );
}

import { Button, Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AGE_BAND_LIST, FUNDING_URGENCY_LIST, LINE_KIND_LIST } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageLoading } from '../../components/page-states';
import { formatNumber } from '../../format';
import { MarketplaceCard } from './marketplace-card';
import { LEFT_BANDS, MarketplaceFilters, NEW_PROVINCES, SORTS } from './marketplace-filters';
import type { FilterChanges, LeftBand } from './marketplace-filters';
import { useMarketplace } from './partner.api';
import type { MarketFilters as Filters } from './partner.api';
import './partner.css';

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** The query from the address: unknown values are left out, never sent to fail. */
function filtersFrom(params: URLSearchParams): Filters {
  const band = oneOf(params.get('left'), Object.keys(LEFT_BANDS) as LeftBand[]);
  const left: { minLeftVnd?: number; maxLeftVnd?: number } = band ? LEFT_BANDS[band] : {};
  return {
    province: oneOf(params.get('province'), NEW_PROVINCES),
    ageBand: oneOf(params.get('ageBand'), AGE_BAND_LIST),
    need: oneOf(params.get('need'), LINE_KIND_LIST),
    urgency: oneOf(params.get('urgency'), FUNDING_URGENCY_LIST),
    sort: oneOf(params.get('sort'), SORTS),
    ...left,
  };
}

/**
 * "Hoàn cảnh cần hỗ trợ": the stories hospitals published with the patient's consent, as cards
 * (one column on a phone), filtered by province, age band, need, urgency and amount left. Nothing
 * here identifies a patient: the server sends only the de-identified story and the money.
 */
export function MarketplacePage(): React.JSX.Element {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const list = useMarketplace(filters);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const filtered = Object.values(filters).some((v) => v !== undefined);

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

  return (
    <div data-testid="page-marketplace">
      <PageHeader title={t('marketplace.title')} subtitle={t('marketplace.subtitle')} />
      <Card className="block-gap">
        <MarketplaceFilters params={params} update={update} />
        <div className="muted" role="status" data-testid="market-count" data-total={total ?? ''}>
          {total !== undefined && t('marketplace.shownOfTotal', { shown: formatNumber(items.length), total: formatNumber(total) })}
        </div>
      </Card>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <PageLoading />}
      {list.isSuccess && items.length === 0 && (
        <Card>
          <EmptyState title={filtered ? t('marketplace.emptyFiltered') : t('marketplace.empty')} />
        </Card>
      )}
      <Row gutter={[16, 16]}>
        {items.map((item) => (
          <Col key={item.id} xs={24} md={12} xl={8}>
            <MarketplaceCard item={item} />
          </Col>
        ))}
      </Row>
      <div className="table-footer">
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="market-load-more">
            {t('common.loadMore')}
          </Button>
        )}
      </div>
    </div>
  );
}

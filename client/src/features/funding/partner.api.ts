import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { API_BASE, api } from '../../api';
import type {
  Disbursement,
  DisbursementInput,
  MarketplaceFilters,
  MarketplacePage,
  Pledge,
  PledgeFilters,
  PledgeInput,
  PledgePage,
  ReversalInput,
  Statement,
} from '../../api-types';
import { fundingKeys, fundingPath } from './funding.api';

/**
 * The charity partner's calls (issue 12): the marketplace, its pledges, disbursements with their
 * receipts, and its statements. Keys sit under `['funding', …]` (client-hospital's `fundingKeys.root`),
 * so a pledge or a disbursement marks the request's page, its ledger and every list stale at once.
 * Money-moving writes carry an Idempotency-Key the caller made ONCE per dialog or form opening
 * (decision 0025): a retry of the same attempt resends the same key and cannot move money twice.
 */
/** The marketplace's filters as the client sends them (the amounts as numbers: the schema coerces query text). */
export type MarketFilters = Omit<MarketplaceFilters, 'minLeftVnd' | 'maxLeftVnd'> & { minLeftVnd?: number; maxLeftVnd?: number };

export const partnerKeys = {
  marketplace: (filters: MarketFilters) => ['funding', 'marketplace', filters] as const,
  myPledges: (filters: PledgeFilters) => ['funding', 'my-pledges', filters] as const,
  pledge: (id: string) => ['funding', 'pledge', id] as const,
  statement: (period: StatementPeriod) => ['funding', 'statement', period] as const,
};

/** A fresh idempotency key (crypto.randomUUID where the page is a secure context, random bytes otherwise). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const keyHeader = (key: string): Record<string, string> => ({ 'Idempotency-Key': key });
const pledgePath = (id: string): string => `/pledges/${encodeURIComponent(id)}`;
const disbursementPath = (id: string): string => `/disbursements/${encodeURIComponent(id)}`;

export const MARKETPLACE_PAGE_SIZE = 12;

/** Listed requests open to pledges, a page at a time ("Tải thêm"), with how many match in all. */
export function useMarketplace(filters: MarketFilters): UseInfiniteQueryResult<InfiniteData<MarketplacePage, string | null>> {
  return useInfiniteQuery({
    queryKey: partnerKeys.marketplace(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<MarketplacePage>('/marketplace', { ...filters, limit: MARKETPLACE_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** How many requests the marketplace lists now (the partner's home card). */
export function useMarketplaceCount(enabled = true): UseQueryResult<number> {
  return useQuery({
    queryKey: ['funding', 'marketplace-count'],
    queryFn: async ({ signal }) => (await api.get<MarketplacePage>('/marketplace', { limit: 1 }, signal)).total,
    enabled,
  });
}

/** Everything about a request, its pledges and lists, is stale after money moved. */
function useMoneyMoved(): (requestId: string) => void {
  const queryClient = useQueryClient();
  return (requestId) => {
    void queryClient.invalidateQueries({ queryKey: fundingKeys.root });
    void queryClient.invalidateQueries({ queryKey: fundingKeys.detail(requestId) });
  };
}

export interface KeyedPledge extends PledgeInput {
  requestId: string;
  idempotencyKey: string;
}

export function useCreatePledge(): UseMutationResult<Pledge, Error, KeyedPledge> {
  const moved = useMoneyMoved();
  return useMutation({
    mutationFn: ({ requestId, idempotencyKey, ...body }) =>
      api.post<Pledge>(`${fundingPath(requestId)}/pledges`, body, keyHeader(idempotencyKey)),
    onSuccess: (pledge) => moved(pledge.requestId),
  });
}

/** The partner's own pledges (the server answers only its organisation's), newest first. */
export function useMyPledges(filters: PledgeFilters): UseInfiniteQueryResult<InfiniteData<PledgePage, string | null>> {
  return useInfiniteQuery({
    queryKey: partnerKeys.myPledges(filters),
    queryFn: ({ pageParam, signal }) => api.get<PledgePage>('/pledges', { ...filters, limit: 25, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function usePledge(id: string | undefined): UseQueryResult<Pledge> {
  return useQuery({
    queryKey: partnerKeys.pledge(id ?? ''),
    queryFn: ({ signal }) => api.get<Pledge>(pledgePath(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: (count, error) =>
      count < 2 && !('status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500),
  });
}

export function useCancelPledge(): UseMutationResult<Pledge, Error, { id: string; idempotencyKey: string }> {
  const moved = useMoneyMoved();
  return useMutation({
    mutationFn: ({ id, idempotencyKey }) => api.post<Pledge>(`${pledgePath(id)}/cancel`, {}, keyHeader(idempotencyKey)),
    onSuccess: (pledge) => moved(pledge.requestId),
  });
}

export function useDisburse(pledgeId: string): UseMutationResult<Disbursement, Error, { body: DisbursementInput; idempotencyKey: string }> {
  const moved = useMoneyMoved();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }) =>
      api.post<Disbursement>(`${pledgePath(pledgeId)}/disbursements`, body, keyHeader(idempotencyKey)),
    onSuccess: (d) => moved(d.requestId),
  });
}

export function useReverseDisbursement(): UseMutationResult<
  Disbursement,
  Error,
  { id: string; body: ReversalInput; idempotencyKey: string }
> {
  const moved = useMoneyMoved();
  return useMutation({
    mutationFn: ({ id, body, idempotencyKey }) =>
      api.post<Disbursement>(`${disbursementPath(id)}/reversal`, body, keyHeader(idempotencyKey)),
    onSuccess: (d) => moved(d.requestId),
  });
}

export function useAddReceipt(): UseMutationResult<Disbursement, Error, { disbursementId: string; file: File }> {
  const moved = useMoneyMoved();
  return useMutation({
    mutationFn: ({ disbursementId, file }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<Disbursement>(`${disbursementPath(disbursementId)}/receipts`, form);
    },
    onSuccess: (d) => moved(d.requestId),
  });
}

export function partnerReceiptUrl(disbursementId: string, receiptId: string): string {
  return `${API_BASE}${disbursementPath(disbursementId)}/receipts/${encodeURIComponent(receiptId)}/content`;
}

/** A statement's period (Vietnam days) and, for network staff, whose. */
export interface StatementPeriod {
  from: string;
  to: string;
  organisationId?: string;
}

export function useStatement(period: StatementPeriod, enabled: boolean): UseQueryResult<Statement> {
  return useQuery({
    queryKey: partnerKeys.statement(period),
    queryFn: ({ signal }) => api.get<Statement>('/statements', { ...period }, signal),
    enabled,
  });
}

/** The statement as a file (the browser downloads it with the session cookie). */
export function statementFileUrl(period: StatementPeriod, format: 'csv' | 'pdf'): string {
  const q = new URLSearchParams({
    from: period.from,
    to: period.to,
    format,
    ...(period.organisationId ? { organisationId: period.organisationId } : {}),
  });
  return `${API_BASE}/statements?${q.toString()}`;
}

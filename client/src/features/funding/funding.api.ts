import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { API_BASE, api } from '../../api';
import type {
  Disbursement,
  FundingCreateInput,
  FundingDetail,
  FundingLine,
  FundingListFilters,
  FundingListPage,
  FundingMoveInput,
  FundingOutcome,
  FundingOutcomeInput,
  FundingStoryInput,
  FundingSummary,
  LedgerView,
  PledgePage,
  Reconciliation,
} from '../../api-types';

/**
 * Every funding call of the hospital's screens (issue 12). Keys: what belongs to a case sits under
 * `['cases', caseId, …]` (a consent recorded on the case page marks every `['cases']` read stale,
 * so the publishing consent shown on a request refreshes too); the requests, their ledgers and
 * pledges under `['funding', …]`, so any change to a request refreshes the lists and the queue.
 */
export const fundingKeys = {
  root: ['funding'] as const,
  detail: (id: string) => ['funding', 'detail', id] as const,
  ledger: (id: string) => ['funding', 'ledger', id] as const,
  pledges: (id: string) => ['funding', 'pledges', id] as const,
  list: (filters: FundingListFilters) => ['funding', 'list', filters] as const,
  count: (filters: FundingListFilters) => ['funding', 'count', filters] as const,
  ofCase: (caseId: string) => ['cases', caseId, 'funding'] as const,
  reconciliation: (month: string) => ['funding', 'reconciliation', month] as const,
};

export const fundingPath = (id: string): string => `/funding-requests/${encodeURIComponent(id)}`;
const caseFundingPath = (caseId: string): string => `/cases/${encodeURIComponent(caseId)}/funding-requests`;

/** What the editor shows while lines are typed: the BHYT share per line and what would be asked (nothing stored). */
export interface FundingPreview {
  lines: FundingLine[];
  bhyt: FundingDetail['bhyt'];
  askedVnd: number;
}

export function useCaseFunding(caseId: string, enabled = true): UseQueryResult<FundingSummary[]> {
  return useQuery({
    queryKey: fundingKeys.ofCase(caseId),
    queryFn: async ({ signal }) => (await api.get<{ data: FundingSummary[] }>(caseFundingPath(caseId), undefined, signal)).data,
    enabled,
  });
}

/** The server computes the BHYT split (the card's benefit on the service day): the editor asks it as lines change. */
export function previewFunding(caseId: string, body: FundingCreateInput): Promise<FundingPreview> {
  return api.post<FundingPreview>(`${caseFundingPath(caseId)}/preview`, body);
}

export function useFundingRequest(id: string | undefined): UseQueryResult<FundingDetail> {
  return useQuery({
    queryKey: fundingKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<FundingDetail>(fundingPath(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: (count, error) =>
      count < 2 && !('status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500),
  });
}

/** After a request changes: its page takes the answer; lists, the queue, the case's panel and timeline go stale. */
function useFundingChanged(): (updated: FundingDetail) => void {
  const queryClient = useQueryClient();
  return (updated) => {
    queryClient.setQueryData(fundingKeys.detail(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: fundingKeys.root });
    if (updated.caseId) void queryClient.invalidateQueries({ queryKey: ['cases', updated.caseId] });
    if (updated.caseId) void queryClient.invalidateQueries({ queryKey: ['cases', 'timeline', updated.caseId] });
  };
}

export function useCreateFunding(caseId: string): UseMutationResult<FundingDetail, Error, FundingCreateInput> {
  const changed = useFundingChanged();
  return useMutation({ mutationFn: (body) => api.post<FundingDetail>(caseFundingPath(caseId), body), onSuccess: changed });
}

export function useUpdateFunding(id: string): UseMutationResult<FundingDetail, Error, Partial<FundingCreateInput>> {
  const changed = useFundingChanged();
  return useMutation({ mutationFn: (body) => api.patch<FundingDetail>(fundingPath(id), body), onSuccess: changed });
}

export function useFundingMove(id: string): UseMutationResult<FundingDetail, Error, FundingMoveInput> {
  const changed = useFundingChanged();
  return useMutation({ mutationFn: (body) => api.post<FundingDetail>(`${fundingPath(id)}/moves`, body), onSuccess: changed });
}

export function useSaveStory(id: string): UseMutationResult<FundingDetail, Error, FundingStoryInput> {
  const changed = useFundingChanged();
  return useMutation({ mutationFn: (body) => api.put<FundingDetail>(`${fundingPath(id)}/story`, body), onSuccess: changed });
}

export function usePostOutcome(id: string): UseMutationResult<FundingOutcome, Error, FundingOutcomeInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body) => api.post<FundingOutcome>(`${fundingPath(id)}/outcomes`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fundingKeys.root }),
  });
}

/** Every transfer of the request with the balances (hospital and network staff). */
export function useFundingLedger(id: string, enabled = true): UseQueryResult<LedgerView> {
  return useQuery({
    queryKey: fundingKeys.ledger(id),
    queryFn: ({ signal }) => api.get<LedgerView>(`${fundingPath(id)}/ledger`, undefined, signal),
    enabled,
  });
}

/** The request's pledges (organisation, amount, state) with their disbursements and receipts. */
export function useRequestPledges(id: string, enabled = true): UseQueryResult<PledgePage> {
  return useQuery({
    queryKey: fundingKeys.pledges(id),
    queryFn: ({ signal }) => api.get<PledgePage>('/pledges', { requestId: id, limit: 100 }, signal),
    enabled,
  });
}

export function receiptUrl(disbursementId: string, receiptId: string): string {
  return `${API_BASE}/disbursements/${encodeURIComponent(disbursementId)}/receipts/${encodeURIComponent(receiptId)}/content`;
}

/** The hospital uploads the family's or the bill's receipt for a disbursement. */
export function useUploadReceipt(requestId: string): UseMutationResult<Disbursement, Error, { disbursementId: string; file: File }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ disbursementId, file }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<Disbursement>(`/disbursements/${encodeURIComponent(disbursementId)}/receipts`, form);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: fundingKeys.pledges(requestId) });
      void queryClient.invalidateQueries({ queryKey: fundingKeys.ledger(requestId) });
    },
  });
}

export const FUNDING_LIST_PAGE_SIZE = 25;

/** The hospital's requests or the head's approval queue (`view: 'queue'`), a page at a time. */
export function useFundingList(filters: FundingListFilters): UseInfiniteQueryResult<InfiniteData<FundingListPage, string | null>> {
  return useInfiniteQuery({
    queryKey: fundingKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<FundingListPage>('/funding-requests', { ...filters, limit: FUNDING_LIST_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** How many requests match (one row read, the answer's total): the head's home count. */
export function useFundingCount(filters: FundingListFilters, enabled = true): UseQueryResult<number> {
  return useQuery({
    queryKey: fundingKeys.count(filters),
    queryFn: async ({ signal }) => (await api.get<FundingListPage>('/funding-requests', { ...filters, limit: 1 }, signal)).total,
    enabled,
  });
}

export function useReconciliation(month: string): UseQueryResult<Reconciliation> {
  return useQuery({
    queryKey: fundingKeys.reconciliation(month),
    queryFn: ({ signal }) => api.get<Reconciliation>('/reconciliation', { month }, signal),
  });
}

export function reconciliationCsvUrl(month: string): string {
  return `${API_BASE}/reconciliation?month=${encodeURIComponent(month)}&format=csv`;
}

/** The hospital's claims export (4210 XML or CSV) for a month: the answer is the month's reconciliation with the differences. */
export function useUploadClaims(month: string): UseMutationResult<Reconciliation, Error, File> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<Reconciliation>(`/reconciliation/claims?month=${encodeURIComponent(month)}`, form);
    },
    onSuccess: (answer) => queryClient.setQueryData(fundingKeys.reconciliation(month), answer),
  });
}

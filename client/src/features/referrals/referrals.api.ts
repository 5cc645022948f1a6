import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { API_BASE, api } from '../../api';
import type {
  OverduePage,
  ReferralComment,
  ReferralCreateInput,
  ReferralDetail,
  ReferralListFilters,
  ReferralListPage,
  ReferralRecipient,
  ReferralRecipientQuery,
  ReferralSummary,
  ReferralTransitionInput,
  ReferralUpdateInput,
} from '../../api-types';

/**
 * Every referral call of the client (issue 11). Keys: what belongs to a case sits under
 * `['cases', caseId, …]`, so a consent recorded or withdrawn on the case page (which marks every
 * `['cases']` read stale) refreshes the recipients' consent and the case's referrals too; the
 * referral itself and the lists sit under `['referrals', …]`.
 */
export const referralKeys = {
  root: ['referrals'] as const,
  detail: (id: string) => ['referrals', 'detail', id] as const,
  comments: (id: string) => ['referrals', 'comments', id] as const,
  ofCase: (caseId: string) => ['cases', caseId, 'referrals'] as const,
  recipients: (caseId: string, query: Omit<ReferralRecipientQuery, 'caseId'>) => ['cases', caseId, 'recipients', query] as const,
};

const referralPath = (id: string): string => `/referrals/${encodeURIComponent(id)}`;
const caseReferralsPath = (caseId: string): string => `/cases/${encodeURIComponent(caseId)}/referrals`;

/** The case's referrals, for the sender's case page (own hospital only). */
export function useCaseReferrals(caseId: string, enabled = true): UseQueryResult<ReferralSummary[]> {
  return useQuery({
    queryKey: referralKeys.ofCase(caseId),
    queryFn: async ({ signal }) => (await api.get<{ data: ReferralSummary[] }>(caseReferralsPath(caseId), undefined, signal)).data,
    enabled,
  });
}

/** Hospitals and organisations of the network a case may be referred to, each with the patient's consent to it (or null). */
export function useRecipients(caseId: string, query: Omit<ReferralRecipientQuery, 'caseId'>): UseQueryResult<ReferralRecipient[]> {
  return useQuery({
    queryKey: referralKeys.recipients(caseId, query),
    queryFn: async ({ signal }) =>
      (await api.get<{ data: ReferralRecipient[] }>('/referral-recipients', { ...query, caseId }, signal)).data,
    placeholderData: (previous) => previous,
  });
}

export function useReferral(id: string | undefined): UseQueryResult<ReferralDetail> {
  return useQuery({
    queryKey: referralKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<ReferralDetail>(referralPath(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: (count, error) =>
      count < 2 && !('status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500),
  });
}

/** After a referral changes: its page takes the answer; the lists, the case's referrals and its timeline go stale. */
function useReferralChanged(): (updated: ReferralDetail) => void {
  const queryClient = useQueryClient();
  return (updated) => {
    queryClient.setQueryData(referralKeys.detail(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: referralKeys.root });
    void queryClient.invalidateQueries({ queryKey: ['cases', updated.caseId] });
    void queryClient.invalidateQueries({ queryKey: ['cases', 'timeline', updated.caseId] });
  };
}

/** A draft, or a referral sent at once (`send: true`). */
export function useCreateReferral(caseId: string): UseMutationResult<ReferralDetail, Error, ReferralCreateInput> {
  const changed = useReferralChanged();
  return useMutation({ mutationFn: (body) => api.post<ReferralDetail>(caseReferralsPath(caseId), body), onSuccess: changed });
}

/** Changes a draft (the sender's, before sending). */
export function useUpdateReferral(id: string): UseMutationResult<ReferralDetail, Error, ReferralUpdateInput> {
  const changed = useReferralChanged();
  return useMutation({ mutationFn: (body) => api.patch<ReferralDetail>(referralPath(id), body), onSuccess: changed });
}

/** One move of the referral's workflow (the server says which moves this user may make: `can` holds `move:<status>`). */
export function useReferralTransition(id: string): UseMutationResult<ReferralDetail, Error, ReferralTransitionInput> {
  const changed = useReferralChanged();
  return useMutation({ mutationFn: (body) => api.post<ReferralDetail>(`${referralPath(id)}/transitions`, body), onSuccess: changed });
}

/** The thread between the sender and the receiver, oldest first. */
export function useReferralComments(id: string, enabled = true): UseQueryResult<ReferralComment[]> {
  return useQuery({
    queryKey: referralKeys.comments(id),
    queryFn: async ({ signal }) => (await api.get<{ data: ReferralComment[] }>(`${referralPath(id)}/comments`, undefined, signal)).data,
    enabled,
  });
}

export function useAddComment(id: string): UseMutationResult<ReferralComment, Error, { body: string }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body) => api.post<ReferralComment>(`${referralPath(id)}/comments`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: referralKeys.comments(id) }),
  });
}

/** A shared document's bytes through the referral (the receiver reads them only while the referral is shared). */
export function referralDocumentUrl(id: string, attachmentId: string, inline = false): string {
  return `${API_BASE}${referralPath(id)}/documents/${encodeURIComponent(attachmentId)}/content${inline ? '?inline=1' : ''}`;
}

// ---- The lists (the [client-lists] helper's): inbox, outbox, the network's, the overdue board --------

/** The lists' keys sit under `['referrals', …]`, so any change to a referral (useReferralChanged) refreshes them. */
export const referralListKeys = {
  list: (filters: ReferralListFilters) => ['referrals', 'list', filters] as const,
  count: (filters: ReferralListFilters) => ['referrals', 'count', filters] as const,
  overdue: ['referrals', 'overdue'] as const,
  overdueCount: ['referrals', 'overdue-count'] as const,
};

export const REFERRAL_LIST_PAGE_SIZE = 25;

/** The inbox, the outbox or the network's referrals, a page at a time ("Tải thêm"), with how many match in all. */
export function useReferralList(filters: ReferralListFilters): UseInfiniteQueryResult<InfiniteData<ReferralListPage, string | null>> {
  return useInfiniteQuery({
    queryKey: referralListKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<ReferralListPage>('/referrals', { ...filters, limit: REFERRAL_LIST_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** How many referrals a box holds under the filters (one row read, the answer's total): the home pages' counts. */
export function useReferralCount(filters: ReferralListFilters, enabled = true): UseQueryResult<number> {
  return useQuery({
    queryKey: referralListKeys.count(filters),
    queryFn: async ({ signal }) => (await api.get<ReferralListPage>('/referrals', { ...filters, limit: 1 }, signal)).total,
    enabled,
  });
}

/** The overdue board: escalated first, then the most working days overdue; a page at a time. */
export function useOverdueBoard(): UseInfiniteQueryResult<InfiniteData<OverduePage, string | null>> {
  return useInfiniteQuery({
    queryKey: referralListKeys.overdue,
    queryFn: ({ pageParam, signal }) =>
      api.get<OverduePage>('/referrals/overdue', { limit: REFERRAL_LIST_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** How many referrals are overdue (the board's total): the coordinator's and the head's home. */
export function useOverdueCount(enabled = true): UseQueryResult<number> {
  return useQuery({
    queryKey: referralListKeys.overdueCount,
    queryFn: async ({ signal }) => (await api.get<OverduePage>('/referrals/overdue', { limit: 1 }, signal)).total,
    enabled,
  });
}

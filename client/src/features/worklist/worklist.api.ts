import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { Flag, FlagReviewInput, WorklistFilters, WorklistPage } from '../../api-types';

export const worklistKeys = {
  root: ['worklist'] as const,
  list: (filters: WorklistFilters, limit: number) => ['worklist', 'list', filters, limit] as const,
  flag: (id: string) => ['flags', id] as const,
  flagsRoot: ['flags'] as const,
};

export const WORKLIST_PAGE_SIZE = 25;

/** The hospital's flags (by default: the tasks of patients here now), highest priority first, a page at a time ("Tải thêm"), with the total. */
export function useWorklist(
  filters: WorklistFilters,
  limit = WORKLIST_PAGE_SIZE,
): UseInfiniteQueryResult<InfiniteData<WorklistPage, string | null>> {
  return useInfiniteQuery({
    queryKey: worklistKeys.list(filters, limit),
    queryFn: ({ pageParam, signal }) =>
      api.get<WorklistPage>('/worklist', { ...filters, limit, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useFlag(id: string | null): UseQueryResult<Flag> {
  return useQuery({
    queryKey: worklistKeys.flag(id ?? ''),
    queryFn: ({ signal }) => api.get<Flag>(`/flags/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

function useFlagUpdated(): (flag: Flag) => void {
  const queryClient = useQueryClient();
  return (flag) => {
    queryClient.setQueryData(worklistKeys.flag(flag.id), flag);
    void queryClient.invalidateQueries({ queryKey: worklistKeys.root });
    void queryClient.invalidateQueries({ queryKey: ['screenings'] });
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
  };
}

/** Confirm (opens a case), dismiss (with a reason) or expire a flag; 409 FLAG.NOT_ACTIVE when already reviewed. */
export function useReviewFlag(id: string): UseMutationResult<Flag, Error, FlagReviewInput> {
  const updated = useFlagUpdated();
  return useMutation({
    mutationFn: (input: FlagReviewInput) => api.post<Flag>(`/flags/${encodeURIComponent(id)}/review`, input),
    onSuccess: updated,
  });
}

/** Try again now to write the flag to the hospital's FHIR server. */
export function useRetryWriteBack(id: string): UseMutationResult<Flag, Error, void> {
  const updated = useFlagUpdated();
  return useMutation({
    mutationFn: () => api.post<Flag>(`/flags/${encodeURIComponent(id)}/write-back/retry`),
    onSuccess: updated,
  });
}


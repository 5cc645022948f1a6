import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { CaseListFilters, CaseListPage } from '../../api-types';

export const caseListKeys = {
  root: ['cases', 'list'] as const,
  list: (filters: CaseListFilters) => ['cases', 'list', filters] as const,
};

export const CASE_LIST_PAGE_SIZE = 25;

/** "My cases" or the hospital's caseload, a page at a time ("Tải thêm"), with how many match in all. */
export function useCaseList(filters: CaseListFilters): UseInfiniteQueryResult<InfiniteData<CaseListPage, string | null>> {
  return useInfiniteQuery({
    queryKey: caseListKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<CaseListPage>(
        '/cases',
        { ...(filters as Record<string, string | number | boolean | undefined>), limit: CASE_LIST_PAGE_SIZE, cursor: pageParam },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

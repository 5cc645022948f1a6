import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { Page } from '../../api-types';
import type { CaseAnyView, CaseDetail, CaseNote, CaseNoteInput, CaseStatus, ClosureOutcome, TimelineItem } from './case-types';

/**
 * One case (the own hospital's view), its timeline, and every change made on the case page. Each
 * change answers the whole case, which replaces the cached one; the timeline is refetched since
 * most changes add an event to it.
 */
export const caseKeys = {
  root: ['cases'] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  timeline: (id: string) => ['cases', 'timeline', id] as const,
};

const casePath = (id: string): string => `/cases/${encodeURIComponent(id)}`;
export const TIMELINE_PAGE_SIZE = 20;

/** The case as this user may see it: the own hospital's view, or a consented narrower one. */
export function useCase(id: string | undefined): UseQueryResult<CaseAnyView> {
  return useQuery({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<CaseAnyView>(casePath(id ?? ''), undefined, signal),
    enabled: Boolean(id),
    retry: (count, error) => count < 2 && !('status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500),
  });
}

export function useCaseTimeline(id: string): UseInfiniteQueryResult<InfiniteData<Page<TimelineItem>, string | null>> {
  return useInfiniteQuery({
    queryKey: caseKeys.timeline(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<TimelineItem>>(`${casePath(id)}/timeline`, { limit: TIMELINE_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** A change that answers the whole case: the cache takes the answer, the timeline and lists refresh. */
function useCaseChange<V>(id: string, send: (variables: V) => Promise<CaseDetail>): UseMutationResult<CaseDetail, Error, V> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (updated) => {
      queryClient.setQueryData(caseKeys.detail(id), updated);
      void queryClient.invalidateQueries({ queryKey: caseKeys.timeline(id) });
      void queryClient.invalidateQueries({ queryKey: ['cases', 'patient'] });
    },
  });
}

export function useTransition(id: string): UseMutationResult<CaseDetail, Error, { to: CaseStatus; reason?: string }> {
  return useCaseChange(id, (body) => api.post<CaseDetail>(`${casePath(id)}/transitions`, body));
}

export function useAssign(id: string): UseMutationResult<CaseDetail, Error, { userId: string }> {
  return useCaseChange(id, (body) => api.put<CaseDetail>(`${casePath(id)}/assignee`, body));
}

export function useClosureRequest(id: string): UseMutationResult<CaseDetail, Error, { outcome: ClosureOutcome; summary: string }> {
  return useCaseChange(id, (body) => api.post<CaseDetail>(`${casePath(id)}/closure-request`, body));
}

export function useClosureDecision(id: string): UseMutationResult<CaseDetail, Error, { decision: 'approve' | 'return'; reason?: string }> {
  return useCaseChange(id, (body) => api.post<CaseDetail>(`${casePath(id)}/closure-decision`, body));
}

export type PlanPart = 'needs' | 'goals' | 'interventions';

/** Adds a need, goal or intervention (POST) or changes one (PATCH with its id). */
export function usePlanChange(
  id: string,
  part: PlanPart,
): UseMutationResult<CaseDetail, Error, { itemId?: string; body: Record<string, unknown> }> {
  return useCaseChange(id, ({ itemId, body }) =>
    itemId
      ? api.patch<CaseDetail>(`${casePath(id)}/${part}/${encodeURIComponent(itemId)}`, body)
      : api.post<CaseDetail>(`${casePath(id)}/${part}`, body),
  );
}

/** Writes a note (or a correction of one) or edits the writer's own note within its window. */
export function useNoteChange(id: string): UseMutationResult<CaseNote, Error, { noteId?: string; body: Partial<CaseNoteInput> }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ noteId, body }) =>
      noteId
        ? api.patch<CaseNote>(`${casePath(id)}/notes/${encodeURIComponent(noteId)}`, body)
        : api.post<CaseNote>(`${casePath(id)}/notes`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caseKeys.timeline(id) }),
  });
}

/** Opens a case by hand for a linked patient (POST /cases). */
export function useOpenCase(): UseMutationResult<CaseDetail, Error, { patientId: string; note?: string }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body) => api.post<CaseDetail>('/cases', body),
    onSuccess: (created) => {
      queryClient.setQueryData(caseKeys.detail(created.id), created);
      void queryClient.invalidateQueries({ queryKey: ['cases', 'patient'] });
    },
  });
}

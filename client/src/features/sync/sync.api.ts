import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api, isApiError } from '../../api';
import type { SyncRun, SyncStatus } from '../../api-types';
import { patientKeys } from '../patients/patients.api';

export const syncKeys = {
  root: ['sync-runs'] as const,
  lists: ['sync-runs', 'list'] as const,
  list: (hospitalId: string | null, limit: number) => ['sync-runs', 'list', hospitalId ?? 'all', limit] as const,
  detail: (id: string) => ['sync-runs', 'detail', id] as const,
};

/** Queued (waiting for the server's background worker) or running: not ended yet, so it is re-read. */
export const isUnderWay = (status: SyncStatus): boolean => status === 'queued' || status === 'running';

/** How often a running sync is re-read. */
export const SYNC_POLL_MS = 1000;
export const SYNC_HISTORY_LIMIT = 20;

interface SyncRunsOptions {
  /** Re-read the list every this many ms while one of its runs is still running. */
  pollWhileRunningMs?: number;
  enabled?: boolean;
}

/** Runs newest first; one hospital's, or (coordinator, admin) the whole network's when null. */
export function useSyncRuns(
  hospitalId: string | null,
  limit = SYNC_HISTORY_LIMIT,
  options: SyncRunsOptions = {},
): UseQueryResult<SyncRun[]> {
  const { pollWhileRunningMs, enabled = true } = options;
  return useQuery({
    queryKey: syncKeys.list(hospitalId, limit),
    queryFn: async ({ signal }) => (await api.get<{ data: SyncRun[] }>('/sync-runs', { hospitalId, limit }, signal)).data,
    enabled,
    refetchInterval: (query) =>
      pollWhileRunningMs && query.state.data?.some((run) => isUnderWay(run.status)) ? pollWhileRunningMs : false,
  });
}

/** One run, re-read every second while it is queued or runs; polling stops once it has ended. */
export function useSyncRun(id: string | null, initial?: SyncRun): UseQueryResult<SyncRun> {
  return useQuery({
    queryKey: syncKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<SyncRun>(`/sync-runs/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
    staleTime: 0,
    initialData: initial && initial.id === id ? initial : undefined,
    initialDataUpdatedAt: 0,
    refetchInterval: (query) => (query.state.data && isUnderWay(query.state.data.status) ? SYNC_POLL_MS : false),
  });
}

/** Starts (or resumes) a hospital's census sync: 202 with the run; 409 when one is running. */
export function useStartSync(): UseMutationResult<SyncRun, Error, string> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (hospitalId: string) => api.post<SyncRun>(`/hospitals/${encodeURIComponent(hospitalId)}/sync`),
    onSuccess: (run) => {
      queryClient.setQueryData(syncKeys.detail(run.id), run);
      void queryClient.invalidateQueries({ queryKey: syncKeys.lists });
    },
    onError: (error) => {
      // Someone else's run is under way: show that one instead.
      if (isApiError(error) && error.code === 'SYNC.ALREADY_RUNNING') void queryClient.invalidateQueries({ queryKey: syncKeys.lists });
    },
  });
}

/** After a run finishes: fresh history, and the census it just refreshed. */
export function useOnRunFinished(): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: syncKeys.lists });
    void queryClient.invalidateQueries({ queryKey: patientKeys.census });
  };
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import type { AllPages } from '../../api';
import { api, fetchAllPages } from '../../api';
import type { Hospital, HospitalInput, HospitalPatch } from '../../api-types';

export const hospitalKeys = {
  root: ['hospitals'] as const,
  list: ['hospitals', 'list'] as const,
  detail: (id: string) => ['hospitals', 'detail', id] as const,
};

/** The whole network's hospitals (tens, not thousands): one list, filtered in the browser. */
export function useAllHospitals(enabled = true): UseQueryResult<AllPages<Hospital>> {
  return useQuery({
    queryKey: hospitalKeys.list,
    queryFn: ({ signal }) => fetchAllPages<Hospital>('/hospitals', signal),
    enabled,
  });
}

export function useHospital(id: string | null | undefined): UseQueryResult<Hospital> {
  return useQuery({
    queryKey: hospitalKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Hospital>(`/hospitals/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCreateHospital(): UseMutationResult<Hospital, Error, HospitalInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: HospitalInput) => api.post<Hospital>('/hospitals', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: hospitalKeys.root }),
  });
}

export function useUpdateHospital(): UseMutationResult<Hospital, Error, { id: string; patch: HospitalPatch }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: HospitalPatch }) => api.patch<Hospital>(`/hospitals/${encodeURIComponent(id)}`, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: hospitalKeys.root }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import type { AllPages } from '../../api';
import { api, fetchAllPages } from '../../api';
import type { Organisation, OrganisationInput, OrganisationPatch } from '../../api-types';

export const organisationKeys = {
  root: ['organisations'] as const,
  list: ['organisations', 'list'] as const,
  detail: (id: string) => ['organisations', 'detail', id] as const,
};

export function useAllOrganisations(enabled = true): UseQueryResult<AllPages<Organisation>> {
  return useQuery({
    queryKey: organisationKeys.list,
    queryFn: ({ signal }) => fetchAllPages<Organisation>('/organisations', signal),
    enabled,
  });
}

export function useOrganisation(id: string | null | undefined): UseQueryResult<Organisation> {
  return useQuery({
    queryKey: organisationKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Organisation>(`/organisations/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCreateOrganisation(): UseMutationResult<Organisation, Error, OrganisationInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OrganisationInput) => api.post<Organisation>('/organisations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organisationKeys.root }),
  });
}

export function useUpdateOrganisation(): UseMutationResult<Organisation, Error, { id: string; patch: OrganisationPatch }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: OrganisationPatch }) =>
      api.patch<Organisation>(`/organisations/${encodeURIComponent(id)}`, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organisationKeys.root }),
  });
}

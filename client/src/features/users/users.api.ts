import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import type { AllPages } from '../../api';
import { api, fetchAllPages } from '../../api';
import type { User, UserInput, UserPatch } from '../../api-types';

export const userKeys = {
  root: ['users'] as const,
  list: ['users', 'list'] as const,
};

/** All users an admin may see, or, for a head of social work, their hospital's team. */
export function useAllUsers(enabled = true): UseQueryResult<AllPages<User>> {
  return useQuery({
    queryKey: userKeys.list,
    queryFn: ({ signal }) => fetchAllPages<User>('/users', signal),
    enabled,
  });
}

export function useCreateUser(): UseMutationResult<User, Error, UserInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UserInput) => api.post<User>('/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.root }),
  });
}

export function useUpdateUser(): UseMutationResult<User, Error, { id: string; patch: UserPatch }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) => api.patch<User>(`/users/${encodeURIComponent(id)}`, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.root }),
  });
}

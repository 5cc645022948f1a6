import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../api';
import type { LoginInput, LoginResult, Session, User } from '../../api-types';
import { changeLanguage, storedLanguage } from '../../i18n';

/**
 * The session: read at start (which also creates the server session holding the CSRF token),
 * replaced on sign-in (the token changes then), and re-read after sign-out.
 */
export const sessionQueryKey = ['session'] as const;

export async function loadSession(): Promise<Session> {
  const session = await api.get<Session>('/auth/session');
  setCsrfToken(session.csrfToken);
  return session;
}

export function useSession(): UseQueryResult<Session> {
  return useQuery({ queryKey: sessionQueryKey, queryFn: loadSession, staleTime: Infinity });
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useCurrentUser(): User {
  const { data } = useSession();
  if (!data?.user) throw new Error('useCurrentUser outside a signed-in route');
  return data.user;
}

/**
 * What the policy lets the signed-in user do, as the server's session says (`can`): menus, pages
 * and buttons ask this, never the user's role, so the client keeps no copy of the policy.
 */
export function useCan(): (action: string) => boolean {
  const { data } = useSession();
  const allowed = new Set<string>(data?.can ?? []);
  return (action: string) => allowed.has(action);
}

export type Credentials = LoginInput;

export function useLogin(): UseMutationResult<LoginResult, Error, Credentials> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => api.post<LoginResult>('/auth/login', credentials),
    onSuccess: async ({ user, csrfToken, can }) => {
      setCsrfToken(csrfToken);
      // Start clean: nothing cached under a previous user may show to this one.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData<Session>(sessionQueryKey, { authenticated: true, csrfToken, user, can });
      // The user's saved language applies until they pick one in the header.
      if (!storedLanguage() && user.locale) await changeLanguage(user.locale, false);
    },
  });
}

export function useLogout(): UseMutationResult<void, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post<void>('/auth/logout');
      } finally {
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
        // A fresh anonymous session brings the CSRF token the next sign-in needs.
        await queryClient.fetchQuery({ queryKey: sessionQueryKey, queryFn: loadSession, staleTime: 0 });
      }
    },
  });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export function useChangePassword(): UseMutationResult<void, Error, PasswordChange> {
  return useMutation({
    mutationFn: async (body: PasswordChange) => {
      // The session is renewed on a password change: the answer carries its new CSRF token.
      const res = await api.post<{ csrfToken: string }>('/auth/password', body);
      setCsrfToken(res.csrfToken);
    },
  });
}

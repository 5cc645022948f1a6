import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api';
import { sessionQueryKey } from '../features/auth/session';

/**
 * One query client. A 401 other than a wrong password (at sign-in or as the current one) means the session ended (expired, signed
 * out elsewhere): re-read the session so the router sends the user to the sign-in page.
 */
function isSessionEnded(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && error.code !== 'AUTH.INVALID_CREDENTIALS' && error.code !== 'AUTH.WRONG_CURRENT_PASSWORD';
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isSessionEnded(error) && query.queryKey[0] !== sessionQueryKey[0]) {
          void client.invalidateQueries({ queryKey: sessionQueryKey });
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isSessionEnded(error)) void client.invalidateQueries({ queryKey: sessionQueryKey });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => {
          if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
  return client;
}

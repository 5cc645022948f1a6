import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, isApiError } from '../../api';
import type {
  capturedMailPageSchema,
  notificationPageSchema,
  notificationViewSchema,
} from '../../../../server/notifications/notifications.schemas';

/** Types from the server's own schemas (type-only: nothing of the server reaches the bundle). */
export type NotificationPage = z.output<typeof notificationPageSchema>;
export type AppNotification = z.output<typeof notificationViewSchema>;
export type CapturedMailPage = z.output<typeof capturedMailPageSchema>;
export type CapturedMail = CapturedMailPage['data'][number];

const PAGE = 20;
const KEY = ['notifications'] as const;
/** New notifications come from the worker: the bell asks again every minute (and on focus). */
const POLL_MS = 60_000;

export function useNotifications(): UseInfiniteQueryResult<InfiniteData<NotificationPage, string | null>> {
  return useInfiniteQuery({
    queryKey: KEY,
    queryFn: ({ pageParam, signal }) => api.get<NotificationPage>('/notifications', { limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: POLL_MS,
  });
}

export function useMarkRead(): UseMutationResult<AppNotification, Error, string> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<AppNotification>(`/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMarkAllRead(): UseMutationResult<{ marked: number }, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>('/notifications/read-all'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

/** The capture mailbox (admin, demo): null when it is off (the server answers 404). */
export function useMailbox(enabled: boolean, cursor: string | null = null): UseQueryResult<CapturedMailPage | null> {
  return useQuery({
    queryKey: ['mailbox', cursor],
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<CapturedMailPage>('/admin/mailbox', { limit: 50, cursor }, signal);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { CalendarStatus } from '../../../../server/features/admin/calendar.schemas';
import { api } from '../../api';

export type { CalendarStatus };

/** Which years the working-day calendar (public-holiday table) covers; this year or next missing is a warning. */
export function useCalendarStatus(): UseQueryResult<CalendarStatus> {
  return useQuery({ queryKey: ['calendar'], queryFn: ({ signal }) => api.get<CalendarStatus>('/calendar', undefined, signal), staleTime: 60 * 60_000 });
}

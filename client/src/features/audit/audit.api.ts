import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { AuditEvent, AuditFilters, Page } from '../../api-types';
import { nowInVietnam } from '../../clock';

export const AUDIT_PAGE_SIZE = 50;

/** The access log, newest first, one "load more" page at a time (it grows without bound). */
export function useAuditEvents(filters: AuditFilters): UseInfiniteQueryResult<InfiniteData<Page<AuditEvent>, string | null>> {
  return useInfiniteQuery({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEvent>>('/audit-events', { ...filters, limit: AUDIT_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Saves the events matching the filters as a FHIR AuditEvent Bundle (JSON file). */
export async function downloadAuditFhirBundle(filters: AuditFilters): Promise<void> {
  const blob = await api.blob('/audit-events/fhir', { ...filters, limit: 100 });
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/fhir+json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `nhipcau-audit-${nowInVietnam().format('YYYYMMDD-HHmm')}.fhir.json`;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

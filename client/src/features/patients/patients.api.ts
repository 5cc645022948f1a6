import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult, UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { Page, PatientMatches, PatientSearchCriteria, PatientSearchHit, PatientSummary, PatientView } from '../../api-types';

export const patientKeys = {
  root: ['patients'] as const,
  search: (criteria: PatientSearchCriteria) => ['patients', 'search', criteria] as const,
  searchRoot: ['patients', 'search'] as const,
  census: ['patients', 'census'] as const,
  detail: (id: string) => ['patients', 'detail', id] as const,
  matches: (id: string) => ['patients', 'matches', id] as const,
};

export const CENSUS_PAGE_SIZE = 50;
export const SEARCH_LIMIT = 20;

export function hasCriteria(criteria: PatientSearchCriteria): boolean {
  return Boolean(criteria.q || criteria.bhyt || criteria.nationalId || criteria.mrn || criteria.birthDate);
}

/**
 * Searches the hospital's FHIR server (and the module's linked patients by folded name). Not
 * retried: a slow or failing hospital server should say so at once, not after three timeouts.
 */
export function usePatientSearch(criteria: PatientSearchCriteria): UseQueryResult<PatientSearchHit[]> {
  return useQuery({
    queryKey: patientKeys.search(criteria),
    queryFn: async ({ signal }) =>
      (await api.get<{ data: PatientSearchHit[] }>('/patients/search', { ...criteria, limit: SEARCH_LIMIT }, signal)).data,
    enabled: hasCriteria(criteria),
    retry: false,
  });
}

/** The hospital's current inpatients among linked patients, 50 at a time ("Tải thêm"). */
export function useCensus(): UseInfiniteQueryResult<InfiniteData<Page<PatientSummary>, string | null>> {
  return useInfiniteQuery({
    queryKey: patientKeys.census,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<PatientSummary>>('/patients', { inpatient: true, limit: CENSUS_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function usePatient(id: string | undefined): UseQueryResult<PatientView> {
  return useQuery({
    queryKey: patientKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<PatientView>(`/patients/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function usePatientMatches(id: string | undefined): UseQueryResult<PatientMatches> {
  return useQuery({
    queryKey: patientKeys.matches(id ?? ''),
    queryFn: ({ signal }) => api.get<PatientMatches>(`/patients/${encodeURIComponent(id ?? '')}/matches`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** Links a search hit (idempotent: linking again refreshes the snapshot). */
export function useLinkPatient(): UseMutationResult<PatientView, Error, string> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fhirId: string) => api.post<PatientView>('/patients', { fhirId }),
    onSuccess: (patient, fhirId) => {
      queryClient.setQueryData(patientKeys.detail(patient.id), patient);
      // The hit now opens the linked patient instead of offering to link it.
      queryClient.setQueriesData<PatientSearchHit[]>({ queryKey: patientKeys.searchRoot }, (hits) =>
        hits?.map((hit) => (hit.fhirId === fhirId ? { ...hit, linkedId: patient.id } : hit)),
      );
      void queryClient.invalidateQueries({ queryKey: patientKeys.census });
      void queryClient.invalidateQueries({ queryKey: patientKeys.matches(patient.id) });
    },
  });
}

/** Re-reads the patient from the hospital's FHIR server now. */
export function useResyncPatient(id: string): UseMutationResult<PatientView, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<PatientView>(`/patients/${encodeURIComponent(id)}/resync`),
    onSuccess: (patient) => {
      queryClient.setQueryData(patientKeys.detail(id), patient);
      void queryClient.invalidateQueries({ queryKey: patientKeys.census });
      void queryClient.invalidateQueries({ queryKey: patientKeys.matches(id) });
    },
  });
}

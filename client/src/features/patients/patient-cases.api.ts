import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { PatientCase } from '../../api-types';

export const patientCaseKeys = { list: (patientId: string) => ['cases', 'patient', patientId] as const, root: ['cases'] as const };

/** A patient's cases, open first (opened by confirming a flag). */
export function usePatientCases(patientId: string): UseQueryResult<PatientCase[]> {
  return useQuery({
    queryKey: patientCaseKeys.list(patientId),
    queryFn: async ({ signal }) => (await api.get<{ data: PatientCase[] }>(`/patients/${encodeURIComponent(patientId)}/cases`, undefined, signal)).data,
  });
}

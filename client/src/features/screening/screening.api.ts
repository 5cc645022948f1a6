import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { PatientScreenings, Questionnaire, QuestionnaireResponse, ScreeningResult } from '../../api-types';
import { worklistKeys } from '../worklist/worklist.api';

export const screeningKeys = {
  questionnaire: ['screening', 'questionnaire'] as const,
  history: (patientId: string) => ['screenings', patientId] as const,
};

/** The screening questionnaire (FHIR Questionnaire); it changes only with a release. */
export function useQuestionnaire(): UseQueryResult<Questionnaire> {
  return useQuery({
    queryKey: screeningKeys.questionnaire,
    queryFn: ({ signal }) => api.get<Questionnaire>('/screening/questionnaire', undefined, signal),
    staleTime: 60 * 60 * 1000,
  });
}

/** A patient's screenings and flags, newest first. */
export function usePatientScreenings(patientId: string | undefined): UseQueryResult<PatientScreenings> {
  return useQuery({
    queryKey: screeningKeys.history(patientId ?? ''),
    queryFn: ({ signal }) =>
      api.get<PatientScreenings>(`/patients/${encodeURIComponent(patientId ?? '')}/screenings`, undefined, signal),
    enabled: Boolean(patientId),
  });
}

/** Records a completed questionnaire: the server scores it and raises or supersedes the flag. */
/** The answers, and the Vietnam day a paper screening was done (YYYY-MM-DD; omitted: today). */
export interface ScreeningSubmission {
  questionnaireResponse: QuestionnaireResponse;
  performedOn?: string;
}

export function useSubmitScreening(patientId: string): UseMutationResult<ScreeningResult, Error, ScreeningSubmission> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ questionnaireResponse, performedOn }: ScreeningSubmission) =>
      api.post<ScreeningResult>(`/patients/${encodeURIComponent(patientId)}/screenings`, {
        questionnaireResponse,
        ...(performedOn ? { performedOn } : {}),
      }),
    onSuccess: (result) => {
      if (result.flag) queryClient.setQueryData(worklistKeys.flag(result.flag.id), result.flag);
      void queryClient.invalidateQueries({ queryKey: screeningKeys.history(patientId) });
      void queryClient.invalidateQueries({ queryKey: worklistKeys.root });
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { Consent, ConsentInput, ConsentPurpose, ConsentRecipientKind, ConsentWithdrawalInput } from '../../api-types';

/** A case's consents: the whole history, newest first, each with its status on the server's clock. */
export const consentKeys = {
  list: (caseId: string) => ['cases', caseId, 'consents'] as const,
};

const path = (caseId: string): string => `/cases/${encodeURIComponent(caseId)}/consents`;

export function useConsents(caseId: string): UseQueryResult<Consent[]> {
  return useQuery({
    queryKey: consentKeys.list(caseId),
    queryFn: async ({ signal }) => (await api.get<{ data: Consent[] }>(path(caseId), undefined, signal)).data,
  });
}

/**
 * After a consent changes, the case's timeline and what other hospitals may see change too: every
 * cached read of cases goes stale (the case page keys its reads `['cases', 'detail' | 'timeline', id]`).
 */
function useCaseChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['cases'] });
}

export function useRecordConsent(caseId: string): UseMutationResult<Consent, Error, ConsentInput> {
  const changed = useCaseChanged();
  return useMutation({
    mutationFn: (input: ConsentInput) => api.post<Consent>(path(caseId), input),
    onSuccess: changed,
  });
}

/** Immediate: the next request of anyone relying on the consent is refused. 409 CONSENT.WITHDRAWN when it already was. */
export function useWithdrawConsent(
  caseId: string,
): UseMutationResult<Consent, Error, { consentId: string; input: ConsentWithdrawalInput }> {
  const changed = useCaseChanged();
  return useMutation({
    mutationFn: ({ consentId, input }) => api.post<Consent>(`${path(caseId)}/${encodeURIComponent(consentId)}/withdrawal`, input),
    onSuccess: changed,
  });
}

/**
 * Which recipients the form offers for each purpose: the server's table (RECIPIENTS_FOR_PURPOSE in
 * consent.schemas.ts), written out because the client imports no server values; the server still
 * checks every consent against its own, and its 400 shows under the recipient field.
 */
export const RECIPIENTS_FOR_PURPOSE: Readonly<Record<ConsentPurpose, readonly ConsentRecipientKind[]>> = {
  'share-hospital': ['hospital', 'any-hospital'],
  'share-charity': ['organisation', 'any-partner'],
  'publish-story': ['none'],
  'contact-phone': ['none'],
  'case-conference': ['hospital', 'any-hospital', 'organisation', 'any-partner'],
};

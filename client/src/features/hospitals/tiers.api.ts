import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { api } from '../../api';
import type { FlagTier } from '../../api-types';

/** GET /hospitals/:id/screening-tiers (docs/decisions/0008-screening-and-flags.md, "Tiers"). */
export interface TierOverride {
  code: string;
  tier: FlagTier;
  /** YYYY-MM-DD, Vietnam day. */
  effectiveFrom: string;
  /** The admin's user id. */
  by: string;
  createdAt: string;
}

export interface ScreeningTiers {
  /** Today, Vietnam day (YYYY-MM-DD). */
  day: string;
  ruleSet: { id: string; version: string };
  tiers: { code: string; tier: FlagTier; ruleSetTier: FlagTier }[];
  overrides: TierOverride[];
}

export interface TierChange {
  code: string;
  tier: FlagTier;
  effectiveFrom: string;
}

const tiersKey = (hospitalId: string): readonly string[] => ['hospitals', 'tiers', hospitalId];
const path = (hospitalId: string): string => `/hospitals/${encodeURIComponent(hospitalId)}/screening-tiers`;

export function useScreeningTiers(hospitalId: string | null): UseQueryResult<ScreeningTiers> {
  return useQuery({
    queryKey: tiersKey(hospitalId ?? ''),
    queryFn: ({ signal }) => api.get<ScreeningTiers>(path(hospitalId ?? ''), undefined, signal),
    enabled: Boolean(hospitalId),
  });
}

/** The answer is the hospital's tiers after the change: put it in the cache, and the worklist reads anew. */
export function useAddTierChange(hospitalId: string): UseMutationResult<ScreeningTiers, Error, TierChange> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: TierChange) => api.post<ScreeningTiers>(path(hospitalId), change),
    onSuccess: (tiers) => {
      queryClient.setQueryData(tiersKey(hospitalId), tiers);
      void queryClient.invalidateQueries({ queryKey: ['worklist'] });
    },
  });
}

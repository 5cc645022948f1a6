/**
 * The 12 deprivation indicators of the multidimensional poverty standard, 6 dimensions (Decree
 * 07/2021/ND-CP art. 3 and its appendix): employment, health, education, housing, water and
 * sanitation, information. Ids are those of the screening questionnaire (questionnaire.ts, linkIds
 * of the 'deprivations' group), so its answers pass through unchanged.
 * The engine counts them as a 12-bit mask: duplicates and unknown ids cannot inflate the count,
 * and counting allocates nothing.
 */
export const DEPRIVATION_IDS = [
  'employment-job',
  'employment-dependants',
  'health-nutrition',
  'health-insurance',
  'education-adult',
  'education-children',
  'housing-quality',
  'housing-area',
  'water-drinking',
  'water-latrine',
  'information-telecom',
  'information-access',
] as const;

export type DeprivationIndicator = (typeof DEPRIVATION_IDS)[number];

const BIT: ReadonlyMap<string, number> = new Map(DEPRIVATION_IDS.map((id, i) => [id, 1 << i]));

/** How many distinct known indicators are listed (0–12). */
export function countDeprivations(ids: readonly string[]): number {
  let mask = 0;
  for (let i = 0; i < ids.length; i++) mask |= BIT.get(ids[i] as string) ?? 0;
  let n = 0;
  while (mask !== 0) {
    mask &= mask - 1;
    n++;
  }
  return n;
}

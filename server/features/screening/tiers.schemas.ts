import { z } from 'zod';

/** A hospital's flag tiers (DOMAIN.md "Flag tiers"): read by anyone, moved by an admin from a day on. */
const tier = z.enum(['support', 'watch']);
export const overrideView = z.object({ code: z.string(), tier, effectiveFrom: z.string(), by: z.string(), createdAt: z.string() });
export const tiersView = z
  .object({
    day: z.string(),
    ruleSet: z.object({ id: z.string(), version: z.string() }),
    tiers: z.array(z.object({ code: z.string(), tier, ruleSetTier: tier })),
    overrides: z.array(overrideView),
  })
  .meta({ id: 'ScreeningTiers' });
export type TiersView = z.infer<typeof tiersView>;

export const overrideBody = z
  .object({
    /** A finding code (e.g. 'far-from-home') or 'high-cost' for every high-cost diagnosis group. */
    code: z.string().trim().min(1).max(60),
    tier,
    /** YYYY-MM-DD (Vietnam day), today or later: history is never rewritten. Default today. */
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
  })
  .strict();

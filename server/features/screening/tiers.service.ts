import type { Types } from 'mongoose';
import { vietnamDayOf } from '../../clock.js';
import { codesOfTier, tierOf, type TierOverrides } from './rules/engine.js';
import { RULE_SETS, ruleSetOn, type RuleSet } from './rules/rule-sets.js';
import type { Tier, TierKey } from './rules/vocabulary.js';
import { TierOverrideModel, type TierOverrideRecord } from './tiers.model.js';

/**
 * Flag tiers as a hospital has them on a day (DOMAIN.md "Flag tiers"): the rule set's defaults,
 * moved by the hospital's dated overrides. The worklist asks this at request time, so a move takes
 * effect on its day for every flag, without re-screening anyone.
 */
export interface HospitalTiers {
  day: string;
  ruleSet: RuleSet;
  overrides: TierOverrides;
  /** Codes that make a flag a task ('support'); a flag with none of them is 'watch'. */
  supportCodes: string[];
}

/** The rule set in force on the day; past the last set's end, the last set (tiers still need an answer). */
function ruleSetForTiers(day: string): RuleSet {
  try {
    return ruleSetOn(day);
  } catch {
    return RULE_SETS[RULE_SETS.length - 1] as RuleSet;
  }
}

export async function tierOverridesOn(hospitalId: Types.ObjectId, day: string): Promise<TierOverrides> {
  const rows = await TierOverrideModel.find({ hospitalId, effectiveFrom: { $lte: day } })
    .sort({ effectiveFrom: 1, createdAt: 1, _id: 1 })
    .lean<TierOverrideRecord[]>();
  const out: Partial<Record<TierKey, Tier>> = {};
  for (const r of rows) out[r.code] = r.tier; // later rows win
  return out;
}

/** The hospital's tiers on the Vietnam day of `now` (the caller's clock). */
export async function hospitalTiers(hospitalId: Types.ObjectId, now: Date): Promise<HospitalTiers> {
  const day = vietnamDayOf(now);
  const ruleSet = ruleSetForTiers(day);
  const overrides = await tierOverridesOn(hospitalId, day);
  return { day, ruleSet, overrides, supportCodes: codesOfTier('support', ruleSet, overrides) };
}

/** The tier of a flag: 'support' when any of its codes is, else 'watch'. */
export function flagTier(codes: readonly string[], t: Pick<HospitalTiers, 'ruleSet' | 'overrides'>): Tier {
  return codes.some((c) => tierOf(c, t.ruleSet, t.overrides) === 'support') ? 'support' : 'watch';
}

export async function addTierOverride(hospitalId: Types.ObjectId, input: { code: TierKey; tier: Tier; effectiveFrom: string }, by: string): Promise<TierOverrideRecord> {
  const created = await TierOverrideModel.create({ hospitalId, ...input, by });
  return created.toObject<TierOverrideRecord>();
}

export async function listTierOverrides(hospitalId: Types.ObjectId): Promise<TierOverrideRecord[]> {
  return TierOverrideModel.find({ hospitalId }).sort({ effectiveFrom: 1, createdAt: 1, _id: 1 }).lean<TierOverrideRecord[]>();
}

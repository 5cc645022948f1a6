import mongoose, { Schema, type Types } from 'mongoose';
import type { Tier, TierKey } from './rules/vocabulary.js';

/**
 * A hospital's move of one finding code between the tiers, from a day on (dated configuration,
 * append-only): the tiers on a day are the rule set's defaults with, for each code, the latest
 * override whose `effectiveFrom` is on or before that day. Nothing is edited, so what the
 * worklist asked of a social worker on a past day can always be told again.
 */
export interface TierOverrideRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  code: TierKey;
  tier: Tier;
  /** YYYY-MM-DD, Vietnam local day. */
  effectiveFrom: string;
  by: string;
  createdAt: Date;
}

const tierOverrideSchema = new Schema<TierOverrideRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    tier: { type: String, enum: ['support', 'watch'], required: true },
    effectiveFrom: { type: String, required: true },
    by: { type: String, required: true },
  },
  { collection: 'screening_tier_overrides', timestamps: { createdAt: true, updatedAt: false } },
);
tierOverrideSchema.index({ hospitalId: 1, effectiveFrom: 1, createdAt: 1 });

export const TierOverrideModel = mongoose.model<TierOverrideRecord>('TierOverride', tierOverrideSchema);

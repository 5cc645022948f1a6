import mongoose, { Schema, type Types } from 'mongoose';
import { REFERRAL_SIDES, type ReferralSide } from './referrals.schemas.js';

/**
 * A message in a referral's thread between the sender's hospital and the receiver (issue 11,
 * point 4). Never edited or deleted: the thread is the record of what the two sides told each
 * other. Written only once the referral is sent (a draft has no receiver to talk to). `hospitalId`
 * is the referral's (the sender's hospital: its tenancy), copied so a comment read alone still
 * names its tenant.
 */
export interface ReferralCommentRecord {
  _id: Types.ObjectId;
  referralId: Types.ObjectId;
  caseId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  side: ReferralSide;
  authorId: string;
  body: string;
  createdAt: Date;
}

const commentSchema = new Schema<ReferralCommentRecord>(
  {
    referralId: { type: Schema.Types.ObjectId, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    side: { type: String, enum: REFERRAL_SIDES, required: true },
    authorId: { type: String, required: true },
    body: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'referral_comments', versionKey: false },
);
// A thread is read oldest first; the id breaks ties of one instant in insertion order.
commentSchema.index({ referralId: 1, createdAt: 1, _id: 1 });

export const ReferralCommentModel = mongoose.model<ReferralCommentRecord>('ReferralComment', commentSchema);

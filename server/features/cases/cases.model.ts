import mongoose, { Schema, type Types } from 'mongoose';

/**
 * A social-work case. Opened when a flag is confirmed; the cases issue builds the rest of its
 * life (plans, referrals, funding, closure) on this record.
 */
export interface CaseRecord {
  _id: Types.ObjectId;
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  status: 'open' | 'closed';
  openedFromFlagId: Types.ObjectId | null;
  openedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const caseSchema = new Schema<CaseRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['open', 'closed'], default: 'open' },
    openedFromFlagId: { type: Schema.Types.ObjectId, default: null },
    openedBy: { type: String, required: true },
  },
  { collection: 'cases', timestamps: true },
);
caseSchema.index({ hospitalId: 1, status: 1 });
caseSchema.index({ openedFromFlagId: 1 });

export const CaseModel = mongoose.model<CaseRecord>('Case', caseSchema);

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
  /** The flag whose confirmation opened the case; absent for a case opened otherwise. */
  openedFromFlagId?: Types.ObjectId;
  openedBy: string;
  /** The social worker's short note at confirmation: why the case is open. */
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const caseSchema = new Schema<CaseRecord>(
  {
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['open', 'closed'], default: 'open' },
    openedFromFlagId: { type: Schema.Types.ObjectId },
    openedBy: { type: String, required: true },
    note: { type: String, default: null },
  },
  { collection: 'cases', timestamps: true },
);
caseSchema.index({ hospitalId: 1, status: 1 });
caseSchema.index({ patientId: 1, createdAt: -1 });
// One case per flag, enforced by the database: a confirm retried after a failure finds the case
// the first attempt opened instead of opening a second. Sparse: cases not opened from a flag.
caseSchema.index({ openedFromFlagId: 1 }, { unique: true, sparse: true, name: 'one_case_per_flag' });

export const CaseModel = mongoose.model<CaseRecord>('Case', caseSchema);

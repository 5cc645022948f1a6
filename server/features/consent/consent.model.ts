import mongoose, { Schema, type Types } from 'mongoose';
import type { PendingEvent } from '../../events/events.model.js';
import type { ConsentGiver, ConsentMethod, ConsentPurpose, RecipientKind } from './consent.schemas.js';

/**
 * One consent as given: never overwritten, never deleted (the law asks that consent be provable
 * and its withdrawal recorded). The only change a record ever sees is its withdrawal block, set
 * once. Whether it is in force is decided on the clock at each request (./consent.status.ts):
 * `state` says only whether a withdrawal has been recorded; `expiresAt` is the end of `validUntil`
 * (Vietnam day) as an instant, so the relationship rules can ask the database "in force now".
 */
export interface ConsentRecord {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  patientId: Types.ObjectId;
  /** The case's hospital: the consent's tenant. */
  hospitalId: Types.ObjectId;
  purpose: ConsentPurpose;
  /** `id` is the hospital's or organisation's id for a named recipient; `name` as it was when recorded. */
  recipient: { kind: RecipientKind; id: Types.ObjectId | null; name: string | null };
  givenBy: ConsentGiver;
  childAgreed: boolean | null;
  patientLacksCapacity: boolean;
  method: ConsentMethod;
  givenOn: string;
  validUntil: string | null;
  /** The last millisecond of validUntil in Vietnam; null: until withdrawn. */
  expiresAt: Date | null;
  state: 'given' | 'withdrawn';
  recordedBy: string;
  recordedAt: Date;
  withdrawal: { on: string; reason: string | null; recordedBy: string; recordedAt: Date } | null;
  eventSeq?: number;
  pendingEvents?: PendingEvent[];
}

const consentSchema = new Schema<ConsentRecord>(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    purpose: { type: String, required: true },
    recipient: { kind: { type: String, required: true }, id: { type: Schema.Types.ObjectId, default: null }, name: { type: String, default: null } },
    givenBy: { type: Schema.Types.Mixed, required: true },
    childAgreed: { type: Boolean, default: null },
    patientLacksCapacity: { type: Boolean, default: false },
    method: { type: Schema.Types.Mixed, required: true },
    givenOn: { type: String, required: true },
    validUntil: { type: String, default: null },
    expiresAt: { type: Date, default: null },
    state: { type: String, enum: ['given', 'withdrawn'], default: 'given' },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    withdrawal: { type: Schema.Types.Mixed, default: null },
    eventSeq: { type: Number },
    pendingEvents: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'consents', minimize: false },
);
// The case's consent panel and the check "does this case's consent for this purpose hold now".
consentSchema.index({ caseId: 1, purpose: 1, state: 1 });
// The relationship rules' list filter: which cases has someone consented to share with this recipient now.
consentSchema.index({ purpose: 1, 'recipient.kind': 1, 'recipient.id': 1, state: 1 });

export const ConsentModel = mongoose.model<ConsentRecord>('Consent', consentSchema);

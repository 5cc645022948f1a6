import mongoose, { Schema, type Types } from 'mongoose';
import { AUDIT_OUTCOMES, type AuditOutcome } from './audit.schemas.js';

/**
 * The audit log: append-only. The model refuses every update and delete, and no route changes
 * an entry. (In production, also give the service's database user insert+find only on this
 * collection: see docs/decisions/0005-audit-log.md.)
 */
export { AUDIT_OUTCOMES, type AuditOutcome };

export interface AuditRecord {
  _id: Types.ObjectId;
  at: Date;
  actor: { userId: string; username: string; role: string } | null;
  tenant: { hospitalId: string | null; organisationId: string | null };
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  /** The patients a list read showed (patient list, search, worklist…), so "who saw this patient" finds list reads too. */
  patientIds: string[];
  outcome: AuditOutcome;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
}

const auditSchema = new Schema<AuditRecord>(
  {
    at: { type: Date, required: true },
    actor: { type: new Schema({ userId: String, username: String, role: String }, { _id: false }), default: null },
    tenant: {
      hospitalId: { type: String, default: null },
      organisationId: { type: String, default: null },
    },
    action: { type: String, required: true },
    resourceType: { type: String, required: true },
    resourceId: { type: String, default: null },
    patientId: { type: String, default: null },
    patientIds: { type: [String], default: [] },
    outcome: { type: String, enum: AUDIT_OUTCOMES, required: true },
    reason: { type: String, default: null },
    requestId: { type: String, default: null },
    ip: { type: String, default: null },
  },
  { collection: 'audit_events', versionKey: false },
);
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ patientId: 1, at: -1 });
auditSchema.index({ patientIds: 1, at: -1 });
auditSchema.index({ 'actor.userId': 1, at: -1 });

const refuse = function (): never {
  throw new Error('audit log is append-only');
};
for (const op of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const) {
  auditSchema.pre(op, refuse);
}
// A loaded entry saved again would be an update; only new entries may be saved.
auditSchema.pre('save', function () {
  if (!this.isNew) refuse();
});
// bulkWrite can carry updates and deletes: only inserts pass.
auditSchema.pre('bulkWrite', function (ops: readonly object[]) {
  if (ops.some((op) => !('insertOne' in op))) refuse();
});

export const AuditModel = mongoose.model<AuditRecord>('AuditEvent', auditSchema);

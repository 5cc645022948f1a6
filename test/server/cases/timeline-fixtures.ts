import { Types } from 'mongoose';
import { AuditModel, type AuditRecord } from '../../../server/features/audit/audit.model.js';
import type { CaseRecord } from '../../../server/features/cases/cases.model.js';
import { openCaseForFlag } from '../../../server/features/cases/cases.service.js';
import type { SignedIn } from '../../setup/factories.js';

/**
 * A case of the hospital, opened through the cases feature's service as a confirmed flag opens one
 * (patient and flag ids made up: the note and attachment routes only need the case).
 */
export async function openTestCase(hospitalId: string, by: SignedIn, now: Date): Promise<CaseRecord> {
  return openCaseForFlag({
    hospitalId: new Types.ObjectId(hospitalId),
    patientId: new Types.ObjectId(),
    flagId: new Types.ObjectId(),
    by: by.user.id,
    note: 'Hộ nghèo',
    now,
  });
}

/** The audit entries of one action by one user, newest first. */
export async function auditOf(action: string, who: SignedIn, extra: Record<string, unknown> = {}): Promise<AuditRecord[]> {
  return AuditModel.find({ action, 'actor.userId': who.user.id, ...extra }).sort({ at: -1, _id: -1 }).lean<AuditRecord[]>();
}

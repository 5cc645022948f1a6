import type { Types } from 'mongoose';
import { CaseModel, type CaseRecord } from './cases.model.js';

/**
 * Opens the case for a confirmed flag. The caller has already won the flag's atomic
 * active → confirmed transition, so exactly one case is opened per flag.
 */
export async function openCaseForFlag(hospitalId: Types.ObjectId, patientId: Types.ObjectId, flagId: Types.ObjectId, by: string): Promise<CaseRecord> {
  const created = await CaseModel.create({ hospitalId, patientId, openedFromFlagId: flagId, openedBy: by, status: 'open' });
  return created.toObject<CaseRecord>();
}

export async function countOpenCases(hospitalId: Types.ObjectId): Promise<number> {
  return CaseModel.countDocuments({ hospitalId, status: 'open' });
}

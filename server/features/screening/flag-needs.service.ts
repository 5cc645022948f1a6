import type { Types } from 'mongoose';
import { FlagModel, type FlagRecord } from './screening.model.js';

/**
 * The needs of patients as the de-identified views show them: the finding codes of their active,
 * unexpired flags (and confirmed ones: the case is working on them). Ids in, codes out.
 */
export async function activeNeeds(patientIds: readonly Types.ObjectId[], now: Date): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (patientIds.length === 0) return out;
  const flags = await FlagModel.find(
    { patientId: { $in: patientIds }, $or: [{ status: 'active', expiresAt: { $gt: now } }, { status: 'confirmed' }] },
    { patientId: 1, codes: 1 },
  ).lean<Pick<FlagRecord, 'patientId' | 'codes'>[]>();
  for (const f of flags) {
    const key = f.patientId.toHexString();
    out.set(key, [...new Set([...(out.get(key) ?? []), ...f.codes])]);
  }
  return out;
}

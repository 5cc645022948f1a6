import type { Types } from 'mongoose';
import { PatientModel } from './patients.model.js';

/**
 * Who is "here" for the worklist: a hospital's patients not discharged (in hospital now, or
 * linked by a social worker without a known stay) and those discharged on or after
 * `dischargedSince` (a Vietnam day, YYYY-MM-DD; stored discharge times compare by their day). The set is bounded by the hospital's beds and a few days of
 * discharges, not by its history, so the worklist can select flags by it.
 */
export async function presentPatientIds(hospitalId: Types.ObjectId, dischargedSince: string): Promise<Types.ObjectId[]> {
  const rows = await PatientModel.find(
    {
      hospitalId,
      // Not discharged (in hospital, a visit in progress, or no stay known), or discharged lately.
      $or: [{ 'census.inpatient': true }, { 'census.dischargedAt': null }, { 'census.dischargedAt': { $gte: dischargedSince } }],
    },
    { _id: 1 },
  ).lean<{ _id: Types.ObjectId }[]>();
  return rows.map((r) => r._id);
}

import type { Types } from 'mongoose';
import { vietnamDay } from '../../../fhir-mappings/dates.js';
import { PatientModel } from './patients.model.js';

/** The day before `day` (YYYY-MM-DD). */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Who is "here" for the worklist: a hospital's patients not discharged (in hospital now, or
 * linked by a social worker without a known stay) and those discharged on or after
 * `dischargedSince`, a Vietnam day (YYYY-MM-DD). A stored discharge is the FHIR dateTime as the
 * server wrote it, in any offset ("…T20:00:00Z" is 03:00 the next day in Vietnam), so its text
 * cannot be compared with a Vietnam day: the database narrows by text to a day earlier (no offset
 * moves a local date more than a day from Vietnam's), and each candidate's Vietnam day decides.
 * The set is bounded by the hospital's beds and a few days of discharges, not by its history, so
 * the worklist can select flags by it.
 */
export async function presentPatientIds(hospitalId: Types.ObjectId, dischargedSince: string): Promise<Types.ObjectId[]> {
  const rows = await PatientModel.find(
    {
      hospitalId,
      // Not discharged (in hospital, a visit in progress, or no stay known), or discharged lately.
      $or: [{ 'census.inpatient': true }, { 'census.dischargedAt': null }, { 'census.dischargedAt': { $gte: dayBefore(dischargedSince) } }],
    },
    { _id: 1, 'census.inpatient': 1, 'census.dischargedAt': 1 },
  ).lean<{ _id: Types.ObjectId; census?: { inpatient?: boolean; dischargedAt?: string | null } }[]>();
  return rows.filter((r) => r.census?.inpatient || !r.census?.dischargedAt || (vietnamDay(r.census.dischargedAt) ?? r.census.dischargedAt) >= dischargedSince).map((r) => r._id);
}

import type { Types } from 'mongoose';
import { vietnamDay } from '../../../fhir-mappings/dates.js';
import { PatientModel, type PatientRecord } from './patients.model.js';

/**
 * Who is "here" for the worklist: a hospital's patients not discharged (in hospital now, or
 * linked by a social worker without a known stay) and those discharged on or after a Vietnam day
 * (YYYY-MM-DD). A stored discharge is the FHIR dateTime as the server wrote it, in any offset
 * ("…T20:00:00Z" is 03:00 the next day in Vietnam), so what is compared is its Vietnam day.
 *
 * The worklist cannot join flags to patients on every request (a 10,000-inpatient census made that
 * join seconds long on the dev database: issue 9), so each patient's `leftOn` is copied onto its
 * active flag: the patients feature announces every change of a stay here (census sync per page,
 * re-sync and link per patient) and the screening feature, which owns the flags, listens.
 */
type Census = Pick<PatientRecord['census'], 'inpatient' | 'dischargedAt'>;

/** The Vietnam day the patient left hospital; null while in hospital or when no stay end is known. */
export function leftOnOf(census: Partial<Census> | null | undefined): string | null {
  if (!census || census.inpatient || !census.dischargedAt) return null;
  return vietnamDay(census.dischargedAt) ?? census.dischargedAt;
}

/** Here by the worklist's reckoning: not left, or left on or after `dischargedSince` (a Vietnam day). */
export function presentSince(leftOn: string | null, dischargedSince: string): boolean {
  return leftOn === null || leftOn >= dischargedSince;
}

export interface StayChange {
  patientId: Types.ObjectId;
  leftOn: string | null;
}

type StayListener = (changes: StayChange[]) => Promise<void>;
const listeners: StayListener[] = [];

/** Registered at import by the feature that keeps a copy of the stay (screening's flags). */
export function onStayChange(listener: StayListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

/** Tells the listeners the patients' stays as just saved (a census page at a time, or one patient). */
export async function stayChanged(changes: StayChange[]): Promise<void> {
  if (changes.length === 0) return;
  for (const listener of listeners) await listener(changes);
}

/**
 * Of the given patients, those here (see above), read by _id: for lists bounded by their own
 * records (reviewed flags), not by the hospital's history.
 */
export async function presentAmong(patientIds: Types.ObjectId[], dischargedSince: string): Promise<Types.ObjectId[]> {
  if (patientIds.length === 0) return [];
  const rows = await PatientModel.find({ _id: { $in: patientIds } }, { _id: 1, 'census.inpatient': 1, 'census.dischargedAt': 1 }).lean<{ _id: Types.ObjectId; census?: Partial<Census> }[]>();
  return rows.filter((r) => presentSince(leftOnOf(r.census), dischargedSince)).map((r) => r._id);
}

import type { Types } from 'mongoose';
import { foldVietnamese } from '../../../fhir-mappings/patient-name.js';
import { findPatients, type PatientRecord } from '../patients/patients.service.js';
import { ageBand } from '../patients/views/deidentified.view.js';

/**
 * What a case shows of its patient, read through the patients feature's service (never its
 * model): the name, the age on the Vietnam day of the clock, the ward of the current stay, and for
 * the audiences outside the hospital only an age band and the (new) province.
 */
export interface PatientFacts {
  id: string;
  name: string | null;
  ageYears: number | null;
  ageBand: string | null;
  ward: string | null;
  province: string | null;
}

/** Completed years between a FHIR birth date (YYYY, YYYY-MM or YYYY-MM-DD) and a Vietnam day. */
export function ageOn(birthDate: string | null, today: string): number | null {
  if (!birthDate || !/^\d{4}/.test(birthDate)) return null;
  // A year alone (common for older patients' records) counts from mid-year: the nearest guess either way.
  const born =
    birthDate.length >= 10
      ? birthDate.slice(0, 10)
      : birthDate.length >= 7
        ? `${birthDate.slice(0, 7)}-15`
        : `${birthDate.slice(0, 4)}-07-01`;
  let age = Number(today.slice(0, 4)) - Number(born.slice(0, 4));
  if (today.slice(5, 10) < born.slice(5, 10)) age -= 1;
  return age < 0 ? null : age;
}

/** The ward of the stay in progress (census first: it is the hospital's list of who is where today). */
function wardOf(r: PatientRecord): string | null {
  if (r.census.inpatient && r.census.ward) return r.census.ward;
  const e = r.snapshot.currentEncounter;
  return e?.inProgress ? (e.department ?? null) : null;
}

function provinceOf(r: PatientRecord): string | null {
  const a = r.snapshot.patient.addresses[0];
  const name = a ? (a.newProvince ?? a.province) : null;
  return name ? name.replace(/^(Tỉnh|Thành phố|TP\.?)\s+/i, '') : null;
}

export function factsOf(r: PatientRecord, today: string): PatientFacts {
  const birth = r.snapshot.patient.birthDate;
  return {
    id: r._id.toHexString(),
    name: r.snapshot.patient.name?.full ?? null,
    ageYears: ageOn(birth, today),
    ageBand: ageBand(birth, today),
    ward: wardOf(r),
    province: provinceOf(r),
  };
}

export async function patientFacts(ids: readonly Types.ObjectId[], today: string): Promise<Map<string, PatientFacts>> {
  const unique = [...new Set(ids.map((id) => id.toHexString()))];
  const records = unique.length ? await findPatients(unique) : [];
  return new Map(records.map((r) => [r._id.toHexString(), factsOf(r, today)]));
}

export interface PatientCriteria {
  ageMin?: number | undefined;
  ageMax?: number | undefined;
  ward?: string | undefined;
}

/** Of these patients, the ids that meet the list's age and ward filters. */
export async function patientsMeeting(ids: readonly Types.ObjectId[], c: PatientCriteria, today: string): Promise<Types.ObjectId[]> {
  const facts = await patientFacts(ids, today);
  const ward = c.ward ? foldVietnamese(c.ward) : null;
  return ids.filter((id) => {
    const f = facts.get(id.toHexString());
    if (!f) return false;
    if (c.ageMin !== undefined && (f.ageYears === null || f.ageYears < c.ageMin)) return false;
    if (c.ageMax !== undefined && (f.ageYears === null || f.ageYears > c.ageMax)) return false;
    return !ward || (f.ward !== null && foldVietnamese(f.ward).includes(ward));
  });
}

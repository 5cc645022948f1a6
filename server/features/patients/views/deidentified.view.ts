import { z } from 'zod';
import { isClinicalDiagnosis } from '../../../../fhir-mappings/condition.js';
import type { Audience } from '../../../access/audience.js';
import type { PatientRecord } from '../patients.model.js';

/**
 * What a patient looks like to the audiences outside the patient's own hospital (issue 9,
 * point 1; DOMAIN.md "Personal data protection": share the minimum). Each audience has its own
 * mapper that lists the fields it shows; none shows a name, an identity-card or insurance number,
 * an exact address or a birth date: an age band, the (new) province and the needs instead.
 * The own hospital's view is `toPatientView` in ../patients.view.ts.
 */
const base = { id: z.string(), ageBand: z.string().nullable(), province: z.string().nullable(), needs: z.array(z.string()) };
const hospitalRef = z.object({ id: z.string(), code: z.string() });

export const receivingHospitalPatientSchema = z.object({
  ...base,
  audience: z.literal('receiving-hospital'),
  hospital: hospitalRef,
  gender: z.string().nullable(),
  /** ICD-10 codes of the clinical diagnoses: the receiving hospital continues the care. */
  diagnoses: z.array(z.string()),
});
export const charityPartnerPatientSchema = z.object({
  ...base,
  audience: z.literal('charity-partner'),
  /** ICD-10 categories (3 characters), not the full diagnosis. */
  diagnosisGroups: z.array(z.string()),
});
export const conferenceGuestPatientSchema = z.object({ ...base, audience: z.literal('conference-guest'), hospital: hospitalRef, gender: z.string().nullable() });

export const deidentifiedPatientSchema = z
  .discriminatedUnion('audience', [receivingHospitalPatientSchema, charityPartnerPatientSchema, conferenceGuestPatientSchema])
  .meta({ id: 'DeidentifiedPatient' });
export type DeidentifiedPatient = z.infer<typeof deidentifiedPatientSchema>;

/** Age bands that say what support fits (a child needs a guardian's consent, 60+ the elderly's benefits), not the age. */
const BANDS: readonly [number, string][] = [
  [6, '0-5'],
  [16, '6-15'],
  [25, '16-24'],
  [45, '25-44'],
  [60, '45-59'],
];

export function ageBand(birthDate: string | null, today: string): string | null {
  if (!birthDate || !/^\d{4}/.test(birthDate)) return null;
  const born = birthDate.length >= 10 ? birthDate.slice(0, 10) : `${birthDate.slice(0, 4)}-07-01`;
  let age = Number(today.slice(0, 4)) - Number(born.slice(0, 4));
  if (today.slice(5, 10) < born.slice(5, 10)) age -= 1;
  if (age < 0) return null;
  return BANDS.find(([below]) => age < below)?.[1] ?? '60+';
}

/** The province now (after the 2025 reorganisation) of the first address: never the commune, street or house. */
function provinceOf(r: PatientRecord): string | null {
  const a = r.snapshot.patient.addresses[0];
  const name = a ? (a.newProvince ?? a.province) : null;
  return name ? name.replace(/^(Tỉnh|Thành phố|TP\.?)\s+/i, '') : null;
}

function diagnosisCodes(r: PatientRecord): string[] {
  return r.snapshot.conditions.filter((c) => isClinicalDiagnosis(c)).flatMap((c) => (c.icd10?.code ? [c.icd10.code] : []));
}

export interface DeidentifyInput {
  record: PatientRecord;
  /** The codes of the patient's active flags (what support the patient needs). */
  needs: readonly string[];
  today: string;
}

const common = ({ record, needs, today }: DeidentifyInput): z.infer<z.ZodObject<typeof base>> => ({
  id: record._id.toHexString(),
  ageBand: ageBand(record.snapshot.patient.birthDate, today),
  province: provinceOf(record),
  needs: [...new Set(needs)],
});

export function toReceivingHospitalPatient(input: DeidentifyInput): z.infer<typeof receivingHospitalPatientSchema> {
  const r = input.record;
  return { ...common(input), audience: 'receiving-hospital', hospital: { id: r.hospitalId.toHexString(), code: r.hospitalCode }, gender: r.snapshot.patient.gender, diagnoses: diagnosisCodes(r) };
}

export function toCharityPartnerPatient(input: DeidentifyInput): z.infer<typeof charityPartnerPatientSchema> {
  return { ...common(input), audience: 'charity-partner', diagnosisGroups: [...new Set(diagnosisCodes(input.record).map((c) => c.slice(0, 3)))] };
}

export function toConferenceGuestPatient(input: DeidentifyInput): z.infer<typeof conferenceGuestPatientSchema> {
  const r = input.record;
  return { ...common(input), audience: 'conference-guest', hospital: { id: r.hospitalId.toHexString(), code: r.hospitalCode }, gender: r.snapshot.patient.gender };
}

/** The mapper of an audience outside the patient's hospital. */
export function toDeidentifiedPatient(audience: Exclude<Audience, 'own-hospital'>, input: DeidentifyInput): DeidentifiedPatient {
  switch (audience) {
    case 'receiving-hospital':
      return toReceivingHospitalPatient(input);
    case 'charity-partner':
      return toCharityPartnerPatient(input);
    case 'conference-guest':
      return toConferenceGuestPatient(input);
  }
}

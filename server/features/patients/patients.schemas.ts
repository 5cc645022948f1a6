import { z } from 'zod';
import { freeText, pageQuerySchema } from '../../http/common-schemas.js';

/** A BHYT card (2 letters, 13 digits), a 10-digit social-insurance number, a 12-digit CCCD or a 9-digit CMND; spaces and dashes anywhere. */
const BHYT_QUERY = /^[\s-]*(?:(?:[A-Za-z][\s-]*){2}(?:[0-9][\s-]*){13}|(?:[0-9][\s-]*){9}|(?:[0-9][\s-]*){10}|(?:[0-9][\s-]*){12})$/;

const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id: letters, digits, - and ., at most 64');

export const patientSearchQuery = z
  .object({
    q: z.string().trim().min(2, 'type at least 2 characters').max(100).check(freeText()).optional(),
    // The pattern is the normalised form below with spaces and dashes allowed anywhere, so OpenAPI shows what is accepted.
    bhyt: z
      .string()
      .regex(BHYT_QUERY, 'a 15-character BHYT card number, a 10-digit social-insurance number, a 12-digit CCCD or a 9-digit CMND')
      .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
      .optional(),
    nationalId: z.string().regex(/^([0-9]{12}|[0-9]{9})$/, 'a 12-digit CCCD or a 9-digit CMND').optional(),
    mrn: z.string().trim().min(1).max(40).check(freeText()).optional(),
    birthDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD').optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()
  .refine((v) => Boolean(v.q || v.bhyt || v.nationalId || v.mrn || v.birthDate), { message: 'give a name, BHYT number, citizen ID, MRN or birth date', path: ['q'] });
export type PatientSearchQuery = z.infer<typeof patientSearchQuery>;

export const searchHitSchema = z.object({
  fhirId: z.string(),
  name: z.string().nullable(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  bhyt: z.string().nullable(),
  mrn: z.string().nullable(),
  ethnicity: z.string().nullable(),
  linkedId: z.string().nullable(),
  inpatient: z.boolean(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
export const searchResultSchema = z.object({ data: z.array(searchHitSchema) });

export const linkBodySchema = z.object({ fhirId }).strict();

export const patientListQuery = pageQuerySchema
  .extend({ inpatient: z.enum(['true', 'false']).transform((v) => v === 'true').optional() })
  .strict();
export type PatientListQuery = z.infer<typeof patientListQuery>;

const money = z.number().int();
const stayViewSchema = z.object({
  class: z.string().nullable(),
  status: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  lengthOfStayDays: z.number().nullable(),
  department: z.string().nullable(),
  reasons: z.array(z.string()),
});
export const patientViewSchema = z
  .object({
    id: z.string(),
    hospital: z.object({ id: z.string(), code: z.string() }),
    fhirRef: z.string(),
    snapshotAt: z.string(),
    identity: z.object({
      name: z.string().nullable(),
      gender: z.string().nullable(),
      birthDate: z.string().nullable(),
      ethnicity: z.object({ code: z.string(), display: z.string().nullable() }).nullable(),
      /** oldCitizenId: the old 9-digit identity card (CMND), when that is what the hospital has. */
      identifiers: z.object({ bhyt: z.string().nullable(), nationalId: z.string().nullable(), oldCitizenId: z.string().nullable(), mrn: z.string().nullable() }),
      /** province: the province now (after 2025-07-01); provinceOld: the pre-2025 one when it differs ("Yên Bái", now "Lào Cai"). */
      addresses: z.array(z.object({ text: z.string().nullable(), province: z.string().nullable(), provinceOld: z.string().nullable(), form: z.string().nullable() })),
      phone: z.string().nullable(),
    }),
    insurance: z.array(
      z.object({
        number: z.string().nullable(),
        group: z.string().nullable(),
        groupName: z.string().nullable(),
        benefitDigit: z.number().nullable(),
        /** The issuing province as on the card (pre-2025 name), the province it is now, and the card's 2-digit code. */
        province: z.string().nullable(),
        provinceNew: z.string().nullable(),
        provinceCode: z.string().nullable(),
        status: z.string().nullable(),
        validFrom: z.string().nullable(),
        validTo: z.string().nullable(),
        validToday: z.boolean(),
      }),
    ),
    /** The stay under way; null once it has ended (never an ended stay). */
    currentStay: stayViewSchema.nullable(),
    /** The latest stay that has ended, when none is under way. */
    lastStay: stayViewSchema.nullable(),
    diagnoses: z.array(z.object({ code: z.string().nullable(), text: z.string().nullable(), clinicalStatus: z.string().nullable() })),
    charges: z.object({ totalVnd: money, insuranceVnd: money.nullable(), patientVnd: money.nullable(), plannedVnd: money, benefitPercent: z.number().nullable() }).nullable(),
    /** Family and carers: RelatedPersons and the Patient's own contacts (Patient.contact), source says which. */
    relatedPersons: z.array(
      z.object({ relationship: z.string().nullable(), name: z.string().nullable(), phone: z.string().nullable(), isGuardian: z.boolean(), source: z.enum(['related-person', 'contact']) }),
    ),
    census: z.object({ inpatient: z.boolean(), ward: z.string().nullable(), admittedAt: z.string().nullable(), dischargedAt: z.string().nullable() }),
    dataProblems: z.number().int(),
    /** Data-quality notes the page words for people, e.g. { code: 'BHYT.UNKNOWN_PROVINCE', value: '99' }. */
    dataNotes: z.array(z.object({ code: z.enum(['BHYT.UNKNOWN_PROVINCE', 'ADDRESS.UNKNOWN_PROVINCE']), value: z.string() })),
  })
  .meta({ id: 'Patient' });
export type PatientView = z.infer<typeof patientViewSchema>;

export const patientSummarySchema = z.object({
  id: z.string(),
  fhirId: z.string(),
  name: z.string().nullable(),
  birthDate: z.string().nullable(),
  gender: z.string().nullable(),
  inpatient: z.boolean(),
  ward: z.string().nullable(),
  snapshotAt: z.string(),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

export const matchSchema = z.object({
  id: z.string(),
  hospital: z.object({ id: z.string(), code: z.string() }),
  basis: z.enum(['insurance-number', 'citizen-id', 'name-and-birth-date']),
});
export const matchesSchema = z.object({ confirmed: z.array(matchSchema), suggested: z.array(matchSchema) });

/**
 * The shapes the API answers with (server contract, base /api/v1). Kept in one file so a contract
 * change shows up as type errors across the client.
 */
export const ROLES = ['social_worker', 'sw_lead', 'charity_partner', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  locale: Locale;
  hospital: { id: string; code: string; name: string } | null;
  organisation: { id: string; name: string } | null;
  disabled: boolean;
  createdAt: string;
}

export interface Session {
  authenticated: boolean;
  csrfToken: string;
  user: User | null;
}

export const HOSPITAL_LEVELS = ['central', 'provincial', 'district'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];

export const SOCIAL_WORK_UNITS = ['phong', 'to'] as const;
export type SocialWorkUnit = (typeof SOCIAL_WORK_UNITS)[number];

export const FHIR_AUTH_TYPES = ['none', 'basic', 'bearer', 'smart-backend'] as const;
export type FhirAuthType = (typeof FHIR_AUTH_TYPES)[number];

export interface Hospital {
  id: string;
  code: string;
  name: string;
  province: { current: string; old: string };
  level: HospitalLevel;
  socialWorkUnit: SocialWorkUnit;
  fhir: {
    baseUrl: string | null;
    authType: FhirAuthType;
    enabled: boolean;
    writeBack: boolean;
    timeoutMs: number;
    hasSecret: boolean;
  };
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What an admin may send for a hospital's FHIR endpoint; secrets are write-only. */
export interface FhirSettingsInput {
  baseUrl?: string | null;
  authType?: FhirAuthType;
  enabled?: boolean;
  writeBack?: boolean;
  timeoutMs?: number;
  username?: string;
  password?: string;
  token?: string;
  clientId?: string;
  tokenUrl?: string;
  privateKeyPem?: string;
  scope?: string;
}

export interface HospitalInput {
  code: string;
  name: string;
  province: { current: string; old: string };
  level: HospitalLevel;
  socialWorkUnit: SocialWorkUnit;
  fhir?: FhirSettingsInput;
}

export type HospitalPatch = Partial<HospitalInput> & { active?: boolean };

export const ORGANISATION_TYPES = ['fund', 'ngo', 'business', 'religious', 'other'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const FUNDING_INTERESTS = [
  'cancer',
  'children',
  'renal',
  'thalassaemia',
  'trauma',
  'maternal',
  'transport',
  'food',
  'housing',
  'other',
] as const;
export type FundingInterest = (typeof FUNDING_INTERESTS)[number];

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  contact: { name: string; email: string; phone: string };
  fundingInterests: FundingInterest[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OrganisationInput {
  name: string;
  type: OrganisationType;
  contact: { name: string; email: string; phone: string };
  fundingInterests: FundingInterest[];
}

export type OrganisationPatch = Partial<OrganisationInput> & { active?: boolean };

export interface UserInput {
  username: string;
  displayName: string;
  role: Role;
  hospitalId?: string;
  organisationId?: string;
  password: string;
  locale?: Locale;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  hospitalId?: string | null;
  organisationId?: string | null;
  disabled?: boolean;
  locale?: Locale;
  password?: string;
}

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEvent {
  id: string;
  at: string;
  actor: { userId: string; username: string; role: string } | null;
  tenant: { hospitalId: string | null; organisationId: string | null };
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: AuditOutcome;
  reason?: string | null;
  requestId: string | null;
  ip: string | null;
}

export interface AuditFilters {
  actorId?: string;
  action?: string;
  resourceType?: string;
  patientId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Roles that belong to one hospital; they need `hospitalId` when created. */
export const HOSPITAL_ROLES: readonly Role[] = ['social_worker', 'sw_lead'];
/** Roles that belong to one organisation; they need `organisationId` when created. */
export const ORGANISATION_ROLES: readonly Role[] = ['charity_partner'];

/* Patients (linked from a hospital's FHIR server) and census sync. */

export type Gender = 'male' | 'female' | 'other' | 'unknown';

/** At least one criterion; `q` is a name (≥ 2 characters, with or without diacritics). */
export interface PatientSearchCriteria {
  q?: string;
  bhyt?: string;
  nationalId?: string;
  mrn?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate?: string;
  limit?: number;
}

export interface PatientSearchHit {
  fhirId: string;
  name: string | null;
  gender: string | null;
  birthDate: string | null;
  bhyt: string | null;
  mrn: string | null;
  ethnicity: string | null;
  /** The module's patient id when already linked. */
  linkedId: string | null;
  inpatient: boolean;
}

export interface PatientSummary {
  id: string;
  fhirId: string;
  name: string | null;
  birthDate: string | null;
  gender: string | null;
  inpatient: boolean;
  ward: string | null;
  snapshotAt: string;
}

export const ADDRESS_FORMS = ['old-3-level', 'new-2-level'] as const;
export type AddressForm = (typeof ADDRESS_FORMS)[number];

export interface PatientAddress {
  text: string | null;
  /** The province now (after 2025-07-01). */
  province: string | null;
  /** The pre-2025 province when it differs ("Yên Bái", now "Lào Cai"). */
  provinceOld?: string | null;
  form: AddressForm | string | null;
}

export interface PatientInsurance {
  number: string | null;
  group: string | null;
  groupName: string | null;
  benefitDigit: number | null;
  /** Issuing province as on the card (pre-2025), the province it is now, and the card's 2-digit code. */
  province: string | null;
  provinceNew?: string | null;
  provinceCode?: string | null;
  status: string | null;
  validFrom: string | null;
  validTo: string | null;
  validToday: boolean;
}

export interface PatientStay {
  class: string | null;
  status: string | null;
  start: string | null;
  end: string | null;
  lengthOfStayDays: number | null;
  department: string | null;
  reasons: string[];
}

export interface PatientDiagnosis {
  code: string | null;
  text: string | null;
  clinicalStatus: string | null;
}

export interface PatientCharges {
  totalVnd: number;
  insuranceVnd: number | null;
  patientVnd: number | null;
  plannedVnd: number;
  benefitPercent: number | null;
}

export interface RelatedPerson {
  relationship: string | null;
  name: string | null;
  phone: string | null;
  isGuardian: boolean;
  /** related-person: a RelatedPerson; contact: named on the Patient itself (Patient.contact). */
  source?: 'related-person' | 'contact';
}

export interface PatientView {
  id: string;
  hospital: { id: string; code: string };
  fhirRef: string;
  snapshotAt: string;
  identity: {
    name: string | null;
    gender: string | null;
    birthDate: string | null;
    ethnicity: { code: string; display: string | null } | null;
    /** oldCitizenId: the old 9-digit identity card (CMND). */
    identifiers: { bhyt: string | null; nationalId: string | null; oldCitizenId?: string | null; mrn: string | null };
    addresses: PatientAddress[];
    phone: string | null;
  };
  insurance: PatientInsurance[];
  /** The stay under way; never an ended stay. */
  currentStay: PatientStay | null;
  /** The latest ended stay, when none is under way. */
  lastStay?: PatientStay | null;
  diagnoses: PatientDiagnosis[];
  charges: PatientCharges | null;
  relatedPersons: RelatedPerson[];
  census: { inpatient: boolean; ward: string | null; admittedAt: string | null; dischargedAt: string | null };
  /** How many things in the hospital's record could not be read cleanly. */
  dataProblems: number;
  /** Data-quality notes worded on the page (a province code or name in no table). */
  dataNotes?: { code: 'BHYT.UNKNOWN_PROVINCE' | 'ADDRESS.UNKNOWN_PROVINCE'; value: string }[];
}

export const MATCH_BASES = ['insurance-number', 'citizen-id', 'name-and-birth-date'] as const;
export type MatchBasis = (typeof MATCH_BASES)[number];

export interface PatientMatch {
  id: string;
  hospital: { id: string; code: string };
  basis: MatchBasis;
}

/** The same person at other hospitals: confirmed by an identifier, suggested by name and birth date. */
export interface PatientMatches {
  confirmed: PatientMatch[];
  suggested: PatientMatch[];
}

export const SYNC_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export interface SyncRun {
  id: string;
  hospital: { id: string; code: string };
  status: SyncStatus;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
  /** Incremental runs read what changed since this time; null for a full run. */
  since: string | null;
  /**
   * percent: over all phases, only moving forward; null while the FHIR server gives no Bundle.total
   * (then the pages and patients so far are all there is to show).
   */
  progress: { pages: number; encounters: number; patients: number; total: number | null; percent: number | null };
  /** total: the phase's Bundle.total, null when the server leaves it out. */
  phases: { name: 'inpatients' | 'discharges' | string; done: boolean; pages: number; encounters: number; patients: number; total: number | null }[];
  resumedCount: number;
  error: { code: string; message: string; transient: boolean } | null;
}

export const FLAG_TYPES = ['poverty', 'insurance', 'catastrophic-cost', 'vulnerability', 'high-cost-diagnosis', 'long-stay', 'social-need'] as const;
export type FlagType = (typeof FLAG_TYPES)[number];

export const CERTAINTIES = ['authoritative', 'likely', 'indicative'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

export const FLAG_STATUSES = ['active', 'confirmed', 'dismissed', 'expired', 'superseded'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const WRITE_BACK_STATUSES = ['disabled', 'pending', 'sent', 'failed'] as const;
export type WriteBackStatus = (typeof WRITE_BACK_STATUSES)[number];

/** One value a screening rule read, and where it came from (FHIR resource, screening, rule set…). */
export interface FindingInput {
  name: string;
  value: string | number | boolean | null;
  source: string;
}

/** Why a patient was flagged: one rule's finding, with its legal source and inputs. */
export interface Finding {
  ruleId: string;
  ruleVersion: string;
  legalSource: string;
  unconfirmed: boolean;
  flagType: string;
  code: string;
  /** support: a task; watch: raises the priority only (the hospital's tiers today). Absent on screenings. */
  tier?: FlagTier;
  certainty: string;
  weight: number;
  summary: { vi: string; en: string };
  inputs: FindingInput[];
}

export interface FlagPatient {
  id: string;
  name: string | null;
  birthDate: string | null;
  gender: string | null;
  ward: string | null;
  inpatient: boolean;
  /** The stay's end when the patient has left (shown as "đã ra viện dd/MM/yyyy"). */
  dischargedAt: string | null;
}

export type FlagTier = 'support' | 'watch';

/** A worklist entry: a patient who may need support, with the reasons the rules found. */
export interface Flag {
  id: string;
  patient: FlagPatient | null;
  status: FlagStatus;
  priority: number;
  tier: FlagTier;
  flagTypes: string[];
  codes: string[];
  povertyCertainty: string | null;
  reasons: Finding[];
  screeningId: string;
  expiresAt: string;
  review: { by: string; at: string; reason: string | null; caseId: string | null } | null;
  writeBack: { status: WriteBackStatus; lastError: string | null };
  createdAt: string;
}

export type FlagDecision = 'confirm' | 'dismiss' | 'expire';

export interface FlagReviewInput {
  decision: FlagDecision;
  reason?: string;
}

export interface WorklistFilters {
  flagType?: FlagType;
  ward?: string;
  /** ISO instant: only flags raised since then. */
  since?: string;
  /** priority (default) or ward, then priority within each ward. */
  sort?: 'priority' | 'ward';
  /** support (default: the flags that are a task), watch, or all. */
  tier?: 'support' | 'watch' | 'all';
  /** current (default: in hospital now or discharged in the last few days) or all. */
  presence?: 'current' | 'all';
  /** active (default) or the reviewed flags. */
  status?: 'active' | 'confirmed' | 'dismissed';
}

/** A worklist page also says how many flags match the filters in all. */
export interface WorklistPage extends Page<Flag> {
  total: number;
}

/** A patient's case, as the patient page shows it until cases get their own screens. */
export interface PatientCase {
  id: string;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: { id: string; name: string | null };
  note: string | null;
  flag: { id: string; priority: number; reasons: { code: string; flagType: string; summary: { vi: string; en: string } }[] } | null;
}

export interface Screening {
  id: string;
  kind: 'auto' | 'questionnaire';
  screeningDate: string;
  ruleSet: { id: string; version: string };
  priority: number;
  findings: Finding[];
  superseded: boolean;
  createdAt: string;
}

export interface ScreeningResult {
  screening: Screening;
  flag: Flag | null;
}

export interface PatientScreenings {
  screenings: Screening[];
  flags: Flag[];
}

/** The parts of a FHIR R4 Questionnaire the screening form reads. */
export interface FhirExtension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueInteger?: number;
  valueCoding?: Coding;
  extension?: FhirExtension[];
}

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface QuestionnaireItem {
  linkId: string;
  type: string;
  text?: string;
  _text?: { extension?: FhirExtension[] };
  required?: boolean;
  extension?: FhirExtension[];
  answerOption?: { valueCoding?: Coding }[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  url?: string;
  version?: string;
  title?: string;
  _title?: { extension?: FhirExtension[] };
  item?: QuestionnaireItem[];
}

export interface QuestionnaireResponseAnswer {
  valueCoding?: Coding;
  valueBoolean?: boolean;
  valueInteger?: number;
}

export interface QuestionnaireResponseItem {
  linkId: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  questionnaire: string;
  status: 'completed';
  item: QuestionnaireResponseItem[];
}

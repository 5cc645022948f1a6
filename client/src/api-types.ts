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

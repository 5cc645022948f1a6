import { HOSPITAL_ROLES, ORGANISATION_ROLES } from '../../api-types';
import type { Locale, Role, User, UserInput, UserPatch } from '../../api-types';

/** The user form's values and their mapping to the API (the tenant field follows the role). */
export interface UserFormValues {
  username: string;
  displayName: string;
  /** Where notifications are e-mailed; empty: in-app only. */
  email?: string;
  role: Role;
  hospitalId?: string;
  organisationId?: string;
  password?: string;
  locale: Locale;
  disabled: boolean;
}

export const USER_FIELDS = ['username', 'displayName', 'email', 'role', 'hospitalId', 'organisationId', 'password', 'locale', 'disabled'] as const;

export const needsHospital = (role: Role | undefined): boolean => Boolean(role && HOSPITAL_ROLES.includes(role));
export const needsOrganisation = (role: Role | undefined): boolean => Boolean(role && ORGANISATION_ROLES.includes(role));

export function userToForm(user: User | null): UserFormValues {
  if (!user) return { username: '', displayName: '', role: 'social_worker', locale: 'vi', disabled: false };
  return {
    username: user.username,
    displayName: user.displayName,
    email: user.email ?? '',
    role: user.role,
    hospitalId: user.hospital?.id,
    organisationId: user.organisation?.id,
    locale: user.locale,
    disabled: user.disabled,
  };
}

export function formToUserInput(values: UserFormValues): UserInput {
  const input: UserInput = {
    username: values.username.trim(),
    displayName: values.displayName.trim(),
    role: values.role,
    password: values.password ?? '',
    locale: values.locale,
  };
  const email = values.email?.trim();
  if (email) input.email = email;
  if (needsHospital(values.role) && values.hospitalId) input.hospitalId = values.hospitalId;
  if (needsOrganisation(values.role) && values.organisationId) input.organisationId = values.organisationId;
  return input;
}

/** Changed fields only; a role that no longer belongs to a hospital/organisation clears it (null). */
export function formToUserPatch(values: UserFormValues, original: User): UserPatch {
  const patch: UserPatch = {};
  const displayName = values.displayName.trim();
  if (displayName !== original.displayName) patch.displayName = displayName;
  const email = values.email?.trim() || null;
  if (email !== (original.email ?? null)) patch.email = email;
  if (values.role !== original.role) patch.role = values.role;
  const hospitalId = needsHospital(values.role) ? (values.hospitalId ?? null) : null;
  if (hospitalId !== (original.hospital?.id ?? null)) patch.hospitalId = hospitalId;
  const organisationId = needsOrganisation(values.role) ? (values.organisationId ?? null) : null;
  if (organisationId !== (original.organisation?.id ?? null)) patch.organisationId = organisationId;
  if (values.disabled !== original.disabled) patch.disabled = values.disabled;
  if (values.locale !== original.locale) patch.locale = values.locale;
  if (values.password) patch.password = values.password;
  return patch;
}

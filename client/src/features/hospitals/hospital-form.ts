import type {
  FhirAuthType,
  FhirSettingsInput,
  Hospital,
  HospitalInput,
  HospitalLevel,
  HospitalPatch,
  SocialWorkUnit,
} from '../../api-types';

/** The hospital form's values, and the mapping to and from the API's shapes. */
export interface HospitalFormValues {
  code: string;
  name: string;
  province: { current: string; old: string };
  level: HospitalLevel;
  socialWorkUnit: SocialWorkUnit;
  active: boolean;
  fhir: {
    enabled: boolean;
    writeBack: boolean;
    baseUrl?: string;
    authType: FhirAuthType;
    timeoutMs: number;
    username?: string;
    password?: string;
    token?: string;
    clientId?: string;
    tokenUrl?: string;
    privateKeyPem?: string;
    scope?: string;
  };
}

export const HOSPITAL_FIELDS = [
  'code',
  'name',
  'province.current',
  'province.old',
  'level',
  'socialWorkUnit',
  'active',
  'fhir.enabled',
  'fhir.writeBack',
  'fhir.baseUrl',
  'fhir.authType',
  'fhir.timeoutMs',
  'fhir.username',
  'fhir.password',
  'fhir.token',
  'fhir.clientId',
  'fhir.tokenUrl',
  'fhir.privateKeyPem',
  'fhir.scope',
] as const;

/** Write-only settings per auth type: the API never returns them, so the form starts blank. */
export type FhirSecretKey = 'username' | 'password' | 'token' | 'clientId' | 'tokenUrl' | 'privateKeyPem' | 'scope';

export const FHIR_SECRET_FIELDS: Record<FhirAuthType, FhirSecretKey[]> = {
  none: [],
  basic: ['username', 'password'],
  bearer: ['token'],
  'smart-backend': ['clientId', 'tokenUrl', 'privateKeyPem', 'scope'],
};

export const DEFAULT_FHIR_TIMEOUT_MS = 10_000;

export function hospitalToForm(hospital: Hospital | null): HospitalFormValues {
  if (!hospital) {
    return {
      code: '',
      name: '',
      province: { current: '', old: '' },
      level: 'provincial',
      socialWorkUnit: 'phong',
      active: true,
      fhir: { enabled: false, writeBack: false, baseUrl: '', authType: 'none', timeoutMs: DEFAULT_FHIR_TIMEOUT_MS },
    };
  }
  return {
    code: hospital.code,
    name: hospital.name,
    province: { ...hospital.province },
    level: hospital.level,
    socialWorkUnit: hospital.socialWorkUnit,
    active: hospital.active,
    fhir: {
      enabled: hospital.fhir.enabled,
      writeBack: hospital.fhir.writeBack,
      baseUrl: hospital.fhir.baseUrl ?? '',
      authType: hospital.fhir.authType,
      timeoutMs: hospital.fhir.timeoutMs,
    },
  };
}

function fhirInput(fhir: HospitalFormValues['fhir']): FhirSettingsInput {
  const input: FhirSettingsInput = {
    baseUrl: fhir.baseUrl?.trim() || null,
    authType: fhir.authType,
    enabled: fhir.enabled,
    writeBack: fhir.writeBack,
    timeoutMs: fhir.timeoutMs,
  };
  // Only send a secret the admin typed: a blank field means "keep what is stored".
  for (const key of FHIR_SECRET_FIELDS[fhir.authType]) {
    const value = fhir[key];
    if (value && value.trim() !== '') input[key] = key === 'privateKeyPem' ? value : value.trim();
  }
  return input;
}

export function formToInput(values: HospitalFormValues): HospitalInput {
  return {
    code: values.code.trim().toUpperCase(),
    name: values.name.trim(),
    province: { current: values.province.current.trim(), old: values.province.old.trim() },
    level: values.level,
    socialWorkUnit: values.socialWorkUnit,
    fhir: fhirInput(values.fhir),
  };
}

/** A PATCH with the fields that changed (the FHIR block goes whole, minus untouched secrets). */
export function formToPatch(values: HospitalFormValues, original: Hospital): HospitalPatch {
  const input = formToInput(values);
  const patch: HospitalPatch = {};
  if (input.name !== original.name) patch.name = input.name;
  if (input.province.current !== original.province.current || input.province.old !== original.province.old) {
    patch.province = input.province;
  }
  if (input.level !== original.level) patch.level = input.level;
  if (input.socialWorkUnit !== original.socialWorkUnit) patch.socialWorkUnit = input.socialWorkUnit;
  if (values.active !== original.active) patch.active = values.active;
  const fhir = input.fhir ?? {};
  const secretTyped = FHIR_SECRET_FIELDS[values.fhir.authType].some((key) => fhir[key] !== undefined);
  const fhirChanged =
    secretTyped ||
    fhir.baseUrl !== original.fhir.baseUrl ||
    fhir.authType !== original.fhir.authType ||
    fhir.enabled !== original.fhir.enabled ||
    fhir.writeBack !== original.fhir.writeBack ||
    fhir.timeoutMs !== original.fhir.timeoutMs;
  if (fhirChanged) patch.fhir = fhir;
  return patch;
}

/** Province names already in use, to suggest while typing (new and old lists). */
export function provinceSuggestions(hospitals: Hospital[]): { current: string[]; old: string[] } {
  const sort = (names: Set<string>): string[] => [...names].filter(Boolean).sort((a, b) => a.localeCompare(b, 'vi'));
  return {
    current: sort(new Set(hospitals.map((h) => h.province.current))),
    old: sort(new Set(hospitals.map((h) => h.province.old))),
  };
}

import type { QueryFilter } from 'mongoose';
import { conflict, notFound, validationFailed, type ErrorDetail } from '../../errors.js';
import { cursorObjectId, toPage, type Page } from '../../http/pagination.js';
import { HospitalModel, type FhirSecrets, type HospitalRecord } from './hospitals.model.js';
import type { FhirSettingsInput, HospitalCreate, HospitalListQuery, HospitalUpdate, HospitalView } from './hospitals.schemas.js';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { seal } from '../../fhir/secret-box.js';
// Other features take the record type from here, never from the model (decision 0019).
export type { HospitalRecord } from './hospitals.model.js';

const SECRET_KEYS = ['username', 'password', 'token', 'clientId', 'tokenUrl', 'privateKeyPem', 'scope'] as const;

/** What each FHIR auth type needs before a hospital's gateway can be enabled. */
const REQUIRED_SECRETS: Record<string, (keyof FhirSecrets)[]> = {
  none: [],
  basic: ['username', 'password'],
  bearer: ['token'],
  'smart-backend': ['clientId', 'tokenUrl', 'privateKeyPem'],
};

export function toHospitalView(h: HospitalRecord): HospitalView {
  const secrets = h.fhir?.secrets ?? ({} as Partial<FhirSecrets>);
  return {
    id: h._id.toHexString(),
    code: h.code,
    name: h.name,
    province: { current: h.province.current, old: h.province.old },
    level: h.level,
    socialWorkUnit: h.socialWorkUnit,
    fhir: {
      baseUrl: h.fhir?.baseUrl ?? null,
      authType: h.fhir?.authType ?? 'none',
      enabled: h.fhir?.enabled ?? false,
      writeBack: h.fhir?.writeBack ?? false,
      timeoutMs: h.fhir?.timeoutMs ?? 10_000,
      hasSecret: SECRET_KEYS.some((k) => Boolean(secrets[k])),
    },
    active: h.active,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export async function listHospitals(q: HospitalListQuery): Promise<Page<HospitalView>> {
  const filter: QueryFilter<HospitalRecord> = {};
  const after = cursorObjectId(q.cursor);
  if (after) filter._id = { $gt: after };
  if (q.level) filter.level = q.level;
  if (q.province) filter['province.current'] = q.province;
  if (q.active !== undefined) filter.active = q.active;
  const rows = await HospitalModel.find(filter).sort({ _id: 1 }).limit(q.limit + 1).lean<HospitalRecord[]>();
  return toPage(rows, q.limit, toHospitalView, (r) => ({ id: r._id.toHexString() }));
}

export async function findHospital(id: string): Promise<HospitalRecord | null> {
  return HospitalModel.findById(id).lean<HospitalRecord>();
}

export async function getHospital(id: string): Promise<HospitalView> {
  const h = await findHospital(id);
  if (!h) throw notFound('Hospital');
  return toHospitalView(h);
}

export async function createHospital(input: HospitalCreate): Promise<HospitalView> {
  const fhir = mergeFhir(undefined, input.fhir);
  try {
    const created = await HospitalModel.create({ ...input, fhir });
    return toHospitalView(created.toObject<HospitalRecord>());
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('HOSPITAL.CODE_TAKEN', `A hospital with code ${input.code} already exists`);
    throw err;
  }
}

export async function updateHospital(id: string, input: HospitalUpdate): Promise<HospitalView> {
  const current = await findHospital(id);
  if (!current) throw notFound('Hospital');
  const { fhir: fhirInput, ...rest } = input;
  const set: Record<string, unknown> = { ...rest };
  if (fhirInput) set.fhir = mergeFhir(current.fhir, fhirInput);
  const updated = await HospitalModel.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<HospitalRecord>();
  if (!updated) throw notFound('Hospital');
  return toHospitalView(updated);
}

/** Applies an input over the stored settings; secrets given as null are cleared, absent ones kept. */
function mergeFhir(current: HospitalRecord['fhir'] | undefined, input: FhirSettingsInput | undefined): HospitalRecord['fhir'] {
  const secrets = { ...emptySecrets(), ...(current?.secrets ?? {}) };
  for (const k of SECRET_KEYS) if (input && input[k] !== undefined) secrets[k] = sealIfSecret(k, input[k] ?? null);
  const merged = {
    baseUrl: input?.baseUrl !== undefined ? input.baseUrl : (current?.baseUrl ?? null),
    authType: input?.authType ?? current?.authType ?? 'none',
    enabled: input?.enabled ?? current?.enabled ?? false,
    writeBack: input?.writeBack ?? current?.writeBack ?? false,
    timeoutMs: input?.timeoutMs ?? current?.timeoutMs ?? 10_000,
    secrets,
  };
  const details: ErrorDetail[] = [];
  if (merged.enabled && !merged.baseUrl) details.push({ path: 'body.fhir.baseUrl', message: 'required to enable the FHIR link', code: 'required_to_enable' });
  for (const k of REQUIRED_SECRETS[merged.authType] ?? []) {
    if (merged.authType !== 'none' && !secrets[k]) details.push({ path: `body.fhir.${k}`, message: `required for auth type ${merged.authType}`, code: 'required_for_auth_type', params: { authType: merged.authType } });
  }
  if (details.length > 0) throw validationFailed(details);
  return merged;
}

/** Passwords, tokens and private keys are sealed at rest; usernames, client ids, URLs and scopes are not secret. */
const SEALED: readonly (keyof FhirSecrets)[] = ['password', 'token', 'privateKeyPem'];

function sealIfSecret(k: keyof FhirSecrets, value: string | null): string | null {
  return value !== null && SEALED.includes(k) ? seal(value) : value;
}

function emptySecrets(): FhirSecrets {
  return { username: null, password: null, token: null, clientId: null, tokenUrl: null, privateKeyPem: null, scope: null };
}

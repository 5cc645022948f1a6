import { parseBhytNumber, type BhytCard, type BhytGroupRef, type ProvinceRef } from './bhyt.js';
import { readDateValue } from './dates.js';
import { readVnAddress, type VnAddress } from './patient-address.js';
import { readContacts, type ContactSnapshot } from './patient-contact.js';
import { foldVietnamese, readPersonName, type PersonName } from './patient-name.js';
import {
  isRecord,
  openResource,
  readArray,
  readBoolean,
  readCoding,
  readConcept,
  readIdAndUpdated,
  readPhone,
  readString,
  warn,
  type Mapped,
  type Problems,
} from './read.js';
import { classifyIdentifier, isVnCoreUrl, type IdentifierKind } from './vn-core.js';

export { foldVietnamese, type PersonName } from './patient-name.js';
export { newProvinceOf, type VnAddress } from './patient-address.js';
export type { ContactSnapshot } from './patient-contact.js';

/**
 * Patient (https://hl7.org/fhir/R4/patient.html, VN Core vn-core-patient) → the module's view of a
 * patient. Nothing here throws on partial or malformed input: what cannot be read is null and
 * listed in `problems`.
 */

export interface EthnicGroupRef {
  code: string;
  display: string;
}

export interface PatientReferenceData {
  groups: readonly BhytGroupRef[];
  provinces: readonly ProvinceRef[];
  /** VN Core CodeSystem vn-core-race (data/vn-core-ethnic-groups.json). */
  ethnicGroups: readonly EthnicGroupRef[];
}

export interface PatientSnapshot {
  fhirId: string | null;
  name: PersonName | null;
  gender: 'male' | 'female' | 'other' | 'unknown' | null;
  /** As sent: YYYY, YYYY-MM or YYYY-MM-DD (partial birth dates are common and legal). */
  birthDate: string | null;
  identifiers: Record<IdentifierKind, string | null>;
  /** The BHYT number parsed; null when absent or unreadable (see problems). */
  bhytCard: BhytCard | null;
  ethnicity: { code: string; display: string | null } | null;
  addresses: VnAddress[];
  phone: string | null;
  /** Patient.contact: family and carers recorded on the Patient (a child's mother often is only here). */
  contacts: ContactSnapshot[];
  /** FHIR leaves "absent" as unknown; the module treats it as not deceased. */
  deceased: boolean;
  deceasedDate: string | null;
  lastUpdated: string | null;
}

const GENDERS = ['male', 'female', 'other', 'unknown'] as const;

/** Plain gender forms of Vietnamese HIS (folded): HL7 v2 M/F, "Nam"/"Nữ". */
const PLAIN_GENDERS: Record<string, PatientSnapshot['gender']> = {
  m: 'male',
  nam: 'male',
  f: 'female',
  nu: 'female',
  o: 'other',
  u: 'unknown',
};

export function mapPatient(input: unknown, ref: PatientReferenceData): Mapped<PatientSnapshot> {
  const opened = openResource(input, 'Patient');
  if (!opened.ok) return opened;
  const res = opened.resource;
  const problems: Problems = [];
  const { fhirId, lastUpdated } = readIdAndUpdated(res, problems);
  const name = readPersonName(res.name, 'Patient.name', problems);
  if (!name) warn(problems, 'PATIENT.NO_NAME', 'Patient.name', 'patient has no usable name');
  const { identifiers, bhytCard } = readIdentifiers(res.identifier, problems, ref);
  const value: PatientSnapshot = {
    fhirId,
    name,
    gender: readGender(res.gender, problems),
    birthDate: readDateValue(res.birthDate, 'Patient.birthDate', problems, 'date'),
    identifiers,
    bhytCard,
    ethnicity: readEthnicity(res.extension, problems, ref.ethnicGroups),
    addresses: readArray(res.address, 'Patient.address', problems)
      .map((a, i) => readVnAddress(a, `Patient.address[${i}]`, problems, ref.provinces))
      .filter((a): a is VnAddress => a !== null),
    phone: readPhone(res.telecom, 'Patient.telecom', problems),
    contacts: readContacts(res.contact, problems),
    ...readDeceased(res, problems),
    lastUpdated,
  };
  return { ok: true, value, problems };
}

function readGender(v: unknown, problems: Problems): PatientSnapshot['gender'] {
  const g = readString(v, 'Patient.gender', problems);
  if (g === null) return null;
  const hit = GENDERS.find((x) => x === g);
  if (hit) return hit;
  const plain = PLAIN_GENDERS[foldVietnamese(g)] ?? GENDERS.find((x) => x === g.toLowerCase()) ?? null;
  if (plain) warn(problems, 'FHIR.PLAIN_CODE', 'Patient.gender', `'${g}' read as ${plain}`);
  else warn(problems, 'FHIR.BAD_CODE', 'Patient.gender', `'${g}' is not an AdministrativeGender code; ignored`);
  return plain;
}

function readIdentifiers(
  v: unknown,
  problems: Problems,
  ref: PatientReferenceData,
): { identifiers: PatientSnapshot['identifiers']; bhytCard: BhytCard | null } {
  const identifiers: PatientSnapshot['identifiers'] = { bhyt: null, nationalId: null, oldCitizenId: null, mrn: null, passport: null };
  readArray(v, 'Patient.identifier', problems).forEach((raw, i) => {
    const id = classifyIdentifier(raw, `Patient.identifier[${i}]`, problems);
    if (!id) return;
    const value = id.kind === 'passport' || id.kind === 'mrn' ? id.value : id.value.replace(/[\s-]/g, '').toUpperCase();
    const existing = identifiers[id.kind];
    if (existing && existing !== value) {
      warn(problems, 'PATIENT.DUPLICATE_IDENTIFIER', `Patient.identifier[${i}]`, `a second ${id.kind} was ignored; the first one is kept`);
    } else identifiers[id.kind] = value;
  });
  return { identifiers, bhytCard: identifiers.bhyt ? parseCard(identifiers.bhyt, ref, problems) : null };
}

function parseCard(number: string, ref: PatientReferenceData, problems: Problems): BhytCard | null {
  const parsed = parseBhytNumber(number, ref);
  for (const e of parsed.ok ? parsed.warnings : parsed.errors) warn(problems, e.code, 'Patient.identifier', e.message);
  return parsed.ok ? parsed.card : null;
}

/**
 * Ethnic group from VN Core extension-race: valueCoding, or valueCodeableConcept / valueString as
 * some systems send. extension-ethic carries religion and is deliberately not read. Codes are two
 * digits ('08' HMông); a code sent as a number (8) is padded; a bare name is looked up in the table.
 */
function readEthnicity(v: unknown, problems: Problems, table: readonly EthnicGroupRef[]): PatientSnapshot['ethnicity'] {
  const ext = readArray(v, 'Patient.extension', problems).find(
    (e): e is Record<string, unknown> =>
      isRecord(e) && isVnCoreUrl(typeof e.url === 'string' ? e.url : null, 'StructureDefinition/extension-race'),
  );
  if (!ext) return null;
  const p = 'Patient.extension(extension-race)';
  const concept =
    ext.valueCodeableConcept !== undefined ? readConcept(ext.valueCodeableConcept, `${p}.valueCodeableConcept`, problems) : null;
  const coding =
    ext.valueCoding !== undefined
      ? readCoding(ext.valueCoding, `${p}.valueCoding`, problems)
      : (concept?.codings.find((c) => c.code) ?? null);
  const name = readString(ext.valueString, `${p}.valueString`, problems) ?? concept?.text ?? null;
  const byName = name ? table.find((g) => foldVietnamese(g.display) === foldVietnamese(name)) : undefined;
  const rawCode = coding?.code ?? readString(ext.valueCode, `${p}.valueCode`, problems) ?? byName?.code ?? null;
  if (!rawCode) {
    warn(problems, 'PATIENT.BAD_ETHNICITY', p, 'extension-race has no readable code; ignored');
    return null;
  }
  const code = /^\d$/.test(rawCode) ? `0${rawCode}` : rawCode;
  const known = table.find((g) => g.code === code);
  if (!known) warn(problems, 'PATIENT.UNKNOWN_ETHNIC_CODE', p, `ethnic code '${code}' is not in vn-core-race`);
  return { code, display: known?.display ?? coding?.display ?? name };
}

function readDeceased(res: Record<string, unknown>, problems: Problems): Pick<PatientSnapshot, 'deceased' | 'deceasedDate'> {
  const date = readDateValue(res.deceasedDateTime, 'Patient.deceasedDateTime', problems, 'dateTime');
  const flag = readBoolean(res.deceasedBoolean, 'Patient.deceasedBoolean', problems);
  return { deceased: date !== null || flag === true, deceasedDate: date };
}

import { readPersonName, type PersonName } from './patient-name.js';
import {
  openResource,
  readArray,
  readBoolean,
  readConcept,
  readIdAndUpdated,
  readPhone,
  readReference,
  warn,
  type Mapped,
  type Problems,
  type SimpleConcept,
  type SimpleReference,
} from './read.js';

/**
 * RelatedPerson (https://hl7.org/fhir/R4/relatedperson.html) → a family member or carer. The
 * relationship value set (https://hl7.org/fhir/R4/valueset-relatedperson-relationshiptype.html)
 * draws on v3-RoleCode and v2-0131; "caregiver" is only in v3-RoleClass. Hospital systems often
 * send just Vietnamese text ("Mẹ", "Bố", "Người giám hộ"), which is read too.
 * A guardian consents for a child (Law 91/2025/QH15): `isGuardian` is set only by an explicit
 * guardian role; parents are marked `isParent`, and whether a parent may consent (the patient is
 * a minor) is for the consent service to decide with the patient's age.
 */

export type Relationship =
  | 'guardian'
  | 'mother'
  | 'father'
  | 'parent'
  | 'caregiver'
  | 'spouse'
  | 'child'
  | 'sibling'
  | 'grandparent'
  | 'other-family'
  | 'friend-neighbour'
  | 'next-of-kin'
  | 'emergency-contact';

export interface RelatedPersonSnapshot {
  fhirId: string | null;
  patient: SimpleReference | null;
  /** The most specific role, guardian first; null when no code or text was recognised. */
  relationship: Relationship | null;
  roles: Relationship[];
  /** As sent, for display when nothing was recognised. */
  relationshipText: string | null;
  name: PersonName | null;
  phone: string | null;
  isGuardian: boolean;
  isParent: boolean;
  active: boolean | null;
  lastUpdated: string | null;
}

// prettier-ignore
const CODES: Record<string, Relationship> = {
  GUARD: 'guardian',
  MTH: 'mother', NMTH: 'mother', STPMTH: 'mother',
  FTH: 'father', NFTH: 'father', STPFTH: 'father',
  PRN: 'parent', STPPRN: 'parent',
  CAREGIVER: 'caregiver',
  SPS: 'spouse', HUSB: 'spouse', WIFE: 'spouse', DOMPART: 'spouse', SIGOTHR: 'spouse',
  CHILD: 'child', SON: 'child', DAU: 'child', CHLDADOPT: 'child',
  SIB: 'sibling', BRO: 'sibling', SIS: 'sibling',
  GRPRN: 'grandparent', GRMTH: 'grandparent', GRFTH: 'grandparent',
  FAMMEMB: 'other-family', EXT: 'other-family', AUNT: 'other-family', UNCLE: 'other-family', COUSN: 'other-family',
  NIECE: 'other-family', NEPHEW: 'other-family', GRNDCHILD: 'other-family', PRNINLAW: 'other-family', CHLDINLAW: 'other-family',
  FRND: 'friend-neighbour', NBOR: 'friend-neighbour',
  NOK: 'next-of-kin', N: 'next-of-kin',
  ECON: 'emergency-contact', C: 'emergency-contact', EP: 'emergency-contact',
};

/** Vietnamese and English words, lower-case with diacritics (folding would merge bà/ba, mẹ/me). */
// prettier-ignore
const WORDS: Record<string, Relationship> = {
  'người giám hộ': 'guardian', 'giám hộ': 'guardian', guardian: 'guardian',
  mẹ: 'mother', má: 'mother', mother: 'mother',
  bố: 'father', cha: 'father', ba: 'father', father: 'father',
  'bố mẹ': 'parent', 'cha mẹ': 'parent', parent: 'parent',
  'người chăm sóc': 'caregiver', caregiver: 'caregiver',
  vợ: 'spouse', chồng: 'spouse', spouse: 'spouse',
  con: 'child', 'con trai': 'child', 'con gái': 'child',
  anh: 'sibling', chị: 'sibling', em: 'sibling', 'anh trai': 'sibling', 'chị gái': 'sibling', 'em trai': 'sibling', 'em gái': 'sibling',
  ông: 'grandparent', bà: 'grandparent', 'ông nội': 'grandparent', 'bà nội': 'grandparent', 'ông ngoại': 'grandparent', 'bà ngoại': 'grandparent',
  cô: 'other-family', dì: 'other-family', chú: 'other-family', bác: 'other-family', cậu: 'other-family', 'họ hàng': 'other-family',
  'hàng xóm': 'friend-neighbour', bạn: 'friend-neighbour',
};

// prettier-ignore
const PRIORITY: readonly Relationship[] = [
  'guardian', 'mother', 'father', 'parent', 'caregiver', 'spouse', 'child', 'sibling', 'grandparent',
  'other-family', 'next-of-kin', 'emergency-contact', 'friend-neighbour',
];

function rolesOf(concept: SimpleConcept | null): Relationship[] {
  if (!concept) return [];
  const fromCodes = concept.codings.map((c) => CODES[(c.code ?? '').toUpperCase()]);
  const words = [concept.text, ...concept.codings.map((c) => c.display)].map((t) =>
    t ? WORDS[t.normalize('NFC').toLowerCase().trim()] : undefined,
  );
  return [...fromCodes, ...words].filter((r): r is Relationship => r !== undefined);
}

/** What a list of relationship concepts says: shared by RelatedPerson and Patient.contact (patient-contact.ts). */
export interface RelationshipRead {
  relationship: Relationship | null;
  roles: Relationship[];
  relationshipText: string | null;
  isGuardian: boolean;
  isParent: boolean;
}

export function readRelationships(v: unknown, path: string, problems: Problems): RelationshipRead & { given: boolean } {
  const concepts = readArray(v, path, problems).map((r, i) => readConcept(r, `${path}[${i}]`, problems));
  const roles = [...new Set(concepts.flatMap(rolesOf))].sort((a, b) => PRIORITY.indexOf(a) - PRIORITY.indexOf(b));
  const relationshipText = concepts.map((c) => c?.text ?? c?.codings.find((x) => x.display)?.display ?? null).find((t) => t) ?? null;
  return {
    given: concepts.length > 0,
    relationship: roles[0] ?? null,
    roles,
    relationshipText,
    isGuardian: roles.includes('guardian'),
    isParent: roles.some((r) => r === 'mother' || r === 'father' || r === 'parent'),
  };
}

export function mapRelatedPerson(input: unknown): Mapped<RelatedPersonSnapshot> {
  const opened = openResource(input, 'RelatedPerson');
  if (!opened.ok) return opened;
  const res = opened.resource;
  const problems: Problems = [];
  const { fhirId, lastUpdated } = readIdAndUpdated(res, problems);
  const { given, ...rel } = readRelationships(res.relationship, 'RelatedPerson.relationship', problems);
  if (given && rel.roles.length === 0)
    warn(problems, 'RELATED.UNKNOWN_RELATIONSHIP', 'RelatedPerson.relationship', 'relationship not recognised; kept as text');
  const patient = readReference(res.patient, 'RelatedPerson.patient', problems);
  if (!patient) warn(problems, 'RELATED.NO_PATIENT', 'RelatedPerson.patient', 'related person names no patient (required in R4)');
  const value: RelatedPersonSnapshot = {
    fhirId,
    patient,
    relationship: rel.relationship,
    roles: rel.roles,
    relationshipText: rel.relationshipText,
    name: readPersonName(res.name, 'RelatedPerson.name', problems),
    phone: readPhone(res.telecom, 'RelatedPerson.telecom', problems),
    isGuardian: rel.isGuardian,
    isParent: rel.isParent,
    active: readBoolean(res.active, 'RelatedPerson.active', problems),
    lastUpdated,
  };
  return { ok: true, value, problems };
}

import type { CodeSystem, Coding, Consent, ConsentProvisionActor, Extension, Patient, Reference, RelatedPerson } from '@medplum/fhirtypes';
import { checkDateTime, fhirId, moduleIdentifier, partyReference, reference, type PartyRef } from './outbound/common.js';
import { refuseInput, validated } from './outbound/validate.js';
import { readRelationships, type Relationship } from './related-person.js';
import { SYSTEMS } from './vn-core.js';

/**
 * A consent recorded on a case (server/features/consent) as a FHIR R4 Consent
 * (https://hl7.org/fhir/R4/consent.html), scope patient-privacy. Law 91/2025/QH15 and Decree
 * 356/2025/ND-CP: consent is per purpose and per recipient, provable and withdrawable, and a
 * guardian consents for a child. So one Consent = one purpose (a code of the module's CodeSystem)
 * + one recipient (provision.actor), given by the patient or a RelatedPerson, proven by a signed
 * form or a named witness; a withdrawal is status `inactive` with the provision period ended on
 * the day of withdrawal. Expiry needs no status: provision.period.end says until when it holds.
 * The resource id is the module's (`nc-consent-<id>`), so writing the withdrawal replaces the
 * same resource on the hospital's server.
 */

export type ConsentPurposeCode = 'share-hospital' | 'share-charity' | 'publish-story' | 'contact-phone' | 'case-conference';

/** The one table of the purposes: the CodeSystem's displays (Vietnamese first) and the action each permits. */
export const CONSENT_PURPOSE_CODES: Readonly<Record<ConsentPurposeCode, { vi: string; en: string; action: 'disclose' | 'use' }>> = {
  'share-hospital': { vi: 'Chia sẻ thông tin với bệnh viện tiếp nhận', en: 'Share with a receiving hospital', action: 'disclose' },
  'share-charity': { vi: 'Chia sẻ thông tin với đối tác từ thiện', en: 'Share with charity partners', action: 'disclose' },
  'publish-story': { vi: 'Đăng câu chuyện đã ẩn danh', en: 'Publish a de-identified story', action: 'disclose' },
  'contact-phone': { vi: 'Liên lạc qua điện thoại', en: 'Contact by phone', action: 'use' },
  'case-conference': { vi: 'Thảo luận tại hội chẩn ca bệnh liên viện', en: 'Discuss at an inter-hospital case conference', action: 'disclose' },
};

/** The consent as the consent feature answers it (its schema's shape; only what the mapping reads). */
export interface ConsentForFhir {
  id: string;
  purpose: ConsentPurposeCode;
  recipient: { kind: 'hospital' | 'organisation'; id: string; name: string } | { kind: 'any-hospital' } | { kind: 'any-partner' } | { kind: 'none' };
  givenBy: { kind: 'patient' } | { kind: 'guardian' | 'legal-representative'; name: string; relationship: string };
  childAgreed: boolean | null;
  method: { kind: 'signed-form'; attachmentId: string } | { kind: 'verbal'; witnessName: string };
  givenOn: string;
  validUntil: string | null;
  recordedAt: string;
  withdrawal: { on: string } | null;
  allows: { vi: string; en: string };
}

export interface ConsentFhirInput {
  consent: ConsentForFhir;
  /** The patient's id on the hospital's FHIR server. */
  patientFhirId: string;
  /** The hospital that holds the record of consent (Consent.organization). */
  custodian: PartyRef;
}

const RT = 'Consent';
const GIVER_ID = 'giver';

/** Relationships read from the giver's words (related-person.ts) → v3 RoleCode, caregiver from v3 RoleClass. */
const ROLE_CODES: Record<Relationship, { system: string; code: string }> = {
  guardian: { system: SYSTEMS.hl7.roleCode, code: 'GUARD' },
  mother: { system: SYSTEMS.hl7.roleCode, code: 'MTH' },
  father: { system: SYSTEMS.hl7.roleCode, code: 'FTH' },
  parent: { system: SYSTEMS.hl7.roleCode, code: 'PRN' },
  caregiver: { system: SYSTEMS.hl7.roleClass, code: 'CAREGIVER' },
  spouse: { system: SYSTEMS.hl7.roleCode, code: 'SPS' },
  child: { system: SYSTEMS.hl7.roleCode, code: 'CHILD' },
  sibling: { system: SYSTEMS.hl7.roleCode, code: 'SIB' },
  grandparent: { system: SYSTEMS.hl7.roleCode, code: 'GRPRN' },
  'other-family': { system: SYSTEMS.hl7.roleCode, code: 'FAMMEMB' },
  'friend-neighbour': { system: SYSTEMS.hl7.roleCode, code: 'FRND' },
  'next-of-kin': { system: SYSTEMS.hl7.roleCode, code: 'NOK' },
  'emergency-contact': { system: SYSTEMS.hl7.roleCode, code: 'ECON' },
};

const AUDIENCES = {
  'any-hospital': { vi: 'Mọi bệnh viện trong mạng lưới Nhịp Cầu', en: 'Any hospital of the Nhịp Cầu network' },
  'any-partner': { vi: 'Mọi đối tác trong mạng lưới Nhịp Cầu', en: 'Any partner of the Nhịp Cầu network' },
} as const;

/** A display with its English translation on the primitive's extension (medplum's Coding type has no `_display`). */
export type TranslatedCoding = Coding & { _display?: { extension: Extension[] } };

function translated(vi: string, en: string): { display: string; _display: { extension: Extension[] } } {
  const translation: Extension = { url: SYSTEMS.hl7.translationExtension, extension: [{ url: 'lang', valueCode: 'en' }, { url: 'content', valueString: en }] };
  return { display: vi, _display: { extension: [translation] } };
}

export function purposeCoding(purpose: ConsentPurposeCode): TranslatedCoding {
  const words = CONSENT_PURPOSE_CODES[purpose];
  if (!words) refuseInput(RT, 'provision.purpose', `'${String(purpose)}' is not a consent purpose of the module`);
  return { system: SYSTEMS.nhipcau.consentPurpose, code: purpose, ...translated(words.vi, words.en) };
}

/** The guardian or legal representative as a contained RelatedPerson: the module knows a name and a relationship, not a resource on the hospital's server. */
function giverResource(c: ConsentForFhir, patientFhirId: string): RelatedPerson | null {
  if (c.givenBy.kind === 'patient') return null;
  const role = readRelationships([{ text: c.givenBy.relationship }], 'relationship', []).relationship;
  const kindWords = c.givenBy.kind === 'guardian' ? { vi: 'Người giám hộ', en: 'Guardian' } : { vi: 'Người đại diện theo pháp luật', en: 'Legal representative' };
  return {
    resourceType: 'RelatedPerson',
    id: GIVER_ID,
    patient: reference('Patient', patientFhirId, RT),
    relationship: [
      { coding: [{ system: SYSTEMS.nhipcau.consentGiver, code: c.givenBy.kind, ...translated(kindWords.vi, kindWords.en) }] },
      ...(role ? [{ coding: [ROLE_CODES[role]], text: c.givenBy.relationship }] : [{ text: c.givenBy.relationship }]),
    ],
    name: [{ text: c.givenBy.name }],
  };
}

/** Who agreed: the patient, or the giver, and a child who agreed as well (aged 7–15: its agreement is part of the consent). */
function performers(c: ConsentForFhir, patientFhirId: string): Reference<Patient | RelatedPerson>[] {
  const patient = reference<Patient>('Patient', patientFhirId, RT);
  if (c.givenBy.kind === 'patient') return [patient];
  return [{ reference: `#${GIVER_ID}`, display: c.givenBy.name }, ...(c.childAgreed === true ? [patient] : [])];
}

function recipientActor(c: ConsentForFhir): ConsentProvisionActor[] {
  const r = c.recipient;
  if (r.kind === 'none') return []; // a phone call or a de-identified story: nobody receives the data
  const role = { coding: [{ system: SYSTEMS.hl7.participationType, code: 'IRCP', display: 'information recipient' }] };
  if (r.kind === 'hospital' || r.kind === 'organisation') return [{ role, reference: partyReference({ kind: r.kind, id: r.id, display: r.name }) }];
  const words = AUDIENCES[r.kind];
  return [{ role, reference: { type: 'Organization', identifier: { system: SYSTEMS.nhipcau.networkAudience, value: r.kind }, display: words.vi } }];
}

function methodExtensions(c: ConsentForFhir): Extension[] {
  const method: Extension = { url: SYSTEMS.nhipcau.consentMethodExtension, valueCode: c.method.kind };
  return c.method.kind === 'verbal' ? [method, { url: SYSTEMS.nhipcau.consentWitnessExtension, valueString: c.method.witnessName }] : [method];
}

/**
 * The signed form as a logical sourceReference (a DocumentReference by the module's attachment
 * identifier), not a sourceAttachment or a DocumentReference written beside it: the scan stays in
 * the module's store, access-checked and audited on every read, and a 10 MB file does not travel
 * in every write-back; the hospital's staff find it in Nhịp Cầu by that identifier.
 */
function source(c: ConsentForFhir): Pick<Consent, 'sourceReference'> {
  if (c.method.kind !== 'signed-form') return {};
  const identifier = { system: SYSTEMS.nhipcau.attachmentId, value: c.method.attachmentId };
  return { sourceReference: { type: 'DocumentReference', identifier, display: 'Phiếu đồng ý có chữ ký (lưu trong Nhịp Cầu)' } };
}

function escapeXhtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function periodOf(c: ConsentForFhir): { start: string; end?: string } {
  if (c.validUntil && c.validUntil < c.givenOn) refuseInput(RT, 'provision.period.end', 'a consent cannot end before the day it was given');
  if (c.withdrawal && c.withdrawal.on < c.givenOn) refuseInput(RT, 'provision.period.end', 'a consent cannot be withdrawn before the day it was given');
  const ends = [c.validUntil, c.withdrawal?.on].filter((d): d is string => Boolean(d)).sort();
  return { start: checkDateTime(RT, 'provision.period.start', c.givenOn), ...(ends[0] ? { end: checkDateTime(RT, 'provision.period.end', ends[0]) } : {}) };
}

export function consentToFhir(input: ConsentFhirInput): Consent {
  const c = input.consent;
  const giver = giverResource(c, input.patientFhirId);
  const action = CONSENT_PURPOSE_CODES[c.purpose]?.action ?? 'disclose';
  const consent: Consent = {
    resourceType: RT,
    id: fhirId(RT, 'id', `nc-consent-${c.id}`),
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXhtml(c.allows.vi)}</p><p>${escapeXhtml(c.allows.en)}</p></div>` },
    ...(giver ? { contained: [giver] } : {}),
    extension: methodExtensions(c),
    identifier: [moduleIdentifier('consent', c.id)],
    status: c.withdrawal ? 'inactive' : 'active',
    scope: { coding: [{ system: SYSTEMS.hl7.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: SYSTEMS.hl7.loinc, code: '59284-0', display: 'Patient Consent' }] }],
    patient: reference('Patient', input.patientFhirId, RT),
    dateTime: checkDateTime(RT, 'dateTime', c.recordedAt),
    performer: performers(c, input.patientFhirId),
    organization: [partyReference(input.custodian)],
    ...source(c),
    policy: [{ uri: SYSTEMS.nhipcau.consentPolicyLaw }, { uri: SYSTEMS.nhipcau.consentPolicyDecree }],
    provision: {
      type: 'permit',
      period: periodOf(c),
      actor: recipientActor(c),
      action: [{ coding: [{ system: SYSTEMS.hl7.consentAction, code: action }] }],
      purpose: [purposeCoding(c.purpose)],
    },
  };
  if (consent.provision?.actor?.length === 0) delete consent.provision.actor;
  return validated(consent);
}

/** The module's purpose CodeSystem, Vietnamese and English designations, for publishing beside the IG. */
export function consentPurposeCodeSystem(): CodeSystem {
  const concept = (Object.entries(CONSENT_PURPOSE_CODES) as [ConsentPurposeCode, { vi: string; en: string }][]).map(([code, w]) => ({
    code,
    display: w.vi,
    designation: [
      { language: 'vi', value: w.vi },
      { language: 'en', value: w.en },
    ],
  }));
  return validated<CodeSystem>({
    resourceType: 'CodeSystem',
    id: 'nc-consent-purpose',
    url: SYSTEMS.nhipcau.consentPurpose,
    name: 'NhipCauConsentPurpose',
    title: 'Mục đích đồng ý chia sẻ thông tin (Nhịp Cầu)',
    status: 'active',
    language: 'vi',
    content: 'complete',
    caseSensitive: true,
    concept,
  });
}

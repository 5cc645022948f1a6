import { isRecord, readConcept, readString, warn, type Problems } from './read.js';

/**
 * Every system URI the module reads or writes, in one table, so that a change in the Ministry's
 * draft IG or a hospital's habit is one edit. Sources:
 * - VN Core (draft, Ministry of Health), canonical http://fhir.ehealth.gov.vn/core; early hospital
 *   integrations used http://moh.gov.vn/fhir/core for the same artefacts, accepted on input only.
 * - HL7 terminology (https://terminology.hl7.org), FHIR R4 core (https://hl7.org/fhir/R4).
 * - Gravity SDOH Clinical Care IG STU2 (http://hl7.org/fhir/us/sdoh-clinicalcare).
 * - US Core for the `health-concern` and `sdoh` categories that Gravity builds on.
 * - The module's own systems under https://nhipcau.vn/fhir.
 */
const VN_CORE = 'http://fhir.ehealth.gov.vn/core';
const NHIPCAU = 'https://nhipcau.vn/fhir';

export const SYSTEMS = {
  vnCore: {
    base: VN_CORE,
    /** Older canonical seen in deployed Vietnamese HIS integrations; read, never written. */
    legacyBase: 'http://moh.gov.vn/fhir/core',
    insuranceNumber: `${VN_CORE}/sid/insurance_number`,
    /** CCCD, the 12-digit citizen identity card. */
    nationalId: `${VN_CORE}/sid/national_id`,
    /** CMND, the older 9-digit identity card. */
    citizenId: `${VN_CORE}/sid/citizen_id`,
    patientInternalId: `${VN_CORE}/sid/patient-internal-id`,
    passportNumber: `${VN_CORE}/sid/passport_number`,
    raceExtension: `${VN_CORE}/StructureDefinition/extension-race`,
    /** Carries RELIGION despite its name: never read as ethnicity. */
    ethicExtension: `${VN_CORE}/StructureDefinition/extension-ethic`,
    raceCodeSystem: `${VN_CORE}/CodeSystem/vn-core-race`,
    addressProfile: `${VN_CORE}/StructureDefinition/vn-core-address`,
  },
  hl7: {
    loinc: 'http://loinc.org',
    snomed: 'http://snomed.info/sct',
    /** WHO ICD-10, the edition Vietnam uses (ICD-10 as issued by the Ministry, not ICD-10-CM). */
    icd10: 'http://hl7.org/fhir/sid/icd-10',
    ucum: 'http://unitsofmeasure.org',
    currency: 'urn:iso:std:iso:4217',
    identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
    observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
    conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
    conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
    conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
    /** `health-concern` lives in US Core's code system (not in THO condition-category for R4). */
    usCoreConditionCategory: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
    /** US Core category code system holding `sdoh`. */
    usCoreCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category',
    sdohccTemporaryCodes: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes',
    actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
    roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
    roleClass: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
    contactRole: 'http://terminology.hl7.org/CodeSystem/v2-0131',
    taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
    consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
    consentCategory: 'http://terminology.hl7.org/CodeSystem/consentcategorycodes',
    consentAction: 'http://terminology.hl7.org/CodeSystem/consentaction',
    actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
    participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
    flagDetailExtension: 'http://hl7.org/fhir/StructureDefinition/flag-detail',
    /** A display in another language (https://hl7.org/fhir/R4/extension-translation.html). */
    translationExtension: 'http://hl7.org/fhir/StructureDefinition/translation',
    auditEventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
    auditEntityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
    objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  },
  sdohcc: {
    observationScreeningResponse: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ObservationScreeningResponse',
    condition: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-Condition',
    serviceRequest: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest',
    taskForReferral: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement',
  },
  nhipcau: {
    base: NHIPCAU,
    sid: (kind: string): string => `${NHIPCAU}/sid/${kind}`,
    userId: `${NHIPCAU}/sid/user`,
    hospitalId: `${NHIPCAU}/sid/hospital`,
    organisationId: `${NHIPCAU}/sid/organisation`,
    role: `${NHIPCAU}/CodeSystem/role`,
    auditAction: `${NHIPCAU}/CodeSystem/audit-action`,
    requestIdExtension: `${NHIPCAU}/StructureDefinition/request-id`,
    flagCategory: `${NHIPCAU}/CodeSystem/flag-category`,
    socialFlag: `${NHIPCAU}/CodeSystem/social-flag`,
    flagReason: `${NHIPCAU}/CodeSystem/flag-reason`,
    flagCertaintyExtension: `${NHIPCAU}/StructureDefinition/flag-certainty`,
    flagReasonExtension: `${NHIPCAU}/StructureDefinition/flag-reason`,
    flagBasisExtension: `${NHIPCAU}/StructureDefinition/flag-basis`,
    screeningItem: `${NHIPCAU}/CodeSystem/screening-item`,
    referralService: `${NHIPCAU}/CodeSystem/referral-service`,
    referralCapacity: `${NHIPCAU}/CodeSystem/referral-capacity`,
    taskStatusReason: `${NHIPCAU}/CodeSystem/task-status-reason`,
    consentPurpose: `${NHIPCAU}/CodeSystem/consent-purpose`,
    consentData: `${NHIPCAU}/CodeSystem/consent-data`,
    /** Who gave a consent for the patient (guardian, legal-representative): RelatedPerson.relationship. */
    consentGiver: `${NHIPCAU}/CodeSystem/consent-giver`,
    /** How a consent is proven (signed-form, verbal) and the witness of a verbal one. */
    consentMethodExtension: `${NHIPCAU}/StructureDefinition/consent-method`,
    consentWitnessExtension: `${NHIPCAU}/StructureDefinition/consent-witness`,
    /** A recipient named by kind, not by name ('any-hospital', 'any-partner' of the network). */
    networkAudience: `${NHIPCAU}/sid/network-audience`,
    /** Files kept by the module (a signed consent form): referenced by this identifier. */
    attachmentId: `${NHIPCAU}/sid/attachment`,
    relationship: `${NHIPCAU}/CodeSystem/relationship`,
    /** Amount BHYT pays on one charge line (T_BHTT in the Decision 4210/QĐ-BYT export). */
    insurancePaidExtension: `${NHIPCAU}/StructureDefinition/insurance-paid`,
    /** Personal-data protection law (Law 91/2025/QH15) and decree (Decree 356/2025/ND-CP) as Consent.policy. */
    consentPolicyLaw: `${NHIPCAU}/policy/law-91-2025-qh15`,
    consentPolicyDecree: `${NHIPCAU}/policy/decree-356-2025-nd-cp`,
  },
} as const;

/** The identifier kinds a Patient (or Coverage) carries in Vietnam. */
export type IdentifierKind = 'bhyt' | 'nationalId' | 'oldCitizenId' | 'mrn' | 'passport';

/** Exact system → kind (VN Core, current and legacy canonicals). */
const EXACT: Record<string, IdentifierKind> = {};
for (const base of [SYSTEMS.vnCore.base, SYSTEMS.vnCore.legacyBase]) {
  EXACT[`${base}/sid/insurance_number`] = 'bhyt';
  EXACT[`${base}/sid/national_id`] = 'nationalId';
  EXACT[`${base}/sid/citizen_id`] = 'oldCitizenId';
  EXACT[`${base}/sid/patient-internal-id`] = 'mrn';
  EXACT[`${base}/sid/passport_number`] = 'passport';
}

/**
 * Plain forms hospitals send: identifier.type codes (HL7 v2 table 0203) and fragments of home-made
 * system URIs. Fragments are matched on the lower-cased system, first match wins, so the more
 * specific fragments come first.
 */
export const PLAIN_IDENTIFIER_FORMS = {
  typeCodes: {
    MR: 'mrn',
    PI: 'mrn',
    PPN: 'passport',
    NI: 'nationalId',
    NNVNM: 'nationalId',
    CZ: 'nationalId',
    SB: 'bhyt',
    NH: 'bhyt',
    MB: 'bhyt',
  } as Record<string, IdentifierKind>,
  systemFragments: [
    ['bhyt', 'bhyt'],
    ['insurance', 'bhyt'],
    ['baohiem', 'bhyt'],
    ['cccd', 'nationalId'],
    ['national', 'nationalId'],
    ['cmnd', 'oldCitizenId'],
    ['citizen', 'oldCitizenId'],
    ['passport', 'passport'],
    ['hochieu', 'passport'],
    ['mrn', 'mrn'],
    ['patient-internal', 'mrn'],
    ['mabn', 'mrn'],
    ['ma_bn', 'mrn'],
  ] as ReadonlyArray<readonly [string, IdentifierKind]>,
} as const;

export interface ClassifiedIdentifier {
  kind: IdentifierKind;
  value: string;
  system: string | null;
}

function kindFromSystem(system: string | null): IdentifierKind | null {
  if (!system) return null;
  const exact = EXACT[system];
  if (exact) return exact;
  const lower = system.toLowerCase();
  return PLAIN_IDENTIFIER_FORMS.systemFragments.find(([frag]) => lower.includes(frag))?.[1] ?? null;
}

/**
 * The CCCD (12 digits) and the CMND (9 digits) are told apart by the value itself: it is the
 * hardest evidence, and hospitals mix up the two systems (and the NI type code covers both).
 */
function idCardKind(value: string): IdentifierKind | null {
  const digits = value.replace(/[\s-]/g, '');
  if (/^\d{12}$/.test(digits)) return 'nationalId';
  if (/^\d{9}$/.test(digits)) return 'oldCitizenId';
  return null;
}

/**
 * Classifies one Identifier. Precedence: a recognised identifier.type code, then the system
 * (exact VN Core, then fragments). When the type and the system disagree the type wins and a
 * warning is recorded: deployed integrations have been seen sending the BHYT number under the
 * patient-internal-id system with type SB. Returns null for identifiers the module does not use.
 */
export function classifyIdentifier(v: unknown, path: string, problems: Problems): ClassifiedIdentifier | null {
  if (!isRecord(v)) {
    warn(problems, 'FHIR.WRONG_TYPE', path, 'identifier is not an object; ignored');
    return null;
  }
  const value = readString(v.value, `${path}.value`, problems);
  if (!value) return null;
  const system = readString(v.system, `${path}.system`, problems);
  const type = v.type === undefined ? null : readConcept(v.type, `${path}.type`, problems);
  const typeKind = type?.codings.map((c) => PLAIN_IDENTIFIER_FORMS.typeCodes[(c.code ?? '').toUpperCase()]).find((k) => k) ?? null;
  const systemKind = kindFromSystem(system);
  let kind = typeKind ?? systemKind;
  if (typeKind && systemKind && typeKind !== systemKind && !(isIdCard(typeKind) && isIdCard(systemKind))) {
    warn(problems, 'IDENTIFIER.TYPE_SYSTEM_MISMATCH', path, `type says ${typeKind} but system ${system} says ${systemKind}; used the type`);
  }
  if (kind && isIdCard(kind)) {
    const byValue = idCardKind(value);
    if (byValue && byValue !== kind) {
      warn(
        problems,
        'IDENTIFIER.ID_CARD_LENGTH',
        path,
        `value has the length of a ${byValue === 'nationalId' ? 'CCCD (12)' : 'CMND (9)'}; read it as such`,
      );
    }
    kind = byValue ?? kind;
  }
  return kind ? { kind, value, system } : null;
}

function isIdCard(kind: IdentifierKind): boolean {
  return kind === 'nationalId' || kind === 'oldCitizenId';
}

/** True when `url` is the given VN Core artefact under the current or legacy canonical. */
export function isVnCoreUrl(url: string | null, path: string): boolean {
  return url === `${SYSTEMS.vnCore.base}/${path}` || url === `${SYSTEMS.vnCore.legacyBase}/${path}`;
}

/** ICD-10 systems accepted on input: the HL7 URI, and home-made ones naming ICD-10. */
export function isIcd10System(system: string | null): boolean {
  if (!system) return false;
  if (system === SYSTEMS.hl7.icd10) return true;
  const lower = system.toLowerCase();
  return (lower.includes('icd-10') || lower.includes('icd10')) && !lower.includes('icd-10-pcs');
}

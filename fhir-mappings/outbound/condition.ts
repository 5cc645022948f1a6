import type { Condition } from '@medplum/fhirtypes';
import { SYSTEMS } from '../vn-core.js';
import {
  checkDateTime,
  fhirId,
  moduleIdentifier,
  reference,
  sdohDomainConcept,
  userReference,
  type SdohDomain,
  type UserRef,
} from './common.js';
import { refuseInput, validated } from './validate.js';

/**
 * A social problem as a Condition (https://hl7.org/fhir/R4/condition.html), shaped after Gravity's
 * SDOHCC Condition (http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-Condition):
 * category health-concern (US Core condition-category) + the SDOH domain, code from WHO ICD-10
 * chapter XXI "persons with potential health hazards related to socioeconomic and psychosocial
 * circumstances" (Z55–Z65; e.g. Z59.5 extreme poverty, Z59.6 low income), evidence.detail → the
 * Observations it rests on. Read back by ../condition.ts.
 */

export interface HealthConcernInput {
  id: string;
  patientId: string;
  icd10: { code: string; display: string };
  /** Vietnamese label shown to staff, e.g. "Hộ nghèo, thu nhập thấp". */
  text?: string;
  domain: SdohDomain;
  clinicalStatus: 'active' | 'inactive' | 'resolved';
  verificationStatus: 'unconfirmed' | 'provisional' | 'confirmed' | 'refuted' | 'entered-in-error';
  evidenceObservationIds: string[];
  onset?: string;
  /** When the problem was resolved; requires clinicalStatus inactive or resolved (invariant con-4). */
  abatement?: string;
  recordedDate: string;
  asserter: UserRef;
}

const RT = 'Condition';
const SDOH_ICD10 = /^Z(5[5-9]|6[0-5])(\.\d{1,2})?$/;

export function buildHealthConcern(input: HealthConcernInput): Condition {
  if (!SDOH_ICD10.test(input.icd10.code)) refuseInput(RT, 'code', `${input.icd10.code} is not an ICD-10 code in Z55–Z65`);
  if (input.evidenceObservationIds.length === 0) refuseInput(RT, 'evidence', 'a social problem rests on at least one finding');
  const withdrawn = input.verificationStatus === 'entered-in-error';
  const condition: Condition = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: [moduleIdentifier('problem', input.id)],
    // con-5: no clinicalStatus on an entered-in-error condition.
    ...(withdrawn ? {} : { clinicalStatus: { coding: [{ system: SYSTEMS.hl7.conditionClinical, code: input.clinicalStatus }] } }),
    verificationStatus: { coding: [{ system: SYSTEMS.hl7.conditionVerification, code: input.verificationStatus }] },
    category: [
      { coding: [{ system: SYSTEMS.hl7.usCoreConditionCategory, code: 'health-concern', display: 'Health Concern' }] },
      sdohDomainConcept(input.domain),
    ],
    code: {
      coding: [{ system: SYSTEMS.hl7.icd10, code: input.icd10.code, display: input.icd10.display }],
      ...(input.text ? { text: input.text } : {}),
    },
    subject: reference('Patient', input.patientId, RT),
    ...(input.onset ? { onsetDateTime: checkDateTime(RT, 'onsetDateTime', input.onset) } : {}),
    ...(input.abatement ? { abatementDateTime: checkDateTime(RT, 'abatementDateTime', input.abatement) } : {}),
    recordedDate: checkDateTime(RT, 'recordedDate', input.recordedDate),
    asserter: userReference(input.asserter),
    evidence: [{ detail: input.evidenceObservationIds.map((id) => reference('Observation', id, RT)) }],
  };
  return validated(condition);
}

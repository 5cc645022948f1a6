import type { CodeableConcept, Observation } from '@medplum/fhirtypes';
import { SYSTEMS } from '../vn-core.js';
import {
  checkDateTime,
  checkInteger,
  concept,
  fhirId,
  moduleIdentifier,
  reference,
  sdohDomainConcept,
  userReference,
  vndQuantity,
  type CodingInput,
  type SdohDomain,
  type UserRef,
  type ValueInput,
} from './common.js';
import { validated } from './validate.js';

/**
 * A screening finding as an Observation (https://hl7.org/fhir/R4/observation.html), shaped after
 * the Gravity SDOHCC Observation Screening Response profile
 * (http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ObservationScreeningResponse):
 * categories social-history, survey (when it comes from a questionnaire), the SDOH domain, and
 * US Core's `sdoh`; derivedFrom → the QuestionnaireResponse. meta.profile is not claimed: the
 * profile binds US LOINC value sets the Vietnamese poverty screening does not use.
 */

export interface ScreeningFindingInput {
  id: string;
  status: 'preliminary' | 'final' | 'amended' | 'corrected' | 'entered-in-error';
  patientId: string;
  encounterId?: string;
  /** The screening it was derived from; null for a finding recorded without a questionnaire. */
  questionnaireResponseId: string | null;
  domain: SdohDomain;
  /** The question or finding: LOINC where one exists, else the module's screening-item code. */
  code: CodingInput;
  codeText?: string;
  value: ValueInput;
  effective: string;
  performer: UserRef;
}

const RT = 'Observation';

function categories(input: ScreeningFindingInput): CodeableConcept[] {
  const obsCat = (code: string, display: string): CodeableConcept => ({
    coding: [{ system: SYSTEMS.hl7.observationCategory, code, display }],
  });
  return [
    obsCat('social-history', 'Social History'),
    ...(input.questionnaireResponseId ? [obsCat('survey', 'Survey')] : []),
    sdohDomainConcept(input.domain),
    { coding: [{ system: SYSTEMS.hl7.usCoreCategory, code: 'sdoh', display: 'SDOH' }] },
  ];
}

function value(v: ValueInput): Partial<Observation> {
  switch (v.type) {
    case 'boolean':
      return { valueBoolean: v.value };
    case 'integer':
      return { valueInteger: checkInteger(RT, 'valueInteger', v.value) };
    case 'money':
      return { valueQuantity: vndQuantity(RT, 'valueQuantity', v.valueVnd) };
    case 'string':
      return { valueString: v.value };
    case 'date':
      return { valueDateTime: checkDateTime(RT, 'valueDateTime', v.value) };
    case 'coding':
      return { valueCodeableConcept: concept(v.coding) };
  }
}

export function buildScreeningObservation(input: ScreeningFindingInput): Observation {
  const obs: Observation = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: [moduleIdentifier('finding', input.id)],
    status: input.status,
    category: categories(input),
    code: concept(input.code, input.codeText),
    subject: reference('Patient', input.patientId, RT),
    ...(input.encounterId ? { encounter: reference('Encounter', input.encounterId, RT) } : {}),
    effectiveDateTime: checkDateTime(RT, 'effectiveDateTime', input.effective),
    performer: [userReference(input.performer)],
    ...value(input.value),
    ...(input.questionnaireResponseId ? { derivedFrom: [reference('QuestionnaireResponse', input.questionnaireResponseId, RT)] } : {}),
  };
  return validated(obs);
}

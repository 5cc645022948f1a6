import type { ServiceRequest } from '@medplum/fhirtypes';
import {
  checkDateTime,
  concept,
  fhirId,
  moduleIdentifier,
  partyReference,
  reference,
  sdohDomainConcept,
  userReference,
  type CodingInput,
  type PartyRef,
  type SdohDomain,
  type UserRef,
} from './common.js';
import { refuseInput, validated } from './validate.js';

/**
 * A referral as a ServiceRequest (https://hl7.org/fhir/R4/servicerequest.html), shaped after
 * Gravity's SDOHCC ServiceRequest
 * (http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest): category =
 * SDOH domain, reasonReference → the Condition(s) it addresses, performer = the receiving
 * organisation, supportingInfo → the Consent that allows sharing with it. The Task that tracks it
 * (task.ts) has Task.focus → this request.
 */

export interface ReferralRequestInput {
  id: string;
  status: 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error';
  priority?: 'routine' | 'urgent' | 'asap' | 'stat';
  patientId: string;
  domain: SdohDomain;
  /** What is asked for: the module's referral-service code, or SNOMED CT where one fits. */
  service: CodingInput;
  serviceText?: string;
  reasonConditionIds: string[];
  requester: UserRef;
  /** Hospital, fund, NGO, or another hospital's social-work unit. */
  performer: PartyRef;
  /** Required once the referral is sent: sharing with the receiver needs the patient's consent. */
  consentId?: string;
  authoredOn: string;
  note?: string;
}

const RT = 'ServiceRequest';

export function buildReferralRequest(input: ReferralRequestInput): ServiceRequest {
  if (input.status !== 'draft' && input.status !== 'entered-in-error' && !input.consentId) {
    refuseInput(RT, 'supportingInfo', 'a referral leaves draft only with the consent that allows sharing with the receiver');
  }
  const sr: ServiceRequest = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: [moduleIdentifier('referral', input.id)],
    status: input.status,
    intent: 'order',
    ...(input.priority ? { priority: input.priority } : {}),
    category: [sdohDomainConcept(input.domain)],
    code: concept(input.service, input.serviceText),
    subject: reference('Patient', input.patientId, RT),
    authoredOn: checkDateTime(RT, 'authoredOn', input.authoredOn),
    requester: userReference(input.requester),
    performer: [partyReference(input.performer)],
    ...(input.reasonConditionIds.length > 0
      ? { reasonReference: input.reasonConditionIds.map((id) => reference('Condition', id, RT)) }
      : {}),
    ...(input.consentId ? { supportingInfo: [reference('Consent', input.consentId, RT)] } : {}),
    ...(input.note ? { note: [{ text: input.note }] } : {}),
  };
  return validated(sr);
}

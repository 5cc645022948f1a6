import type { Reference, ServiceRequest } from '@medplum/fhirtypes';
import { SYSTEMS } from '../vn-core.js';
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
import type { ReferralTaskStatus } from './task.js';
import { refuseInput, validated } from './validate.js';

/**
 * A referral as a ServiceRequest (https://hl7.org/fhir/R4/servicerequest.html), shaped after
 * Gravity's SDOHCC ServiceRequest
 * (http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest): category =
 * the SDOH domains of the needs it addresses, reasonReference → the Condition(s) it addresses,
 * performer = the receiving organisation, supportingInfo → the Consent that allows sharing with it.
 * The Task that tracks it (task.ts) has Task.focus → this request.
 */

/** The needs a case records (server/features/cases NEED_DOMAINS). */
export type ReferralNeed = 'financial' | 'food' | 'housing' | 'transport' | 'caregiving' | 'psychosocial' | 'legal' | 'violence';

/**
 * The one table from a case's needs to Gravity's SDOH domains (SDOHCC temporary codes). Gravity has
 * no domain for caregiving (the patient has nobody to care for them: closest is social connection)
 * nor for legal aid (unspecified; the service code says what is asked).
 */
export const REFERRAL_NEED_SDOH: Readonly<Record<ReferralNeed, SdohDomain>> = {
  financial: 'financial-insecurity',
  food: 'food-insecurity',
  housing: 'housing-instability',
  transport: 'transportation-insecurity',
  caregiving: 'social-connection',
  psychosocial: 'stress',
  legal: 'sdoh-category-unspecified',
  violence: 'intimate-partner-violence',
};

/** The domains of a referral's needs, each once, in the needs' order. */
export function sdohDomainsOf(needs: readonly ReferralNeed[]): SdohDomain[] {
  return [...new Set(needs.map((n) => REFERRAL_NEED_SDOH[n]))];
}

export type ReferralServiceCode =
  | 'continuing-support'
  | 'funding'
  | 'community-service'
  | 'shelter'
  | 'legal-aid'
  | 'transport'
  | 'food'
  | 'psychosocial'
  | 'other';

/** The module's referral-service codes (SYSTEMS.nhipcau.referralService), Vietnamese display. */
export const REFERRAL_SERVICE_DISPLAY: Readonly<Record<ReferralServiceCode, string>> = {
  'continuing-support': 'Tiếp tục hỗ trợ công tác xã hội khi chuyển viện',
  funding: 'Hỗ trợ chi phí',
  'community-service': 'Dịch vụ cộng đồng',
  shelter: 'Nơi tạm trú',
  'legal-aid': 'Trợ giúp pháp lý',
  transport: 'Hỗ trợ đi lại',
  food: 'Hỗ trợ lương thực, thực phẩm',
  psychosocial: 'Hỗ trợ tâm lý – xã hội',
  other: 'Hỗ trợ khác',
};

export function referralServiceCoding(service: ReferralServiceCode): CodingInput {
  const display = REFERRAL_SERVICE_DISPLAY[service];
  if (!display) refuseInput('ServiceRequest', 'code', `'${String(service)}' is not a referral service of the module`);
  return { system: SYSTEMS.nhipcau.referralService, code: service, display };
}

/** Urgency → ServiceRequest.priority (an emergency is `stat`: "with highest priority, e.g. emergency"). */
export const REFERRAL_PRIORITY = { routine: 'routine', urgent: 'urgent', emergency: 'stat' } as const;

/**
 * The request's status follows the Task's: a sent referral is active while the receiver works it
 * (a Task on-hold is the receiver pausing, not the requester), completed when done, revoked when it
 * ended otherwise (rejected, failed, cancelled: "terminated prior to the full completion").
 */
export function requestStatusOf(task: ReferralTaskStatus): 'draft' | 'active' | 'completed' | 'revoked' {
  if (task === 'draft') return 'draft';
  if (task === 'completed') return 'completed';
  if (task === 'rejected' || task === 'failed' || task === 'cancelled') return 'revoked';
  return 'active';
}

export interface ReferralRequestInput {
  /** The resource's id on the hospital's server. */
  id: string;
  /** The module's referral id (the business identifier); the resource id when absent. */
  referralId?: string;
  status: 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error';
  priority?: 'routine' | 'urgent' | 'asap' | 'stat';
  patientId: string;
  /** At least one: the SDOH domains of the needs (sdohDomainsOf). */
  domains: SdohDomain[];
  /** What is asked for: the module's referral-service code, or SNOMED CT where one fits. */
  service: CodingInput;
  serviceText?: string;
  /** The health concerns it addresses; none yet from the module's referrals (they carry needs, not Conditions). */
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

/**
 * The consent by its business identifier (the one the written-back Consent carries,
 * fhir-mappings/consent.ts), not `Consent/nc-consent-…`: a consent recorded before the hospital
 * switched write-back on is not on its server, and a literal reference to a missing resource makes
 * a server that checks references (HAPI does) refuse the whole transaction.
 */
function consentReference(consentId: string): Reference {
  return { type: 'Consent', identifier: moduleIdentifier('consent', consentId) };
}

export function buildReferralRequest(input: ReferralRequestInput): ServiceRequest {
  if (input.status !== 'draft' && input.status !== 'entered-in-error' && !input.consentId) {
    refuseInput(RT, 'supportingInfo', 'a referral leaves draft only with the consent that allows sharing with the receiver');
  }
  if (input.domains.length === 0) refuseInput(RT, 'category', 'a referral addresses at least one need');
  const sr: ServiceRequest = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: [moduleIdentifier('referral', input.referralId ?? input.id)],
    status: input.status,
    intent: 'order',
    ...(input.priority ? { priority: input.priority } : {}),
    category: input.domains.map(sdohDomainConcept),
    code: concept(input.service, input.serviceText),
    subject: reference('Patient', input.patientId, RT),
    authoredOn: checkDateTime(RT, 'authoredOn', input.authoredOn),
    requester: userReference(input.requester),
    performer: [partyReference(input.performer)],
    ...(input.reasonConditionIds.length > 0
      ? { reasonReference: input.reasonConditionIds.map((id) => reference('Condition', id, RT)) }
      : {}),
    ...(input.consentId ? { supportingInfo: [consentReference(input.consentId)] } : {}),
    ...(input.note ? { note: [{ text: input.note }] } : {}),
  };
  return validated(sr);
}

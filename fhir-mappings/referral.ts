import type { ServiceRequest, Task } from '@medplum/fhirtypes';
import type { PartyRef, UserRef } from './outbound/common.js';
import {
  REFERRAL_PRIORITY,
  buildReferralRequest,
  referralServiceCoding,
  requestStatusOf,
  sdohDomainsOf,
  type ReferralNeed,
  type ReferralServiceCode,
} from './outbound/service-request.js';
import { buildReferralTask, type ReceiverCapacity, type ReferralTaskStatus } from './outbound/task.js';
import { refuseInput } from './outbound/validate.js';

/**
 * A sent referral (server/features/referrals) as the two resources written to the SENDING
 * hospital's FHIR server: the ServiceRequest (what is asked, of whom, under which consent) and the
 * Task that tracks it (Task.focus → the ServiceRequest; its status, the receiver's capacity answer
 * and the reason of the last move). The ids are the module's (`nc-referral-<id>`,
 * `nc-referral-task-<id>`), so every state change replaces the same two resources: the server's
 * history of the Task is the referral's progress. A draft is the sender's alone and is not written.
 */
export interface ReferralForFhir {
  id: string;
  status: ReferralTaskStatus;
  urgency: keyof typeof REFERRAL_PRIORITY;
  service: ReferralServiceCode;
  needs: ReferralNeed[];
  capacity: ReceiverCapacity | null;
  /** The reason of the move into the current state (required for rejected, failed, cancelled, on-hold). */
  statusReason: string | null;
  /** What help was given (completed), or what came of it (failed). */
  outcome: string | null;
  /** When it was sent (draft → requested): authoredOn of both resources. */
  sentAt: string;
  /** The move into the current state: `from` is checked against REFERRAL_TRANSITIONS; `at` is Task.lastModified. */
  lastMove: { from: ReferralTaskStatus | null; at: string };
  /** The consent in force when it was sent, covering this receiver. */
  consentId: string;
}

export interface ReferralFhirInput {
  referral: ReferralForFhir;
  /** The patient's id on the sending hospital's FHIR server. */
  patientFhirId: string;
  /** The social worker who wrote it (ServiceRequest.requester). */
  requester: UserRef;
  /** The sending hospital (Task.requester). */
  sender: PartyRef;
  /** The receiving hospital or organisation (ServiceRequest.performer, Task.owner). */
  receiver: PartyRef;
}

export const referralFhirIds = (referralId: string): { serviceRequest: string; task: string } => ({
  serviceRequest: `nc-referral-${referralId}`,
  task: `nc-referral-task-${referralId}`,
});

export function referralToFhir(input: ReferralFhirInput): [ServiceRequest, Task] {
  const r = input.referral;
  if (r.status === 'draft') refuseInput('ServiceRequest', 'status', 'a draft referral is not written to the hospital’s server');
  const ids = referralFhirIds(r.id);
  const serviceRequest = buildReferralRequest({
    id: ids.serviceRequest,
    referralId: r.id,
    status: requestStatusOf(r.status),
    priority: REFERRAL_PRIORITY[r.urgency],
    patientId: input.patientFhirId,
    domains: sdohDomainsOf(r.needs),
    service: referralServiceCoding(r.service),
    // None yet: a referral carries the case's needs, not the Conditions written for a flag.
    reasonConditionIds: [],
    requester: input.requester,
    performer: input.receiver,
    consentId: r.consentId,
    authoredOn: r.sentAt,
  });
  const task = buildReferralTask({
    id: ids.task,
    referralId: r.id,
    serviceRequestId: ids.serviceRequest,
    patientId: input.patientFhirId,
    status: r.status,
    ...(r.lastMove.from ? { previousStatus: r.lastMove.from } : {}),
    ...(r.statusReason ? { statusReason: r.statusReason } : {}),
    ...(r.capacity ? { capacity: r.capacity } : {}),
    requester: input.sender,
    owner: input.receiver,
    authoredOn: r.sentAt,
    lastModified: r.lastMove.at,
    ...(r.outcome && (r.status === 'completed' || r.status === 'failed') ? { outcome: r.outcome } : {}),
  });
  return [serviceRequest, task];
}

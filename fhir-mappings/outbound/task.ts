import type { Task } from '@medplum/fhirtypes';
import { SYSTEMS } from '../vn-core.js';
import { checkDateTime, fhirId, moduleIdentifier, partyReference, reference, type PartyRef } from './common.js';
import { refuseInput, validated } from './validate.js';

/**
 * The referral's progress as a Task (https://hl7.org/fhir/R4/task.html), after Gravity's SDOHCC
 * Task For Referral Management
 * (http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement):
 * code fulfill, focus → the ServiceRequest, for → the patient, requester = the referring unit,
 * owner = the receiver. States and the reasons they need follow DOMAIN.md; the receiver's capacity
 * answer travels in businessStatus.
 *
 * Requester and owner are Organization references by the module's identifier with the name as
 * display (common.ts partyReference), not literal `Organization/…` references: the receiving
 * hospital or organisation is not a resource on the sending hospital's server (the module does not
 * own one there, and a server that checks references would refuse a dangling one), while the
 * identifier names it unambiguously across the network and the display says who it is to a reader.
 */

export type ReferralTaskStatus =
  'draft' | 'requested' | 'received' | 'accepted' | 'rejected' | 'in-progress' | 'on-hold' | 'completed' | 'failed' | 'cancelled';

export type ReceiverCapacity = 'capacity' | 'no-capacity' | 'waitlist' | 'additional-assessment-required';

/** Allowed next states: draft → requested → received → accepted | rejected → in-progress | on-hold → completed | failed | cancelled. */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralTaskStatus, readonly ReferralTaskStatus[]>> = {
  draft: ['requested', 'cancelled'],
  requested: ['received', 'accepted', 'rejected', 'cancelled'],
  received: ['accepted', 'rejected', 'cancelled'],
  accepted: ['in-progress', 'on-hold', 'failed', 'cancelled'],
  'in-progress': ['on-hold', 'completed', 'failed', 'cancelled'],
  'on-hold': ['in-progress', 'failed', 'cancelled'],
  rejected: [],
  completed: [],
  failed: [],
  cancelled: [],
};

/** The capacity answers' words (Vietnamese), on businessStatus for whoever reads the Task on the hospital's server. */
export const CAPACITY_DISPLAY: Readonly<Record<ReceiverCapacity, string>> = {
  capacity: 'Có khả năng tiếp nhận',
  'no-capacity': 'Không có khả năng tiếp nhận',
  waitlist: 'Đưa vào danh sách chờ',
  'additional-assessment-required': 'Cần đánh giá thêm',
};

/** States that need a reason (DOMAIN.md). */
export const STATUSES_NEEDING_REASON: readonly ReferralTaskStatus[] = ['rejected', 'failed', 'cancelled', 'on-hold'];

export function canTransition(from: ReferralTaskStatus, to: ReferralTaskStatus): boolean {
  return REFERRAL_TRANSITIONS[from].includes(to);
}

export interface ReferralTaskInput {
  /** The resource's id on the hospital's server. */
  id: string;
  /** The module's referral id (the business identifier of its one Task); the resource id when absent. */
  referralId?: string;
  serviceRequestId: string;
  patientId: string;
  status: ReferralTaskStatus;
  /** When given, the move from this state to `status` is checked against REFERRAL_TRANSITIONS. */
  previousStatus?: ReferralTaskStatus;
  /** Free text in Vietnamese; required for rejected, failed, cancelled, on-hold. */
  statusReason?: string;
  capacity?: ReceiverCapacity;
  requester: PartyRef;
  owner: PartyRef;
  authoredOn: string;
  lastModified: string;
  /** What came of it, for completed / failed. */
  outcome?: string;
}

const RT = 'Task';

function checkState(input: ReferralTaskInput): void {
  if (input.previousStatus && input.previousStatus !== input.status && !canTransition(input.previousStatus, input.status)) {
    refuseInput(RT, 'status', `a referral cannot move from ${input.previousStatus} to ${input.status}`);
  }
  if (STATUSES_NEEDING_REASON.includes(input.status) && !input.statusReason?.trim()) {
    refuseInput(RT, 'statusReason', `a referral ${input.status} needs a reason`);
  }
}

export function buildReferralTask(input: ReferralTaskInput): Task {
  checkState(input);
  const task: Task = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: [moduleIdentifier('referral-task', input.referralId ?? input.id)],
    status: input.status,
    ...(input.statusReason ? { statusReason: { text: input.statusReason } } : {}),
    ...(input.capacity ? { businessStatus: { coding: [{ system: SYSTEMS.nhipcau.referralCapacity, code: input.capacity, display: CAPACITY_DISPLAY[input.capacity] }] } } : {}),
    intent: 'order',
    code: { coding: [{ system: SYSTEMS.hl7.taskCode, code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: reference('ServiceRequest', input.serviceRequestId, RT),
    for: reference('Patient', input.patientId, RT),
    authoredOn: checkDateTime(RT, 'authoredOn', input.authoredOn),
    lastModified: checkDateTime(RT, 'lastModified', input.lastModified),
    requester: partyReference(input.requester),
    owner: partyReference(input.owner),
    ...(input.outcome ? { output: [{ type: { text: 'outcome' }, valueString: input.outcome }] } : {}),
  };
  return validated(task);
}

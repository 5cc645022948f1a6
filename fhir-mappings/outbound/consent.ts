import type { Consent, Patient, Reference, RelatedPerson } from '@medplum/fhirtypes';
import { SYSTEMS } from '../vn-core.js';
import { checkDateTime, fhirId, moduleIdentifier, partyReference, reference, type PartyRef } from './common.js';
import { refuseInput, validated } from './validate.js';

/**
 * A patient's consent to share data as a Consent (https://hl7.org/fhir/R4/consent.html), scope
 * patient-privacy. Law 91/2025/QH15 on personal data protection and Decree 356/2025/ND-CP (in
 * force 2026-01-01): consent is explicit, per purpose AND per recipient, provable, withdrawable;
 * a guardian consents for a child; share the minimum. Hence one Consent = one purpose + one
 * recipient + the listed kinds of data (provision.code); withdrawal is status inactive with the
 * provision period closed on the day of withdrawal; proof is the signed form (source).
 */

export type ConsentPurpose = 'social-work-care' | 'referral' | 'charity-funding' | 'publish-story' | 'case-conference';
export type ConsentDataKind = 'name' | 'id-numbers' | 'address' | 'birth-date' | 'ethnicity' | 'health' | 'finances' | 'photo' | 'story';

export interface ConsentInput {
  id: string;
  patientId: string;
  /** active = given; inactive = withdrawn; rejected = refused; proposed = asked, not yet answered. */
  status: 'draft' | 'proposed' | 'active' | 'rejected' | 'inactive' | 'entered-in-error';
  /** When the answer was recorded. */
  dateTime: string;
  grantor: { kind: 'patient' } | { kind: 'guardian'; relatedPersonId: string; display?: string };
  purpose: ConsentPurpose;
  recipient: PartyRef;
  data: ConsentDataKind[];
  period: { start: string; end?: string };
  /** Day of withdrawal (status inactive): closes the provision period. */
  withdrawnOn?: string;
  /** The hospital that holds the record of consent. */
  custodian: PartyRef;
  /** The signed form as a DocumentReference id, when scanned. */
  signedFormDocumentId?: string;
}

const RT = 'Consent';

function checkInput(input: ConsentInput): void {
  if (input.data.length === 0) refuseInput(RT, 'provision.code', 'a consent names the kinds of data it allows sharing');
  if (input.status === 'inactive' && !input.withdrawnOn)
    refuseInput(RT, 'provision.period.end', 'a withdrawn consent records the day it was withdrawn');
  if (input.status !== 'inactive' && input.withdrawnOn)
    refuseInput(RT, 'status', 'only a withdrawn (inactive) consent has a withdrawal day');
}

function performer(input: ConsentInput): Reference<Patient | RelatedPerson> {
  return input.grantor.kind === 'patient'
    ? reference('Patient', input.patientId, RT)
    : reference('RelatedPerson', input.grantor.relatedPersonId, RT, input.grantor.display);
}

export function buildConsent(input: ConsentInput): Consent {
  checkInput(input);
  const end = input.withdrawnOn ?? input.period.end;
  const consent: Consent = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: [moduleIdentifier('consent', input.id)],
    status: input.status,
    scope: { coding: [{ system: SYSTEMS.hl7.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: SYSTEMS.hl7.loinc, code: '59284-0', display: 'Patient Consent' }] }],
    patient: reference('Patient', input.patientId, RT),
    dateTime: checkDateTime(RT, 'dateTime', input.dateTime),
    performer: [performer(input)],
    organization: [partyReference(input.custodian)],
    ...(input.signedFormDocumentId ? { sourceReference: reference('DocumentReference', input.signedFormDocumentId, RT) } : {}),
    policy: [{ uri: SYSTEMS.nhipcau.consentPolicyLaw }, { uri: SYSTEMS.nhipcau.consentPolicyDecree }],
    provision: {
      type: 'permit',
      period: {
        start: checkDateTime(RT, 'provision.period.start', input.period.start),
        ...(end ? { end: checkDateTime(RT, 'provision.period.end', end) } : {}),
      },
      actor: [
        {
          role: { coding: [{ system: SYSTEMS.hl7.participationType, code: 'IRCP', display: 'information recipient' }] },
          reference: partyReference(input.recipient),
        },
      ],
      action: [{ coding: [{ system: SYSTEMS.hl7.consentAction, code: 'disclose', display: 'Disclose' }] }],
      purpose: [{ system: SYSTEMS.nhipcau.consentPurpose, code: input.purpose }],
      code: input.data.map((d) => ({ coding: [{ system: SYSTEMS.nhipcau.consentData, code: d }] })),
    },
  };
  return validated(consent);
}

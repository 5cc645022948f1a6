import { badRequest, validationFailed, type ErrorDetail } from '../../errors.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation } from '../admin/organisations.service.js';
import { findAttachment } from '../cases/attachments.service.js';
import type { CaseRecord } from '../cases/cases.service.js';
import { findPatient } from '../patients/patients.service.js';
import { ageOn } from '../screening/rules/age.js';
import { CONSENT_AGES } from './consent-ages.js';
import { RECIPIENTS_FOR_PURPOSE, type ConsentInput } from './consent.schemas.js';

/**
 * The rules a consent must meet before it is recorded (DOMAIN.md "Consent details"): every problem
 * is found and answered at once, each at its field's path; nothing is written when one is found.
 * What is checked needs the database (the patient's age, the recipient, the attachment) or the
 * clock (today), so it lives here rather than in the request schema.
 */
export interface CheckedRecipient {
  kind: ConsentInput['recipient']['kind'];
  id: string | null;
  name: string | null;
}

const d = (path: string, code: string, message: string, params?: ErrorDetail['params']): ErrorDetail => ({ path: `body.${path}`, code, message, ...(params ? { params } : {}) });

export function dayProblems(input: Pick<ConsentInput, 'givenOn' | 'validUntil'>, today: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (input.givenOn > today) out.push(d('givenOn', 'day_in_future', 'the day consent was given cannot be in the future'));
  if (input.validUntil && input.validUntil < input.givenOn) out.push(d('validUntil', 'before_given_on', 'must not be before givenOn', { day: input.givenOn }));
  return out;
}

/** The recipient must fit the purpose, exist and be active, and not be the case's own hospital. */
export async function checkRecipient(input: ConsentInput, c: Pick<CaseRecord, 'hospitalId'>, out: ErrorDetail[]): Promise<CheckedRecipient> {
  const r = input.recipient;
  const allowed = RECIPIENTS_FOR_PURPOSE[input.purpose];
  if (!allowed.includes(r.kind)) {
    out.push(d('recipient.kind', 'recipient_not_for_purpose', `this purpose takes a recipient of kind ${allowed.join(', ')}`, { values: allowed.join(', ') }));
    return { kind: r.kind, id: null, name: null };
  }
  if (r.kind === 'hospital') {
    if (r.id === c.hospitalId.toHexString()) {
      out.push(d('recipient.id', 'own_hospital', "the case's own hospital needs no consent to read it"));
      return { kind: r.kind, id: r.id, name: null };
    }
    const h = await findHospital(r.id);
    if (!h || !h.active) out.push(d('recipient.id', 'no_such_record', 'no active hospital with this id', { resource: 'hospital' }));
    return { kind: r.kind, id: r.id, name: h?.name ?? null };
  }
  if (r.kind === 'organisation') {
    const o = await findOrganisation(r.id);
    if (!o || !o.active) out.push(d('recipient.id', 'no_such_record', 'no active organisation with this id', { resource: 'organisation' }));
    return { kind: r.kind, id: r.id, name: o?.name ?? null };
  }
  return { kind: r.kind, id: null, name: null };
}

/** A signed form must be an attachment of this case, of kind consent-form (the proof kept with the case). */
export async function checkMethod(input: ConsentInput, caseId: string, out: ErrorDetail[]): Promise<void> {
  if (input.method.kind !== 'signed-form') return;
  const a = await findAttachment(caseId, input.method.attachmentId);
  if (!a) out.push(d('method.attachmentId', 'no_such_record', 'no attachment of this case with this id', { resource: 'attachment' }));
  else if (a.kind !== 'consent-form') out.push(d('method.attachmentId', 'not_a_consent_form', 'the attachment is not a consent form'));
}

/**
 * Who may give it, by the patient's age on the Vietnam day it was given (a partial birth date
 * gives a range: the youngest reading decides whether a guardian is needed, so a child is never
 * taken for an adult) and by capacity. Answers the child's agreement to store (null outside 7–15).
 */
export async function checkGiver(input: ConsentInput, c: Pick<CaseRecord, 'patientId'>, out: ErrorDetail[]): Promise<{ childAgreed: boolean | null; guardianMissing: boolean }> {
  const patient = await findPatient(c.patientId.toHexString());
  const age = ageOn(patient?.snapshot.patient.birthDate ?? null, input.givenOn);
  const { guardianBelowAge: below, childAgreementFromAge: from } = CONSENT_AGES;
  const child = age !== null && age.min < below;
  const lacksCapacity = input.patientLacksCapacity === true;
  let guardianMissing = false;
  if (input.givenBy.kind === 'patient' && (child || lacksCapacity)) {
    guardianMissing = true;
    const why = child ? `a patient under ${below} cannot consent for themselves: a guardian or legal representative gives it` : 'a patient without capacity cannot consent for themselves: a legal representative gives it';
    out.push(d('givenBy.kind', 'guardian_required', why, child ? { belowAge: below } : { lacksCapacity: 1 }));
  }
  if (input.givenBy.kind !== 'patient' && age !== null && !child && !lacksCapacity) {
    out.push(d('givenBy.kind', 'patient_gives_own_consent', `a patient of ${below} or older with capacity gives consent themselves`, { belowAge: below }));
  }
  // From 7 to 15 years the child's own agreement is recorded as well (Decree 13/2023/ND-CP art. 20).
  const agreementAge = age !== null && age.max >= from && age.min < below;
  if (!agreementAge) return { childAgreed: null, guardianMissing };
  if (typeof input.childAgreed !== 'boolean') out.push(d('childAgreed', 'child_agreement_required', `the agreement of a child from ${from} to ${below - 1} years is recorded`, { fromAge: from, belowAge: below }));
  else if (!input.childAgreed) out.push(d('childAgreed', 'child_did_not_agree', 'without the child’s own agreement no consent is recorded'));
  return { childAgreed: input.childAgreed ?? null, guardianMissing };
}

/** Throws the 400 for the problems found: CONSENT.GUARDIAN_REQUIRED when a guardian is missing, else VALIDATION.FAILED. */
export function refuseIfAny(problems: ErrorDetail[], guardianMissing: boolean): void {
  if (problems.length === 0) return;
  if (guardianMissing) throw badRequest('CONSENT.GUARDIAN_REQUIRED', `A guardian or legal representative gives this consent: ${problems.map((p) => p.path).join(', ')}`, problems);
  throw validationFailed(problems);
}

import { Types } from 'mongoose';
import { registerRelationship, type AccessRecord, type RelationshipRule } from '../../access/relationships.js';
import type { Principal } from '../../http/policy.js';
import { patientsWithCaseAt } from '../cases/cases.service.js';
import { samePersonAt } from '../patients/patients.service.js';
import { activeConsentCases } from './consent.service.js';

/**
 * What a consent opens by itself (decision 0022, narrowed in issue 11): a consent says the patient
 * agrees to share for a purpose; access needs that purpose at hand (minimum-necessary access,
 * Law 91/2025). A referral is such a purpose and opens the case through its own rules
 * (referrals.relationships.ts: consent AND a live referral), so a consent to "any partner" or
 * "any network hospital" no longer opens the case to every partner or hospital. One purpose stays
 * here:
 *
 *  - `consent.share-hospital`, continuity of care for the same person: a social worker or head of
 *    social work reads another hospital's case in the receiving hospital's view while that case's
 *    consent covers their hospital (named, or any network hospital) AND their hospital has a case
 *    of its own of the same person (same BHYT number, CCCD or CMND: the match
 *    GET /cases/:id/elsewhere makes, whose link opens the case this way).
 *
 * There is no `consent.share-charity` rule: a charity partner reaches a case only through a live
 * referral to its organisation (later, funding). Every answer asks the live consents, patients and
 * cases: nothing is cached, so a withdrawal or an expiry answers 404 on the very next request.
 */
const idOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const hex = (id: Types.ObjectId): string => id.toHexString();

/**
 * The cases (among `among`, or all) whose share-hospital consent covers the hospital now and
 * whose patient is also a patient with a case at that hospital. Four reads whatever the number of
 * cases: the consents (with their patients), the patients' person keys, the hospital's records of
 * the same people, and which of those have a case there.
 */
async function continuingCareCaseIds(hospitalId: string, now: Date, among?: readonly Types.ObjectId[]): Promise<Set<string>> {
  const here = new Types.ObjectId(hospitalId);
  const use = { purpose: 'share-hospital' as const, recipient: { hospitalId } };
  // The case's own hospital reads it by tenancy, never as a receiving hospital of its own case.
  const consented = (await activeConsentCases(use, now, among)).filter((x) => !x.hospitalId.equals(here));
  if (consented.length === 0) return new Set();
  const same = await samePersonAt(here, [...new Map(consented.map((x) => [hex(x.patientId), x.patientId])).values()]);
  const local = [...same.values()].flat();
  if (local.length === 0) return new Set();
  const withCase = await patientsWithCaseAt(here, local);
  return new Set(consented.filter((x) => (same.get(hex(x.patientId)) ?? []).some((p) => withCase.has(hex(p)))).map((x) => hex(x.caseId)));
}

const checkMany = async (principal: Principal, records: readonly AccessRecord[], clock: { now(): Date }): Promise<boolean[]> => {
  const ids = records.flatMap((r) => (Types.ObjectId.isValid(idOf(r._id) ?? '') ? [new Types.ObjectId(idOf(r._id) as string)] : []));
  if (!principal.hospitalId || ids.length === 0) return records.map(() => false);
  const held = await continuingCareCaseIds(principal.hospitalId, clock.now(), ids);
  return records.map((r) => held.has(idOf(r._id) ?? ''));
};

export const shareHospitalRule: RelationshipRule = {
  name: 'consent.share-hospital',
  actions: ['case.read'],
  roles: ['social_worker', 'sw_lead'],
  audience: 'receiving-hospital',
  check: async (principal, record, clock) => (await checkMany(principal, [record], clock))[0] === true,
  checkMany,
  // Not one cheap query (it crosses consents, patients and cases): the ids it computes, now.
  filter: async (principal, clock) => {
    if (!principal.hospitalId) return null;
    const ids = await continuingCareCaseIds(principal.hospitalId, clock.now());
    return ids.size > 0 ? { _id: { $in: [...ids].map((id) => new Types.ObjectId(id)) } } : null;
  },
};

registerRelationship(shareHospitalRule);

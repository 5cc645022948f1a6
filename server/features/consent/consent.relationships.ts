import { Types } from 'mongoose';
import { registerRelationship, type AccessRecord, type RelationshipRule } from '../../access/relationships.js';
import type { Principal } from '../../http/policy.js';
import { activeConsentCaseIds, type ConsentUse } from './consent.service.js';

/**
 * What a consent opens (issue 10, point 4, on the ground of decision 0013): the case, read by the
 * recipient the patient named, in that recipient's view, while the consent is in force. Both the
 * record check and the list filter ask the live consents on every request: nothing is cached, so a
 * withdrawal or an expiry answers 404 on the very next request, and the case leaves every list
 * the rule opened.
 *
 *  - `consent.share-hospital`: a social worker or head of social work of the hospital named (or of
 *    any network hospital, where the form says so) reads the case as a receiving hospital.
 *  - `consent.share-charity`: a charity partner of the organisation named (or any partner) reads
 *    the case as a charity partner: de-identified, the open needs only.
 */
const idOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The recipient the principal stands for; null when this rule can never apply to it. */
type UseOf = (p: Principal) => ConsentUse | null;

const asHospital: UseOf = (p) => (p.hospitalId ? { purpose: 'share-hospital', recipient: { hospitalId: p.hospitalId } } : null);
const asPartner: UseOf = (p) => (p.organisationId ? { purpose: 'share-charity', recipient: { organisationId: p.organisationId } } : null);

function consentRule(name: string, roles: RelationshipRule['roles'], audience: RelationshipRule['audience'], useOf: UseOf): RelationshipRule {
  const checkMany = async (principal: Principal, records: readonly AccessRecord[], clock: { now(): Date }): Promise<boolean[]> => {
    const use = useOf(principal);
    if (!use) return records.map(() => false);
    const ids = records.flatMap((r) => (Types.ObjectId.isValid(idOf(r._id) ?? '') ? [new Types.ObjectId(idOf(r._id) as string)] : []));
    if (ids.length === 0) return records.map(() => false);
    const held = new Set((await activeConsentCaseIds(use, clock.now(), ids)).map((id) => id.toHexString()));
    // The case's own hospital reads it by tenancy, never as a receiving hospital of its own case.
    return records.map((r) => held.has(idOf(r._id) ?? '') && idOf(r.hospitalId) !== principal.hospitalId);
  };
  return {
    name,
    actions: ['case.read'],
    roles,
    audience,
    check: async (principal, record, clock) => (await checkMany(principal, [record], clock))[0] === true,
    checkMany,
    filter: async (principal, clock) => {
      const use = useOf(principal);
      if (!use) return null;
      const ids = await activeConsentCaseIds(use, clock.now());
      if (ids.length === 0) return null;
      const own = principal.hospitalId ? [{ hospitalId: { $ne: new Types.ObjectId(principal.hospitalId) } }] : [];
      return { _id: { $in: ids }, ...(own.length ? { $and: own } : {}) };
    },
  };
}

export const shareHospitalRule = consentRule('consent.share-hospital', ['social_worker', 'sw_lead'], 'receiving-hospital', asHospital);
export const shareCharityRule = consentRule('consent.share-charity', ['charity_partner'], 'charity-partner', asPartner);

registerRelationship(shareHospitalRule);
registerRelationship(shareCharityRule);

import { Types } from 'mongoose';
import { registerRelationship, type AccessFilter, type AccessRecord, type RelationshipRule } from '../../access/relationships.js';
import type { Principal } from '../../http/policy.js';
import { activeConsentCaseIds, consentAllows, type ConsentRecord, type ConsentUse } from '../consent/consent.service.js';
import { ReferralModel } from './referrals.model.js';
import { LIVE_STATUSES, type ReferralStatus } from './referrals.schemas.js';

/**
 * What a referral opens to its receiver (issue 11, point 3; decision 0013's relationship rules).
 *
 *  - `referral.receiving-hospital` / `referral.receiving-organisation`: the referral itself (read,
 *    the inbox, moves, the thread, the documents route) for the social-work staff of the hospital it
 *    was sent to, or the charity partners of the organisation. Drafts are never the receiver's;
 *    an ended referral stays readable (the receiver keeps its record of the work), but what it
 *    shares (summary, documents, the case) goes with `receiverMayShare`.
 *  - `referral.case-hospital` / `referral.case-organisation`: the referred case's read
 *    (GET /cases/:id, in the receiver's audience view) while a referral of that case to the
 *    principal's hospital / organisation is LIVE and the patient's consent to that recipient is in
 *    force now.
 *
 * Every answer reads the live referrals and consents: nothing is cached, so a withdrawal, an expiry
 * or the referral's end hides the shared data on the very next request.
 */

/** The fields of a referral these rules read (the record is the core's `ReferralRecord`). */
export interface ReferralRecipientRef {
  kind: 'hospital' | 'organisation';
  hospitalId: Types.ObjectId | string | null;
  organisationId: Types.ObjectId | string | null;
}
interface ReferralLike {
  caseId: Types.ObjectId | string;
  status: ReferralStatus;
  to: ReferralRecipientRef;
}

const LIVE: readonly string[] = LIVE_STATUSES;
const idOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Sent and not yet ended. */
export const isLiveStatus = (status: string): boolean => LIVE.includes(status);

/** The consent use that covers a recipient: share-hospital (named or any hospital), share-charity (named or any partner). */
export function consentUseFor(to: ReferralRecipientRef): ConsentUse | null {
  if (to.kind === 'hospital' && to.hospitalId) return { purpose: 'share-hospital', recipient: { hospitalId: String(to.hospitalId) } };
  if (to.kind === 'organisation' && to.organisationId) return { purpose: 'share-charity', recipient: { organisationId: String(to.organisationId) } };
  return null;
}

/** The patient's consent in force now that covers sending this case to this recipient, or null. Ask it on every request. */
export async function consentForRecipient(caseId: Types.ObjectId | string, to: ReferralRecipientRef, now: Date): Promise<ConsentRecord | null> {
  const use = consentUseFor(to);
  return use ? consentAllows({ ...use, caseId }, now) : null;
}

/** The receiver sees the summary, the documents and the case: the referral is live and the consent to it holds now. */
export async function receiverMayShare(r: ReferralLike, now: Date): Promise<boolean> {
  return isLiveStatus(r.status) && (await consentForRecipient(r.caseId, r.to, now)) !== null;
}

/** Which side of `to` the principal stands for: the field and id a referral's `to` must carry. */
interface Standing {
  kind: ReferralRecipientRef['kind'];
  field: 'to.hospitalId' | 'to.organisationId';
  id: string;
}
type StandingOf = (p: Principal) => Standing | null;
const asHospital: StandingOf = (p) => (p.hospitalId ? { kind: 'hospital', field: 'to.hospitalId', id: p.hospitalId } : null);
const asOrganisation: StandingOf = (p) => (p.organisationId ? { kind: 'organisation', field: 'to.organisationId', id: p.organisationId } : null);

function sentTo(s: Standing, record: AccessRecord): boolean {
  const r = record as Partial<ReferralLike>;
  if (!r.to || r.status === undefined || r.status === 'draft' || r.to.kind !== s.kind) return false;
  return idOf(s.kind === 'hospital' ? r.to.hospitalId : r.to.organisationId) === s.id;
}

const REFERRAL_ACTIONS = ['referral.read', 'referral.list', 'referral.transition', 'referral.comment.list', 'referral.comment.create', 'referral.document.read'] as const;

function receiverRule(name: string, roles: RelationshipRule['roles'], audience: RelationshipRule['audience'], standingOf: StandingOf): RelationshipRule {
  const checkMany = async (principal: Principal, records: readonly AccessRecord[]): Promise<boolean[]> => {
    const s = standingOf(principal);
    return records.map((r) => (s ? sentTo(s, r) : false));
  };
  return {
    name,
    actions: REFERRAL_ACTIONS,
    roles,
    audience,
    check: async (principal, record) => (await checkMany(principal, [record]))[0] === true,
    checkMany,
    filter: async (principal) => {
      const s = standingOf(principal);
      return s ? { [s.field]: new Types.ObjectId(s.id), status: { $ne: 'draft' } } : null;
    },
  };
}

/** The cases (among `caseIds`, or all) with a live referral to the principal AND the consent to that recipient in force now. */
async function sharedCaseIds(s: Standing, now: Date, caseIds?: readonly Types.ObjectId[]): Promise<Types.ObjectId[]> {
  const query: Record<string, unknown> = { [s.field]: new Types.ObjectId(s.id), status: { $in: [...LIVE] } };
  if (caseIds) query.caseId = { $in: [...caseIds] };
  const live = (await ReferralModel.distinct('caseId', query)) as Types.ObjectId[];
  if (live.length === 0) return [];
  const to: ReferralRecipientRef = { kind: s.kind, hospitalId: s.kind === 'hospital' ? s.id : null, organisationId: s.kind === 'organisation' ? s.id : null };
  const use = consentUseFor(to);
  return use ? activeConsentCaseIds(use, now, live) : [];
}

function caseRule(name: string, roles: RelationshipRule['roles'], audience: RelationshipRule['audience'], standingOf: StandingOf): RelationshipRule {
  const checkMany = async (principal: Principal, records: readonly AccessRecord[], clock: { now(): Date }): Promise<boolean[]> => {
    const s = standingOf(principal);
    const ids = records.flatMap((r) => (Types.ObjectId.isValid(idOf(r._id) ?? '') ? [new Types.ObjectId(idOf(r._id) as string)] : []));
    if (!s || ids.length === 0) return records.map(() => false);
    const held = new Set((await sharedCaseIds(s, clock.now(), ids)).map((id) => id.toHexString()));
    // The case's own hospital reads it by tenancy, never as a receiver of its own case.
    return records.map((r) => held.has(idOf(r._id) ?? '') && idOf(r.hospitalId) !== principal.hospitalId);
  };
  return {
    name,
    actions: ['case.read'],
    roles,
    audience,
    check: async (principal, record, clock) => (await checkMany(principal, [record], clock))[0] === true,
    checkMany,
    filter: async (principal, clock): Promise<AccessFilter | null> => {
      const s = standingOf(principal);
      const ids = s ? await sharedCaseIds(s, clock.now()) : [];
      return ids.length > 0 ? { _id: { $in: ids } } : null;
    },
  };
}

const HOSPITAL_STAFF = ['social_worker', 'sw_lead'] as const;
export const receivingHospitalRule = receiverRule('referral.receiving-hospital', HOSPITAL_STAFF, 'receiving-hospital', asHospital);
export const receivingOrganisationRule = receiverRule('referral.receiving-organisation', ['charity_partner'], 'charity-partner', asOrganisation);
export const caseHospitalRule = caseRule('referral.case-hospital', HOSPITAL_STAFF, 'receiving-hospital', asHospital);
export const caseOrganisationRule = caseRule('referral.case-organisation', ['charity_partner'], 'charity-partner', asOrganisation);

for (const rule of [receivingHospitalRule, receivingOrganisationRule, caseHospitalRule, caseOrganisationRule]) registerRelationship(rule);

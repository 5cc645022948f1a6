import { Types } from 'mongoose';
import type { Principal } from '../../http/policy.js';
import type { ConsentRecord } from '../consent/consent.service.js';
import { ReferralModel, type ReferralRecipient, type ReferralRecord } from './referrals.model.js';
import { consentForRecipient } from './referrals.relationships.js';
import { LIVE_STATUSES, type ReferralStatus } from './referrals.schemas.js';

/**
 * Reading referrals and the facts every part of the feature asks of one: is it live, which side is
 * this principal on, which consent lets it be sent. The service re-exports these for other features.
 */
export type { ReferralRecord } from './referrals.model.js';

export function isLive(status: ReferralStatus): boolean {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}

export async function findReferral(id: string): Promise<ReferralRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return ReferralModel.findById(id).lean<ReferralRecord>();
}

export type ReferralViewer = 'sender' | 'receiver' | 'network';

const same = (a: Types.ObjectId | null | undefined, b: string | null): boolean => !!a && !!b && a.toHexString() === b;

/**
 * The principal's side of a referral: the sender's hospital's social-work staff; the receiving
 * hospital's social-work staff or the receiving organisation's charity partners; network staff
 * (coordinators, admins: they read, never move); null for anyone else.
 */
export function referralSideOf(principal: Principal, r: Pick<ReferralRecord, 'hospitalId' | 'to'>): ReferralViewer | null {
  const hospitalStaff = principal.role === 'social_worker' || principal.role === 'sw_lead';
  if (hospitalStaff && same(r.hospitalId, principal.hospitalId)) return 'sender';
  if (hospitalStaff && r.to.kind === 'hospital' && same(r.to.hospitalId, principal.hospitalId)) return 'receiver';
  if (principal.role === 'charity_partner' && r.to.kind === 'organisation' && same(r.to.organisationId, principal.organisationId)) return 'receiver';
  if (principal.role === 'coordinator' || principal.role === 'admin') return 'network';
  return null;
}

export function recipientOf(r: Pick<ReferralRecord, 'to'>): ReferralRecipient {
  return r.to;
}

/** The consent purpose that covers a recipient: another hospital, or an organisation. */
export function purposeFor(to: ReferralRecipient): 'share-hospital' | 'share-charity' {
  return to.kind === 'hospital' ? 'share-hospital' : 'share-charity';
}

/** The consent in force now that lets this case be sent to this recipient (named, or "any" of its kind). */
export async function consentToSend(caseId: Types.ObjectId, to: ReferralRecipient, now: Date): Promise<{ purpose: string; consent: ConsentRecord | null }> {
  return { purpose: purposeFor(to), consent: await consentForRecipient(caseId, to, now) };
}

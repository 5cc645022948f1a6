import { Types } from 'mongoose';
import { registerRelationship, type AccessFilter, type AccessRecord, type RelationshipRule } from '../../access/relationships.js';
import type { Clock } from '../../clock.js';
import type { Principal } from '../../http/policy.js';
import { activeConsentCaseIds } from '../consent/consent.service.js';
import { FundingRequestModel } from './funding.model.js';
import { PLEDGEABLE_STATUSES } from './funding.schemas.js';
import { PledgeModel } from './pledges.model.js';

/**
 * What funding opens beyond tenancy (issue 12 point 2, decision 0025; decision 0013's relationship
 * rules, the shape of referrals.relationships.ts):
 *  - `funding.partner-listed`: a charity partner reads a request (`funding.read`) while it is on the
 *    marketplace: its story listed, its status open to pledges, and the patient's publish-story
 *    consent in force NOW (read on every request: a withdrawal or an expiry hides it at once);
 *  - `funding.partner-pledger`: a charity partner whose organisation pledged to the request reads it
 *    in any state (its money; the story only while listed: stories.ts `storyViewFor`); never another
 *    partner's pledges (those are the organisation's by tenancy);
 *  - `funding.request-hospital`: the social-work staff of the request's hospital read and list its
 *    pledges and disbursements and read and add receipts (records carrying the request's hospitalId).
 * Nothing is cached.
 */
const PLEDGEABLE: readonly string[] = PLEDGEABLE_STATUSES;
const PUBLISH_STORY = { purpose: 'publish-story', recipient: {} } as const;

const idOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const objectIds = (records: readonly AccessRecord[], field: string): Types.ObjectId[] =>
  records.flatMap((r) => {
    const id = idOf((r as Record<string, unknown>)[field]);
    return id && Types.ObjectId.isValid(id) ? [new Types.ObjectId(id)] : [];
  });

interface RequestLike {
  _id?: unknown;
  caseId?: unknown;
  status?: string;
  story?: { listed?: boolean } | null;
}

const onMarketplace = (r: RequestLike): boolean => r.story?.listed === true && PLEDGEABLE.includes(r.status ?? '');

function withCheck(def: Omit<RelationshipRule, 'check' | 'checkMany'> & { checkMany: NonNullable<RelationshipRule['checkMany']> }): RelationshipRule {
  return { ...def, check: async (principal, record, clock) => (await def.checkMany(principal, [record], clock))[0] === true };
}

/** The cases among `caseIds` whose publish-story consent is in force now (as hex strings). */
async function consentedCases(caseIds: readonly Types.ObjectId[], clock: Clock): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  return new Set((await activeConsentCaseIds(PUBLISH_STORY, clock.now(), caseIds)).map((id) => id.toHexString()));
}

/** The marketplace's filter on `funding_requests`: listed, pledgeable, consented now (null: nothing is). */
export async function marketplaceFilter(clock: Clock): Promise<AccessFilter | null> {
  const listed: Record<string, unknown> = { 'story.listed': true, status: { $in: [...PLEDGEABLE] } };
  const caseIds = (await FundingRequestModel.distinct('caseId', listed)) as Types.ObjectId[];
  const consented = [...(await consentedCases(caseIds, clock))].map((id) => new Types.ObjectId(id));
  return consented.length > 0 ? { ...listed, caseId: { $in: consented } } : null;
}

export const partnerListedRule = withCheck({
  name: 'funding.partner-listed',
  actions: ['funding.read'],
  roles: ['charity_partner'],
  audience: 'charity-partner',
  checkMany: async (_principal, records, clock) => {
    const rows = records as readonly RequestLike[];
    const held = await consentedCases(objectIds(rows.filter(onMarketplace), 'caseId'), clock);
    return rows.map((r) => onMarketplace(r) && held.has(idOf(r.caseId) ?? ''));
  },
  filter: async (_principal, clock) => marketplaceFilter(clock),
});

/** The requests (among `ids`, or all) the principal's organisation has pledged to, in any state. */
async function pledgedRequestIds(p: Principal, ids?: readonly Types.ObjectId[]): Promise<Types.ObjectId[]> {
  if (!p.organisationId || !Types.ObjectId.isValid(p.organisationId)) return [];
  const query: Record<string, unknown> = { organisationId: new Types.ObjectId(p.organisationId) };
  if (ids) query.requestId = { $in: [...ids] };
  return (await PledgeModel.distinct('requestId', query)) as Types.ObjectId[];
}

export const partnerPledgerRule = withCheck({
  name: 'funding.partner-pledger',
  actions: ['funding.read'],
  roles: ['charity_partner'],
  audience: 'charity-partner',
  checkMany: async (principal, records) => {
    const ids = objectIds(records, '_id');
    const held = new Set((ids.length ? await pledgedRequestIds(principal, ids) : []).map((id) => id.toHexString()));
    return records.map((r) => held.has(idOf(r._id) ?? ''));
  },
  filter: async (principal) => {
    const ids = await pledgedRequestIds(principal);
    return ids.length > 0 ? { _id: { $in: ids } } : null;
  },
});

/**
 * The request's hospital and the money on it. Its audience is the hospital's own, though the view
 * type names only outside audiences: the pledge and disbursement views decide by the viewer's role.
 */
export const requestHospitalRule = withCheck({
  name: 'funding.request-hospital',
  actions: ['pledge.read', 'pledge.list', 'disbursement.read', 'receipt.read', 'receipt.create'],
  roles: ['social_worker', 'sw_lead'],
  audience: 'receiving-hospital',
  checkMany: async (principal, records) => records.map((r) => principal.hospitalId !== null && idOf(r.hospitalId) === principal.hospitalId),
  filter: async (principal) => (principal.hospitalId && Types.ObjectId.isValid(principal.hospitalId) ? { hospitalId: new Types.ObjectId(principal.hospitalId) } : null),
});

for (const rule of [partnerListedRule, partnerPledgerRule, requestHospitalRule]) registerRelationship(rule);

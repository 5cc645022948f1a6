import { Types } from 'mongoose';
import type { Clock } from '../clock.js';
import { decideTenant, reachesByTenancy, ruleOf, tenantScope, type Action, type Principal } from '../http/policy.js';
import type { Audience } from './audience.js';
import { relationshipsFor, type AccessFilter, type AccessRecord } from './relationships.js';

/**
 * The one policy's two answers (issue 9, point 1), from the same rules: the tenancy rule of the
 * action (server/http/policy.ts) OR any relationship rule registered for it (./relationships.ts).
 * Nothing is cached: every call reads the live records through the rules.
 */
export type RecordDecision = { allow: true; audience: Audience; via: string } | { allow: false; status: 403 | 404; reason: string };

const idOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** May this principal take this action on this record, now? Which view does it get? */
export async function decideRecord(principal: Principal, action: Action, record: AccessRecord, clock: Clock): Promise<RecordDecision> {
  let refusal: RecordDecision = { allow: false, status: ruleOf(action).hideExistence ? 404 : 403, reason: `no tenancy or relationship gives ${action}` };
  if (reachesByTenancy(principal, action)) {
    const tenancy = decideTenant(principal, action, {
      hospitalId: idOf(record.hospitalId),
      organisationId: idOf(record.organisationId),
      ownerUserId: idOf(record.ownerUserId),
    });
    if (tenancy.allow) return { allow: true, audience: 'own-hospital', via: 'tenancy' };
    refusal = { allow: false, status: tenancy.status === 404 ? 404 : 403, reason: tenancy.reason };
  }
  for (const rel of relationshipsFor(action, principal.role)) {
    if (await rel.check(principal, record, clock)) return { allow: true, audience: rel.audience, via: rel.name };
  }
  // A principal who could only ever reach it through a relationship must not learn it exists.
  if (!reachesByTenancy(principal, action)) return { allow: false, status: 404, reason: refusal.reason };
  return refusal;
}

/** How a collection names its tenant fields (ObjectIds unless `strings`). */
export interface TenantFields {
  hospitalId?: string;
  organisationId?: string;
  ownerUserId?: string;
  /** The collection stores tenant ids as strings, not ObjectIds. */
  strings?: boolean;
}

/** Matches no document: what a principal with neither tenancy nor a relationship lists. */
export const NOTHING: AccessFilter = { _id: { $in: [] } };

function tenancyFilter(principal: Principal, action: Action, fields: TenantFields): AccessFilter | null {
  const scope = tenantScope(principal, action);
  if (!scope) return null;
  if (scope.all) return {};
  const value = (id: string): unknown => (fields.strings ? id : new Types.ObjectId(id));
  if (scope.hospitalId) return { [fields.hospitalId ?? 'hospitalId']: value(scope.hospitalId) };
  if (scope.organisationId) return { [fields.organisationId ?? 'organisationId']: value(scope.organisationId) };
  if (scope.ownerUserId) return { [fields.ownerUserId ?? 'ownerUserId']: scope.ownerUserId };
  return null;
}

/**
 * Which records may this principal list for this action, now: a MongoDB filter on the action's
 * collection (tenancy OR each relationship's filter). List handlers AND it with their own query.
 */
export async function listFilter(principal: Principal, action: Action, clock: Clock, fields: TenantFields = {}): Promise<AccessFilter> {
  const tenancy = tenancyFilter(principal, action, fields);
  if (tenancy && Object.keys(tenancy).length === 0) return {};
  const clauses: AccessFilter[] = tenancy ? [tenancy] : [];
  for (const rel of relationshipsFor(action, principal.role)) {
    const f = await rel.filter(principal, clock);
    if (f) clauses.push(f);
  }
  if (clauses.length === 0) return NOTHING;
  return clauses.length === 1 ? (clauses[0] as AccessFilter) : { $or: clauses };
}

/** The view a listed record gets: own hospital by tenancy, else the first relationship that holds. */
export async function audienceOf(principal: Principal, action: Action, record: AccessRecord, clock: Clock): Promise<Audience | null> {
  const d = await decideRecord(principal, action, record, clock);
  return d.allow ? d.audience : null;
}

/**
 * The audiences of the rows a list showed, in one pass: tenancy is decided without reading
 * anything; the rows it does not reach are asked of each relationship once for all of them
 * (`checkMany`, one query per rule) rather than once per row. Same answer as `audienceOf` per row.
 */
export async function audiencesOf(principal: Principal, action: Action, records: readonly AccessRecord[], clock: Clock): Promise<(Audience | null)[]> {
  const out: (Audience | null)[] = records.map(() => null);
  let pending: number[] = [];
  records.forEach((record, i) => {
    const own =
      reachesByTenancy(principal, action) &&
      decideTenant(principal, action, { hospitalId: idOf(record.hospitalId), organisationId: idOf(record.organisationId), ownerUserId: idOf(record.ownerUserId) }).allow;
    if (own) out[i] = 'own-hospital';
    else pending.push(i);
  });
  for (const rel of relationshipsFor(action, principal.role)) {
    if (pending.length === 0) break;
    const rows = pending.map((i) => records[i] as AccessRecord);
    const held = rel.checkMany
      ? await rel.checkMany(principal, rows, clock)
      : await Promise.all(rows.map((r) => rel.check(principal, r, clock)));
    pending = pending.filter((i, k) => {
      if (!held[k]) return true;
      out[i] = rel.audience;
      return false;
    });
  }
  return out;
}

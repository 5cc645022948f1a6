import { Types } from 'mongoose';
import { notFound } from '../../errors.js';
import type { RequestContext } from '../../http/route.js';
import { findUser } from '../admin/users.service.js';
import { assertCaseOpenForWork, caseTenant, findCase, type CaseRecord } from './cases.service.js';

/**
 * The case a timeline, note or attachment route works on: loaded, then the route's action asked of
 * the policy with tenancy only (the own hospital's staff). Another hospital's case answers 404,
 * exactly like a missing one, and the denial is audited.
 */
export async function loadCaseFor(id: string, ctx: RequestContext): Promise<CaseRecord> {
  const record = await findCase(id);
  if (!record) throw notFound('Case');
  await ctx.authorize(caseTenant(record), 'case', id, { tenancyOnly: true });
  return record;
}

/** The same, for adding to the case (a note, an edit, a paper): a closed case is 409 CASE.CLOSED. */
export async function loadCaseForWork(id: string, ctx: RequestContext): Promise<CaseRecord> {
  const record = await loadCaseFor(id, ctx);
  assertCaseOpenForWork(record);
  return record;
}

export interface PersonRef {
  id: string;
  name: string | null;
}

/** People's display names for the ids given (a system actor, not a user id, has none). */
export async function peopleNamed(ids: Iterable<string>): Promise<Map<string, PersonRef>> {
  const out = new Map<string, PersonRef>();
  for (const id of new Set(ids)) {
    const user = Types.ObjectId.isValid(id) ? await findUser(id) : null;
    out.set(id, { id, name: user?.displayName ?? null });
  }
  return out;
}

export const personOf = (people: Map<string, PersonRef>, id: string): PersonRef => people.get(id) ?? { id, name: null };

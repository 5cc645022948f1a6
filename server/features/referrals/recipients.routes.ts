import type { Types } from 'mongoose';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { route, type RequestContext, type RouteDef } from '../../http/route.js';
import { NEW_PROVINCES } from '../admin/organisations.schemas.js';
import { caseTenant, findCase } from '../cases/cases.service.js';
import { searchRecipients } from './recipients.service.js';
import { recipientSchema, recipientSearchQuery } from './referrals.schemas.js';

/**
 * GET /referral-recipients (issue 11, point 6): the composer's recipient search across the network,
 * for the social-work staff of a hospital. With `caseId` (a case of the caller's hospital; another
 * hospital's answers 404 like a missing one) each recipient says whether the patient's consent
 * covers it now, and the read is audited against the case's patient (ids only).
 */
const recipientListSchema = z.object({ data: z.array(recipientSchema) });
/** The contract's query, the province held to the 2025 names: a typo answers 400 rather than only the nationwide organisations. */
const searchQuery = recipientSearchQuery.extend({ province: z.enum(NEW_PROVINCES).optional() }).strict();

async function ownCase(caseId: string, ctx: RequestContext): Promise<{ _id: Types.ObjectId; patientId: string }> {
  const c = await findCase(caseId);
  if (!c) throw notFound('Case');
  await ctx.authorize(caseTenant(c), 'case', caseId, { action: 'case.read', tenancyOnly: true });
  return { _id: c._id, patientId: c.patientId.toHexString() };
}

export const recipientRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/referral-recipients',
    action: 'referral.recipient.search',
    tag: 'referral',
    summary:
      'Who a case may be referred to: the active network hospitals other than the caller’s and the active organisations, by kind, province, service and name (with or without diacritics); with caseId, the consent in force now that covers each',
    query: searchQuery,
    response: recipientListSchema,
    handler: async ({ query }, ctx) => {
      const c = query.caseId ? await ownCase(query.caseId, ctx) : null;
      const data = await searchRecipients({ query, callerHospitalId: ctx.principal?.hospitalId ?? null, caseId: c?._id ?? null, now: ctx.clock.now() });
      if (c) await ctx.audit({ action: 'referral.recipient.search', resourceType: 'case', resourceId: query.caseId ?? null, patientId: c.patientId });
      return { data };
    },
  }),
];

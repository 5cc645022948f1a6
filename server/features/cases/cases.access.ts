import { vietnamToday } from '../../clock.js';
import type { Audience } from '../../access/audience.js';
import { forbidden, notFound } from '../../errors.js';
import type { AuthorizeOptions, RequestContext } from '../../http/route.js';
import { findHospital } from '../admin/hospitals.service.js';
import type { CaseRecord } from './cases.model.js';
import { patientFacts } from './cases.patients.js';
import type { CaseAnyView, CaseDetail } from './cases.schemas.js';
import { findCase } from './cases.service.js';
import { toCaseDetail } from './cases.view.js';
import { toDeidentifiedCase } from './views/deidentified.view.js';

/**
 * Loads a case for a route and asks the policy about it (tenancy: the case's hospital; or a live
 * relationship such as a consent to share). Another hospital's case without one answers 404,
 * exactly like a missing one, and the denial is audited.
 */
export async function loadCaseFor(
  id: string,
  ctx: RequestContext,
  opts: AuthorizeOptions = {},
): Promise<{ c: CaseRecord; audience: Audience }> {
  const c = await findCase(id);
  if (!c) throw notFound('Case');
  const audience = await ctx.authorize(c, 'case', id, opts);
  return { c, audience };
}

/** Routes that change a case: the own hospital only (a relationship that opens reads never opens these). */
export async function loadOwnCase(id: string, ctx: RequestContext): Promise<CaseRecord> {
  return (await loadCaseFor(id, ctx, { tenancyOnly: true })).c;
}

/** The case page for the own hospital, audited as a read of the patient's data. */
export async function answerDetail(c: CaseRecord, ctx: RequestContext, action: string): Promise<CaseDetail> {
  if (!ctx.principal) throw forbidden();
  await ctx.audit({ action, resourceType: 'case', resourceId: c._id.toHexString(), patientId: c.patientId.toHexString() });
  return toCaseDetail(c, ctx.principal, vietnamToday(ctx.clock));
}

/** The view of the caller's audience. */
export async function answerView(c: CaseRecord, audience: Audience, ctx: RequestContext): Promise<CaseAnyView> {
  if (audience === 'own-hospital') return answerDetail(c, ctx, 'case.read');
  const today = vietnamToday(ctx.clock);
  const facts = (await patientFacts([c.patientId], today)).get(c.patientId.toHexString()) ?? null;
  const hospital = await findHospital(c.hospitalId.toHexString());
  await ctx.audit({
    action: 'case.read',
    resourceType: 'case',
    resourceId: c._id.toHexString(),
    patientId: c.patientId.toHexString(),
    reason: `audience ${audience}`,
    tenant: { hospitalId: c.hospitalId.toHexString() },
  });
  return toDeidentifiedCase(audience, { c, patient: facts, hospitalName: hospital?.name ?? '' });
}

import type { Audience } from '../../access/audience.js';
import { notFound } from '../../errors.js';
import type { AuthorizeOptions, RequestContext } from '../../http/route.js';
import type { PatientRecord } from './patients.model.js';
import { findPatient } from './patients.service.js';

/**
 * Loads a linked patient for a route and asks the policy about it for the route's action:
 * tenancy (the patient's own hospital) or a live relationship. Another hospital's patient without
 * one answers 404, exactly like a missing one (and the denial is audited).
 */
export async function loadPatientFor(id: string, ctx: RequestContext, opts: AuthorizeOptions = {}): Promise<{ record: PatientRecord; audience: Audience }> {
  const record = await findPatient(id);
  if (!record) throw notFound('Patient');
  const audience = await ctx.authorize(record, 'patient', id, opts);
  return { record, audience };
}

/**
 * The same, for routes only the patient's own hospital may take (write, screen, review, the full
 * record's history): a relationship that opens reads gets 404 here, audited as a denial.
 */
export async function loadAuthorizedPatient(id: string, ctx: RequestContext): Promise<PatientRecord> {
  return (await loadPatientFor(id, ctx, { tenancyOnly: true })).record;
}

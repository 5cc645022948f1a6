import { notFound } from '../../errors.js';
import type { RequestContext } from '../../http/route.js';
import type { PatientRecord } from './patients.model.js';
import { findPatient } from './patients.service.js';

/**
 * Loads a linked patient for a route and checks the caller's tenant against the route's action:
 * another hospital's patient answers 404, exactly like a missing one (and the denial is audited).
 */
export async function loadAuthorizedPatient(id: string, ctx: RequestContext): Promise<PatientRecord> {
  const record = await findPatient(id);
  if (!record) throw notFound('Patient');
  await ctx.authorize({ hospitalId: record.hospitalId.toHexString() }, 'patient', id);
  return record;
}

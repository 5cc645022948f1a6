import { Types } from 'mongoose';
import { z } from 'zod';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { findUser } from '../admin/users.service.js';
import { loadAuthorizedPatient } from '../patients/patients.access.js';
import { findFlag } from '../screening/flags.service.js';
import type { CaseRecord } from './cases.model.js';
import { casesOfPatient } from './cases.service.js';

/**
 * A patient's cases, as the patient page shows them until the cases issue gives cases their own
 * screens: opened when, by whom, the note, and the reasons of the flag that opened it.
 */
const reasonSchema = z.object({ code: z.string(), flagType: z.string(), summary: z.object({ vi: z.string(), en: z.string() }) });
export const caseViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'closed']),
    openedAt: z.string(),
    openedBy: z.object({ id: z.string(), name: z.string().nullable() }),
    note: z.string().nullable(),
    flag: z.object({ id: z.string(), priority: z.number(), reasons: z.array(reasonSchema) }).nullable(),
  })
  .meta({ id: 'Case' });
type CaseView = z.infer<typeof caseViewSchema>;

async function toCaseView(c: CaseRecord, names: Map<string, string | null>): Promise<CaseView> {
  const flag = c.openedFromFlagId ? await findFlag(c.openedFromFlagId.toHexString()) : null;
  return {
    id: c._id.toHexString(),
    status: c.status,
    openedAt: c.createdAt.toISOString(),
    openedBy: { id: c.openedBy, name: names.get(c.openedBy) ?? null },
    note: c.note ?? null,
    flag: flag
      ? { id: flag._id.toHexString(), priority: flag.priority, reasons: flag.findings.map((f) => ({ code: f.code, flagType: f.flagType, summary: { vi: f.summary.vi, en: f.summary.en } })) }
      : null,
  };
}

async function displayNames(ids: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const id of new Set(ids)) out.set(id, Types.ObjectId.isValid(id) ? ((await findUser(id))?.displayName ?? null) : null);
  return out;
}

export const caseRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/patients/:id/cases',
    action: 'screening.read',
    tag: 'cases',
    summary: "A patient's cases, open first: opened when and by whom, the note, the reasons of the flag that opened it",
    params: idParams,
    response: z.object({ data: z.array(caseViewSchema) }),
    handler: async ({ params }, ctx) => {
      const record = await loadAuthorizedPatient(params.id, ctx);
      const cases = await casesOfPatient(record._id);
      const names = await displayNames(cases.map((c) => c.openedBy));
      await ctx.audit({ action: 'case.read', resourceType: 'case', patientId: params.id });
      return { data: await Promise.all(cases.map((c) => toCaseView(c, names))) };
    },
  }),
];

import { Types } from 'mongoose';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { findUser } from '../admin/users.service.js';
import { loadAuthorizedPatient } from '../patients/patients.access.js';
import { findFlag } from '../screening/flags.service.js';
import type { CaseRecord } from './cases.model.js';
import { patientCasesSchema, type CaseView } from './cases.schemas.js';
import { casesOfPatient } from './cases.service.js';


async function toCaseView(c: CaseRecord, names: Map<string, string | null>): Promise<CaseView> {
  const flag = c.openedFromFlagId ? await findFlag(c.openedFromFlagId.toHexString()) : null;
  return {
    id: c._id.toHexString(),
    status: c.status,
    openedAt: c.createdAt.toISOString(),
    openedBy: { id: c.openedBy, name: names.get(c.openedBy) ?? null },
    assignedTo: c.assignedTo ? { id: c.assignedTo, name: names.get(c.assignedTo) ?? null } : null,
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
    response: patientCasesSchema,
    handler: async ({ params }, ctx) => {
      const record = await loadAuthorizedPatient(params.id, ctx);
      const cases = await casesOfPatient(record._id);
      const names = await displayNames(cases.flatMap((c) => [c.openedBy, ...(c.assignedTo ? [c.assignedTo] : [])]));
      await ctx.audit({ action: 'case.read', resourceType: 'case', patientId: params.id });
      return { data: await Promise.all(cases.map((c) => toCaseView(c, names))) };
    },
  }),
];

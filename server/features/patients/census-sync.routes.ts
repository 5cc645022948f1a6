import { z } from 'zod';
import { notFound } from '../../errors.js';
import { idParams, objectId } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { hospitalOrThrow } from './patients.service.js';
import type { SyncRunRecord } from './census-sync.model.js';
import { runInBackground } from './census-sync.jobs.js';
import { overallPercent } from './census-sync.progress.js';
import { beginSync, findRun, listRuns } from './census-sync.service.js';

const tag = 'sync';

export const syncRunViewSchema = z
  .object({
    id: z.string(),
    hospital: z.object({ id: z.string(), code: z.string() }),
    status: z.enum(['running', 'succeeded', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    heartbeatAt: z.string(),
    since: z.string().nullable(),
    progress: z.object({
      pages: z.number(),
      encounters: z.number(),
      patients: z.number(),
      total: z.number().nullable(),
      /** Over all phases, only ever moving forward; null while a phase under way has no Bundle.total. */
      percent: z.number().int().min(0).max(100).nullable(),
    }),
    phases: z.array(z.object({ name: z.string(), done: z.boolean(), pages: z.number(), encounters: z.number(), patients: z.number(), total: z.number().nullable() })),
    resumedCount: z.number(),
    error: z.object({ code: z.string(), message: z.string(), transient: z.boolean() }).nullable(),
  })
  .meta({ id: 'SyncRun' });

export function toSyncRunView(r: SyncRunRecord): z.infer<typeof syncRunViewSchema> {
  return {
    id: r._id.toHexString(),
    hospital: { id: r.hospitalId.toHexString(), code: r.hospitalCode },
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    heartbeatAt: r.heartbeatAt.toISOString(),
    since: r.since?.toISOString() ?? null,
    progress: {
      pages: r.progress.pages,
      encounters: r.progress.encounters,
      patients: r.progress.patients,
      total: r.progress.total > 0 ? r.progress.total : null,
      percent: overallPercent(r),
    },
    // Runs saved before phases kept their own counts read as zero and unknown.
    phases: r.phases.map((p) => ({ name: p.name, done: p.done, pages: p.pages, encounters: p.encounters ?? 0, patients: p.patients ?? 0, total: p.total ?? null })),
    resumedCount: r.resumedCount,
    error: r.error ? { code: r.error.code, message: r.error.message, transient: r.error.transient } : null,
  };
}

export const syncRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/hospitals/:id/sync',
    action: 'sync.start',
    tag,
    summary: "Start (or resume) a census sync of a hospital's inpatients and recent discharges; 409 when one is running",
    params: idParams,
    response: syncRunViewSchema,
    status: 202,
    handler: async ({ params }, ctx) => {
      await ctx.authorize({ hospitalId: params.id }, 'hospital', params.id);
      const h = await hospitalOrThrow(params.id);
      const run = await beginSync(h, ctx.principal?.userId ?? 'unknown');
      runInBackground(h, run, ctx.log);
      await ctx.audit({ action: 'sync.start', resourceType: tag, resourceId: run._id.toHexString(), tenant: { hospitalId: params.id } });
      return toSyncRunView(run);
    },
  }),
  route({
    method: 'get',
    path: '/sync-runs',
    action: 'sync.read',
    tag,
    summary: 'Census sync runs, newest first (hospital staff: their hospital)',
    query: z.object({ hospitalId: objectId.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
    response: z.object({ data: z.array(syncRunViewSchema) }),
    handler: async ({ query }, ctx) => {
      const own = ctx.principal?.role === 'social_worker' || ctx.principal?.role === 'sw_lead' ? ctx.principal.hospitalId : null;
      if (own && query.hospitalId && query.hospitalId !== own) await ctx.authorize({ hospitalId: query.hospitalId }, 'hospital', query.hospitalId);
      const runs = await listRuns(own ?? query.hospitalId ?? null, query.limit);
      return { data: runs.map(toSyncRunView) };
    },
  }),
  route({
    method: 'get',
    path: '/sync-runs/:id',
    action: 'sync.read',
    tag,
    summary: 'One census sync run: status and progress',
    params: idParams,
    response: syncRunViewSchema,
    handler: async ({ params }, ctx) => {
      const run = await findRun(params.id);
      if (!run) throw notFound('Sync run');
      await ctx.authorize({ hospitalId: run.hospitalId.toHexString() }, tag, params.id);
      return toSyncRunView(run);
    },
  }),
];

import { Types } from 'mongoose';
import { notFound } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { hospitalOrThrow } from '../patients/patients.service.js';
import type { SyncRunRecord } from './census-sync.model.js';
import { syncRunListQuery, syncRunListSchema, syncRunViewSchema, type SyncRunView } from './census-sync.schemas.js';
import { overallPercent } from './census-sync.progress.js';
import { queueSync } from './census-sync.runs.js';
import { findRun, listRuns } from './census-sync.service.js';

const tag = 'sync';

export function toSyncRunView(r: SyncRunRecord): SyncRunView {
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
    summary: "Queue (or resume) a census sync of a hospital's inpatients and recent discharges, for a worker to run; 409 when one is queued or running",
    params: idParams,
    response: syncRunViewSchema,
    status: 202,
    handler: async ({ params }, ctx) => {
      await ctx.authorize({ hospitalId: params.id }, 'hospital', params.id);
      const h = await hospitalOrThrow(params.id);
      // The API only queues it: a worker process runs it, off this event loop (decision 0015).
      const run = await queueSync(h, ctx.principal?.userId ?? 'unknown', ctx.clock.now());
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
    query: syncRunListQuery,
    response: syncRunListSchema,
    handler: async ({ query }, ctx) => {
      // Asking for one hospital is a record check on it; the runs listed are the policy's filter.
      if (query.hospitalId) await ctx.authorize({ hospitalId: query.hospitalId }, 'hospital', query.hospitalId);
      const access = await ctx.listFilter();
      const runs = await listRuns(query.hospitalId ? { $and: [access, { hospitalId: new Types.ObjectId(query.hospitalId) }] } : access, query.limit);
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
      await ctx.authorize(run, tag, params.id);
      return toSyncRunView(run);
    },
  }),
];

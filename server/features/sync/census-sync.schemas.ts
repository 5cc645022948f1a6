import { z } from 'zod';
import { objectId } from '../../http/common-schemas.js';

/** queued: asked for (from the API or the schedule), waiting for a worker to claim it. */
export const SYNC_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export const SYNC_PHASES = ['inpatients', 'discharges'] as const;
export type SyncPhaseName = (typeof SYNC_PHASES)[number];

export const syncRunViewSchema = z
  .object({
    id: z.string(),
    hospital: z.object({ id: z.string(), code: z.string() }),
    /** queued: waiting for a worker (npm run worker) to take it up. */
    status: z.enum(SYNC_STATUSES),
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
export type SyncRunView = z.infer<typeof syncRunViewSchema>;

export const syncRunListQuery = z.object({ hospitalId: objectId.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
export const syncRunListSchema = z.object({ data: z.array(syncRunViewSchema) });

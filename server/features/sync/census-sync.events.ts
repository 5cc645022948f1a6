import { eventSource, type EventDraft } from '../../events/append.js';
import { SyncRunModel, type SyncRunRecord } from './census-sync.model.js';

/**
 * Census sync's domain events (decision 0014), on stream `sync-run:<id>`: sync.completed and
 * sync.failed, written with the run's final status in one update. Data: ids, codes and counts,
 * never a patient's. Notifications tell the person who started it (and, on failure, the heads
 * of social work).
 */
export const syncRunEvents = eventSource('sync-run', SyncRunModel as never);

const isUserId = (s: string): boolean => /^[a-f0-9]{24}$/.test(s);

export function syncEnded(run: SyncRunRecord, status: 'succeeded' | 'failed', error: SyncRunRecord['error']): EventDraft {
  return {
    type: status === 'succeeded' ? 'sync.completed' : 'sync.failed',
    hospitalId: run.hospitalId,
    // A person who asked for it, or nobody (the schedule, the command line).
    actorUserId: isUserId(run.startedBy) ? run.startedBy : null,
    data: {
      runId: run._id.toHexString(),
      hospitalCode: run.hospitalCode,
      patients: run.progress.patients,
      pages: run.progress.pages,
      errorCode: error?.code ?? null,
      transient: error?.transient ?? null,
    },
  };
}

import type { TFunction } from 'i18next';
import type { SyncRun } from '../../api-types.js';
import { nowMs } from '../../clock.js';
import { formatNumber } from '../../format.js';

/**
 * What the sync bar shows, from the run the server sends (no React, so it is tested directly).
 * The percentage is the server's, over all phases (it only moves forward); null when the FHIR
 * server gives no Bundle.total, and then the bar moves without a number while the words say the
 * pages and patients read so far. Never a percentage of one phase, which would fall back from
 * 100 % to 37 % when the next phase begins.
 */
export interface ProgressModel {
  /** 0–100 for the bar; null: unknown (a moving bar while running). */
  percent: number | null;
  indeterminate: boolean;
  /** The phase under way (1-based) out of how many, and its name ('inpatients', 'discharges'). */
  step: number;
  steps: number;
  phase: string;
  /** Which sentence says it, and with what. */
  wording: 'queued' | 'starting' | 'counted' | 'soFar' | 'done' | 'stopped';
  /** The phase's encounters saved and its total, when known. */
  phaseDone: number;
  phaseTotal: number | null;
  pages: number;
  patients: number;
}

export function progressModel(run: SyncRun, highest: number | null = null): ProgressModel {
  const phases = run.phases;
  const open = phases.findIndex((p: SyncRun['phases'][number]) => !p.done);
  // Every phase done (the run is closing, or closed): the last phase is the one to name.
  const index = run.status === 'succeeded' || open === -1 ? phases.length - 1 : open;
  const current = phases[index];
  const step = Math.max(1, index + 1);
  const fromServer = run.status === 'succeeded' ? 100 : (run.progress.percent ?? null);
  // The same run never goes back on screen (a phase the server had to read again from its start).
  const percent = fromServer !== null && highest !== null ? Math.max(fromServer, highest) : fromServer;
  const phaseTotal = current?.total ?? null;
  let wording: ProgressModel['wording'] = percent !== null && phaseTotal !== null ? 'counted' : 'soFar';
  if (run.status === 'succeeded') wording = 'done';
  else if (run.status === 'failed') wording = 'stopped';
  else if (run.status === 'queued') wording = 'queued';
  else if ((current?.pages ?? 0) === 0 && !current?.done) wording = 'starting';
  return {
    percent,
    indeterminate: percent === null && run.status === 'running',
    step,
    steps: phases.length,
    phase: current?.name ?? 'inpatients',
    wording,
    phaseDone: current?.encounters ?? 0,
    phaseTotal,
    pages: run.progress.pages,
    patients: run.progress.patients,
  };
}

/** The sentence under the bar: which step, and how far, in the person's language and number format. */
export function progressWords(m: ProgressModel, t: TFunction): string {
  const phase = t(`syncPhases.${m.phase === 'discharges' ? 'discharges' : 'inpatients'}`);
  const common = { step: m.step, steps: m.steps, phase, pages: formatNumber(m.pages), patients: formatNumber(m.patients) };
  if (m.wording === 'done') return t('sync.progressDone', { patients: formatNumber(m.patients) });
  if (m.wording === 'stopped') return t('sync.progressStopped', common);
  if (m.wording === 'queued') return t(m.pages > 0 ? 'sync.progressQueuedResume' : 'sync.progressQueued', common);
  if (m.wording === 'starting') return t('sync.progressStarting', common);
  if (m.wording === 'counted') {
    return t('sync.progressCounted', { ...common, done: formatNumber(m.phaseDone), total: formatNumber(m.phaseTotal ?? 0) });
  }
  return t('sync.progressSoFar', common);
}

/**
 * A run queued this long ago and still not taken up: the server's background worker (which runs
 * syncs) may not be running. A worker looks for queued runs every second or so.
 */
export const QUEUED_TOO_LONG_MS = 2 * 60_000;

export function isWaitingLong(run: Pick<SyncRun, 'status' | 'heartbeatAt'>, now = nowMs()): boolean {
  return run.status === 'queued' && now - Date.parse(run.heartbeatAt) > QUEUED_TOO_LONG_MS;
}

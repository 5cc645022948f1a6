import type { SyncPhase, SyncRunRecord } from './census-sync.model.js';

/**
 * How far a census sync has come, over all its phases at once. Each phase counts for an equal
 * share; within a phase, the encounters saved out of its Bundle.total. So the bar only moves
 * forward: finishing the inpatients and starting the discharges never takes it back from 100 %
 * to 37 %. A phase begun whose server gave no total (Bundle.total is optional:
 * https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.total) makes the whole unknown: null,
 * and the client shows pages and patients so far on a moving bar instead of a made-up percentage
 * (so a server that never gives totals never shows one: no flicker between a bar and a number).
 */
export function overallPercent(run: Pick<SyncRunRecord, 'status' | 'phases'>): number | null {
  if (run.status === 'succeeded') return 100;
  // Before the first page nothing is known yet, not even whether the server gives totals.
  if (run.phases.every((p) => p.pages === 0 && !p.done)) return null;
  let done = 0;
  for (const p of run.phases) {
    const share = phaseShare(p);
    if (share === null) return null;
    done += share;
  }
  return Math.floor((done / run.phases.length) * 100);
}

/** A phase's share done, 0–1; never 1 before the phase is done (a server's total can be an estimate). */
function phaseShare(p: Partial<SyncPhase> & Pick<SyncPhase, 'done' | 'pages'>): number | null {
  if (p.pages === 0 && !p.done) return 0;
  if (p.total === null || p.total === undefined) return null;
  if (p.done) return 1;
  if (p.total <= 0) return 0.99;
  return Math.min((p.encounters ?? 0) / p.total, 0.99);
}

import { performance } from 'node:perf_hooks';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { systemClock, type Clock } from '../../clock.js';
import { releaseLease, renewLease } from '../../db/lease.js';
import { AppError, UpstreamFhirError, conflict } from '../../errors.js';
import { upstreamStatusOf, type FhirGateway, type SearchParams } from '../../fhir/gateway.js';
import { gatewayFor } from '../../fhir/gateways.js';
import type { HospitalRecord } from '../admin/hospitals.service.js';
import { SYNC_PHASES, SyncRunModel, type SyncPhaseName, type SyncRunRecord } from './census-sync.model.js';
import { INSTANCE, LEASE_TTL_MS, leaseName, ownedBy, signalIds } from './census-sync.runs.js';
import { censusPatientOf, fetchRelated, saveCensusPatients, type CensusPatient } from '../patients/patients.service.js';
import { screenMany } from '../screening/screening.service.js';
import { leftOnOf, stayChanged } from '../patients/patients.presence.js';
import { updateWithEvent } from '../../events/append.js';
import { emitSignal } from '../../jobs/signals.js';
import { syncEnded, syncRunEvents } from './census-sync.events.js';

/**
 * Census sync: pulls a hospital's current inpatients and recent discharges from its FHIR server,
 * incrementally by _lastUpdated, a page at a time, into linked-patient snapshots.
 * - Never twice at once for one hospital, even across instances: a lease in MongoDB, renewed
 *   after every page (a crashed instance's lease runs out and the next run takes over).
 * - Resumes without redoing finished pages: each page's next link is saved as the checkpoint.
 *   A saved link the server no longer knows (410 Gone, 404, 400) restarts that phase from its
 *   query; when a run may not be resumed at all, see census-sync.runs.ts.
 * - A failing FHIR server stops this hospital's run with a clear error; what was saved stays.
 */
const PAGE_SIZE = 100;
const DISCHARGE_WINDOW_DAYS = 30;
/** What a server answers for a paging link it has forgotten: HAPI 410 Gone; others 404 or 400. */
const LINK_GONE = new Set([400, 404, 410]);

export { beginSync } from './census-sync.runs.js';

export interface SyncHooks {
  /** Called after each saved page: for the CLI progress bar. */
  onPage?(run: SyncRunRecord): void;
  /** Stop after the current page (graceful shutdown); the run stays resumable. */
  signal?: AbortSignal;
  /** Screen each page's patients by the rules (automatic flags). On unless false. */
  screen?: boolean;
  /** Filled in when given, for the benchmark: where the run's time went. */
  timings?: SyncTimings;
  /** Heartbeats and finish times; the system clock by default. */
  clock?: Clock;
}

/**
 * Milliseconds per stage. Fetching (FHIR reads and snapshots) and writing (saving, screening)
 * overlap, so the stages add up to more than the run; `waitMs` is time fetching waited for writing.
 */
export interface SyncTimings {
  fetchMs: number;
  saveMs: number;
  screeningMs: number;
  waitMs: number;
}

function lap(timings: SyncTimings | undefined, stage: keyof SyncTimings, since: number): number {
  const now = performance.now();
  if (timings) timings[stage] += now - since;
  return now;
}

function phaseQuery(name: SyncPhaseName, run: SyncRunRecord): SearchParams {
  const p: SearchParams = { class: 'IMP', _include: 'Encounter:subject', _count: PAGE_SIZE };
  if (name === 'inpatients') p.status = 'in-progress';
  else {
    p.status = 'finished';
    p.date = `ge${new Date(run.asOf.getTime() - DISCHARGE_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10)}`;
  }
  if (run.since) p._lastUpdated = `gt${run.since.toISOString()}`;
  return p;
}

/**
 * Runs (or resumes) the sync to the end, or to the signal (then it stays 'running', resumable).
 * Never throws for FHIR failures. The hospital's lease is let go before the run is marked ended,
 * so whoever sees it ended may start the next one at once.
 */
export async function runSync(h: HospitalRecord, run: SyncRunRecord, hooks: SyncHooks = {}): Promise<SyncRunRecord> {
  let outcome: { status: 'succeeded' | 'failed'; error: SyncRunRecord['error'] } | null = null;
  try {
    outcome = (await runPhases(h, run, hooks)) ? { status: 'succeeded', error: null } : null;
  } catch (err) {
    const e = err instanceof AppError ? err : null;
    const error = {
      code: e?.code ?? 'INTERNAL',
      message: e?.message ?? `Census sync of ${h.code} failed unexpectedly`,
      transient: err instanceof UpstreamFhirError ? err.transient : false,
    };
    outcome = { status: 'failed', error };
  } finally {
    await releaseLease(leaseName(h), run.owner ?? INSTANCE);
  }
  return outcome ? finish(run, outcome.status, outcome.error, hooks.clock) : current(run);
}

/** Every phase not done yet, in order; false when stopped by the signal. */
async function runPhases(h: HospitalRecord, run: SyncRunRecord, hooks: SyncHooks): Promise<boolean> {
  const gateway = gatewayFor(h);
  for (const phase of run.phases) {
    if (phase.done) continue;
    if (!(await runPhase(h, gateway, run, phase.name, hooks))) return false;
  }
  return true;
}

/**
 * False when stopped by the signal (the run stays 'running' and resumable, after the pages under
 * way). Pages are pipelined: page N+1 is asked for as soon as page N's related resources are in,
 * and while page N is written and checkpointed, page N+1's patients' resources are fetched.
 * Checkpoints stay in page order, and a failure waits for the write under way, so every page
 * finished before a fault stays saved.
 */
async function runPhase(h: HospitalRecord, gateway: FhirGateway, run: SyncRunRecord, name: SyncPhaseName, hooks: SyncHooks): Promise<boolean> {
  const phase = run.phases.find((p) => p.name === name);
  let pagesDone = phase?.pages ?? 0;
  let page: Bundle | null = phase?.nextUrl ? await resumePage(gateway, run, name, phase.nextUrl) : null;
  // A phase starts again from its query at most once per run attempt: a server that forgets every link fails the run.
  let restarted = Boolean(phase?.nextUrl) && !page;
  if (!page) {
    pagesDone = 0;
    page = await gateway.search('Encounter', phaseQuery(name, run));
  }
  const seen = new Set<string>();
  let writing: Promise<void> = Promise.resolve();
  let stopping = false;
  try {
    while (page) {
      const current: Bundle = page;
      const next = current.link?.find((l) => l.relation === 'next')?.url ?? null;
      if (next && seen.has(next)) throw new UpstreamFhirError(h.code, `FHIR server of ${h.name} (${h.code}) pages in a loop: the same next link came twice`);
      if (next) seen.add(next);
      // The gateway's guard against a server that pages forever (always a new next link), which the loop check cannot see.
      const stopAtGuard = next !== null && pagesDone + 1 >= gateway.maxPages;
      let mark = performance.now();
      const { patients, encounters } = pageContents(current);
      const related = await fetchRelated(gateway, [...patients.keys()]);
      // The next page is asked for now, while this one is mapped and written (requests stay in
      // the order of a plain walk). Once stopping, no page is asked for that would go unused.
      stopping ||= hooks.signal?.aborted === true;
      const following = next && !stopAtGuard && !stopping ? gateway.nextPage(current) : Promise.resolve(null);
      following.catch(() => undefined); // awaited below; this only marks it handled meanwhile
      const prepared = mapPage(h, patients, encounters, related, run.asOf, (hooks.clock ?? systemClock).now());
      mark = lap(hooks.timings, 'fetchMs', mark);
      await writing;
      lap(hooks.timings, 'waitMs', mark);
      const total = pagesDone === 0 && typeof current.total === 'number' ? current.total : null;
      writing = writePage(h, run, name, next, prepared, total, hooks);
      writing.catch(() => undefined); // awaited below; this only marks it handled meanwhile
      pagesDone += 1;
      if (stopAtGuard) throw new UpstreamFhirError(h.code, `FHIR server of ${h.name} (${h.code}) was still paging after ${gateway.maxPages} pages; stopped`);
      mark = performance.now();
      page = await following.catch(async (err: unknown) => {
        // A link forgotten while the run was under way (the server's search expired): start the phase again, once.
        if (restarted || !LINK_GONE.has(upstreamStatusOf(err) ?? 0)) throw err;
        restarted = true;
        await writing;
        await resetPhase(run, name);
        pagesDone = 0;
        seen.clear();
        return gateway.search('Encounter', phaseQuery(name, run));
      });
      lap(hooks.timings, 'fetchMs', mark);
      if (!page && next) {
        // Stopped with pages to go: the run stays resumable from the last saved page.
        await writing;
        return false;
      }
    }
    await writing;
    return true;
  } catch (err) {
    await writing.catch(() => undefined);
    throw err;
  }
}

/** The page a saved next link points at, or null when the server no longer knows it (the phase is then reset, to start again from its query). */
async function resumePage(gateway: FhirGateway, run: SyncRunRecord, name: SyncPhaseName, nextUrl: string): Promise<Bundle | null> {
  try {
    return await gateway.nextPage({ resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: nextUrl }] });
  } catch (err) {
    if (!LINK_GONE.has(upstreamStatusOf(err) ?? 0)) throw err;
    await resetPhase(run, name);
    return null;
  }
}

/** Takes a phase's saved pages out of the run's counts: they are read again from the start. */
async function resetPhase(run: SyncRunRecord, name: SyncPhaseName): Promise<void> {
  const i = SYNC_PHASES.indexOf(name);
  const saved = (await current(run)).phases[i];
  const fresh = { nextUrl: null, done: false, pages: 0, encounters: 0, patients: 0, total: null };
  await SyncRunModel.updateOne(
    { _id: run._id },
    {
      $set: Object.fromEntries(Object.entries(fresh).map(([k, v]) => [`phases.${i}.${k}`, v])),
      $inc: {
        'progress.pages': -(saved?.pages ?? 0),
        'progress.encounters': -(saved?.encounters ?? 0),
        'progress.patients': -(saved?.patients ?? 0),
        'progress.total': -(saved?.total ?? 0),
      },
    },
  );
}

interface PreparedPage {
  upserts: CensusPatient[];
  stats: { encounters: number; patients: number };
}

async function writePage(h: HospitalRecord, run: SyncRunRecord, name: SyncPhaseName, next: string | null, page: PreparedPage, total: number | null, hooks: SyncHooks): Promise<void> {
  let mark = performance.now();
  const patients = await saveCensusPatients(h, page.upserts);
  mark = lap(hooks.timings, 'saveMs', mark);
  if (hooks.screen !== false && patients.length > 0) {
    await screenMany(h, patients.map(({ record, created }) => ({ record, firstSeen: created, kind: 'auto' as const, by: 'census-sync', now: run.asOf })));
    mark = lap(hooks.timings, 'screeningMs', mark);
  }
  // After screening, so the flags it raised carry the stay too (the worklist reads it from them).
  await stayChanged(patients.map(({ record }) => ({ patientId: record._id, leftOn: leftOnOf(record.census) })));
  const now = (hooks.clock ?? systemClock).now();
  const saved = await checkpoint(run, name, next, page.stats, total, now);
  lap(hooks.timings, 'saveMs', mark);
  emitSignal({ kind: 'sync.page-saved', ...signalIds(run) });
  hooks.onPage?.(saved);
  if (!(await renewLease(leaseName(h), run.owner ?? INSTANCE, LEASE_TTL_MS, now))) throw conflict('SYNC.LEASE_LOST', `Lost the sync lease of ${h.code}: another instance took over`);
}

async function checkpoint(run: SyncRunRecord, name: SyncPhaseName, next: string | null, stats: { encounters: number; patients: number }, total: number | null, now: Date): Promise<SyncRunRecord> {
  // Phases are stored in SYNC_PHASES order; a positional path avoids arrayFilters, which not every
  // MongoDB-wire dev server supports.
  const i = SYNC_PHASES.indexOf(name);
  const set: Record<string, unknown> = { [`phases.${i}.nextUrl`]: next, [`phases.${i}.done`]: next === null, heartbeatAt: now };
  // The first page of each phase tells its size (Bundle.total), when the server gives it: the run's total is their sum.
  if (total !== null) set[`phases.${i}.total`] = total;
  const inc = {
    [`phases.${i}.pages`]: 1,
    [`phases.${i}.encounters`]: stats.encounters,
    [`phases.${i}.patients`]: stats.patients,
    'progress.pages': 1,
    'progress.encounters': stats.encounters,
    'progress.patients': stats.patients,
    ...(total !== null ? { 'progress.total': total } : {}),
  };
  // A worker's run is written only while that worker still owns it (another may have taken over a stale run).
  const saved = await SyncRunModel.findOneAndUpdate(ownedBy(run), { $set: set, $inc: inc }, { returnDocument: 'after' }).lean<SyncRunRecord>();
  if (!saved) throw conflict('SYNC.LEASE_LOST', `Lost the census sync run of ${run.hospitalCode}: another worker took it over`);
  return saved;
}

/** A page's Patients (included) by FHIR id, and how many Encounters it holds. */
function pageContents(page: Bundle): { patients: Map<string, Resource>; encounters: number } {
  const resources = (page.entry ?? []).map((e) => e.resource).filter((r): r is Resource => Boolean(r));
  const patients = new Map(resources.filter((r) => r.resourceType === 'Patient' && r.id).map((r) => [r.id as string, r]));
  return { patients, encounters: resources.filter((r) => r.resourceType === 'Encounter').length };
}

/** Each patient with its related resources, as the snapshot and derived fields to upsert. */
function mapPage(h: HospitalRecord, patients: Map<string, Resource>, encounters: number, related: Awaited<ReturnType<typeof fetchRelated>>, asOf: Date, now: Date): PreparedPage {
  const upserts = [...patients].map(([fhirId, patient]) => censusPatientOf(h, fhirId, { patient, ...related.get(fhirId) }, asOf, now));
  return { upserts, stats: { encounters, patients: patients.size } };
}

/** The run's end, with its sync.completed / sync.failed event in the same update (only while it is still this owner's). */
async function finish(run: SyncRunRecord, status: 'succeeded' | 'failed', error: SyncRunRecord['error'], clock: Clock = systemClock): Promise<SyncRunRecord> {
  const now = clock.now();
  const counted = await current(run);
  await updateWithEvent(syncRunEvents, ownedBy(run), { $set: { status, error, finishedAt: now } }, syncEnded(counted, status, error), now);
  emitSignal({ kind: 'sync.ended', ...signalIds(run) });
  return current(run);
}

async function current(run: SyncRunRecord): Promise<SyncRunRecord> {
  return (await SyncRunModel.findById(run._id).lean<SyncRunRecord>()) ?? run;
}

/** `access` is the policy's list filter (hospital staff: their hospital's runs; network staff: all). */
export async function listRuns(access: Record<string, unknown>, limit: number): Promise<SyncRunRecord[]> {
  return SyncRunModel.find(access).sort({ startedAt: -1 }).limit(limit).lean<SyncRunRecord[]>();
}

export async function findRun(id: string): Promise<SyncRunRecord | null> {
  return SyncRunModel.findById(id).lean<SyncRunRecord>();
}

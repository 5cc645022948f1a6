import type { Bundle } from '@medplum/fhirtypes';
import mongoose, { Schema, Types } from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { acquireLease } from '../../../server/db/lease.js';
import { eventSource, publishPending, withFirstEvent } from '../../../server/events/append.js';
import { dispatchEvents, registerConsumer } from '../../../server/events/dispatch.js';
import { CLAIM_JOB } from '../../../server/features/sync/census-sync.jobs.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { enqueueOutbox, newOutboxId, registerOutboxKind } from '../../../server/fhir/outbox/outbox.service.js';
import { registerJob, runJobNow, type JobContext } from '../../../server/jobs/scheduler.js';
import { emitSignal, onJobFinished, onSignal, signalListenerCount, type Signal } from '../../../server/jobs/signals.js';
import { createLogger } from '../../../server/logger.js';
import { makeFhirHospital, signInAs } from '../../setup/factories.js';
import { capabilityStatement, readBody, sendJson, startHttpServer, type TestServer } from '../../setup/fhir-servers.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';

/**
 * The in-process signals of background work (server/jobs/signals.ts, decision 0015): each kind is
 * given after the write it announces, by the code that did the work, with ids and counts only.
 * Tests wait on them (test/setup/wait.ts) instead of sleeping between reads of the database.
 */
const t = await startTestApp();
const log = createLogger('silent');
const clock = settableClock('2026-12-07T01:00:00Z');
const ctxOf = (owner: string): JobContext => ({ owner, clock, log, signal: new AbortController().signal });
let demo: RunningDemoHospital;
let fhirStub: TestServer;

/** Every signal given while `work` runs, in order. */
async function signalsOf(work: () => Promise<unknown>): Promise<Signal[]> {
  const seen: Signal[] = [];
  const off = onSignal((s) => seen.push(s));
  try {
    await work();
  } finally {
    off();
  }
  return seen;
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 40, seed: 99, now: new Date(), limits: { maxCount: 10 } });
  // A FHIR server that stores every transaction (answers as HAPI does, entries with `response` only).
  fhirStub = await startHttpServer(async (req, res) => {
    if (req.url?.startsWith('/fhir/metadata')) return sendJson(res, 200, capabilityStatement());
    const tx = JSON.parse((await readBody(req)) || '{}') as Bundle;
    const entry = (tx.entry ?? []).map((e) => ({ response: { status: '201 Created', location: `${e.request?.url ?? ''}/_history/1`, etag: 'W/"1"' } }));
    sendJson(res, 200, { resourceType: 'Bundle', type: 'transaction-response', entry });
  });
});

afterEach(() => expect(signalListenerCount()).toBe(0));

afterAll(async () => {
  await fhirStub?.close();
  await demo?.stop();
  await t.close();
});

describe('the scheduler', () => {
  it('signals each job run as it finishes, with the job, the owner and the outcome, after the lease is let go', async () => {
    registerJob({ name: 'test.signal-ok', everyMs: 60_000, run: async () => {} });
    registerJob({ name: 'test.signal-fails', everyMs: 60_000, run: async () => Promise.reject(new Error('no')) });
    registerJob({ name: 'test.signal-held', everyMs: 60_000, run: async () => {} });
    expect(await acquireLease('job:test.signal-held', 'someone-else', 60_000, clock.now())).toBe(true);
    const finished: unknown[] = [];
    const off = onJobFinished((s) => finished.push(s));
    try {
      await runJobNow('test.signal-ok', ctxOf('owner-1'));
      await expect(runJobNow('test.signal-fails', ctxOf('owner-1'))).rejects.toThrow('no');
      await runJobNow('test.signal-held', ctxOf('owner-2'));
    } finally {
      off();
    }
    expect(finished).toEqual([
      { kind: 'job.finished', job: 'test.signal-ok', owner: 'owner-1', outcome: 'ok' },
      { kind: 'job.finished', job: 'test.signal-fails', owner: 'owner-1', outcome: 'failed' },
      { kind: 'job.finished', job: 'test.signal-held', owner: 'owner-2', outcome: 'not-run' },
    ]);
  });

  it('a listener that throws neither stops the work nor the other listeners; unsubscribed, a listener hears nothing more', () => {
    const heardBy: string[] = [];
    const offA = onSignal(() => {
      throw new Error('a broken listener');
    });
    const offB = onSignal((s) => heardBy.push(s.kind));
    expect(() => emitSignal({ kind: 'events.sequenced', count: 1 })).not.toThrow();
    offA();
    offB();
    emitSignal({ kind: 'events.sequenced', count: 2 });
    expect(heardBy).toEqual(['events.sequenced']);
  });
});

describe('a census sync run by a worker', () => {
  it('signals queued, claimed, each page saved and the end, with the run and hospital ids only', async () => {
    const h = await makeFhirHospital(demo.baseUrl);
    const coordinator = await signInAs(t.app, 'coordinator');
    let runId = '';
    const seen = await signalsOf(async () => {
      runId = (await coordinator.agent.post(`/api/v1/hospitals/${h.id}/sync`).set('x-csrf-token', coordinator.csrf).expect(202)).body.id as string;
      expect(await runJobNow(CLAIM_JOB, ctxOf('worker-s'))).toBe(true);
    });
    const pages = (await coordinator.agent.get(`/api/v1/sync-runs/${runId}`).expect(200)).body.progress.pages as number;
    expect(pages).toBeGreaterThan(1);
    const ids = { runId, hospitalId: h.id };
    expect(seen.filter((s) => s.kind.startsWith('sync.'))).toEqual([
      { kind: 'sync.queued', ...ids },
      { kind: 'sync.claimed', ...ids },
      ...Array.from({ length: pages }, () => ({ kind: 'sync.page-saved', ...ids })),
      { kind: 'sync.ended', ...ids },
    ]);
    expect(seen.at(-1)).toEqual({ kind: 'job.finished', job: CLAIM_JOB, owner: 'worker-s', outcome: 'ok' });
  });
});

describe('the outbox', () => {
  it('signals an entry queued and each attempt at it, after the entry and its subject show the outcome', async () => {
    const h = await makeFhirHospital(fhirStub.baseUrl);
    const outcomes: string[] = [];
    registerOutboxKind({
      kind: 'test-signal',
      build: async (subjectId) => [{ resourceType: 'Basic', id: `nc-test-${subjectId.toHexString()}`, code: { text: 'test' } }],
      onOutcome: async (entry) => void outcomes.push(`${entry.status} ${entry.lastError ?? ''}`.trim()),
    });
    const id = newOutboxId();
    const subjectId = new Types.ObjectId();
    const ids = { outboxId: id.toHexString(), subjectId: subjectId.toHexString() };
    const seen: Signal[] = [];
    const off = onSignal((s) => seen.push(s));
    try {
      await enqueueOutbox({ id, kind: 'test-signal', subjectId, hospitalId: new Types.ObjectId(h.id) }, clock);
      // The entry is sent in the background: the wait ends at its attempt's signal, with the subject already told.
      await untilSignalled(() => outcomes, (o) => o.length === 2, heard.outbox(ids.subjectId), { what: 'the entry sent' });
    } finally {
      off();
    }
    expect(seen.filter((s) => s.kind.startsWith('outbox.'))).toEqual([
      { kind: 'outbox.queued', ...ids },
      { kind: 'outbox.attempted', ...ids },
    ]);
    expect(outcomes).toEqual(['pending', 'sent']);
  });
});

describe('event dispatch', () => {
  it('signals events sequenced and a consumer’s checkpoint moved, with counts and positions only', async () => {
    const Things = mongoose.model('SignalsTestThing', new Schema({ n: Number }, { collection: 'signal_things', strict: false }));
    const things = eventSource('signal-thing', Things as never);
    registerConsumer({ name: 'test-signals', types: ['signal-thing.made'], handle: async () => {} });
    const doc = withFirstEvent(things, { _id: new Types.ObjectId(), n: 0 }, { type: 'signal-thing.made', data: {} }, clock.now());
    await Things.collection.insertOne(doc as never);
    await publishPending(things, [doc]);
    const seen = await signalsOf(() => dispatchEvents(ctxOf('dispatcher'), ['test-signals']));
    const top = (await mongoose.connection.collection('events').find({ position: { $exists: true } }).sort({ position: -1 }).limit(1).next())?.position as number;
    expect(seen[0]).toEqual({ kind: 'events.sequenced', count: expect.any(Number) });
    expect(seen.at(-1)).toEqual({ kind: 'events.consumed', consumer: 'test-signals', checkpoint: top });
  });
});

import type { Bundle, Condition, Extension, Flag, Observation, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { FlagModel } from '../../../server/features/screening/screening.model.js';
import { ConsumerStateModel, EventModel } from '../../../server/events/events.model.js';
import { OutboxModel } from '../../../server/fhir/outbox/outbox.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { createLogger } from '../../../server/logger.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { readBody, sendJson, startHttpServer, type TestServer } from '../../setup/fhir-servers.js';
import { minimalTransactionResponse } from '../../setup/hapi-like.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse, until } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard } from '../../setup/wait.js';
import { waitForRun } from '../../setup/worker.js';

/**
 * Write-back of a flag's findings to the hospital's FHIR server (the demo hospital over HTTP): the
 * Gravity chain read back with fhir-kit-client, idempotent retries, a server that fails
 * transactions (a node:http proxy in front of the demo server), and the per-hospital switch.
 * The write-back follows from each flag's flag.raised event: the app runs with its worker (the
 * event dispatcher, the outbox sweep, census syncs) in this process.
 */
/** What the service logs, one JSON line each: write-back failures must be there, with ids only. */
const logLines: string[] = [];
/** A person's "try again now" waits at most this long for the hospital (FHIR_INTERACTIVE_DEADLINE_MS). */
const DEADLINE_MS = 2_000;
const t = await startTestApp({ fhirInteractiveDeadlineMs: DEADLINE_MS }, { logger: createLogger('info', { write: (line: string) => void logLines.push(line) }), worker: true });
let demo: RunningDemoHospital;
let fhir: Client;
let admin: SignedIn;
let proxy: TestServer;
/**
 * What the proxy does to a transaction (POST to the base): pass it, refuse it, pass it and lose
 * the answer, or pass it and answer as HAPI does by default (entries with `response` only).
 */
let mode: 'pass' | 'fail' | 'lose' | 'minimal' | 'hang' = 'pass';
/** Answer the next transactions with this status (and an OperationOutcome) before passing them. */
let refuseNext: { status: number; count: number } = { status: 0, count: 0 };
/** The X-Request-Id of each transaction the proxy received, in order. */
const transactionIds: string[] = [];
/** Transactions in flight at the proxy now, and the most at once. */
let inFlight = 0;
let mostInFlight = 0;
/** Held this long at the proxy, a transaction overlaps the ones sent after it (as with a busy hospital server). */
let transactionDelayMs = 0;

interface FlagView {
  id: string;
  screeningId: string;
  writeBack: { status: string; lastError: string | null };
}

async function hospitalWith(baseUrl: string, writeBack: boolean): Promise<{ hospital: HospitalView; sw: SignedIn }> {
  const hospital = await makeFhirHospital(baseUrl);
  const res = await admin.agent.patch(`/api/v1/hospitals/${hospital.id}`).set('x-csrf-token', admin.csrf).send({ fhir: { writeBack } }).expect(200);
  expect(res.body.fhir.writeBack).toBe(writeBack);
  return { hospital, sw: await signInAs(t.app, 'social_worker', { hospitalId: hospital.id }) };
}

/** A questionnaire screening of a new patient; returns the flag and the patient's FHIR id. */
async function screen(sw: SignedIn): Promise<{ flag: FlagView; fhirId: string }> {
  const fhirId = await createBarePatient(fhir);
  const patientId = await linkViaApi(sw, fhirId);
  const res = await postScreening(sw, patientId, questionnaireResponse()).expect(201);
  return { flag: res.body.flag as FlagView, fhirId };
}

const readFlag = async (sw: SignedIn, id: string): Promise<FlagView> => (await sw.agent.get(`/api/v1/flags/${id}`).expect(200)).body as FlagView;
const retry = async (sw: SignedIn, id: string): Promise<FlagView> => (await sw.agent.post(`/api/v1/flags/${id}/write-back/retry`).set('x-csrf-token', sw.csrf).expect(200)).body as FlagView;

async function onServer<T extends Resource>(resourceType: string, searchParams: Record<string, string>): Promise<T[]> {
  const b = (await fhir.search({ resourceType, searchParams: { ...searchParams, _count: '200' } })) as unknown as Bundle;
  return (b.entry ?? []).map((e) => e.resource as T);
}

/** Everything the module wrote about a patient, by type. */
async function written(fhirId: string): Promise<{ qr: QuestionnaireResponse[]; obs: Observation[]; cond: Condition[]; flags: Flag[] }> {
  return {
    qr: await onServer<QuestionnaireResponse>('QuestionnaireResponse', { subject: `Patient/${fhirId}` }),
    obs: await onServer<Observation>('Observation', { subject: `Patient/${fhirId}` }),
    cond: await onServer<Condition>('Condition', { subject: `Patient/${fhirId}` }),
    flags: await onServer<Flag>('Flag', { subject: `Patient/${fhirId}` }),
  };
}

const codes = (cc: { coding?: { code?: string }[] }[] | undefined): string[] => (cc ?? []).flatMap((c) => (c.coding ?? []).map((x) => x.code ?? ''));
const refs = (exts: Extension[] | undefined, url: string): string[] => (exts ?? []).filter((e) => e.url === url).map((e) => e.valueReference?.reference ?? '');

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 60, seed: 777, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  admin = await signInAs(t.app, 'admin');
  const target = new URL(demo.baseUrl);
  proxy = await startHttpServer(async (req, res) => {
    const body = await readBody(req);
    const isTransaction = req.method === 'POST' && /^\/fhir\/?(\?.*)?$/.test(req.url ?? '');
    if (isTransaction) transactionIds.push(String(req.headers['x-request-id'] ?? ''));
    if (isTransaction && refuseNext.count > 0) {
      refuseNext.count -= 1;
      const code = refuseNext.status >= 500 || refuseNext.status === 429 ? 'transient' : 'processing';
      return sendJson(res, refuseNext.status, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code }] });
    }
    if (isTransaction && mode === 'hang') return; // never answers: the request stays open until the client gives up
    if (isTransaction && mode === 'fail') return sendJson(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] });
    if (isTransaction) mostInFlight = Math.max(mostInFlight, (inFlight += 1));
    if (isTransaction && transactionDelayMs > 0) await new Promise((r) => setTimeout(r, transactionDelayMs));
    const up = await fetch(`${target.origin}${req.url ?? '/'}`, { method: req.method, headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' }, body: body || undefined });
    const text = await up.text();
    if (isTransaction) inFlight -= 1;
    if (isTransaction && mode === 'lose') return sendJson(res, 502, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] });
    if (isTransaction && mode === 'minimal' && up.status === 200) return sendJson(res, 200, minimalTransactionResponse(JSON.parse(text) as Bundle));
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/fhir+json' }).end(text);
  });
});

afterAll(async () => {
  await t.close();
  await proxy?.close();
  await demo?.stop();
});

describe('write-back on', () => {
  it('writes the QuestionnaireResponse, Observations, Condition and Flag, all referencing each other; the flag shows sent', async () => {
    const { sw } = await hospitalWith(demo.baseUrl, true);
    const { flag, fhirId } = await screen(sw);
    const sent = await until(() => readFlag(sw, flag.id), (f) => f.writeBack.status !== 'pending', heard.outbox(flag.id));
    expect(sent.writeBack).toEqual({ status: 'sent', lastError: null });

    const w = await written(fhirId);
    expect(w.qr).toHaveLength(1);
    const qr = w.qr[0] as QuestionnaireResponse;
    expect(qr).toMatchObject({ status: 'completed', questionnaire: expect.stringContaining('https://nhipcau.vn/fhir/Questionnaire/social-screening') });
    expect(w.obs.length).toBeGreaterThan(0);
    for (const o of w.obs) {
      expect(codes(o.category)).toEqual(expect.arrayContaining(['social-history', 'sdoh']));
      expect(o.derivedFrom?.map((r) => r.reference)).toEqual([`QuestionnaireResponse/${qr.id}`]);
      expect(o.subject?.reference).toBe(`Patient/${fhirId}`);
    }
    expect(w.cond).toHaveLength(1);
    const cond = w.cond[0] as Condition;
    expect(codes(cond.category)).toContain('health-concern');
    expect(cond.code?.coding?.find((c) => c.system === 'http://hl7.org/fhir/sid/icd-10')?.code).toMatch(/^Z59\.\d$/);
    expect(cond.evidence?.flatMap((e) => e.detail ?? []).map((d) => d.reference).sort()).toEqual(w.obs.map((o) => `Observation/${o.id}`).sort());
    expect(w.flags).toHaveLength(1);
    const fhirFlag = w.flags[0] as Flag;
    expect(fhirFlag.status).toBe('active');
    expect(refs(fhirFlag.extension, 'http://hl7.org/fhir/StructureDefinition/flag-detail').sort()).toEqual(w.obs.map((o) => `Observation/${o.id}`).sort());
    expect((fhirFlag.extension ?? []).find((e) => e.url.endsWith('flag-certainty'))?.valueCode).toBe('likely');
    // The outcome is a domain event of the outbox entry, with ids only.
    const entry = await OutboxModel.findOne({ subjectId: flag.id }).lean();
    const events = await EventModel.find({ stream: `fhir-outbox:${entry?._id.toHexString()}` }).lean();
    expect(events).toMatchObject([{ seq: 1, type: 'write-back.succeeded', data: { kind: 'flag', subjectId: flag.id, attempts: 1 } }]);
  });

  it('writing again (retry) puts the same ids: nothing is duplicated', async () => {
    const { sw } = await hospitalWith(demo.baseUrl, true);
    const { flag, fhirId } = await screen(sw);
    await until(() => readFlag(sw, flag.id), (f) => f.writeBack.status !== 'pending', heard.outbox(flag.id));
    const first = await written(fhirId);
    expect((await retry(sw, flag.id)).writeBack.status).toBe('sent');
    const second = await written(fhirId);
    const ids = (w: typeof first): string[] => [...w.qr, ...w.obs, ...w.cond, ...w.flags].map((r) => `${r.resourceType}/${r.id}`).sort();
    expect(ids(second)).toEqual(ids(first));
  });
});

describe('write-back of a census sync', () => {
  it('every flag the sync raises is stored pointing at its outbox entry and sent once, a few at a time; the Flags readable on the server', async () => {
    const { hospital, sw } = await hospitalWith(proxy.baseUrl, true);
    mostInFlight = 0;
    transactionDelayMs = 100;
    onTestFinished(() => {
      transactionDelayMs = 0;
    });
    const started = await sw.agent.post(`/api/v1/hospitals/${hospital.id}/sync`).set('x-csrf-token', sw.csrf).expect(202);
    await waitForRun(started.body.id as string);
    const flags = await FlagModel.find({ hospitalId: hospital.id }).lean();
    expect(flags.length, 'the census raises flags').toBeGreaterThan(3);
    // Stored already pointing at an entry: no flag waits for a second write to learn its outbox id.
    expect(flags.every((f) => f.writeBack.outboxId !== null)).toBe(true);
    const settled = await until(
      () => FlagModel.find({ hospitalId: hospital.id }).lean(),
      (fs) => fs.every((f) => f.writeBack.status !== 'pending'),
      heard.outbox(),
    );
    expect(settled.map((f) => f.writeBack.status)).toEqual(settled.map(() => 'sent'));
    const entries = await OutboxModel.find({ subjectId: { $in: flags.map((f) => f._id) } }).lean();
    expect(entries.map((e) => e.subjectId.toHexString()).sort()).toEqual(flags.map((f) => f._id.toHexString()).sort());
    expect(entries.every((e) => e.status === 'sent' && e.attempts === 1)).toBe(true);
    // A census page raises dozens of flags at once; the hospital gets a few transactions at a time.
    expect(mostInFlight).toBeGreaterThan(0);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    for (const f of flags) {
      const onFhir = (await fhir.read({ resourceType: 'Flag', id: `nc-flag-${f._id.toHexString()}` })) as unknown as Flag;
      expect(onFhir.status).toBe('active');
    }
  });
});

describe('a FHIR server that fails transactions', () => {
  it('keeps the entry pending with an error naming the hospital; a retry after recovery sends it', async () => {
    const { hospital, sw } = await hospitalWith(proxy.baseUrl, true);
    mode = 'fail';
    try {
      const { flag, fhirId } = await screen(sw);
      const failing = await until(() => readFlag(sw, flag.id), (f) => f.writeBack.lastError !== null, heard.outbox(flag.id));
      expect(failing.writeBack.status).toBe('pending');
      expect(failing.writeBack.lastError).toContain(hospital.code);
      const entry = await OutboxModel.findOne({ subjectId: flag.id }).lean();
      expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastError: failing.writeBack.lastError });
      expect(entry?.bundle?.entry?.length).toBeGreaterThan(2);
      expect((await written(fhirId)).flags).toEqual([]);

      mode = 'pass';
      const recovered = await retry(sw, flag.id);
      expect(recovered.writeBack).toEqual({ status: 'sent', lastError: null });
      expect(await OutboxModel.findOne({ subjectId: flag.id }).lean()).toMatchObject({ status: 'sent', lastError: null });
      expect((await written(fhirId)).flags).toHaveLength(1);
    } finally {
      mode = 'pass';
    }
  });

  it('a transaction that went through but whose answer was lost is sent again without duplicates', async () => {
    const { sw } = await hospitalWith(proxy.baseUrl, true);
    mode = 'lose';
    try {
      const { flag, fhirId } = await screen(sw);
      await until(() => readFlag(sw, flag.id), (f) => f.writeBack.lastError !== null, heard.outbox(flag.id));
      const once = await written(fhirId);
      expect(once.flags).toHaveLength(1);
      mode = 'pass';
      expect((await retry(sw, flag.id)).writeBack.status).toBe('sent');
      const twice = await written(fhirId);
      expect([twice.qr.length, twice.obs.length, twice.cond.length, twice.flags.length]).toEqual([once.qr.length, once.obs.length, once.cond.length, once.flags.length]);
      expect(twice.flags[0]?.meta?.versionId).not.toBe(once.flags[0]?.meta?.versionId);
    } finally {
      mode = 'pass';
    }
  });
});

describe('a server that answers as HAPI does', () => {
  it('a transaction-response with only status, location and ETag per entry marks the flag sent and keeps the ids and versions', async () => {
    const { sw } = await hospitalWith(proxy.baseUrl, true);
    mode = 'minimal';
    try {
      const { flag, fhirId } = await screen(sw);
      const done = await until(() => readFlag(sw, flag.id), (f) => f.writeBack.status !== 'pending', heard.outbox(flag.id));
      expect(done.writeBack).toEqual({ status: 'sent', lastError: null });
      const entry = await OutboxModel.findOne({ subjectId: flag.id }).lean();
      const w = await written(fhirId);
      const stored = [...w.qr, ...w.obs, ...w.cond, ...w.flags].map((r) => `${r.resourceType}/${r.id}/_history/${r.meta?.versionId}`);
      expect(stored).toContain(`Flag/nc-flag-${flag.id}/_history/1`);
      expect(entry?.written?.map((x) => `${x.resourceType}/${x.id}/_history/${x.versionId}`).sort()).toEqual(stored.sort());
    } finally {
      mode = 'pass';
    }
  });
});

describe('retrying what is transient, and only that', () => {
  it.each([503, 429])('HTTP %i twice, then success: sent in the same attempt, after three tries with backoff', async (status) => {
    const { sw } = await hospitalWith(proxy.baseUrl, true);
    refuseNext = { status, count: 2 };
    try {
      const before = transactionIds.length;
      const { flag } = await screen(sw);
      const done = await until(() => readFlag(sw, flag.id), (f) => f.writeBack.status !== 'pending', heard.outbox(flag.id));
      expect(done.writeBack).toEqual({ status: 'sent', lastError: null });
      expect(transactionIds.length - before).toBe(3);
      expect(await OutboxModel.findOne({ subjectId: flag.id }).lean()).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      refuseNext = { status: 0, count: 0 };
    }
  });

  it('a 4xx is not retried: failed at once, after one try', async () => {
    const { hospital, sw } = await hospitalWith(proxy.baseUrl, true);
    refuseNext = { status: 422, count: 5 };
    try {
      const before = transactionIds.length;
      const { flag } = await screen(sw);
      const done = await until(() => readFlag(sw, flag.id), (f) => f.writeBack.status !== 'pending', heard.outbox(flag.id));
      expect(done.writeBack.status).toBe('failed');
      expect(done.writeBack.lastError).toContain(`(${hospital.code}) answered POST transaction with HTTP 422`);
      expect(transactionIds.length - before).toBe(1);
      const entry = await OutboxModel.findOne({ subjectId: flag.id }).lean();
      const events = await EventModel.find({ stream: `fhir-outbox:${entry?._id.toHexString()}` }).lean();
      expect(events).toMatchObject([{ type: 'write-back.failed', hospitalId: hospital.id, data: { subjectId: flag.id, reason: 'refused', upstreamStatus: 422 } }]);
    } finally {
      refuseNext = { status: 0, count: 0 };
    }
  });

  it('every failure is logged with the hospital and the request id the server saw, and no patient data', async () => {
    const { hospital, sw } = await hospitalWith(proxy.baseUrl, true);
    refuseNext = { status: 500, count: 3 };
    try {
      const before = transactionIds.length;
      const { flag, fhirId } = await screen(sw);
      await until(() => readFlag(sw, flag.id), (f) => f.writeBack.lastError !== null, heard.outbox(flag.id));
      const sentIds = transactionIds.slice(before);
      expect(sentIds).toHaveLength(3);
      const failures = await until(
        async () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.flagId === flag.id && l.msg === 'write-back failed'),
        (ls) => ls.length > 0,
        heard.outbox(flag.id),
      );
      expect(failures).toHaveLength(1);
      const line = failures[0] as Record<string, unknown>;
      expect(line).toMatchObject({ hospitalId: hospital.id, hospitalCode: hospital.code, status: 'pending', attempt: 1, transient: true });
      // One request id per attempt, sent to the server on each of its tries.
      expect(sentIds.every((id) => id === line.requestId)).toBe(true);
      expect(String(line.requestId)).toMatch(/^[0-9a-f-]{36}$/);
      const all = logLines.join('\n');
      expect(all).not.toContain(fhirId);
      expect(all).not.toContain('Giàng');
    } finally {
      refuseNext = { status: 0, count: 0 };
    }
  });
});

describe('a person’s “try again now”', () => {
  it('waits for a hanging server only until the deadline, with one try; the entry stays pending for the sweeper', async () => {
    const { hospital, sw } = await hospitalWith(proxy.baseUrl, true);
    mode = 'fail';
    try {
      const { flag } = await screen(sw);
      await until(() => readFlag(sw, flag.id), (f) => f.writeBack.lastError !== null, heard.outbox(flag.id));
      mode = 'hang';
      const before = transactionIds.length;
      const after = await retry(sw, flag.id);
      expect(after.writeBack.status).toBe('pending');
      expect(after.writeBack.lastError).toContain(`(${hospital.code}) did not answer POST transaction within ${DEADLINE_MS} ms`);
      expect(transactionIds.length - before).toBe(1);
    } finally {
      mode = 'pass';
    }
  });
});

describe('the write-back follows the flag.raised event', () => {
  it('the event handled again (a consumer that stopped before its checkpoint) queues and sends nothing more', async () => {
    const { sw } = await hospitalWith(proxy.baseUrl, true);
    const before = transactionIds.length;
    const { flag } = await screen(sw);
    await until(() => readFlag(sw, flag.id), (f) => f.writeBack.status !== 'pending', heard.outbox(flag.id));
    expect(transactionIds.length - before).toBe(1);
    const reached = (await ConsumerStateModel.findById('fhir-write-back').lean())?.checkpoint ?? 0;
    expect(reached).toBeGreaterThan(0);
    // Back to the start: the worker's dispatcher hands it every flag.raised event again.
    await ConsumerStateModel.updateOne({ _id: 'fhir-write-back' }, { $set: { checkpoint: 0 } });
    const again = await until(() => ConsumerStateModel.findById('fhir-write-back').lean(), (st) => (st?.checkpoint ?? 0) >= reached, heard.consumed('fhir-write-back'));
    expect(again?.checkpoint).toBeGreaterThanOrEqual(reached);
    expect(await OutboxModel.countDocuments({ subjectId: flag.id })).toBe(1);
    expect((await readFlag(sw, flag.id)).writeBack.status).toBe('sent');
    expect(transactionIds.length - before).toBe(1);
  });
});

describe('write-back off', () => {
  it('marks the flag disabled and writes nothing, not even on a retry', async () => {
    const { sw } = await hospitalWith(demo.baseUrl, false);
    const { flag, fhirId } = await screen(sw);
    expect(flag.writeBack).toEqual({ status: 'disabled', lastError: null });
    expect((await retry(sw, flag.id)).writeBack.status).toBe('disabled');
    expect(await OutboxModel.countDocuments({ subjectId: flag.id })).toBe(0);
    expect(await written(fhirId)).toEqual({ qr: [], obs: [], cond: [], flags: [] });
  });
});

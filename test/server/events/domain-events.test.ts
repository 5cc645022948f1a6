import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { EventModel, type EventRecord } from '../../../server/events/events.model.js';
import { FlagModel } from '../../../server/features/screening/screening.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import '../../../server/jobs/all-jobs.js';
import { runJobNow } from '../../../server/jobs/scheduler.js';
import { createLogger } from '../../../server/logger.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * Today's features emit their domain events (decision 0014): a screening recorded, a flag raised,
 * superseded, reviewed and expired by the job, a case opened; each on its record's stream with a
 * gapless seq, at the clock's time, carrying ids and codes only.
 */
const clock = settableClock('2026-12-07T02:00:00Z');
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;
let fhir: Client;
let sw: SignedIn;
let hospitalId: string;

const streamEvents = async (stream: string): Promise<EventRecord[]> => EventModel.find({ stream }).sort({ seq: 1 }).lean<EventRecord[]>();
const types = (es: EventRecord[]): string[] => es.map((e) => e.type);

async function screen(patientId: string): Promise<{ screeningId: string; flagId: string }> {
  const res = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
  return { screeningId: res.body.screening.id as string, flagId: res.body.flag.id as string };
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 91, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospitalId = (await makeFhirHospital(demo.baseUrl)).id;
  sw = await signInAs(t.app, 'social_worker', { hospitalId });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('screening and flags', () => {
  it('a screening records screening.recorded and flag.raised; a new screening supersedes the flag; a confirm reviews it and opens its case', async () => {
    const fhirId = await createBarePatient(fhir);
    const patientId = await linkViaApi(sw, fhirId);
    const first = await screen(patientId);
    const [recorded] = await streamEvents(`screening:${first.screeningId}`);
    expect(recorded).toMatchObject({ _id: `screening:${first.screeningId}#1`, seq: 1, type: 'screening.recorded', at: clock.now(), hospitalId, actorUserId: sw.user.id });
    expect(recorded?.data).toMatchObject({ screeningId: first.screeningId, patientId, kind: 'questionnaire', flagged: true });
    const raised = await streamEvents(`flag:${first.flagId}`);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ seq: 1, type: 'flag.raised', hospitalId, data: { flagId: first.flagId, patientId, screeningId: first.screeningId } });
    expect(raised[0]?.data.codes).toContain('poor');

    clock.advance(60_000);
    const second = await screen(patientId);
    expect(types(await streamEvents(`flag:${first.flagId}`))).toEqual(['flag.raised', 'flag.superseded']);

    await sw.agent.post(`/api/v1/flags/${second.flagId}/review`).set('x-csrf-token', sw.csrf).send({ decision: 'confirm', reason: 'Hộ nghèo' }).expect(200);
    const reviewed = await streamEvents(`flag:${second.flagId}`);
    expect(reviewed.map((e) => [e.seq, e.type, e.data.status ?? null])).toEqual([
      [1, 'flag.raised', null],
      [2, 'flag.reviewed', 'confirmed'],
    ]);
    const caseId = (await FlagModel.findById(second.flagId).lean())?.review?.caseId?.toHexString();
    expect(await streamEvents(`case:${caseId}`)).toMatchObject([{ seq: 1, type: 'case.opened', actorUserId: sw.user.id, data: { patientId, flagId: second.flagId } }]);
    // Nothing is left pending on the records once published.
    expect((await FlagModel.findById(second.flagId).lean()) as unknown).toMatchObject({ eventSeq: 2, pendingEvents: [] });
  });

  it('events carry ids and codes only: never the patient’s name, FHIR id or the reviewer’s free text', async () => {
    const fhirId = await createBarePatient(fhir);
    const patientId = await linkViaApi(sw, fhirId);
    const { flagId } = await screen(patientId);
    const note = 'Gia đình khó khăn, mẹ bé nói không đủ tiền về quê';
    await sw.agent.post(`/api/v1/flags/${flagId}/review`).set('x-csrf-token', sw.csrf).send({ decision: 'dismiss', reason: note }).expect(200);
    const all = JSON.stringify(await EventModel.find({}).lean());
    expect(all).not.toContain(fhirId);
    expect(all).not.toContain(note);
    // createBarePatient's patient is Giàng A Páo, born 1980-05-01.
    for (const v of ['Giàng', 'Páo', '1980-05-01']) expect(all).not.toContain(v);
  });

  it('the expiry job expires flags past their date, each with flag.expired at the clock’s time; a flag not yet due stays active', async () => {
    const due = await screen(await linkViaApi(sw, await createBarePatient(fhir)));
    clock.advance(10 * 86_400_000);
    const later = await screen(await linkViaApi(sw, await createBarePatient(fhir)));
    clock.advance(25 * 86_400_000); // the first is 35 days old (lifetime 30), the second 25
    const ctx = { clock, log: createLogger('silent'), owner: 'test', signal: new AbortController().signal };
    expect(await runJobNow('flags.expire', ctx)).toBe(true);
    expect((await FlagModel.findById(due.flagId).lean())?.status).toBe('expired');
    expect((await FlagModel.findById(later.flagId).lean())?.status).toBe('active');
    expect((await streamEvents(`flag:${due.flagId}`)).map((e) => [e.type, e.at.toISOString()])).toEqual([
      ['flag.raised', expect.any(String)],
      ['flag.expired', clock.now().toISOString()],
    ]);
    expect(types(await streamEvents(`flag:${later.flagId}`))).toEqual(['flag.raised']);
  });
});

import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '../../../fhir-mappings/dates.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { HospitalModel, type HospitalRecord } from '../../../server/features/admin/hospitals.model.js';
import { fromStored, PatientModel, type StoredPatient } from '../../../server/features/patients/patients.model.js';
import { ScreeningModel } from '../../../server/features/screening/screening.model.js';
import { screenOne } from '../../../server/features/screening/screening.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import type { postScreening} from '../../setup/screening.js';
import { createBarePatient, linkViaApi, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * One Vietnam day everywhere (Asia/Ho_Chi_Minh, UTC+7): the day a screening is stored with is the
 * day its rule set was chosen by, and a paper screening can be entered with the day it was done.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 20, seed: 1515, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const bare = async (): Promise<string> => linkViaApi(sw, await createBarePatient(fhir));
/** A Vietnam day `n` days from today's (negative: in the past). */
const vnDayFromToday = (n: number): string => {
  const today = vietnamDay(new Date().toISOString()) as string;
  return new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
};
const post = (patientId: string, performedOn?: unknown): ReturnType<typeof postScreening> =>
  sw.agent
    .post(`/api/v1/patients/${patientId}/screenings`)
    .set('x-csrf-token', sw.csrf)
    .send({ questionnaireResponse: questionnaireResponse(), ...(performedOn === undefined ? {} : { performedOn }) });

describe('the screening day is the Vietnam day', () => {
  async function screenAt(instant: string): Promise<{ screeningDate: string; ruleSet: string }> {
    const patientId = await bare();
    const stored = await PatientModel.findById(patientId).lean<StoredPatient>();
    const h = await HospitalModel.findById(hospital.id).lean<HospitalRecord>();
    if (!stored || !h) throw new Error('no record');
    const record = fromStored(stored);
    const out = await screenOne(h, { record, kind: 'questionnaire', answers: null, questionnaireResponse: null, by: 'test', now: new Date(instant) });
    return { screeningDate: out.screening!.screeningDate, ruleSet: out.screening!.ruleSet.id };
  }

  it('a screening at 01:30 in Vietnam (18:30 UTC the day before) is stored with the Vietnam day', async () => {
    expect(await screenAt('2026-03-19T18:30:00Z')).toEqual({ screeningDate: '2026-03-20', ruleSet: 'vn-screening-2022' });
  });

  it('at 00:30 on 1 January 2027 in Vietnam, the stored day and the rule set agree: both 2027', async () => {
    expect(await screenAt('2026-12-31T17:30:00Z')).toEqual({ screeningDate: '2027-01-01', ruleSet: 'vn-screening-2027' });
  });
});

describe('POST /patients/:id/screenings with performedOn (a paper screening entered later)', () => {
  it('is stored with the day it was done, and scored with that day', async () => {
    const patientId = await bare();
    const day = vnDayFromToday(-3);
    const res = await post(patientId, day).expect(201);
    expect(res.body.screening.screeningDate).toBe(day);
  });

  it.each([
    ['a day in the future', (): string => vnDayFromToday(2)],
    ['a day that does not exist', (): string => '2026-02-30'],
    ['not a day', (): string => '20/03/2026'],
    ['a typo of the year', (): string => vnDayFromToday(-800)],
  ])('refuses %s: 400 naming body.performedOn, and stores nothing', async (_label, day) => {
    const patientId = await bare();
    const res = await post(patientId, day()).expect(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
    expect((res.body.error.details as { path: string }[]).map((d) => d.path)).toEqual(['body.performedOn']);
    expect(await ScreeningModel.countDocuments({ patientId })).toBe(0);
  });
});

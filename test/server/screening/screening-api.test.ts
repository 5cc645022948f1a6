import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { FlagModel, ScreeningModel } from '../../../server/features/screening/screening.model.js';
import { OutboxModel } from '../../../server/features/screening/write-back.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { COMFORTABLE, createBarePatient, linkViaApi, poorCardHolder, postScreening, questionnaireResponse, type Answers } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * The screening questionnaire through the API: the Questionnaire itself, a QuestionnaireResponse
 * scored into findings and a flag, refusals that name the item, supersession and history, and the
 * certainty a self-report or a BHYT card gives.
 */
const t = await startTestApp();
let demo: RunningDemoHospital;
let fhir: Client;
let hospital: HospitalView;
let sw: SignedIn;

interface Reason {
  ruleId: string;
  ruleVersion: string;
  legalSource: string;
  flagType: string;
  code: string;
  certainty: string;
  inputs: { name: string; value: unknown; source: string }[];
}

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 150, seed: 913, now: new Date() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

const bare = async (): Promise<string> => linkViaApi(sw, await createBarePatient(fhir));

describe('GET /screening/questionnaire', () => {
  it('is the FHIR Questionnaire in Vietnamese with English translations and the 12 deprivation items', async () => {
    const res = await sw.agent.get('/api/v1/screening/questionnaire').expect(200);
    const q = res.body as { resourceType: string; url: string; language: string; item: { linkId: string; text: string; _text: unknown; item?: { linkId: string; type: string; text: string; _text: { extension: { url: string; extension: { url: string; valueCode?: string; valueString?: string }[] }[] } }[] }[] };
    expect(q).toMatchObject({ resourceType: 'Questionnaire', url: 'https://nhipcau.vn/fhir/Questionnaire/social-screening', language: 'vi' });
    const deprivations = q.item.find((i) => i.linkId === 'deprivations');
    expect(deprivations?.item).toHaveLength(12);
    for (const item of deprivations?.item ?? []) {
      expect(item.type).toBe('boolean');
      const translation = item._text.extension.find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/translation');
      expect(translation?.extension).toEqual([
        { url: 'lang', valueCode: 'en' },
        { url: 'content', valueString: expect.stringMatching(/^[A-Za-z]/) },
      ]);
      expect(translation?.extension[1]?.valueString).not.toBe(item.text);
    }
    expect(deprivations?.item?.find((i) => i.linkId === 'water-latrine')?.text).toBe('Không có nhà tiêu hợp vệ sinh');
  });
});

describe('POST /patients/:id/screenings', () => {
  it('scores a response: 201 with the rule set, findings with their legal source and inputs, and the flag', async () => {
    const patientId = await bare();
    const res = await postScreening(sw, patientId, questionnaireResponse()).expect(201);
    const { screening, flag } = res.body as { screening: { id: string; kind: string; ruleSet: { id: string; version: string }; findings: Reason[]; priority: number; superseded: boolean }; flag: { id: string; status: string; priority: number; flagTypes: string[]; povertyCertainty: string; screeningId: string; reasons: Reason[]; patient: { id: string } } };
    expect(screening).toMatchObject({ kind: 'questionnaire', superseded: false, ruleSet: { id: expect.any(String), version: expect.any(String) } });
    expect(screening.ruleSet.id.length).toBeGreaterThan(0);
    const poverty = screening.findings.find((f) => f.flagType === 'poverty');
    expect(poverty).toMatchObject({ ruleId: 'poverty.income-deprivation', code: 'poor', certainty: 'likely', ruleVersion: expect.any(String), legalSource: expect.stringMatching(/\S/) });
    const inputs = Object.fromEntries((poverty?.inputs ?? []).map((i) => [i.name, i]));
    expect(inputs.householdIncomePerMonthVnd).toEqual({ name: 'householdIncomePerMonthVnd', value: 2_000_000, source: 'screening' });
    expect(inputs.incomePerPersonVnd).toEqual({ name: 'incomePerPersonVnd', value: 500_000, source: 'screening' });
    expect(inputs.deprivationCount).toMatchObject({ value: 4, source: 'screening' });
    expect(inputs.poorIncomeMaxVnd?.source).toBe('rule-set');
    expect(flag).toMatchObject({ status: 'active', screeningId: screening.id, priority: screening.priority, povertyCertainty: 'likely', patient: { id: patientId } });
    expect(flag.priority).toBeGreaterThan(0);
    expect(flag.flagTypes).toContain('poverty');
    expect(flag.reasons.map((r) => r.ruleId)).toEqual(screening.findings.map((f) => f.ruleId));
    expect(await ScreeningModel.countDocuments({ patientId })).toBe(1);
    expect(await FlagModel.countDocuments({ patientId, status: 'active' })).toBe(1);
  });

  it('answers a response without findings with the screening and no flag', async () => {
    const patientId = await bare();
    const res = await postScreening(sw, patientId, questionnaireResponse(COMFORTABLE)).expect(201);
    expect(res.body.screening.findings).toEqual([]);
    expect(res.body.flag).toBeNull();
    expect(await FlagModel.countDocuments({ patientId })).toBe(0);
  });

  const household = (qr: ReturnType<typeof questionnaireResponse>): { linkId: string; answer?: unknown[] }[] => qr.item[0]?.item as { linkId: string; answer?: unknown[] }[];
  const bad: [string, () => Record<string, unknown>, string[]][] = [
    ['residence missing', () => questionnaireResponse({ residence: undefined }), ['residence']],
    ['household-size missing', () => questionnaireResponse({ householdSize: undefined }), ['household-size']],
    ['household-income missing', () => questionnaireResponse({ income: undefined }), ['household-income']],
    ['certificate missing', () => questionnaireResponse({ certificate: undefined }), ['certificate']],
    ['every required item missing', () => questionnaireResponse({ residence: undefined, householdSize: undefined, income: undefined, certificate: undefined }), ['residence', 'household-size', 'household-income', 'certificate']],
    ['a string for an integer', () => questionnaireResponse({ householdSize: '4' }), ['household-size']],
    ['a fraction for an integer', () => questionnaireResponse({ income: 1500000.5 }), ['household-income']],
    ['household-size 0', () => questionnaireResponse({ householdSize: 0 }), ['household-size']],
    ['household-size 31', () => questionnaireResponse({ householdSize: 31 }), ['household-size']],
    ['a negative income', () => questionnaireResponse({ income: -1 }), ['household-income']],
    ['a choice not in the options', () => questionnaireResponse({ residence: 'suburban' }), ['residence']],
    ['a certificate not in the options', () => questionnaireResponse({ certificate: 'rich' }), ['certificate']],
  ];
  const tweaked: [string, (qr: ReturnType<typeof questionnaireResponse>) => void, string[]][] = [
    ['an integer for a boolean', (qr) => ((qr.item[1]?.item ?? [])[0]!.answer = [{ valueInteger: 1 }]), ['employment-job']],
    ['an unknown linkId', (qr) => household(qr).push({ linkId: 'favourite-colour', answer: [{ valueString: 'đỏ' }] }), ['favourite-colour']],
    ['two answers for one item', (qr) => (household(qr)[1]!.answer = [{ valueInteger: 3 }, { valueInteger: 4 }]), ['household-size']],
    ['no answer in the answer list', (qr) => (household(qr)[2]!.answer = []), ['household-income']],
    ['one item answered twice', (qr) => household(qr).push({ linkId: 'household-size', answer: [{ valueInteger: 9 }] }), ['household-size']],
  ];
  const cases: [string, () => Record<string, unknown>, string[]][] = [
    ...bad,
    ...tweaked.map(([name, change, ids]): [string, () => Record<string, unknown>, string[]] => [
      name,
      () => {
        const qr = questionnaireResponse();
        change(qr);
        return qr;
      },
      ids,
    ]),
  ];

  it.each(cases)('refuses %s with 400 naming the item, and writes nothing', async (_name, build, linkIds) => {
    const patientId = await bare();
    await postScreening(sw, patientId, questionnaireResponse()).expect(201);
    const before = await Promise.all([ScreeningModel.countDocuments(), FlagModel.countDocuments(), FlagModel.countDocuments({ status: 'active' }), OutboxModel.countDocuments()]);
    const res = await postScreening(sw, patientId, build()).expect(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
    const paths = (res.body.error.details as { path: string; message: string }[]).map((d) => d.path);
    expect(paths.sort()).toEqual(linkIds.map((id) => `body.questionnaireResponse.item[linkId=${id}]`).sort());
    expect((res.body.error.details as { message: string }[]).every((d) => d.message.length > 0)).toBe(true);
    expect(await Promise.all([ScreeningModel.countDocuments(), FlagModel.countDocuments(), FlagModel.countDocuments({ status: 'active' }), OutboxModel.countDocuments()])).toEqual(before);
  });

  it.each([
    ['another questionnaire', 'https://example.org/Questionnaire/phq-9'],
    ['no questionnaire at all', undefined],
  ])('refuses a response to %s with 400 at body.questionnaireResponse.questionnaire', async (_name, canonical) => {
    const patientId = await bare();
    const before = await ScreeningModel.countDocuments();
    const res = await postScreening(sw, patientId, { ...questionnaireResponse(), questionnaire: canonical }).expect(400);
    expect((res.body.error.details as { path: string }[]).map((d) => d.path)).toEqual(['body.questionnaireResponse.questionnaire']);
    expect(await ScreeningModel.countDocuments()).toBe(before);
  });

  it('a response to another version of the same questionnaire is read by its canonical url', async () => {
    const patientId = await bare();
    await postScreening(sw, patientId, { ...questionnaireResponse(), questionnaire: 'https://nhipcau.vn/fhir/Questionnaire/social-screening' }).expect(201);
  });
});

describe('supersession and history', () => {
  it('a new screening supersedes the last: its screening is marked, its flag superseded; the history keeps both', async () => {
    const patientId = await bare();
    const first = (await postScreening(sw, patientId, questionnaireResponse()).expect(201)).body as { screening: { id: string }; flag: { id: string } };
    const second = (await postScreening(sw, patientId, questionnaireResponse({ income: 4_400_000 })).expect(201)).body as { screening: { id: string }; flag: { id: string; status: string } };
    expect(second.flag.id).not.toBe(first.flag.id);
    expect(second.flag.status).toBe('active');
    const history = (await sw.agent.get(`/api/v1/patients/${patientId}/screenings`).expect(200)).body as { screenings: { id: string; superseded: boolean }[]; flags: { id: string; status: string }[] };
    expect(Object.fromEntries(history.screenings.map((s) => [s.id, s.superseded]))).toEqual({ [first.screening.id]: true, [second.screening.id]: false });
    expect(Object.fromEntries(history.flags.map((f) => [f.id, f.status]))).toEqual({ [first.flag.id]: 'superseded', [second.flag.id]: 'active' });
    const old = await sw.agent.get(`/api/v1/flags/${first.flag.id}`).expect(200);
    expect(old.body.status).toBe('superseded');

    // A third screening that finds nothing leaves no active flag at all.
    const third = (await postScreening(sw, patientId, questionnaireResponse(COMFORTABLE)).expect(201)).body as { flag: unknown };
    expect(third.flag).toBeNull();
    const after = (await sw.agent.get(`/api/v1/patients/${patientId}/screenings`).expect(200)).body as { screenings: unknown[]; flags: { status: string }[] };
    expect(after.screenings).toHaveLength(3);
    expect(after.flags.map((f) => f.status).sort()).toEqual(['superseded', 'superseded']);
  });
});

describe('certainty of poverty', () => {
  it('self-reported poverty is likely; a valid HN card is authoritative; a commune certificate too', async () => {
    const selfReported: Answers = {};
    const patientId = await bare();
    const likely = await postScreening(sw, patientId, questionnaireResponse(selfReported)).expect(201);
    expect(likely.body.flag.povertyCertainty).toBe('likely');

    const holder = await linkViaApi(sw, await poorCardHolder(fhir));
    const card = await postScreening(sw, holder, questionnaireResponse(COMFORTABLE)).expect(201);
    expect(card.body.flag.povertyCertainty).toBe('authoritative');
    const documented = (card.body.flag.reasons as Reason[]).find((r) => r.flagType === 'poverty');
    expect(documented).toMatchObject({ ruleId: 'poverty.documented', code: 'poor', certainty: 'authoritative' });
    expect(documented?.inputs).toContainEqual({ name: 'bhyt.group', value: 'HN', source: 'Coverage' });

    const certified = await postScreening(sw, await bare(), questionnaireResponse({ ...COMFORTABLE, certificate: 'near-poor' })).expect(201);
    expect(certified.body.flag).toMatchObject({ povertyCertainty: 'authoritative', codes: expect.arrayContaining(['near-poor']) });
  });
});

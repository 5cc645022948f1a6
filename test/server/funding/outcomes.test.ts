import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { EventModel } from '../../../server/events/events.model.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { fundingDetailSchema, outcomeSchema } from '../../../server/features/funding/funding.schemas.js';
import { CapturedMailModel, NotificationModel } from '../../../server/notifications/notifications.model.js';
import { TEMPLATES } from '../../../server/notifications/notifications.templates.js';
import { makeFhirHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';
import { auditOf } from '../cases/timeline-fixtures.js';
import { MAIL_CONFIG, withEmail } from '../referrals/loop-fixture.js';
import { post } from './requests-fixture.js';
import { disbursement, PATIENT_NAME, pledge, publishedRequest, world, type World } from './statements-fixture.js';

/**
 * Outcome updates (issue 12 point 6): the request's hospital staff post a de-identified outcome once
 * money has been disbursed; the text is screened like a story (400 STORY.IDENTIFYING with the spans,
 * nothing kept); the partners whose pledge stands hear of it in the app and by mail (Vietnamese
 * first, neither the patient nor the outcome's text), and read it on the request.
 */
const clock = settableClock('2026-12-10T03:00:00Z');
const t = await startTestApp(MAIL_CONFIG, { clock, worker: { only: ['events.dispatch'] } });
let w: World;
let partnerC: SignedIn;
let funded: { id: string; reference: string };
const EMAIL: Record<string, string> = {};
const GOOD = 'Chị đã được mổ tim thành công, hồi phục tốt và đã về nhà cùng các con.';

beforeAll(async () => {
  w = await world(t, clock.now());
  const orgC = await makeOrganisation({ name: 'Quỹ Hoa Sữa' });
  partnerC = await signInAs(t.app, 'charity_partner', { organisationId: orgC.id });
  const admin = await signInAs(t.app, 'admin');
  for (const [key, who] of [['a', w.partnerA], ['b', w.partnerB], ['c', partnerC], ['sw', w.sw]] as const) {
    EMAIL[who.user.id] = `partner-${key}@nhipcau-thu.example.vn`;
    await withEmail(admin, who, EMAIL[who.user.id]!);
  }
  funded = await publishedRequest(w);
  const a = await pledge(funded.id, w.orgA.id, { amountVnd: 1_500_000, createdAt: '2026-12-01T03:00:00Z' });
  await disbursement(a, { amountVnd: 1_500_000, paidOn: '2026-12-05' });
  await pledge(funded.id, w.orgB.id, { amountVnd: 500_000, createdAt: '2026-12-02T03:00:00Z' });
  await pledge(funded.id, orgC.id, { amountVnd: 800_000, state: 'cancelled', createdAt: '2026-12-02T03:00:00Z' });
});

afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

const outcomesOf = async (id: string): Promise<unknown[]> => ((await FundingRequestModel.findById(id).lean())?.outcomes ?? []) as unknown[];

describe('posting an outcome', () => {
  it('before anything is disbursed: 409 FUNDING.NOTHING_DISBURSED, nothing kept (a pending pledge or a reversed payment is not money paid)', async () => {
    const waiting = await publishedRequest(w);
    const p = await pledge(waiting.id, w.orgA.id, { amountVnd: 900_000, createdAt: '2026-12-03T03:00:00Z' });
    const res = await post(w.sw, `/funding-requests/${waiting.id}/outcomes`, { text: GOOD }).expect(409);
    expect(res.body.error.code).toBe('FUNDING.NOTHING_DISBURSED');
    await disbursement(p, { amountVnd: 900_000, paidOn: '2026-12-04', state: 'reversed' });
    await post(w.sw, `/funding-requests/${waiting.id}/outcomes`, { text: GOOD }).expect(409);
    expect(await outcomesOf(waiting.id)).toEqual([]);
  });

  it('text that names the patient or a phone: 400 STORY.IDENTIFYING with the spans, nothing kept', async () => {
    const text = `Chị ${PATIENT_NAME} đã về nhà, gọi 0912 345 678 để hỏi thăm.`;
    const res = await post(w.sw, `/funding-requests/${funded.id}/outcomes`, { text }).expect(400);
    expect(res.body.error.code).toBe('STORY.IDENTIFYING');
    const spans = res.body.error.params.spans as { kind: string; start: number; end: number; text: string }[];
    expect(spans).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'name', text: PATIENT_NAME }), expect.objectContaining({ kind: 'phone', text: '0912 345 678' })]));
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.text' })]);
    expect(await outcomesOf(funded.id)).toEqual([]);
  });

  it('only the request’s own hospital staff post one', async () => {
    await post(w.partnerA, `/funding-requests/${funded.id}/outcomes`, { text: GOOD }).expect(403);
    await post(w.coordinator, `/funding-requests/${funded.id}/outcomes`, { text: GOOD }).expect(403);
    const stranger = await signInAs(t.app, 'social_worker', { hospitalId: (await makeFhirHospital(w.demo.baseUrl)).id });
    await post(stranger, `/funding-requests/${funded.id}/outcomes`, { text: GOOD }).expect(404);
    expect(await outcomesOf(funded.id)).toEqual([]);
  });

  it('is kept, told to the partners whose pledge stands (app and mail, without the patient or the text), and read on the request', async () => {
    const res = await post(w.sw, `/funding-requests/${funded.id}/outcomes`, { text: GOOD }).expect(201);
    const o = outcomeSchema.parse(res.body);
    expect(o).toMatchObject({ text: GOOD, by: { id: w.sw.user.id }, at: clock.now().toISOString() });
    const [audit] = await auditOf('funding.outcome.create', w.sw);
    expect(audit).toMatchObject({ outcome: 'success', resourceId: o.id });

    const event = await EventModel.findOne({ stream: `funding:${funded.id}`, type: 'funding.outcome-posted' }).lean();
    expect(event?.data).toMatchObject({ outcomeId: o.id, requestId: funded.id });
    expect(JSON.stringify(event?.data)).not.toContain(GOOD);

    const link = `/funding/${funded.id}`;
    await untilSignalled(() => NotificationModel.countDocuments({ link, template: 'funding.outcome-posted' }), (n) => n >= 2, heard.consumed('notifications.funding-outcomes'), { what: 'the partners told', timeoutMs: 15_000 });
    const told = await NotificationModel.find({ link, template: 'funding.outcome-posted' }).lean();
    expect(told.map((n) => n.recipientId.toHexString()).sort()).toEqual([w.partnerA.user.id, w.partnerB.user.id].sort());
    const mails = await CapturedMailModel.find({ text: { $regex: link } }).lean();
    expect(mails.flatMap((m) => m.to).sort()).toEqual([EMAIL[w.partnerA.user.id], EMAIL[w.partnerB.user.id]].sort());
    for (const m of mails) {
      expect(m.subject.startsWith(TEMPLATES['funding.outcome-posted'].subject.vi)).toBe(true);
      expect(m.text).toContain(`${w.home.name} đã cập nhật kết quả hỗ trợ cho đề nghị ${funded.reference}`);
      expect(m.text.indexOf('Xin chào'), 'Vietnamese first').toBeLessThan(m.text.indexOf('Hello'));
      for (const secret of [PATIENT_NAME, GOOD]) expect(`${m.subject}\n${m.text}\n${m.html}`).not.toContain(secret);
    }

    // The paying partner reads it on the request.
    expect(await outcomesOf(funded.id)).toHaveLength(1);
    const detail = fundingDetailSchema.parse((await w.partnerA.agent.get(`/api/v1/funding-requests/${funded.id}`).expect(200)).body);
    expect(detail.outcomes).toEqual([expect.objectContaining({ id: o.id, text: GOOD })]);
  });
});

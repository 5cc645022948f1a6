import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { fundingDetailSchema, identifyingSpanSchema } from '../../../server/features/funding/funding.schemas.js';
import { EventModel } from '../../../server/events/events.model.js';
import { startTestApp } from '../../setup/test-app.js';
import { draft, patch } from './requests-fixture.js';
import { approvedWithStory, caseOf, consentToPublish, get, move, moved, PATIENT, putStory, STORY, world, type World } from './stories-fixture.js';

/**
 * The story of a funding request over HTTP (issue 12 point 2): written by the hospital's social
 * worker, screened against the patient's own record and the patterns (400 STORY.IDENTIFYING with the
 * spans, nothing stored), its de-identified facts computed from the record and the lines; publishing
 * needs the story reviewed and the publish-story consent in force.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // Monday 07/12/2026, 10:00 in Vietnam
const TODAY = '2026-12-07';
const t = await startTestApp({}, { clock });
let w: World;

beforeAll(async () => {
  w = await world(t, clock.now());
});
afterAll(async () => {
  await w.demo.stop();
  await t.close();
});

describe('PUT /funding-requests/:id/story', () => {
  it('saves the story with the age band, the new province and the needs computed, and an event', async () => {
    const { caseId } = await caseOf(w, { birthDate: '2014-03-05' });
    const d = await draft(w.sw, caseId);
    const res = await putStory(w.sw, d.id, STORY);
    expect(res.status).toBe(200);
    const body = fundingDetailSchema.parse(res.body);
    expect(body.story).toMatchObject({ ...STORY, ageBand: '6-15', province: 'Lào Cai', needs: ['hospital-fees', 'travel-home'], listed: false, publishedAt: null });
    expect(body.can).toContain('funding.story');
    const events = await EventModel.find({ stream: `funding:${d.id}`, type: 'funding.story-saved' }).lean();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.data)).not.toContain(STORY.text.slice(0, 10));
  });

  it('shows the needs the lines ask for now, when a draft’s lines change after its story', async () => {
    const { caseId } = await caseOf(w);
    const d = await draft(w.sw, caseId);
    await putStory(w.sw, d.id, STORY).expect(200);
    const changed = await patch(w.sw, `/funding-requests/${d.id}`, { lines: [{ kind: 'medical-devices', description: 'Nẹp chân', totalVnd: 1_000_000 }] });
    expect(changed.status).toBe(200);
    expect(changed.body.story.needs).toEqual(['medical-devices']);
  });

  it('refuses text naming the patient, the family’s phone, the hamlet or a date with the spans, and stores nothing', async () => {
    const { caseId } = await caseOf(w);
    const d = await draft(w.sw, caseId);
    const text = 'Chị vang thi denh ở Nà Pồng, gọi 0912 345 678. Nhập viện ngày 5 tháng 3.';
    const res = await putStory(w.sw, d.id, { ...STORY, text });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('STORY.IDENTIFYING');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.text', code: 'identifying' })]);
    const spans = identifyingSpanSchema.array().parse(res.body.error.params.spans);
    expect(spans.map((s) => [s.kind, s.text])).toEqual([
      ['name', 'vang thi denh'],
      ['address', 'Nà Pồng'],
      ['phone', '0912 345 678'],
      ['exact-date', 'ngày 5 tháng 3'],
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect((await FundingRequestModel.findById(d.id).lean())?.story).toBeNull();
  });

  it('screens the title too (params.titleSpans, field title)', async () => {
    const { caseId } = await caseOf(w);
    const d = await draft(w.sw, caseId);
    const res = await putStory(w.sw, d.id, { ...STORY, title: `Giúp ${PATIENT.name}` });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((x: { path: string }) => x.path)).toEqual(['body.title']);
    expect(res.body.error.params.titleSpans).toEqual([{ kind: 'name', start: 5, end: 5 + PATIENT.name.length, text: PATIENT.name }]);
    expect(res.body.error.params.spans).toEqual([]);
  });

  it('is the own hospital’s: another hospital’s social worker 404, a partner 403', async () => {
    const { caseId } = await caseOf(w);
    const d = await draft(w.sw, caseId);
    expect((await putStory(w.otherSw, d.id, STORY)).status).toBe(404);
    expect((await putStory(w.partnerA, d.id, STORY)).status).toBe(403);
    expect((await FundingRequestModel.findById(d.id).lean())?.story).toBeNull();
  });
});

describe('publishing', () => {
  it('needs a reviewed story (409 FUNDING.STORY_NOT_REVIEWED) and the consent (409 FUNDING.NO_CONSENT)', async () => {
    const { caseId } = await caseOf(w);
    const d = await draft(w.sw, caseId);
    await moved(w.sw, d.id, { move: 'submit' });
    await moved(w.lead, d.id, { move: 'approve' });
    const none = await move(w.sw, d.id, { move: 'publish' });
    expect([none.status, none.body.error.code]).toEqual([409, 'FUNDING.STORY_NOT_REVIEWED']);
    await putStory(w.sw, d.id, { ...STORY, reviewed: false }).expect(200);
    const unreviewed = await move(w.sw, d.id, { move: 'publish' });
    expect([unreviewed.status, unreviewed.body.error.code]).toEqual([409, 'FUNDING.STORY_NOT_REVIEWED']);
    await putStory(w.sw, d.id, STORY).expect(200);
    const noConsent = await move(w.sw, d.id, { move: 'publish' });
    expect([noConsent.status, noConsent.body.error.code, noConsent.body.error.params]).toEqual([409, 'FUNDING.NO_CONSENT', { purpose: 'publish-story' }]);
    await consentToPublish(w.sw, caseId, TODAY);
    const done = await moved(w.sw, d.id, { move: 'publish' });
    expect(done).toMatchObject({ status: 'published', story: { listed: true, publishedAt: clock.now().toISOString() } });
  });

  it('keeps a published story reviewed (409 to take it back), and locks it once partners fund it', async () => {
    const p = await approvedWithStory(w, TODAY);
    await moved(w.sw, p.id, { move: 'publish' });
    const back = await putStory(w.sw, p.id, { ...STORY, reviewed: false });
    expect([back.status, back.body.error.code]).toEqual([409, 'FUNDING.STORY_NOT_REVIEWED']);
    const revised = await putStory(w.sw, p.id, { ...STORY, text: `${STORY.text} Em rất mong được đi học lại.` });
    expect(revised.status).toBe(200);
    expect(revised.body.story).toMatchObject({ listed: true, reviewed: true });
    await FundingRequestModel.updateOne({ _id: p.id }, { $set: { status: 'partly-funded' } });
    const locked = await putStory(w.sw, p.id, STORY);
    expect([locked.status, locked.body.error.code, locked.body.error.params]).toEqual([409, 'FUNDING.STORY_LOCKED', { status: 'partly-funded' }]);
  });

  it('shows the hospital and network staff the whole story, a partner only the listed one', async () => {
    const p = await approvedWithStory(w, TODAY);
    expect((await get(w.coordinator, `/funding-requests/${p.id}`)).body.story).toMatchObject({ title: STORY.title, listed: false });
    expect((await get(w.partnerA, `/funding-requests/${p.id}`)).status).toBe(404);
    await moved(w.sw, p.id, { move: 'publish' });
    const partner = await get(w.partnerA, `/funding-requests/${p.id}`);
    expect(partner.status).toBe(200);
    expect(partner.body).toMatchObject({ viewer: 'partner', patient: null, caseId: null, lines: [], story: { title: STORY.title, listed: true } });
  });
});

import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { EventModel } from '../../../server/events/events.model.js';
import { registerTimelineSource } from '../../../server/features/cases/timeline.service.js';
import type { TimelineItem } from '../../../server/features/cases/timeline.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { walkPages } from '../../setup/http.js';
import { createBarePatient, linkViaApi, postScreening, questionnaireResponse } from '../../setup/screening.js';
import { startTestApp } from '../../setup/test-app.js';
import { auditOf } from './timeline-fixtures.js';

/**
 * The case timeline (issue 10, point 2): one list of what happened on the case — notes, the case's
 * events, the patient's screenings and flags at this hospital, consents, attachments, and what other
 * features register — newest first, keyset-paged so no entry is skipped or repeated, even when
 * many share one instant.
 */
const clock = settableClock(new Date());
const t = await startTestApp({ sessionTtlHours: 24 * 30 }, { clock });
let demo: RunningDemoHospital;
let hospital: HospitalView;
let sw: SignedIn;
let caseId: string;
let patientId: string;

type Page = { data: TimelineItem[]; nextCursor: string | null };
const timeline = async (who: SignedIn, q: Record<string, string> = {}): Promise<Page> => (await who.agent.get(`/api/v1/cases/${caseId}/timeline`).query(q).expect(200)).body as Page;
const note = (body: string, type = 'internal-note') => sw.agent.post(`/api/v1/cases/${caseId}/notes`).set('x-csrf-token', sw.csrf).send({ type, body }).expect(201);

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 10, seed: 91, now: new Date() });
  hospital = await makeFhirHospital(demo.baseUrl);
  sw = await signInAs(t.app, 'social_worker', { hospitalId: hospital.id });
  patientId = await linkViaApi(sw, await createBarePatient(new Client({ baseUrl: demo.baseUrl })));
  const flagged = await postScreening(sw, patientId, questionnaireResponse({ certificate: 'poor' })).expect(201);
  const review = await sw.agent.post(`/api/v1/flags/${flagged.body.flag.id}/review`).set('x-csrf-token', sw.csrf).send({ decision: 'confirm', reason: 'Hộ nghèo' }).expect(200);
  caseId = review.body.review.caseId as string;
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('the timeline', () => {
  it('merges the case opening, the screening and flag, notes, a consent and an attachment, newest first', async () => {
    clock.advance(60_000);
    const first = (await note('Gặp người nhà lần đầu', 'interview')).body;
    clock.advance(60_000);
    const upload = await sw.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', sw.csrf).field('kind', 'consent-form').attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'dong-y.pdf').expect(201);
    clock.advance(60_000);
    // A consent as the consent feature records it: an event on its own stream naming the case.
    const consentId = '6650f0c2a1b2c3d4e5f60718';
    await EventModel.create({ _id: `consent:${consentId}#1`, stream: `consent:${consentId}`, seq: 1, type: 'consent.recorded', at: clock.now(), hospitalId: hospital.id, actorUserId: sw.user.id, data: { caseId, purpose: 'share-hospital' } });
    clock.advance(60_000);
    const last = (await note('Đã gọi điện cho xã')).body;

    const { data } = await timeline(sw, { limit: '100' });
    const kinds = data.map((i) => i.kind);
    expect(kinds.slice(0, 4)).toEqual(['note', 'consent', 'attachment', 'note']);
    expect(new Set(kinds)).toEqual(new Set(['note', 'consent', 'attachment', 'case-event', 'screening', 'flag']));
    expect(data[0]).toMatchObject({ kind: 'note', note: { id: last.id }, actor: { id: sw.user.id, name: sw.user.displayName } });
    expect(data[1]).toMatchObject({ kind: 'consent', event: { type: 'consent.recorded', data: { caseId, purpose: 'share-hospital' } } });
    expect(data[2]).toMatchObject({ kind: 'attachment', attachment: { id: upload.body.id, kind: 'consent-form' } });
    expect(data[3]).toMatchObject({ kind: 'note', note: { id: first.id, type: 'interview' } });
    expect(data.find((i) => i.kind === 'case-event')).toMatchObject({ event: { type: 'case.opened' }, actor: { id: sw.user.id } });
    expect(data.find((i) => i.kind === 'flag')).toMatchObject({ flag: { status: 'confirmed', codes: expect.arrayContaining(['poor']) } });
    expect(data.find((i) => i.kind === 'screening')).toMatchObject({ screening: { type: 'questionnaire' }, actor: { id: sw.user.id } });
    for (let i = 1; i < data.length; i++) expect(Date.parse(data[i - 1]!.at)).toBeGreaterThanOrEqual(Date.parse(data[i]!.at));
    for (const item of data) expect(item.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [audit] = await auditOf('case.timeline.read', sw);
    expect(audit).toMatchObject({ resourceId: caseId, patientId, outcome: 'success' });
  });

  it('pages newest first without skipping or repeating, even through entries of one instant', async () => {
    clock.advance(60_000);
    for (let i = 0; i < 7; i++) await note(`Ghi chú cùng lúc ${i}`); // the clock stands still: seven entries at one instant
    const whole = (await timeline(sw, { limit: '100' })).data.map((i) => i.id);
    for (const limit of ['1', '2', '3', '5']) {
      const pages = await walkPages((cursor) => timeline(sw, { limit, ...(cursor ? { cursor } : {}) }));
      expect(pages.flat().map((i) => i.id), `limit ${limit}`).toEqual(whole);
      expect(pages.slice(0, -1).every((p) => p.length === Number(limit))).toBe(true);
    }
  });

  it('shows what another feature registers (a referral source), in its place', async () => {
    clock.advance(60_000);
    const at = clock.now();
    const remove = registerTimelineSource('test-referrals', {
      entries: async (scope, range) =>
        scope.caseId.toHexString() === caseId && (!range.before || at < range.before) && (!range.at || at.getTime() === range.at.getTime())
          ? [{ id: 'referral-1', kind: 'referral', at, actorId: sw.user.id, event: { type: 'referral.sent', data: { referralId: 'r1' } } }]
          : [],
    });
    try {
      clock.advance(60_000);
      await note('Sau khi chuyển gửi');
      const { data } = await timeline(sw, { limit: '2' });
      expect(data.map((i) => i.kind)).toEqual(['note', 'referral']);
      expect(data[1]).toMatchObject({ event: { type: 'referral.sent' }, actor: { id: sw.user.id } });
    } finally {
      remove();
    }
  });

  it("another hospital's social worker gets 404, audited as a denial", async () => {
    const stranger = await signInAs(t.app, 'social_worker');
    await stranger.agent.get(`/api/v1/cases/${caseId}/timeline`).expect(404);
    const [denied] = await auditOf('case.timeline.read', stranger);
    expect(denied).toMatchObject({ outcome: 'denied' });
  });

  it('a cursor this API did not issue is 400 query.cursor', async () => {
    const res = await sw.agent.get(`/api/v1/cases/${caseId}/timeline`).query({ cursor: Buffer.from(JSON.stringify({ at: 'yesterday', id: 1 })).toString('base64url') }).expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'query.cursor', code: 'invalid_cursor' })]);
  });
});

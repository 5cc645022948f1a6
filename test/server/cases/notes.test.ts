import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock, vietnamDayOf } from '../../../server/clock.js';
import { CaseModel } from '../../../server/features/cases/cases.model.js';
import { NoteModel } from '../../../server/features/cases/notes.model.js';
import { makeHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { auditOf, openTestCase } from './timeline-fixtures.js';

/**
 * Case notes (issue 10, point 2): typed, dated in Vietnam time, their author shown; editable by
 * the author only, within 24 hours of writing (the app's clock decides), then corrected by a new
 * note that says which one it corrects. Nothing is deleted: an edit keeps the text before it.
 */
const HOUR = 60 * 60 * 1000;
// 23:30 in Vietnam on 5 March 2026 (16:30 UTC): the Vietnam day differs from the UTC day at 17:00 UTC.
const clock = settableClock('2026-03-05T16:30:00Z');
const t = await startTestApp({ sessionTtlHours: 24 * 30 }, { clock });
let sw: SignedIn;
let colleague: SignedIn;
let hospitalId: string;

beforeAll(async () => {
  hospitalId = (await makeHospital()).id;
  sw = await signInAs(t.app, 'social_worker', { hospitalId });
  colleague = await signInAs(t.app, 'sw_lead', { hospitalId });
});
afterAll(() => t.close());

const post = (who: SignedIn, caseId: string, body: object) => who.agent.post(`/api/v1/cases/${caseId}/notes`).set('x-csrf-token', who.csrf).send(body);
const patch = (who: SignedIn, caseId: string, noteId: string, body: object) =>
  who.agent.patch(`/api/v1/cases/${caseId}/notes/${noteId}`).set('x-csrf-token', who.csrf).send(body);

describe('writing a note', () => {
  it('is typed, dated on the Vietnam day by default, its author named, editable for 24 hours', async () => {
    clock.set('2026-03-05T17:30:00Z'); // 00:30 on 6 March in Vietnam, still 5 March in UTC
    const c = await openTestCase(hospitalId, sw, clock.now());
    const res = await post(sw, c._id.toHexString(), { type: 'home-visit', body: 'Thăm nhà: gia đình 5 người, mái nhà dột.' }).expect(201);
    expect(res.body).toMatchObject({
      type: 'home-visit',
      body: 'Thăm nhà: gia đình 5 người, mái nhà dột.',
      occurredOn: '2026-03-06',
      author: { id: sw.user.id, name: sw.user.displayName },
      createdAt: '2026-03-05T17:30:00.000Z',
      editedAt: null,
      editableUntil: '2026-03-06T17:30:00.000Z',
      corrects: null,
      correctedBy: [],
    });
    const [audit] = await auditOf('case.note.create', sw);
    expect(audit).toMatchObject({ resourceId: res.body.id, patientId: c.patientId.toHexString(), outcome: 'success' });
  });

  it('refuses a day in the future (400 body.occurredOn) and a correction of a note of another case (400 body.corrects), storing nothing', async () => {
    clock.set('2026-03-05T16:30:00Z'); // 23:30 on 5 March in Vietnam
    const c = await openTestCase(hospitalId, sw, clock.now());
    const other = await openTestCase(hospitalId, sw, clock.now());
    const elsewhere = await post(sw, other._id.toHexString(), { type: 'internal-note', body: 'Ghi chú ca khác' }).expect(201);
    const future = await post(sw, c._id.toHexString(), { type: 'phone-call', body: 'Gọi điện', occurredOn: '2026-03-06' }).expect(400);
    expect(future.body.error.details).toEqual([expect.objectContaining({ path: 'body.occurredOn', code: 'day_in_future' })]);
    const wrong = await post(sw, c._id.toHexString(), { type: 'phone-call', body: 'Sửa', corrects: elsewhere.body.id }).expect(400);
    expect(wrong.body.error.details).toEqual([expect.objectContaining({ path: 'body.corrects', code: 'no_such_record' })]);
    expect(await NoteModel.countDocuments({ caseId: c._id })).toBe(0);
    await post(sw, c._id.toHexString(), { type: 'phone-call', body: 'Gọi điện hôm qua', occurredOn: vietnamDayOf(new Date(clock.now().getTime() - 24 * HOUR)) }).expect(201);
  });
});

describe('editing a note', () => {
  it('its author may edit it at 23h59 after writing; at 24h01 it is locked (409 NOTE.LOCKED with lockedAt) and unchanged', async () => {
    clock.set('2026-03-10T02:00:00Z');
    const c = await openTestCase(hospitalId, sw, clock.now());
    const caseId = c._id.toHexString();
    const note = (await post(sw, caseId, { type: 'interview', body: 'Phỏng vấn lần đầu' }).expect(201)).body;
    clock.advance(23 * HOUR + 59 * 60 * 1000);
    const edited = await patch(sw, caseId, note.id, { body: 'Phỏng vấn lần đầu với mẹ bệnh nhân' }).expect(200);
    expect(edited.body).toMatchObject({ body: 'Phỏng vấn lần đầu với mẹ bệnh nhân', editedAt: clock.now().toISOString(), editableUntil: '2026-03-11T02:00:00.000Z' });
    // Nothing is lost: the text before the edit is kept (not shown by the API).
    expect((await NoteModel.findById(note.id).lean())?.history).toEqual([expect.objectContaining({ body: 'Phỏng vấn lần đầu', type: 'interview' })]);
    clock.advance(2 * 60 * 1000); // 24h01 after writing
    const locked = await patch(sw, caseId, note.id, { body: 'Sửa muộn' }).expect(409);
    expect(locked.body.error).toMatchObject({ code: 'NOTE.LOCKED', params: { lockedAt: '2026-03-11T02:00:00.000Z' } });
    expect((await NoteModel.findById(note.id).lean())?.body).toBe('Phỏng vấn lần đầu với mẹ bệnh nhân');
  });

  it('another staff member of the hospital may not edit it (403 NOTE.NOT_AUTHOR), even within the 24 hours', async () => {
    clock.set('2026-03-12T02:00:00Z');
    const c = await openTestCase(hospitalId, sw, clock.now());
    const note = (await post(sw, c._id.toHexString(), { type: 'interview', body: 'Nội dung gốc' }).expect(201)).body;
    const refused = await patch(colleague, c._id.toHexString(), note.id, { body: 'Người khác sửa' }).expect(403);
    expect(refused.body.error.code).toBe('NOTE.NOT_AUTHOR');
    expect((await NoteModel.findById(note.id).lean())?.body).toBe('Nội dung gốc');
  });

  it('a locked note is corrected by a new note: it says what it corrects, and the corrected one lists it', async () => {
    clock.set('2026-03-14T02:00:00Z');
    const c = await openTestCase(hospitalId, sw, clock.now());
    const caseId = c._id.toHexString();
    const first = (await post(sw, caseId, { type: 'phone-call', body: 'Hẹn gặp thứ Hai' }).expect(201)).body;
    clock.advance(30 * HOUR);
    const fix = (await post(colleague, caseId, { type: 'internal-note', body: 'Đính chính: hẹn gặp thứ Ba', corrects: first.id }).expect(201)).body;
    expect(fix).toMatchObject({ corrects: first.id, author: { id: colleague.user.id } });
    const page = (await sw.agent.get(`/api/v1/cases/${caseId}/timeline`).expect(200)).body;
    const notes = (page.data as { kind: string; note?: { id: string; correctedBy: string[]; editableUntil: string | null } }[]).filter((i) => i.kind === 'note').map((i) => i.note);
    expect(notes.map((n) => n?.id)).toEqual([fix.id, first.id]);
    expect(notes[1]).toMatchObject({ correctedBy: [fix.id], editableUntil: null });
  });
});

describe('a closed case', () => {
  it('takes no new note and no edit (409 CASE.CLOSED), and keeps its notes', async () => {
    clock.set('2026-03-18T02:00:00Z');
    const c = await openTestCase(hospitalId, sw, clock.now());
    const note = (await post(sw, c._id.toHexString(), { type: 'interview', body: 'Trước khi đóng ca' }).expect(201)).body;
    await CaseModel.updateOne({ _id: c._id }, { $set: { status: 'closed' } });
    const refused = await post(sw, c._id.toHexString(), { type: 'interview', body: 'Sau khi đóng ca' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'CASE.CLOSED', params: { caseId: c._id.toHexString() } });
    await patch(sw, c._id.toHexString(), note.id, { body: 'Sửa sau khi đóng' }).expect(409);
    expect((await NoteModel.find({ caseId: c._id }).lean()).map((n) => n.body)).toEqual(['Trước khi đóng ca']);
  });
});

describe('who reaches notes', () => {
  it("another hospital's social worker gets 404 writing or editing a note of the case", async () => {
    clock.set('2026-03-16T02:00:00Z');
    const c = await openTestCase(hospitalId, sw, clock.now());
    const note = (await post(sw, c._id.toHexString(), { type: 'interview', body: 'Riêng tư' }).expect(201)).body;
    const stranger = await signInAs(t.app, 'social_worker');
    await post(stranger, c._id.toHexString(), { type: 'interview', body: 'x' }).expect(404);
    await patch(stranger, c._id.toHexString(), note.id, { body: 'x' }).expect(404);
    expect(await NoteModel.countDocuments({ caseId: c._id })).toBe(1);
  });
});

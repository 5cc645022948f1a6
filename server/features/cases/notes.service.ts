import { Types } from 'mongoose';
import { vietnamDayOf } from '../../clock.js';
import { AppError, badRequest, conflict, notFound } from '../../errors.js';
import type { CaseRecord } from './cases.model.js';
import { NoteModel, type NoteRecord } from './notes.model.js';
import { peopleNamed, personOf, type PersonRef } from './timeline.case.js';
import type { CreateNoteBody, EditNoteBody, Note } from './timeline.schemas.js';

/** Its author may change a note for this long after writing it; then it only takes corrections. */
export const NOTE_EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

const lockedAt = (n: Pick<NoteRecord, 'createdAt'>): Date => new Date(n.createdAt.getTime() + NOTE_EDIT_WINDOW_MS);

export async function createNote(c: CaseRecord, input: CreateNoteBody, by: string, now: Date): Promise<NoteRecord> {
  const today = vietnamDayOf(now);
  const occurredOn = input.occurredOn ?? today;
  // A day string compares in calendar order; a note cannot tell of a day that has not come yet.
  if (occurredOn > today) {
    throw badRequest('VALIDATION.FAILED', 'occurredOn is in the future', [{ path: 'body.occurredOn', message: 'must not be after today (Vietnam time)', code: 'day_in_future', params: { day: today } }]);
  }
  if (input.corrects && !(await NoteModel.exists({ _id: new Types.ObjectId(input.corrects), caseId: c._id }))) {
    throw badRequest('VALIDATION.FAILED', 'corrects is not a note of this case', [{ path: 'body.corrects', message: 'not a note of this case', code: 'no_such_record', params: { resource: 'note' } }]);
  }
  const doc = await NoteModel.create({
    caseId: c._id,
    hospitalId: c.hospitalId,
    patientId: c.patientId,
    type: input.type,
    body: input.body,
    occurredOn,
    authorId: by,
    createdAt: now,
    corrects: input.corrects ? new Types.ObjectId(input.corrects) : null,
  });
  return doc.toObject<NoteRecord>();
}

/**
 * Changes a note's text or type: its author only, and only before it locks. The check is repeated
 * in the update's filter, so an edit racing the lock (or another edit's lock) cannot slip past.
 */
export async function editNote(c: CaseRecord, noteId: string, input: EditNoteBody, by: string, now: Date): Promise<NoteRecord> {
  const note = await NoteModel.findOne({ _id: new Types.ObjectId(noteId), caseId: c._id }).lean<NoteRecord>();
  if (!note) throw notFound('Note');
  if (note.authorId !== by) throw new AppError(403, 'NOTE.NOT_AUTHOR', 'Only the author may edit a note; write a correction instead');
  const locked = lockedAt(note);
  if (now.getTime() >= locked.getTime()) throw conflict('NOTE.LOCKED', 'The note can no longer be edited; write a correction instead', { lockedAt: locked.toISOString() });
  const updated = await NoteModel.findOneAndUpdate(
    { _id: note._id, authorId: by, createdAt: { $gt: new Date(now.getTime() - NOTE_EDIT_WINDOW_MS) } },
    {
      $set: { ...(input.body !== undefined ? { body: input.body } : {}), ...(input.type !== undefined ? { type: input.type } : {}), editedAt: now },
      $push: { history: { type: note.type, body: note.body, replacedAt: now } },
    },
    { returnDocument: 'after' },
  ).lean<NoteRecord>();
  if (!updated) throw conflict('NOTE.LOCKED', 'The note can no longer be edited; write a correction instead', { lockedAt: locked.toISOString() });
  return updated;
}

/** The notes correcting each of these, oldest first, by the corrected note's id. */
async function correctionsOf(ids: readonly Types.ObjectId[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await NoteModel.find({ corrects: { $in: ids } }, { corrects: 1 }).sort({ createdAt: 1, _id: 1 }).lean<Pick<NoteRecord, '_id' | 'corrects'>[]>();
  for (const r of rows) {
    const key = r.corrects?.toHexString();
    if (key) out.set(key, [...(out.get(key) ?? []), r._id.toHexString()]);
  }
  return out;
}

/** The API's notes for these records (authors named, corrections linked, lock computed on `now`). */
export async function noteViews(notes: readonly NoteRecord[], now: Date, known?: Map<string, PersonRef>): Promise<Note[]> {
  const [people, corrections] = await Promise.all([known ?? peopleNamed(notes.map((n) => n.authorId)), correctionsOf(notes.map((n) => n._id))]);
  return notes.map((n) => {
    const locked = lockedAt(n);
    return {
      id: n._id.toHexString(),
      type: n.type,
      body: n.body,
      occurredOn: n.occurredOn,
      author: personOf(people, n.authorId),
      createdAt: n.createdAt.toISOString(),
      editedAt: n.editedAt ? n.editedAt.toISOString() : null,
      editableUntil: now.getTime() < locked.getTime() ? locked.toISOString() : null,
      corrects: n.corrects ? n.corrects.toHexString() : null,
      correctedBy: corrections.get(n._id.toHexString()) ?? [],
    };
  });
}

/** A case's notes in a time range, newest first (the timeline's note source). */
export async function notesOfCase(caseId: Types.ObjectId, range: { before?: Date; at?: Date }, limit: number): Promise<NoteRecord[]> {
  const time = range.at ? { createdAt: range.at } : range.before ? { createdAt: { $lt: range.before } } : {};
  return NoteModel.find({ caseId, ...time }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<NoteRecord[]>();
}

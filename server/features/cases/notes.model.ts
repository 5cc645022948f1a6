import mongoose, { Schema, type Types } from 'mongoose';
import { NOTE_TYPES, type NoteType } from './timeline.schemas.js';

/**
 * A case note (issue 10, point 2). Never deleted: its author may edit it for 24 hours after
 * writing it (each edit keeps the text before it in `history`), then it is locked and a mistake is
 * put right by a correction, a new note that `corrects` it. Times come from the app's clock, not
 * from mongoose timestamps, so the 24-hour rule follows the one clock.
 */
export interface NoteRecord {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  type: NoteType;
  body: string;
  /** The Vietnam day it happened (YYYY-MM-DD). */
  occurredOn: string;
  authorId: string;
  createdAt: Date;
  editedAt: Date | null;
  corrects: Types.ObjectId | null;
  history: { type: NoteType; body: string; replacedAt: Date }[];
}

const noteSchema = new Schema<NoteRecord>(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: NOTE_TYPES, required: true },
    body: { type: String, required: true },
    occurredOn: { type: String, required: true },
    authorId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    editedAt: { type: Date, default: null },
    corrects: { type: Schema.Types.ObjectId, default: null },
    history: { type: [{ _id: false, type: { type: String }, body: String, replacedAt: Date }], default: [] },
  },
  { collection: 'case_notes', versionKey: false },
);
// The timeline reads a case's notes newest first, keyset on (createdAt, _id).
noteSchema.index({ caseId: 1, createdAt: -1, _id: -1 });
noteSchema.index({ corrects: 1 }, { sparse: true });

export const NoteModel = mongoose.model<NoteRecord>('CaseNote', noteSchema);

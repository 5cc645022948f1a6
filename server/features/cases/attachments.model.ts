import mongoose, { Schema, type Types } from 'mongoose';
import { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_KINDS, type AttachmentKind } from './timeline.schemas.js';

/**
 * A paper attached to a case (decision 0021): its bytes in the GridFS bucket `attachments`
 * (`gridFsId`), its description here. Never changed once stored.
 */
export interface AttachmentRecord {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  kind: AttachmentKind;
  /** As uploaded, made safe for a header (no path, no control characters; see attachments.files.ts). */
  fileName: string;
  /** Decided from the content, never from what the browser said. */
  contentType: (typeof ATTACHMENT_CONTENT_TYPES)[number];
  size: number;
  sha256: string;
  description: string | null;
  uploadedBy: string;
  uploadedAt: Date;
  gridFsId: Types.ObjectId;
}

const attachmentSchema = new Schema<AttachmentRecord>(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    hospitalId: { type: Schema.Types.ObjectId, required: true },
    patientId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ATTACHMENT_KINDS, required: true },
    fileName: { type: String, required: true },
    contentType: { type: String, enum: ATTACHMENT_CONTENT_TYPES, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    description: { type: String, default: null },
    uploadedBy: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
    gridFsId: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'case_attachments', versionKey: false },
);
attachmentSchema.index({ caseId: 1, uploadedAt: -1, _id: -1 });

export const AttachmentModel = mongoose.model<AttachmentRecord>('CaseAttachment', attachmentSchema);

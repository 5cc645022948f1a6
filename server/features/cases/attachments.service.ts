import type { Readable } from 'node:stream';
import { Types } from 'mongoose';
import { AttachmentModel, type AttachmentRecord } from './attachments.model.js';
import { attachmentsBucket, type ReceivedFile } from './attachments.upload.js';
import type { CaseRecord } from './cases.model.js';
import { peopleNamed, personOf } from './timeline.case.js';
import type { Attachment } from './timeline.schemas.js';

/** Case attachments' records (decision 0021); the bytes are in GridFS (attachments.upload.ts). */
export async function recordAttachment(c: CaseRecord, file: ReceivedFile, by: string, now: Date): Promise<AttachmentRecord> {
  try {
    const doc = await AttachmentModel.create({
      caseId: c._id,
      hospitalId: c.hospitalId,
      patientId: c.patientId,
      kind: file.kind,
      fileName: file.fileName,
      contentType: file.detected.contentType,
      size: file.size,
      sha256: file.sha256,
      description: file.description,
      uploadedBy: by,
      uploadedAt: now,
      gridFsId: file.gridFsId,
    });
    return doc.toObject<AttachmentRecord>();
  } catch (err) {
    // No record, no bytes: a file nobody can reach is not kept.
    await attachmentsBucket().delete(file.gridFsId).catch(() => undefined);
    throw err;
  }
}

export async function attachmentViews(rows: readonly AttachmentRecord[]): Promise<Attachment[]> {
  const people = await peopleNamed(rows.map((a) => a.uploadedBy));
  return rows.map((a) => ({
    id: a._id.toHexString(),
    kind: a.kind,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    description: a.description,
    uploadedBy: personOf(people, a.uploadedBy),
    uploadedAt: a.uploadedAt.toISOString(),
  }));
}

/** A case's attachments in a time range, newest first (the list and the timeline). */
export async function attachmentsOfCase(caseId: Types.ObjectId, range: { before?: Date; at?: Date } = {}, limit = 0): Promise<AttachmentRecord[]> {
  const time = range.at ? { uploadedAt: range.at } : range.before ? { uploadedAt: { $lt: range.before } } : {};
  return AttachmentModel.find({ caseId, ...time }).sort({ uploadedAt: -1, _id: -1 }).limit(limit).lean<AttachmentRecord[]>();
}

/** For the consent feature: is this an attachment of this case (a signed form)? */
export async function findAttachment(caseId: string, attachmentId: string): Promise<AttachmentRecord | null> {
  if (!Types.ObjectId.isValid(caseId) || !Types.ObjectId.isValid(attachmentId)) return null;
  return AttachmentModel.findOne({ _id: new Types.ObjectId(attachmentId), caseId: new Types.ObjectId(caseId) }).lean<AttachmentRecord>();
}

export function attachmentContent(a: AttachmentRecord): Readable {
  return attachmentsBucket().openDownloadStream(a.gridFsId);
}

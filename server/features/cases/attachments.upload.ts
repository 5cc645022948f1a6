import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import mongoose, { type Types } from 'mongoose';
import { AppError, badRequest, validationFailed } from '../../errors.js';
import { issueDetails } from '../../http/validation-details.js';
import { emitSignal } from '../../jobs/signals.js';
import { detectType, safeFileName, SNIFF_BYTES, type Detected } from './attachments.files.js';
import { attachmentFields } from './timeline.schemas.js';

/**
 * Receiving an attachment (decision 0021): the multipart body is streamed through busboy straight
 * into GridFS, never held whole. The first bytes decide the type before anything is written; the
 * bytes are counted as they pass, and past the limit the upload stops, the chunks already written
 * are deleted and the connection is closed (the rest of the body is not read).
 */
type GridFSBucket = InstanceType<typeof mongoose.mongo.GridFSBucket>;
type UploadStream = ReturnType<GridFSBucket['openUploadStream']>;
export const ATTACHMENT_BUCKET = 'attachments';

const buckets = new WeakMap<object, GridFSBucket>();

/** The bucket of the connected database (one per database: it checks its indexes once). */
export function attachmentsBucket(): GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('attachments: the database is not connected');
  let bucket = buckets.get(db);
  if (!bucket) {
    bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: ATTACHMENT_BUCKET });
    buckets.set(db, bucket);
  }
  return bucket;
}

export interface ReceivedFile {
  kind: (typeof attachmentFields)['_output']['kind'];
  description: string | null;
  fileName: string;
  detected: Detected;
  size: number;
  sha256: string;
  gridFsId: Types.ObjectId;
}

const field = (name: string, message: string, code: string, params?: Record<string, string | number>): AppError =>
  validationFailed([{ path: `body.${name}`, message, code, ...(params ? { params } : {}) }]);

export const tooLarge = (limit: number): AppError =>
  new AppError(413, 'ATTACHMENT.TOO_LARGE', `The file is larger than ${limit} bytes`, [{ path: 'body.file', message: `larger than ${limit} bytes`, code: 'too_large', params: { limit } }], undefined, { limit });

const write = (upload: UploadStream, chunk: Buffer): Promise<void> =>
  new Promise((resolve, reject) => upload.write(chunk, (err) => (err ? reject(err) : resolve())));

/**
 * Stores one file stream in GridFS: sniff, then write chunk by chunk (each write awaited, so the
 * socket is read no faster than the database takes it and no chunk insert is in flight when it
 * stops). Any failure aborts the upload, which deletes the chunks written.
 */
async function storeFile(stream: Readable, rawName: string, maxBytes: number, cancelled: () => boolean): Promise<Omit<ReceivedFile, 'kind' | 'description'>> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  let started: { upload: UploadStream; detected: Detected; fileName: string } | null = null;
  const begin = async (): Promise<NonNullable<typeof started>> => {
    const first = Buffer.concat(head);
    const detected = await detectType(first, rawName);
    const fileName = safeFileName(rawName, detected);
    const upload = attachmentsBucket().openUploadStream(fileName, { metadata: { contentType: detected.contentType } });
    await write(upload, first);
    return { upload, detected, fileName };
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (cancelled()) throw new Error('upload cancelled');
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      hash.update(chunk);
      if (started) await write(started.upload, chunk);
      else if ((head.push(chunk), size >= SNIFF_BYTES)) started = await begin();
    }
    started ??= await begin();
    started.upload.end();
    await finished(started.upload);
    return { fileName: started.fileName, detected: started.detected, size, sha256: hash.digest('hex'), gridFsId: started.upload.id as Types.ObjectId };
  } catch (err) {
    if (started) await started.upload.abort().catch(() => undefined);
    stream.resume();
    emitSignal({ kind: 'attachment.upload-abandoned' });
    throw err;
  }
}

/**
 * Reads the request's multipart body: the fields `kind` and `description` first, then `file`.
 * Resolves once the file is stored; on refusal rejects with the answer, the stored bytes removed.
 */
export function receiveAttachment(req: Request, res: Response, maxBytes: number): Promise<ReceivedFile> {
  let parser: busboy.Busboy;
  try {
    // Browsers send the file name as raw UTF-8 (Vietnamese names): not latin1, busboy's default.
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, parts: 8, fields: 6, fieldSize: 2048, fileSize: maxBytes + 1 } });
  } catch {
    return Promise.reject(badRequest('VALIDATION.FAILED', 'The body must be multipart/form-data', [{ path: 'body', message: 'must be multipart/form-data', code: 'invalid_type', params: { expected: 'multipart/form-data' } }]));
  }
  return new Promise<ReceivedFile>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let settled = false;
    let work: Promise<ReceivedFile> | null = null;
    let file: Readable | null = null;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // The file's bytes stop here: storing them fails at once, and what was stored is deleted.
      file?.destroy(new Error('upload stopped'));
      // The rest of the body is not read: the connection closes after the answer.
      res.setHeader('Connection', 'close');
      work?.then((stored) => attachmentsBucket().delete(stored.gridFsId)).catch(() => undefined);
      reject(err);
    };
    parser.on('field', (name, value) => {
      if (work) fail(field(name, 'fields must come before the file', 'field_after_file'));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || work) {
        stream.resume();
        return fail(field(name, 'only one part named file is accepted', 'unrecognized_keys'));
      }
      file = stream;
      stream.on('error', () => undefined); // its end is handled where it is read (storeFile)
      const parsed = attachmentFields.safeParse(fields);
      if (!parsed.success) {
        stream.resume();
        return fail(validationFailed(parsed.error.issues.flatMap((i) => issueDetails('body', i))));
      }
      work = storeFile(stream, info.filename ?? '', maxBytes, () => settled).then((f) => ({ ...f, kind: parsed.data.kind, description: parsed.data.description ?? null }));
      work.catch(fail);
    });
    parser.on('partsLimit', () => fail(field('file', 'too many parts', 'unrecognized_keys')));
    parser.on('error', () => fail(badRequest('VALIDATION.FAILED', 'Malformed multipart body', [{ path: 'body', message: 'malformed multipart/form-data', code: 'invalid_type' }])));
    parser.on('close', () => {
      if (!work) return fail(field('file', 'a file is required', 'required'));
      work.then((stored) => {
        if (settled) return;
        settled = true;
        resolve(stored);
      }, fail);
    });
    req.on('error', fail);
    // The sender went away mid-body: nothing more will come.
    req.on('close', () => {
      if (!req.complete) fail(badRequest('VALIDATION.FAILED', 'The upload was interrupted', [{ path: 'body', message: 'the body ended early', code: 'invalid_type' }]));
    });
    req.pipe(parser);
  });
}

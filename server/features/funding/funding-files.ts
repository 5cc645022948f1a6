import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import mongoose, { type Types } from 'mongoose';
import { badRequest, validationFailed, type AppError } from '../../errors.js';
import { emitSignal } from '../../jobs/signals.js';
import { contentDisposition, detectType, safeFileName, SNIFF_BYTES, type Detected } from '../cases/attachments.files.js';
import { tooLarge } from '../cases/attachments.upload.js';

/**
 * The funding feature's files (issue 12): disbursement receipts and the hospitals' claims exports,
 * in the GridFS bucket `funding_files`. The same rules as case attachments (decision 0021): the
 * multipart body is streamed straight into GridFS, never held whole; the first bytes decide the type
 * before anything is written; past the size limit the upload stops, what was written is deleted and
 * the connection closes. The type rule is the caller's (receipts: PDF/JPEG/PNG by content, the cases'
 * detectType; claims: XML or CSV, reconciliation's own), the rest is shared here.
 */
type GridFSBucket = InstanceType<typeof mongoose.mongo.GridFSBucket>;
type UploadStream = ReturnType<GridFSBucket['openUploadStream']>;
export const FUNDING_FILES_BUCKET = 'funding_files';

/** What a file is, decided from its first bytes (at most SNIFF_BYTES) and its claimed name; throws 400 when refused. */
export type DetectFile = (head: Buffer, rawName: string) => Promise<{ ext: string; contentType: string }>;

/** Receipts: PDF, JPEG or PNG by content, a name that lies refused (the cases' rule). */
export const detectReceiptType: DetectFile = detectType;

let maxBytes = 10 * 1024 * 1024;

/** The app's limit (config ATTACHMENT_MAX_BYTES: one limit for every uploaded paper), set by createApp. */
export function configureFundingFiles(s: { maxBytes: number }): void {
  maxBytes = s.maxBytes;
}

export const fundingFileLimit = (): number => maxBytes;

const buckets = new WeakMap<object, GridFSBucket>();

/** The bucket of the connected database (one per database: it checks its indexes once). */
export function fundingFilesBucket(): GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('funding files: the database is not connected');
  let bucket = buckets.get(db);
  if (!bucket) {
    bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: FUNDING_FILES_BUCKET });
    buckets.set(db, bucket);
  }
  return bucket;
}

export interface StoredFundingFile {
  fileId: Types.ObjectId;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface ReceiveOptions {
  detect: DetectFile;
  /** Bytes; the app's limit by default. */
  maxBytes?: number;
  /** The names of the text fields allowed before the file (their values come back as strings). */
  fields?: readonly string[];
}

const write = (upload: UploadStream, chunk: Buffer): Promise<void> =>
  new Promise((resolve, reject) => upload.write(chunk, (err) => (err ? reject(err) : resolve())));

const fieldError = (name: string, message: string, code: string): AppError => validationFailed([{ path: `body.${name}`, message, code }]);

/** Stores one file stream: sniff, then write chunk by chunk (each awaited); any failure aborts, deleting the chunks written. */
async function storeFile(stream: Readable, rawName: string, opts: Required<Omit<ReceiveOptions, 'fields'>>, cancelled: () => boolean): Promise<StoredFundingFile> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  let started: { upload: UploadStream; contentType: string; fileName: string } | null = null;
  const begin = async (): Promise<NonNullable<typeof started>> => {
    const first = Buffer.concat(head);
    const found = await opts.detect(first, rawName);
    // safeFileName reads only the extension of what was detected.
    const fileName = safeFileName(rawName, found as Detected);
    const upload = fundingFilesBucket().openUploadStream(fileName, { metadata: { contentType: found.contentType } });
    await write(upload, first);
    return { upload, contentType: found.contentType, fileName };
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (cancelled()) throw new Error('upload cancelled');
      size += chunk.length;
      if (size > opts.maxBytes) throw tooLarge(opts.maxBytes);
      hash.update(chunk);
      if (started) await write(started.upload, chunk);
      else if ((head.push(chunk), size >= SNIFF_BYTES)) started = await begin();
    }
    started ??= await begin();
    started.upload.end();
    await finished(started.upload);
    return { fileId: started.upload.id as Types.ObjectId, fileName: started.fileName, contentType: started.contentType, size, sha256: hash.digest('hex') };
  } catch (err) {
    if (started) await started.upload.abort().catch(() => undefined);
    stream.resume();
    emitSignal({ kind: 'attachment.upload-abandoned' });
    throw err;
  }
}

const multipartError = (message: string): AppError =>
  badRequest('VALIDATION.FAILED', message, [{ path: 'body', message: 'must be multipart/form-data', code: 'invalid_type', params: { expected: 'multipart/form-data' } }]);

/**
 * Reads a multipart body: the allowed text fields first, then one part named `file`. Resolves once
 * the file is stored; on refusal rejects with the answer, whatever was stored deleted.
 */
export function receiveFundingFile(req: Request, res: Response, opts: ReceiveOptions): Promise<StoredFundingFile & { fields: Record<string, string> }> {
  const limit = opts.maxBytes ?? maxBytes;
  const allowed = new Set(opts.fields ?? []);
  let parser: busboy.Busboy;
  try {
    // Browsers send the file name as raw UTF-8 (Vietnamese names): not latin1, busboy's default.
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, parts: 8, fields: 6, fieldSize: 2048, fileSize: limit + 1 } });
  } catch {
    return Promise.reject(multipartError('The body must be multipart/form-data'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let settled = false;
    let work: Promise<StoredFundingFile> | null = null;
    let file: Readable | null = null;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      file?.destroy(new Error('upload stopped'));
      // The rest of the body is not read: the connection closes after the answer.
      res.setHeader('Connection', 'close');
      work?.then((stored) => fundingFilesBucket().delete(stored.fileId)).catch(() => undefined);
      reject(err);
    };
    parser.on('field', (name, value) => {
      if (work) fail(fieldError(name, 'fields must come before the file', 'field_after_file'));
      else if (!allowed.has(name)) fail(fieldError(name, 'unknown field', 'unrecognized_keys'));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || work) {
        stream.resume();
        return fail(fieldError(name, 'only one part named file is accepted', 'unrecognized_keys'));
      }
      file = stream;
      stream.on('error', () => undefined); // its end is handled where it is read (storeFile)
      work = storeFile(stream, info.filename ?? '', { detect: opts.detect, maxBytes: limit }, () => settled);
      work.catch(fail);
    });
    parser.on('partsLimit', () => fail(fieldError('file', 'too many parts', 'unrecognized_keys')));
    parser.on('error', () => fail(badRequest('VALIDATION.FAILED', 'Malformed multipart body', [{ path: 'body', message: 'malformed multipart/form-data', code: 'invalid_type' }])));
    parser.on('close', () => {
      if (!work) return fail(fieldError('file', 'a file is required', 'required'));
      work.then((stored) => {
        if (settled) return;
        settled = true;
        resolve({ ...stored, fields });
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

/** Deletes a stored file (a record that could not be written keeps no orphan bytes). */
export async function deleteFundingFile(fileId: Types.ObjectId): Promise<void> {
  await fundingFilesBucket()
    .delete(fileId)
    .catch(() => undefined);
}

export function fundingFileContent(fileId: Types.ObjectId): Readable {
  return fundingFilesBucket().openDownloadStream(fileId);
}

/** Streams a stored file as a download: never cached, never sniffed, its UTF-8 name kept. */
export async function sendFundingFile(res: Response, file: { fileId: Types.ObjectId; fileName: string; contentType: string; size: number }): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', contentDisposition('attachment', file.fileName));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  await pipeline(fundingFileContent(file.fileId), res);
}

import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { Types } from 'mongoose';
import { badRequest, validationFailed, type AppError } from '../../errors.js';
import { tooLarge } from '../cases/attachments.upload.js';
import { detectClaimsType, readClaims, type ClaimsRead } from './claims-import.js';
import { fundingFileLimit, fundingFilesBucket } from './funding-files.js';

/**
 * Receiving a claims export (issue 12 point 5). Unlike a receipt, a claims file is read whole
 * before anything is kept: it must be parsed anyway (its size is bounded by the upload limit), and
 * a file that cannot be read then leaves nothing behind, not even chunks in GridFS. A readable file
 * is kept in the `funding_files` bucket, as the hospital sent it.
 */
export interface ReceivedClaims {
  fileName: string;
  bytes: Buffer;
  read: ClaimsRead;
}

const fieldError = (name: string, message: string, code: string): AppError => validationFailed([{ path: `body.${name}`, message, code }]);

/** A file name kept as sent, without folders or control characters, with the detected extension when it has none. */
function claimsFileName(raw: string, ext: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? '').normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '').trim().slice(0, 180);
  if (!base || base === '.' || base === '..') return `ho-so-giam-dinh.${ext}`;
  return /\.[A-Za-z0-9]{1,10}$/.test(base) ? base : `${base}.${ext}`;
}

/** The part's bytes, stopping past the limit (413). */
async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads the multipart body's one part `file` into memory (up to the upload limit) and reads it as claims of `month`. */
export function receiveClaims(req: Request, res: Response, month: string): Promise<ReceivedClaims> {
  const limit = fundingFileLimit();
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, parts: 4, fields: 2, fieldSize: 2048, fileSize: limit + 1 } });
  } catch {
    return Promise.reject(badRequest('VALIDATION.FAILED', 'The body must be multipart/form-data', [{ path: 'body', message: 'must be multipart/form-data', code: 'invalid_type', params: { expected: 'multipart/form-data' } }]));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let file: Promise<{ name: string; bytes: Buffer }> | null = null;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      res.setHeader('Connection', 'close');
      reject(err);
    };
    parser.on('field', (name) => fail(fieldError(name, 'unknown field', 'unrecognized_keys')));
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        return fail(fieldError(name, 'only one part named file is accepted', 'unrecognized_keys'));
      }
      file = readAll(stream, limit).then((bytes) => ({ name: info.filename ?? '', bytes }));
      file.catch((err: unknown) => {
        stream.resume();
        fail(err);
      });
    });
    parser.on('partsLimit', () => fail(fieldError('file', 'too many parts', 'unrecognized_keys')));
    parser.on('error', () => fail(badRequest('VALIDATION.FAILED', 'Malformed multipart body', [{ path: 'body', message: 'malformed multipart/form-data', code: 'invalid_type' }])));
    parser.on('close', () => {
      if (!file) return fail(fieldError('file', 'a file is required', 'required'));
      file.then(({ name, bytes }) => {
        if (settled) return;
        const type = detectClaimsType(bytes.subarray(0, 4096));
        const received = { fileName: claimsFileName(name, type.ext), bytes, read: readClaims(bytes, month) };
        settled = true;
        resolve(received);
      }).catch(fail);
    });
    req.on('error', fail);
    req.on('close', () => {
      if (!req.complete) fail(badRequest('VALIDATION.FAILED', 'The upload was interrupted', [{ path: 'body', message: 'the body ended early', code: 'invalid_type' }]));
    });
    req.pipe(parser);
  });
}

/** Keeps the file as sent in the `funding_files` bucket. */
export async function storeClaimsFile(c: ReceivedClaims): Promise<{ fileId: Types.ObjectId; fileName: string; contentType: string; size: number; sha256: string }> {
  const contentType = c.read.format === 'csv' ? 'text/csv' : 'application/xml';
  const upload = fundingFilesBucket().openUploadStream(c.fileName, { metadata: { contentType } });
  upload.end(c.bytes);
  await finished(upload);
  return { fileId: upload.id as Types.ObjectId, fileName: c.fileName, contentType, size: c.bytes.length, sha256: createHash('sha256').update(c.bytes).digest('hex') };
}

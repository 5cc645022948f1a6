import { fileTypeFromBuffer } from 'file-type';
import { badRequest } from '../../errors.js';
import type { ATTACHMENT_CONTENT_TYPES } from './timeline.schemas.js';

/**
 * What a case attachment may be, decided from its bytes (decision 0021): PDF, JPEG or PNG. The
 * browser's Content-Type and the file's name are claims; the first bytes are the evidence.
 */
type ContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** Bytes file-type reads at most to decide (its documented sample size). */
export const SNIFF_BYTES = 4100;

const ALLOWED: Record<string, { contentType: ContentType; extensions: readonly string[] }> = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  jpg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  png: { contentType: 'image/png', extensions: ['png'] },
};

export interface Detected {
  ext: string;
  contentType: ContentType;
}

const extensionOf = (name: string): string | null => {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m?.[1] ? m[1].toLowerCase() : null;
};

/** The type of the file from its first bytes; 400 when it is not allowed or its name says otherwise. */
export async function detectType(head: Buffer, fileName: string): Promise<Detected> {
  const found = await fileTypeFromBuffer(head);
  const allowed = found ? ALLOWED[found.ext] : undefined;
  const detected = found?.ext ?? 'unknown';
  if (!allowed) {
    throw badRequest('ATTACHMENT.TYPE_NOT_ALLOWED', 'Only PDF, JPEG and PNG files are accepted', [{ path: 'body.file', message: 'not a PDF, JPEG or PNG file', code: 'type_not_allowed', params: { detected } }], { detected });
  }
  const extension = extensionOf(fileName);
  if (extension && !allowed.extensions.includes(extension)) {
    throw badRequest(
      'ATTACHMENT.TYPE_MISMATCH',
      `The file is a ${detected.toUpperCase()} but its name ends in .${extension}`,
      [{ path: 'body.file', message: "the file name's extension disagrees with its content", code: 'type_mismatch', params: { detected, extension } }],
      { detected, extension },
    );
  }
  return { ext: detected, contentType: allowed.contentType };
}

const MAX_NAME = 180;

/**
 * The name kept and sent back: no folders (some browsers send a path), no control or format
 * characters, NFC, at most 180 characters, and the detected extension when it had none.
 */
export function safeFileName(raw: string, detected: Detected): string {
  const base = (raw.split(/[\\/]/).pop() ?? '').normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '').trim();
  const named = base === '' || base === '.' || base === '..' ? `tep-dinh-kem.${detected.ext}` : base;
  const withExt = extensionOf(named) ? named : `${named}.${detected.ext}`;
  if (withExt.length <= MAX_NAME) return withExt;
  const ext = `.${extensionOf(withExt) ?? detected.ext}`;
  return withExt.slice(0, MAX_NAME - ext.length) + ext;
}

/** RFC 5987 / 6266: `filename*` carries the UTF-8 name; `filename` an ASCII stand-in for old clients. */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]|["\\;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

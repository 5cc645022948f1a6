import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';

/**
 * The one place errors become HTTP answers: `{ error: { code, message, params?, details?, requestId } }`.
 * `code` is one of ERROR_CODES (server/errors.ts); clients word it with `params`, not `message`.
 * body-parser's own errors (malformed JSON, too large, wrong charset) get codes of their own;
 * anything unexpected is a 500 that is logged with the request id and tells the client nothing more.
 */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  code?: unknown;
  charset?: string;
  encoding?: string;
}

/** zlib's own error codes (gzip/deflate: Z_DATA_ERROR, Z_BUF_ERROR; brotli: ERR__ERROR_FORMAT_…, ERR_BROTLI_…). */
const DECOMPRESSION_ERROR = /^(Z_|ERR__|ERR_BROTLI|ERR_ZSTD)/;

/** `contentEncoding`: the request's Content-Encoding, to name it in a decompression error. */
export function toAppError(err: unknown, contentEncoding?: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as BodyParserError;
  // body-parser hands on a corrupt compressed body as zlib's error with no type: the client's fault,
  // a 400 that says so, never a 500 with the zlib stack in the log.
  if (e && e.type === undefined && typeof e.code === 'string' && DECOMPRESSION_ERROR.test(e.code)) {
    const encoding = contentEncoding ?? 'compressed';
    return new AppError(400, 'REQUEST.BAD_ENCODING', `The request body is not valid ${encoding} data`, [{ path: 'body', message: `not valid ${encoding} data`, code: 'bad_encoding', params: { encoding } }], undefined, { encoding });
  }
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON', [{ path: 'body', message: 'malformed JSON', code: 'malformed_json' }]);
    case 'entity.too.large':
      return new AppError(413, 'REQUEST.TOO_LARGE', `The request body is larger than ${e.limit ?? 'the limit'} bytes`, [
        { path: 'body', message: 'too large', code: 'too_large' },
      ]);
    case 'charset.unsupported':
    case 'encoding.unsupported': {
      const what = e.type === 'charset.unsupported' ? 'headers.content-type' : 'headers.content-encoding';
      const encoding = String(e.charset ?? e.encoding ?? contentEncoding ?? 'unknown').slice(0, 40);
      return new AppError(415, 'REQUEST.UNSUPPORTED_ENCODING', e.message, [{ path: what, message: `${encoding} is not supported`, code: 'unsupported_encoding', params: { encoding } }], undefined, { encoding });
    }
    default:
      return new AppError(500, 'INTERNAL', 'Something went wrong on our side; quote the request id when reporting it');
  }
}

export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const appErr = toAppError(err, req.get('content-encoding'));
  const log = (req.log as Logger | undefined) ?? undefined;
  if (appErr.status >= 500) log?.error({ err }, 'request failed');
  else log?.info({ code: appErr.code, status: appErr.status }, 'request refused');
  if (appErr.headers) res.set(appErr.headers);
  res.status(appErr.status).json({
    error: {
      code: appErr.code,
      message: appErr.message,
      ...(appErr.params ? { params: appErr.params } : {}),
      ...(appErr.details ? { details: appErr.details } : {}),
      requestId: String(req.id ?? ''),
    },
  });
}

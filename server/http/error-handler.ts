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
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON', [{ path: 'body', message: 'malformed JSON' }]);
    case 'entity.too.large':
      return new AppError(413, 'REQUEST.TOO_LARGE', `The request body is larger than ${e.limit ?? 'the limit'} bytes`, [
        { path: 'body', message: 'too large' },
      ]);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError(415, 'REQUEST.UNSUPPORTED_ENCODING', e.message);
    default:
      return new AppError(500, 'INTERNAL', 'Something went wrong on our side; quote the request id when reporting it');
  }
}

export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const appErr = toAppError(err);
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

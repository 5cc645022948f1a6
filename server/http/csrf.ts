import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../errors.js';

/**
 * CSRF protection for cookie-authenticated writes: the synchronizer-token pattern (OWASP).
 * The token lives in the server-side session; the client reads it from GET /auth/session and
 * sends it back in the `x-csrf-token` header on every non-GET request. Bearer-token requests
 * carry no cookie and are exempt. See docs/decisions/0004-sessions-and-csrf.md.
 */
export const CSRF_HEADER = 'x-csrf-token';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
  }
}

export function issueCsrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

export function verifyCsrf(req: Request): void {
  const expected = req.session?.csrfToken;
  const given = req.get(CSRF_HEADER);
  if (!expected || !given) throw new AppError(403, 'AUTH.CSRF', 'Missing CSRF token: send the x-csrf-token header from GET /api/v1/auth/session');
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError(403, 'AUTH.CSRF', 'Invalid CSRF token');
}

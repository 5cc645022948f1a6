import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors.js';
import type { RouteDef } from './route.js';

/**
 * Cross-cutting answers of the API that no single route owns.
 *
 * `noStore`: API answers carry patient data (patients, screenings, worklist, flags, census, audit
 * entries, cases), and a shared or browser cache must never keep them (Law 91/2025/QH15 on
 * personal data; RFC 9111 §5.2.2.5). Every /api/v1 answer is `no-store`, errors included; a route
 * that serves something public may set its own Cache-Control after this.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** An Express path (`/patients/:id`) as a regex over the request path. */
function pathRegex(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/** The methods of every declared route whose path matches, as HTTP method names (GET implies HEAD). */
export function allowedMethods(defs: readonly RouteDef[], path: string): string[] {
  const methods = new Set<string>();
  for (const def of defs) {
    if (!pathRegex(def.path).test(path)) continue;
    methods.add(def.method.toUpperCase());
    if (def.method === 'get') methods.add('HEAD');
  }
  if (methods.size > 0) methods.add('OPTIONS');
  return [...methods].sort();
}

/**
 * Mounted after the routes: a known path asked with a method it does not have answers 405 with
 * `Allow` (RFC 9110 §15.5.6), and OPTIONS answers 204 with `Allow`; an unknown path falls through
 * to the 404.
 */
export function methodNotAllowed(defs: readonly RouteDef[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const methods = allowedMethods(defs, req.path);
    if (methods.length === 0) return next();
    const allow = methods.join(', ');
    if (req.method === 'OPTIONS') {
      res.set('Allow', allow).status(204).end();
      return;
    }
    const method = req.method.slice(0, 20);
    next(new AppError(405, 'REQUEST.METHOD_NOT_ALLOWED', `${method} is not allowed here; allowed: ${allow}`, undefined, { Allow: allow }, { method, allow }));
  };
}

import type { NextFunction, Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { z } from 'zod';
import { AppError, forbidden, unauthenticated, validationFailed, type ErrorDetail } from '../errors.js';
import { verifyCsrf } from './csrf.js';
import { withResponseCheck } from './response-check.js';
import { issueDetails } from './validation-details.js';
import type { Audience } from '../access/audience.js';
import type { AccessFilter, AccessRecord } from '../access/relationships.js';
import type { TenantFields } from '../access/access.js';
import { POLICY, decide, isAction, type Action, type Principal } from './policy.js';

/**
 * Every API route is declared through `route()`: one object gives its method, path, action
 * (the policy rule), input schemas and handler. The pipeline is fixed:
 *   authenticate (global) → authorise by role → CSRF for cookie writes → validate → handler.
 * The same declarations feed the OpenAPI document and the authorisation-matrix test.
 */
export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  /** The patients a list read showed (issue 9: list reads are audited with the ids shown). */
  patientIds?: readonly string[];
  outcome?: 'success' | 'denied' | 'failure';
  reason?: string | null;
  /** The actor, when it is not the request's principal (a failed sign-in names the account tried). */
  actor?: Principal | null;
  /** Tenant of the record touched, when it differs from the actor's. */
  tenant?: { hospitalId?: string | null; organisationId?: string | null };
}

export interface AuthorizeOptions {
  /** Another action than the route's. */
  action?: Action;
  /** Tenancy only: a relationship that opens reads must not open this (writes, the full record). */
  tenancyOnly?: boolean;
}

export interface RequestContext {
  principal: Principal | null;
  /** The app's one clock: handlers read the time here, never from `new Date()`. */
  clock: Clock;
  requestId: string;
  ip: string | null;
  log: Logger;
  /** Writes one audit entry for this request (actor, tenant, request id and IP filled in). */
  audit(entry: AuditInput): Promise<void>;
  /**
   * The policy's record check for the route's action (or `action`): tenancy or a live relationship.
   * Answers the audience whose view the caller gets; throws 403/404 and audits the denial.
   */
  authorize(record: AccessRecord, resourceType: string, resourceId?: string | null, opts?: AuthorizeOptions): Promise<Audience>;
  /**
   * The policy's list filter for the route's action (or `action`): a MongoDB filter on the
   * records' collection, tenancy OR relationships, evaluated now. List handlers AND it with theirs.
   */
  listFilter(fields?: TenantFields, action?: Action): Promise<AccessFilter>;
  /** The audience of a record a list showed (own hospital, or the relationship that lets it show). */
  audienceOf(record: AccessRecord, action?: Action): Promise<Audience | null>;
  /** The audiences of a list's rows, in their order, in one pass (relationships asked once per rule, not per row). */
  audiencesOf(records: readonly AccessRecord[], action?: Action): Promise<(Audience | null)[]>;
  /** The raw request and response, for the few handlers that need them (sign-in, sign-out). */
  req: Request;
  res: Response;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteDef<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** Express-style path under /api/v1, e.g. `/hospitals/:id`. */
  path: string;
  action: Action;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** 200 by default; 204 sends no body. */
  status?: 200 | 201 | 202 | 204;
  /**
   * Media other than JSON. `request: 'multipart/form-data'`: the handler reads the body itself
   * (streamed; `body` only documents its fields). `response`: the handler streams the answer itself
   * through `ctx.res` (a file), in one of these content types, and returns undefined; when one of them is
   * application/json (a `format` query), the handler returns that answer instead and it is sent as JSON.
   */
  media?: { request?: 'multipart/form-data'; response?: readonly string[] };
  handler: (input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> }, ctx: RequestContext) => Promise<unknown>;
}

export function route<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(def: RouteDef<P, Q, B>): RouteDef {
  if (!isAction(def.action)) throw new Error(`route ${def.method} ${def.path}: action ${def.action} has no policy rule`);
  return def as unknown as RouteDef;
}

const emptyObject = z.object({}).strict();

export interface ContextFactory {
  (req: Request, res: Response, action: Action): RequestContext;
}

export function mountRoutes(router: Router, defs: RouteDef[], makeContext: ContextFactory, options: { checkResponses?: boolean } = {}): void {
  for (const declared of defs) {
    const def = options.checkResponses ? withResponseCheck(declared) : declared; // tests: answers held to their schema
    router[def.method](def.path, (req: Request, res: Response, next: NextFunction) => {
      runRoute(def, req, res, makeContext(req, res, def.action)).catch(next);
    });
  }
}

async function runRoute(def: RouteDef, req: Request, res: Response, ctx: RequestContext): Promise<void> {
  const decision = decide(ctx.principal, def.action);
  if (!decision.allow) {
    if (ctx.principal) await ctx.audit({ action: def.action, resourceType: def.tag, outcome: 'denied', reason: decision.reason });
    if (decision.status === 401) throw unauthenticated();
    throw decision.status === 404 ? new AppError(404, 'NOT_FOUND', 'Not found') : forbidden();
  }
  // A public write (sign-in) must never start a session on the strength of an API token.
  if (def.method !== 'get' && ctx.principal?.via === 'token' && POLICY[def.action].roles === 'public') {
    await ctx.audit({ action: def.action, resourceType: def.tag, outcome: 'denied', reason: 'public write with an API token' });
    throw forbidden('Sign in with a username and password, not an API token');
  }
  // Bearer requests carry no cookie, so they are exempt from CSRF.
  if (def.method !== 'get' && ctx.principal?.via !== 'token') {
    try {
      verifyCsrf(req);
    } catch (err) {
      await ctx.audit({ action: def.action, resourceType: def.tag, outcome: 'denied', reason: 'missing or wrong CSRF token' });
      throw err;
    }
  }
  const input = parseInput(def, req);
  const result = await def.handler(input, ctx);
  // A file route's handler has answered (streamed) itself when it returns nothing; a route that
  // answers JSON or a file by a `format` query returns its JSON answer like any other route.
  if (def.media?.response && result === undefined) return;
  const status = def.status ?? 200;
  if (status === 204) {
    res.status(204).end();
  } else {
    res.status(status).json(result);
  }
}

function parseInput(def: RouteDef, req: Request): { params: never; query: never; body: never } {
  const details: ErrorDetail[] = [];
  const parts = {
    params: parsePart('params', def.params ?? emptyObject, req.params ?? {}, details),
    query: parsePart('query', def.query ?? emptyObject, req.query ?? {}, details),
    // A multipart body is streamed by its handler, which validates its fields as they come.
    body: def.media?.request ? {} : parsePart('body', def.body ?? emptyObject, req.body ?? {}, details),
  };
  if (details.length > 0) throw validationFailed(details);
  return parts as { params: never; query: never; body: never };
}

function parsePart(where: string, schema: z.ZodType, value: unknown, details: ErrorDetail[]): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) details.push(...issueDetails(where, issue));
  return undefined;
}

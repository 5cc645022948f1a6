import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { forbidden, notFound } from '../errors.js';
import { recordAudit } from '../features/audit/audit.service.js';
import { decide, type Action, type Principal } from './policy.js';
import type { AuditInput, RequestContext } from './route.js';

/** Builds the per-request context every handler receives: principal, ids, logger, audit. */
export function makeContext(req: Request, res: Response, action: Action, clock: Clock): RequestContext {
  const ctx: RequestContext = {
    clock,
    principal: (res.locals.principal as Principal | null | undefined) ?? null,
    requestId: String(req.id),
    ip: req.ip ?? null,
    log: req.log as Logger,
    req,
    res,
    audit: (entry: AuditInput) => {
      const actor = entry.actor !== undefined ? entry.actor : ctx.principal;
      return recordAudit({
        actor: actor ? { userId: actor.userId, username: actor.username, role: actor.role } : null,
        tenant: {
          hospitalId: entry.tenant?.hospitalId ?? actor?.hospitalId ?? null,
          organisationId: entry.tenant?.organisationId ?? actor?.organisationId ?? null,
        },
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId ?? null,
        patientId: entry.patientId ?? null,
        outcome: entry.outcome ?? 'success',
        reason: entry.reason ?? null,
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
    },
    authorize: async (resource, resourceType, resourceId) => {
      const decision = decide(ctx.principal, action, resource);
      if (decision.allow) return;
      await ctx.audit({ action, resourceType, resourceId: resourceId ?? null, outcome: 'denied', reason: decision.reason });
      // Word for word what a missing record answers (notFound('User')): a hidden record must not be told apart.
      throw decision.status === 404 ? notFound(resourceType.charAt(0).toUpperCase() + resourceType.slice(1)) : forbidden();
    },
  };
  return ctx;
}

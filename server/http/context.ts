import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { audienceOf, audiencesOf, decideRecord, listFilter, NOTHING } from '../access/access.js';
import type { Clock } from '../clock.js';
import { forbidden, notFound } from '../errors.js';
import { recordAudit } from '../features/audit/audit.service.js';
import type { Action, Principal } from './policy.js';
import type { AuditInput, RequestContext } from './route.js';

/** Builds the per-request context every handler receives: principal, ids, logger, audit, the policy. */
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
        patientIds: entry.patientIds ? [...entry.patientIds] : [],
        outcome: entry.outcome ?? 'success',
        reason: entry.reason ?? null,
        requestId: ctx.requestId,
        ip: ctx.ip,
        at: clock.now(),
      });
    },
    authorize: async (record, resourceType, resourceId, opts = {}) => {
      const principal = ctx.principal;
      if (!principal) throw new Error('the route pipeline let an anonymous request reach a record check');
      const checked = opts.action ?? action;
      let decision = await decideRecord(principal, checked, record, clock);
      if (decision.allow && opts.tenancyOnly && decision.audience !== 'own-hospital') {
        decision = { allow: false, status: 404, reason: `${decision.via} opens reads only, not ${checked}` };
      }
      if (decision.allow) return decision.audience;
      await ctx.audit({ action: checked, resourceType, resourceId: resourceId ?? null, outcome: 'denied', reason: decision.reason });
      // Word for word what a missing record answers (notFound('User')): a hidden record must not be told apart.
      throw decision.status === 404 ? notFound(resourceType.charAt(0).toUpperCase() + resourceType.slice(1)) : forbidden();
    },
    listFilter: async (fields, checked = action) => (ctx.principal ? listFilter(ctx.principal, checked, clock, fields) : NOTHING),
    audienceOf: async (record, checked = action) => (ctx.principal ? audienceOf(ctx.principal, checked, record, clock) : null),
    audiencesOf: async (records, checked = action) => (ctx.principal ? audiencesOf(ctx.principal, checked, records, clock) : records.map(() => null)),
  };
  return ctx;
}

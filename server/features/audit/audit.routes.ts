import type { Bundle, AuditEvent } from '@medplum/fhirtypes';
import { z } from 'zod';
import { toFhirAuditEvent } from '../../../fhir-mappings/audit-event.js';
import { route, type RouteDef } from '../../http/route.js';
import { auditPageSchema, auditQuerySchema } from './audit.schemas.js';
import { queryAudit } from './audit.service.js';

const tag = 'audit';
/** The log keeps the tenant of each entry as strings under `tenant`. */
const AUDIT_TENANT = { hospitalId: 'tenant.hospitalId', organisationId: 'tenant.organisationId', strings: true };

export const auditRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/audit-events',
    action: 'audit.read',
    tag,
    summary: 'Search the audit log (admins and coordinators), newest first',
    query: auditQuerySchema,
    response: auditPageSchema,
    handler: async ({ query }, ctx) => {
      const page = await queryAudit(query, await ctx.listFilter(AUDIT_TENANT));
      await ctx.audit({ action: 'audit.read', resourceType: tag });
      return page;
    },
  }),
  route({
    method: 'get',
    path: '/audit-events/fhir',
    action: 'audit.export',
    tag,
    summary: 'Export the audit log as a FHIR R4 Bundle of AuditEvent (same filters; next page in Bundle.link)',
    query: auditQuerySchema,
    response: z.object({ resourceType: z.literal('Bundle') }).loose(),
    handler: async ({ query }, ctx) => {
      const page = await queryAudit(query, await ctx.listFilter(AUDIT_TENANT));
      await ctx.audit({ action: 'audit.export', resourceType: tag });
      const bundle: Bundle<AuditEvent> = {
        resourceType: 'Bundle',
        type: 'collection',
        timestamp: ctx.clock.now().toISOString(),
        entry: page.data.map((e) => ({ resource: toFhirAuditEvent(e) })),
      };
      if (page.nextCursor) {
        const next = new URLSearchParams({ ...stringify(query), cursor: page.nextCursor });
        bundle.link = [{ relation: 'next', url: `/api/v1/audit-events/fhir?${next.toString()}` }];
      }
      return bundle;
    },
  }),
];

function stringify(q: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || k === 'cursor') continue;
    out[k] = v instanceof Date ? v.toISOString() : String(v);
  }
  return out;
}

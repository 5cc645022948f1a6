import { z } from 'zod';
import { dateQuery, freeText, objectId, pageQuerySchema, pageSchema } from '../../http/common-schemas.js';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** A record id as the audit log stores it: an ObjectId, a FHIR id or a name like 'session'. */
const resourceId = z.string().regex(/^[A-Za-z0-9._:/-]{1,64}$/, 'letters, digits and . _ : / - only, at most 64');

export const auditQuerySchema = pageQuerySchema
  .extend({
    actorId: objectId.optional(),
    action: z.string().max(100).check(freeText()).optional(),
    resourceType: z.string().max(100).check(freeText()).optional(),
    resourceId: resourceId.optional(),
    patientId: objectId.optional(),
    hospitalId: objectId.optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    from: dateQuery.optional(),
    to: dateQuery.optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string().meta({ format: 'date-time' }),
  actor: z.object({ userId: z.string(), username: z.string(), role: z.string() }).nullable(),
  tenant: z.object({ hospitalId: z.string().nullable(), organisationId: z.string().nullable() }),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  patientId: z.string().nullable(),
  /** The patients a list read showed. */
  patientIds: z.array(z.string()),
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;
export const auditPageSchema = pageSchema(auditEventSchema);

import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../http/pagination.js';
import { AUDIT_OUTCOMES } from './audit.model.js';

const id = z.string().max(64);

export const auditQuerySchema = pageQuerySchema
  .extend({
    actorId: id.optional(),
    action: z.string().max(100).optional(),
    resourceType: z.string().max(100).optional(),
    resourceId: id.optional(),
    patientId: id.optional(),
    hospitalId: id.optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
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
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;
export const auditPageSchema = pageSchema(auditEventSchema);

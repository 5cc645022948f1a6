import type { QueryFilter } from 'mongoose';
import { Types } from 'mongoose';
import { decodeCursor, toPage, type Page } from '../../http/pagination.js';
import { badRequest } from '../../errors.js';
import { AuditModel, type AuditOutcome, type AuditRecord } from './audit.model.js';
import type { AuditEventView, AuditQuery } from './audit.schemas.js';

export interface AuditEntry {
  actor: { userId: string; username: string; role: string } | null;
  tenant: { hospitalId: string | null; organisationId: string | null };
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  patientIds?: readonly string[];
  outcome: AuditOutcome;
  reason?: string | null;
  requestId?: string | null;
  ip?: string | null;
  /** When, by the caller's clock (the request's, or the job's). */
  at: Date;
}

/** Appends one entry. Awaited by callers: an access that cannot be logged does not proceed. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await AuditModel.create({
    at: entry.at,
    actor: entry.actor,
    tenant: entry.tenant,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    patientId: entry.patientId ?? null,
    patientIds: entry.patientIds ? [...new Set(entry.patientIds)] : [],
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
    ip: entry.ip ?? null,
  });
}

/** `access` is the policy's list filter on the log (the network's staff read all of it today). */
export async function queryAudit(q: AuditQuery, access: Record<string, unknown>): Promise<Page<AuditEventView>> {
  const filter: QueryFilter<AuditRecord> = { $and: [access as QueryFilter<AuditRecord>] };
  if (q.actorId) filter['actor.userId'] = q.actorId;
  if (q.action) filter.action = q.action;
  if (q.resourceType) filter.resourceType = q.resourceType;
  if (q.resourceId) filter.resourceId = q.resourceId;
  // A patient's reads: of the patient's own record, and of every list that showed the patient.
  if (q.patientId) filter.$and = [access as QueryFilter<AuditRecord>, { $or: [{ patientId: q.patientId }, { patientIds: q.patientId }] }];
  if (q.outcome) filter.outcome = q.outcome;
  if (q.hospitalId) filter['tenant.hospitalId'] = q.hospitalId;
  if (q.from || q.to) filter.at = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
  if (q.cursor) {
    const { at, id } = decodeCursor(q.cursor);
    if (typeof at !== 'number' || typeof id !== 'string' || !Types.ObjectId.isValid(id)) {
      throw badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);
    }
    const atDate = new Date(at);
    const oid = new Types.ObjectId(id);
    filter.$or = [{ at: { $lt: atDate } }, { at: atDate, _id: { $lt: oid } }];
  }
  const rows = await AuditModel.find(filter).sort({ at: -1, _id: -1 }).limit(q.limit + 1).lean<AuditRecord[]>();
  return toPage(rows, q.limit, toView, (r) => ({ at: r.at.getTime(), id: r._id.toHexString() }));
}

export function toView(r: AuditRecord): AuditEventView {
  return {
    id: r._id.toHexString(),
    at: r.at.toISOString(),
    actor: r.actor ? { userId: r.actor.userId, username: r.actor.username, role: r.actor.role } : null,
    tenant: { hospitalId: r.tenant?.hospitalId ?? null, organisationId: r.tenant?.organisationId ?? null },
    action: r.action,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    patientId: r.patientId,
    patientIds: r.patientIds ?? [],
    outcome: r.outcome,
    reason: r.reason,
    requestId: r.requestId,
    ip: r.ip,
  };
}

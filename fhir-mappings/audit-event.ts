import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import { SYSTEMS } from './vn-core.js';

/**
 * The module's audit entries as FHIR R4 AuditEvent, for export to a hospital's or the
 * Ministry's audit repository. https://hl7.org/fhir/R4/auditevent.html
 * Pure: no I/O, no clock.
 */
export interface AuditEntryInput {
  id: string;
  at: string;
  actor: { userId: string; username: string; role: string } | null;
  tenant: { hospitalId: string | null; organisationId: string | null };
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: 'success' | 'denied' | 'failure';
  reason: string | null;
  requestId: string | null;
  ip: string | null;
}

const AUDIT_EVENT_TYPE = SYSTEMS.hl7.auditEventType;
const MODULE_ACTIONS = SYSTEMS.nhipcau.auditAction;
const IDENTIFIER_SYSTEM = SYSTEMS.nhipcau.userId;

const VERB_TO_ACTION: Record<string, 'C' | 'R' | 'U' | 'D'> = {
  create: 'C',
  read: 'R',
  list: 'R',
  export: 'R',
  update: 'U',
  change: 'U',
  delete: 'D',
  revoke: 'D',
};

/** C/R/U/D/E from the verb that ends an action name such as `hospital.create`; E (execute) otherwise. */
export function fhirAction(action: string): AuditEvent['action'] {
  return VERB_TO_ACTION[action.split('.').pop() ?? ''] ?? 'E';
}

/** 0 success, 4 minor failure (refused), 8 serious failure. */
function fhirOutcome(outcome: AuditEntryInput['outcome']): AuditEvent['outcome'] {
  return outcome === 'success' ? '0' : outcome === 'denied' ? '4' : '8';
}

export function toFhirAuditEvent(e: AuditEntryInput): AuditEvent {
  const entity: AuditEventEntity[] = [];
  if (e.resourceId) {
    entity.push({ what: { identifier: { system: SYSTEMS.nhipcau.sid(e.resourceType), value: e.resourceId } }, name: e.resourceType });
  }
  if (e.patientId) {
    entity.push({
      what: { reference: `Patient/${e.patientId}` },
      type: { system: SYSTEMS.hl7.auditEntityType, code: '1', display: 'Person' },
      role: { system: SYSTEMS.hl7.objectRole, code: '1', display: 'Patient' },
    });
  }
  const event: AuditEvent = {
    resourceType: 'AuditEvent',
    id: e.id,
    type: { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: MODULE_ACTIONS, code: e.action }],
    action: fhirAction(e.action),
    recorded: e.at,
    outcome: fhirOutcome(e.outcome),
    agent: [
      {
        requestor: true,
        ...(e.actor
          ? {
              who: { identifier: { system: IDENTIFIER_SYSTEM, value: e.actor.userId }, display: e.actor.username },
              role: [{ coding: [{ system: SYSTEMS.nhipcau.role, code: e.actor.role }] }],
            }
          : { who: { display: 'anonymous' } }),
        ...(e.ip ? { network: { address: e.ip, type: '2' as const } } : {}),
      },
    ],
    source: { observer: { display: 'Nhịp Cầu' }, ...(e.tenant.hospitalId ? { site: e.tenant.hospitalId } : {}) },
  };
  if (e.outcome !== 'success' && e.reason) event.outcomeDesc = e.reason;
  if (entity.length > 0) event.entity = entity;
  if (e.requestId) event.extension = [{ url: SYSTEMS.nhipcau.requestIdExtension, valueString: e.requestId }];
  return event;
}

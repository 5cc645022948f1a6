import { describe, expect, it } from 'vitest';
import { fhirAction, toFhirAuditEvent, type AuditEntryInput } from '../../fhir-mappings/audit-event.js';
import { validateFhir } from '../setup/fhir-validate.js';

/** Fixtures: audit entries as the audit service's view gives them. https://hl7.org/fhir/R4/auditevent.html */
const base: AuditEntryInput = {
  id: '665f1c2e9b1e4a0012345678',
  at: '2026-03-02T08:15:30.123Z',
  actor: { userId: '665f1c2e9b1e4a00aaaaaaaa', username: 'ctxh.laocai', role: 'social_worker' },
  tenant: { hospitalId: '665f1c2e9b1e4a00bbbbbbbb', organisationId: null },
  action: 'hospital.update',
  resourceType: 'hospital',
  resourceId: '665f1c2e9b1e4a00cccccccc',
  patientId: null,
  outcome: 'success',
  reason: null,
  requestId: 'req-0001-abcdef',
  ip: '10.0.0.7',
};

const fixture = (over: Partial<AuditEntryInput>): AuditEntryInput => ({ ...base, ...over });

describe('toFhirAuditEvent', () => {
  it('maps a successful write to a valid AuditEvent with actor, entity, source, IP and request id', () => {
    const event = toFhirAuditEvent(base);
    expect(validateFhir(event)).toEqual([]);
    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      id: base.id,
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      subtype: [{ code: 'hospital.update' }],
      action: 'U',
      recorded: base.at,
      outcome: '0',
      source: { site: base.tenant.hospitalId },
    });
    expect(event.outcomeDesc).toBeUndefined();
    const agent = event.agent[0];
    expect(agent?.requestor).toBe(true);
    expect(agent?.who).toEqual({
      identifier: { system: 'https://nhipcau.vn/fhir/sid/user', value: base.actor?.userId },
      display: 'ctxh.laocai',
    });
    expect(agent?.role?.[0]?.coding?.[0]?.code).toBe('social_worker');
    expect(agent?.network).toEqual({ address: '10.0.0.7', type: '2' });
    expect(event.entity).toEqual([
      { what: { identifier: { system: 'https://nhipcau.vn/fhir/sid/hospital', value: base.resourceId } }, name: 'hospital' },
    ]);
    expect(event.extension).toEqual([{ url: 'https://nhipcau.vn/fhir/StructureDefinition/request-id', valueString: 'req-0001-abcdef' }]);
  });

  it('maps a denial to outcome 4 with the reason in outcomeDesc', () => {
    const event = toFhirAuditEvent(fixture({ action: 'user.read', outcome: 'denied', reason: 'record belongs to another hospital' }));
    expect(validateFhir(event)).toEqual([]);
    expect(event.outcome).toBe('4');
    expect(event.outcomeDesc).toBe('record belongs to another hospital');
  });

  it('maps a failure to outcome 8, and keeps a success reason out of outcomeDesc', () => {
    const failed = toFhirAuditEvent(fixture({ action: 'auth.login', outcome: 'failure', reason: 'bad-password' }));
    expect(validateFhir(failed)).toEqual([]);
    expect(failed.outcome).toBe('8');
    expect(failed.outcomeDesc).toBe('bad-password');
    const ok = toFhirAuditEvent(fixture({ reason: 'note on a success' }));
    expect(validateFhir(ok)).toEqual([]);
    expect(ok.outcomeDesc).toBeUndefined();
  });

  it('maps an anonymous actor (failed sign-in of an unknown user) to an agent named anonymous, without IP when unknown', () => {
    const event = toFhirAuditEvent(
      fixture({
        actor: null,
        tenant: { hospitalId: null, organisationId: null },
        action: 'auth.login',
        outcome: 'failure',
        ip: null,
        resourceId: null,
        requestId: null,
      }),
    );
    expect(validateFhir(event)).toEqual([]);
    expect(event.agent).toEqual([{ requestor: true, who: { display: 'anonymous' } }]);
    expect(event.entity).toBeUndefined();
    expect(event.extension).toBeUndefined();
    expect(event.source).toEqual({ observer: { display: 'Nhịp Cầu' } });
  });

  it('names the patient as a Person entity in the Patient role when the entry has a patient id', () => {
    const event = toFhirAuditEvent(fixture({ action: 'patient.read', resourceType: 'patient', resourceId: 'p-123', patientId: 'p-123' }));
    expect(validateFhir(event)).toEqual([]);
    expect(event.entity).toHaveLength(2);
    expect(event.entity?.[1]).toEqual({
      what: { reference: 'Patient/p-123' },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  });

  it.each([
    ['hospital.create', 'C'],
    ['user.read', 'R'],
    ['hospital.list', 'R'],
    ['audit.export', 'R'],
    ['user.update', 'U'],
    ['auth.password.change', 'U'],
    ['record.delete', 'D'],
    ['token.revoke', 'D'],
    ['auth.login', 'E'],
    ['auth.logout', 'E'],
    ['nodots', 'E'],
  ] as const)('maps action %s to %s', (action, expected) => {
    expect(fhirAction(action)).toBe(expected);
    const event = toFhirAuditEvent(fixture({ action }));
    expect(event.action).toBe(expected);
    expect(event.subtype?.[0]?.code).toBe(action);
    expect(validateFhir(event)).toEqual([]);
  });

  it('is pure: the same entry maps to the same resource, and the input is not changed', () => {
    const input = fixture({ patientId: 'p-9' });
    const copy = structuredClone(input);
    expect(toFhirAuditEvent(input)).toEqual(toFhirAuditEvent(input));
    expect(input).toEqual(copy);
  });
});

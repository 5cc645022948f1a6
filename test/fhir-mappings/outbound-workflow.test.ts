import { getReferenceString } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { consentToFhir } from '../../fhir-mappings/consent.js';
import { buildHealthConcern } from '../../fhir-mappings/outbound/condition.js';
import { buildSocialFlag } from '../../fhir-mappings/outbound/flag.js';
import { buildScreeningObservation } from '../../fhir-mappings/outbound/observation.js';
import { buildScreeningResponse } from '../../fhir-mappings/outbound/questionnaire-response.js';
import { buildReferralRequest } from '../../fhir-mappings/outbound/service-request.js';
import { buildReferralTask } from '../../fhir-mappings/outbound/task.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { loadR4Definitions } from './support/r4-definitions.js';

/**
 * One patient through the Gravity SDOH chain: screening → finding → problem → flag → consent →
 * referral → task. Every reference between the module's resources must point at one built here.
 */
loadR4Definitions();

const worker = { userId: 'u-ctxh-1', display: 'Lương Thị Hoa (CTXH)' };
const hospital = { kind: 'hospital' as const, id: 'h-bvdklc', display: 'Bệnh viện Đa khoa tỉnh Lào Cai' };
const bachMai = { kind: 'hospital' as const, id: 'h-bachmai', display: 'Phòng CTXH, Bệnh viện Bạch Mai' };
const patientId = 'bn-laocai-000123';

function buildChain(): Resource[] {
  return [
    buildScreeningResponse({
      id: 'qr1',
      questionnaire: 'https://nhipcau.vn/fhir/Questionnaire/sang-loc-ho-ngheo|2026.1',
      status: 'completed',
      patientId,
      authored: '2026-03-02T09:00:00+07:00',
      author: worker,
      items: [{ linkId: 'income', answers: [{ type: 'money', valueVnd: 900000 }] }],
    }),
    buildScreeningObservation({
      id: 'ob1',
      status: 'final',
      patientId,
      questionnaireResponseId: 'qr1',
      domain: 'financial-insecurity',
      code: { system: SYSTEMS.nhipcau.screeningItem, code: 'income-per-person-month' },
      value: { type: 'money', valueVnd: 900000 },
      effective: '2026-03-02T09:00:00+07:00',
      performer: worker,
    }),
    buildHealthConcern({
      id: 'cd1',
      patientId,
      icd10: { code: 'Z59.5', display: 'Extreme poverty' },
      domain: 'financial-insecurity',
      clinicalStatus: 'active',
      verificationStatus: 'provisional',
      evidenceObservationIds: ['ob1'],
      recordedDate: '2026-03-02',
      asserter: worker,
    }),
    buildSocialFlag({
      id: 'fl1',
      patientId,
      kind: 'poor-household',
      certainty: 'likely',
      basis: 'screening',
      status: 'active',
      periodStart: '2026-03-02',
      author: worker,
      reasons: [
        { code: 'income-below-standard', display: 'Thu nhập 900.000 đ/người/tháng', record: { resourceType: 'Condition', id: 'cd1' } },
      ],
    }),
    consentToFhir({
      consent: {
        id: 'cs1',
        purpose: 'share-hospital',
        recipient: { kind: 'hospital', id: bachMai.id, name: bachMai.display },
        givenBy: { kind: 'patient' },
        childAgreed: null,
        method: { kind: 'verbal', witnessName: 'Nguyễn Văn Nam' },
        givenOn: '2026-03-02',
        validUntil: null,
        recordedAt: '2026-03-02T10:00:00+07:00',
        withdrawal: null,
        allows: { vi: 'Cho phép chia sẻ với Bạch Mai', en: 'Allows sharing with Bạch Mai' },
      },
      patientFhirId: patientId,
      custodian: hospital,
    }),
    buildReferralRequest({
      id: 'sr1',
      status: 'active',
      patientId,
      domains: ['financial-insecurity'],
      service: { system: SYSTEMS.nhipcau.referralService, code: 'social-work-follow-up' },
      reasonConditionIds: ['cd1'],
      requester: worker,
      performer: bachMai,
      consentId: 'cs1',
      authoredOn: '2026-03-02T11:00:00+07:00',
    }),
    buildReferralTask({
      id: 'tk1',
      serviceRequestId: 'sr1',
      patientId,
      status: 'received',
      previousStatus: 'requested',
      requester: hospital,
      owner: bachMai,
      authoredOn: '2026-03-02T11:00:00+07:00',
      lastModified: '2026-03-02T15:00:00+07:00',
    }),
  ];
}

function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'reference' && typeof v === 'string' ? [v] : referencesIn(v)));
}

describe('the Gravity SDOH chain', () => {
  const chain = buildChain();
  const built = new Set(chain.map((r) => getReferenceString(r)));
  const hospitalSide = ['Patient/', 'Encounter/', 'RelatedPerson/', 'Coverage/', 'DocumentReference/'];

  it('links every module resource to one built in the chain', () => {
    const internal = chain.flatMap(referencesIn).filter((ref) => !hospitalSide.some((p) => ref.startsWith(p)));
    expect(internal.sort()).toEqual([
      'Condition/cd1',
      'Condition/cd1',
      'Observation/ob1',
      'QuestionnaireResponse/qr1',
      'ServiceRequest/sr1',
    ]);
    for (const ref of internal) expect(built.has(ref), ref).toBe(true);
  });

  it('points the way the IG does: derivedFrom, evidence.detail, flag-detail, reasonReference, supportingInfo, focus', () => {
    const [, obs, cond, flag, consent, sr, task] = chain as [Resource, ...Record<string, unknown>[]];
    expect(referencesIn(obs?.derivedFrom)).toEqual(['QuestionnaireResponse/qr1']);
    expect(referencesIn(cond?.evidence)).toEqual(['Observation/ob1']);
    expect(referencesIn(flag?.extension)).toEqual(['Condition/cd1']);
    expect(referencesIn(sr?.reasonReference)).toEqual(['Condition/cd1']);
    // The consent by its business identifier (it may predate the hospital's write-back): the one the Consent carries.
    expect((sr?.supportingInfo as { identifier: unknown }[])[0]?.identifier).toEqual((consent?.identifier as unknown[])[0]);
    expect(referencesIn(task?.focus)).toEqual(['ServiceRequest/sr1']);
  });

  it('refers to the same patient everywhere', () => {
    const patients = new Set(chain.flatMap(referencesIn).filter((r) => r.startsWith('Patient/')));
    expect([...patients]).toEqual([`Patient/${patientId}`]);
  });
});

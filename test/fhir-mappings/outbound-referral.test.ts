import { beforeAll, describe, expect, it } from 'vitest';
import { buildConsent, type ConsentInput } from '../../fhir-mappings/outbound/consent.js';
import { buildReferralRequest, type ReferralRequestInput } from '../../fhir-mappings/outbound/service-request.js';
import {
  REFERRAL_TRANSITIONS,
  buildReferralTask,
  canTransition,
  type ReferralTaskInput,
  type ReferralTaskStatus,
} from '../../fhir-mappings/outbound/task.js';
import { FhirValidationError } from '../../fhir-mappings/outbound/validate.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { validateFhir } from '../setup/fhir-validate.js';
import { loadR4Definitions } from './support/r4-definitions.js';

/** Consent, referral (ServiceRequest) and its tracking (Task), Gravity SDOH step 5. */
beforeAll(loadR4Definitions);

const hospital = { kind: 'hospital' as const, id: 'h-bvdklc', display: 'Bệnh viện Đa khoa tỉnh Lào Cai' };
const charity = { kind: 'organisation' as const, id: 'o-quy-vong-tay', display: 'Quỹ Vòng Tay Nhân Ái' };

const consent: ConsentInput = {
  id: 'cs-5521-1',
  patientId: 'sapa-5521',
  status: 'active',
  dateTime: '2026-03-03T10:00:00+07:00',
  grantor: { kind: 'guardian', relatedPersonId: 'rp-5521-me', display: 'Tẩn Tả Mẩy (mẹ)' },
  purpose: 'charity-funding',
  recipient: charity,
  data: ['health', 'finances', 'story'],
  period: { start: '2026-03-03', end: '2027-03-03' },
  custodian: hospital,
  signedFormDocumentId: 'doc-consent-5521',
};

const referral: ReferralRequestInput = {
  id: 'rf-5521-1',
  status: 'active',
  priority: 'urgent',
  patientId: 'sapa-5521',
  domain: 'medical-cost-burden',
  service: { system: SYSTEMS.nhipcau.referralService, code: 'treatment-funding', display: 'Hỗ trợ chi phí điều trị' },
  reasonConditionIds: ['hc-5521-1'],
  requester: { userId: 'u-ctxh-1', display: 'Lương Thị Hoa (CTXH)' },
  performer: charity,
  consentId: 'cs-5521-1',
  authoredOn: '2026-03-03T11:00:00+07:00',
};

const task: ReferralTaskInput = {
  id: 'tk-5521-1',
  serviceRequestId: 'rf-5521-1',
  patientId: 'sapa-5521',
  status: 'requested',
  requester: hospital,
  owner: charity,
  authoredOn: '2026-03-03T11:00:00+07:00',
  lastModified: '2026-03-03T11:00:00+07:00',
};

function catchError(fn: () => unknown): FhirValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FhirValidationError) return e;
    throw e;
  }
  throw new Error('expected a FhirValidationError');
}

describe('buildConsent', () => {
  it('builds a valid per-purpose, per-recipient privacy consent given by a guardian', () => {
    const c = buildConsent(consent);
    expect(validateFhir(c)).toEqual([]);
    expect(c).toMatchObject({
      status: 'active',
      scope: { coding: [{ code: 'patient-privacy' }] },
      patient: { reference: 'Patient/sapa-5521' },
      performer: [{ reference: 'RelatedPerson/rp-5521-me', display: 'Tẩn Tả Mẩy (mẹ)' }],
      sourceReference: { reference: 'DocumentReference/doc-consent-5521' },
      policy: [{ uri: SYSTEMS.nhipcau.consentPolicyLaw }, { uri: SYSTEMS.nhipcau.consentPolicyDecree }],
    });
    expect(c.provision).toMatchObject({
      type: 'permit',
      period: { start: '2026-03-03', end: '2027-03-03' },
      actor: [
        {
          role: { coding: [{ code: 'IRCP' }] },
          reference: { identifier: { system: SYSTEMS.nhipcau.organisationId, value: 'o-quy-vong-tay' } },
        },
      ],
      purpose: [{ system: SYSTEMS.nhipcau.consentPurpose, code: 'charity-funding' }],
    });
    expect(c.provision?.code?.map((x) => x.coding?.[0]?.code)).toEqual(['health', 'finances', 'story']);
  });

  it('records a withdrawal as inactive with the provision closed on that day', () => {
    const c = buildConsent({ ...consent, status: 'inactive', withdrawnOn: '2026-05-01' });
    expect(c.status).toBe('inactive');
    expect(c.provision?.period).toEqual({ start: '2026-03-03', end: '2026-05-01' });
  });

  it('names the patient as performer when the patient consents', () => {
    expect(buildConsent({ ...consent, grantor: { kind: 'patient' } }).performer).toEqual([{ reference: 'Patient/sapa-5521' }]);
  });

  it('refuses a consent without data kinds, a withdrawal without a day, a withdrawal day on an active consent', () => {
    expect(catchError(() => buildConsent({ ...consent, data: [] })).code).toBe('FHIR.INVALID_INPUT');
    expect(catchError(() => buildConsent({ ...consent, status: 'inactive' })).code).toBe('FHIR.INVALID_INPUT');
    expect(catchError(() => buildConsent({ ...consent, withdrawnOn: '2026-05-01' })).code).toBe('FHIR.INVALID_INPUT');
  });
});

describe('buildReferralRequest', () => {
  it('builds a valid ServiceRequest: SDOH category, reason → Condition, performer, consent in supportingInfo', () => {
    const sr = buildReferralRequest(referral);
    expect(validateFhir(sr)).toEqual([]);
    expect(sr).toMatchObject({
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      category: [{ coding: [{ system: SYSTEMS.hl7.sdohccTemporaryCodes, code: 'medical-cost-burden' }] }],
      reasonReference: [{ reference: 'Condition/hc-5521-1' }],
      supportingInfo: [{ reference: 'Consent/cs-5521-1' }],
      performer: [{ type: 'Organization', display: 'Quỹ Vòng Tay Nhân Ái' }],
    });
  });

  it('lets a draft go without consent, but not a sent referral', () => {
    expect(validateFhir(buildReferralRequest({ ...referral, status: 'draft', consentId: undefined }))).toEqual([]);
    expect(catchError(() => buildReferralRequest({ ...referral, consentId: undefined })).code).toBe('FHIR.INVALID_INPUT');
  });
});

describe('buildReferralTask', () => {
  it('builds a valid Task: fulfill, focus → ServiceRequest, for → Patient, requester and owner', () => {
    const t = buildReferralTask(task);
    expect(validateFhir(t)).toEqual([]);
    expect(t).toMatchObject({
      status: 'requested',
      intent: 'order',
      code: { coding: [{ system: SYSTEMS.hl7.taskCode, code: 'fulfill' }] },
      focus: { reference: 'ServiceRequest/rf-5521-1' },
      for: { reference: 'Patient/sapa-5521' },
      owner: { display: 'Quỹ Vòng Tay Nhân Ái' },
    });
  });

  it('carries the receiver capacity answer in businessStatus and the reason for on-hold', () => {
    const t = buildReferralTask({
      ...task,
      status: 'on-hold',
      previousStatus: 'accepted',
      statusReason: 'Chờ quỹ họp xét duyệt',
      capacity: 'waitlist',
      lastModified: '2026-03-05T08:00:00+07:00',
    });
    expect(t.businessStatus).toEqual({ coding: [{ system: SYSTEMS.nhipcau.referralCapacity, code: 'waitlist' }] });
    expect(t.statusReason).toEqual({ text: 'Chờ quỹ họp xét duyệt' });
  });

  it.each(['rejected', 'failed', 'cancelled', 'on-hold'] as const)('requires a reason for %s', (status) => {
    expect(catchError(() => buildReferralTask({ ...task, status })).code).toBe('FHIR.INVALID_INPUT');
    expect(validateFhir(buildReferralTask({ ...task, status, statusReason: 'Lý do' }))).toEqual([]);
  });

  it('refuses a transition the workflow does not allow', () => {
    expect(catchError(() => buildReferralTask({ ...task, status: 'completed', previousStatus: 'requested' })).code).toBe(
      'FHIR.INVALID_INPUT',
    );
  });

  it('refuses lastModified before authoredOn (Task invariant inv-1, caught by validateResource)', () => {
    const err = catchError(() => buildReferralTask({ ...task, lastModified: '2026-03-01T00:00:00+07:00' }));
    expect(err.code).toBe('FHIR.INVALID_RESOURCE');
    expect(err.issues[0]?.details?.text).toMatch(/inv-1/);
  });

  it('follows draft → requested → received → accepted | rejected → in-progress | on-hold → completed | failed | cancelled', () => {
    const path: ReferralTaskStatus[] = ['draft', 'requested', 'received', 'accepted', 'in-progress', 'on-hold', 'in-progress', 'completed'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
    expect(canTransition('received', 'rejected')).toBe(true);
    for (const end of ['rejected', 'completed', 'failed', 'cancelled'] as const) expect(REFERRAL_TRANSITIONS[end]).toEqual([]);
    expect(canTransition('draft', 'completed')).toBe(false);
    expect(canTransition('completed', 'in-progress')).toBe(false);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { referralToFhir, type ReferralFhirInput } from '../../fhir-mappings/referral.js';
import {
  REFERRAL_NEED_SDOH,
  REFERRAL_PRIORITY,
  REFERRAL_SERVICE_DISPLAY,
  buildReferralRequest,
  requestStatusOf,
  sdohDomainsOf,
  type ReferralRequestInput,
} from '../../fhir-mappings/outbound/service-request.js';
import {
  CAPACITY_DISPLAY,
  REFERRAL_TRANSITIONS,
  buildReferralTask,
  canTransition,
  type ReferralTaskInput,
  type ReferralTaskStatus,
} from '../../fhir-mappings/outbound/task.js';
import { FhirValidationError } from '../../fhir-mappings/outbound/validate.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { NEED_DOMAINS } from '../../server/features/cases/cases.schemas.js';
import { CAPACITY_ANSWERS, REFERRAL_SERVICES, REFERRAL_STATUSES, REFERRAL_URGENCIES } from '../../server/features/referrals/referrals.schemas.js';
import { validateFhir } from '../setup/fhir-validate.js';
import { loadR4Definitions } from './support/r4-definitions.js';

/** A referral (ServiceRequest) and its tracking (Task), Gravity SDOH step 5; the consent's mapping is fhir-mappings/consent.ts (consent.test.ts). */
beforeAll(loadR4Definitions);

const hospital = { kind: 'hospital' as const, id: 'h-bvdklc', display: 'Bệnh viện Đa khoa tỉnh Lào Cai' };
const charity = { kind: 'organisation' as const, id: 'o-quy-vong-tay', display: 'Quỹ Vòng Tay Nhân Ái' };

const referral: ReferralRequestInput = {
  id: 'rf-5521-1',
  status: 'active',
  priority: 'urgent',
  patientId: 'sapa-5521',
  domains: ['medical-cost-burden'],
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
      supportingInfo: [{ type: 'Consent', identifier: { system: SYSTEMS.nhipcau.sid('consent'), value: 'cs-5521-1' } }],
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
    expect(t.businessStatus).toEqual({ coding: [{ system: SYSTEMS.nhipcau.referralCapacity, code: 'waitlist', display: 'Đưa vào danh sách chờ' }] });
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

describe('referralToFhir: a sent referral as the ServiceRequest and its Task', () => {
  const input: ReferralFhirInput = {
    referral: {
      id: '665f00000000000000000f01',
      status: 'requested',
      urgency: 'emergency',
      service: 'continuing-support',
      needs: ['financial', 'psychosocial', 'financial', 'legal'],
      capacity: null,
      statusReason: null,
      outcome: null,
      sentAt: '2026-12-01T02:00:00.000Z',
      lastMove: { from: 'draft', at: '2026-12-01T02:00:00.000Z' },
      consentId: '665f000000000000000c0001',
    },
    patientFhirId: 'bn-laocai-000123',
    requester: { userId: '665f000000000000000a0009', display: 'Lương Thị Hoa' },
    sender: hospital,
    receiver: { kind: 'hospital', id: '665f00000000000000000b01', display: 'Bệnh viện Bạch Mai' },
  };
  const at = (status: ReferralTaskStatus, from: ReferralTaskStatus, more: Partial<ReferralFhirInput['referral']> = {}): ReferralFhirInput => ({
    ...input,
    referral: { ...input.referral, status, lastMove: { from, at: '2026-12-03T04:00:00.000Z' }, ...more },
  });

  it('writes a valid ServiceRequest: the needs’ SDOH domains, the service code, stat for an emergency, the consent by identifier, no reason yet', () => {
    const [sr, task] = referralToFhir(input);
    expect(validateFhir(sr)).toEqual([]);
    expect(validateFhir(task)).toEqual([]);
    expect(sr).toMatchObject({
      id: 'nc-referral-665f00000000000000000f01',
      identifier: [{ system: SYSTEMS.nhipcau.sid('referral'), value: '665f00000000000000000f01' }],
      status: 'active',
      priority: 'stat',
      subject: { reference: 'Patient/bn-laocai-000123' },
      code: { coding: [{ system: SYSTEMS.nhipcau.referralService, code: 'continuing-support' }] },
      performer: [{ type: 'Organization', identifier: { system: SYSTEMS.nhipcau.hospitalId, value: '665f00000000000000000b01' }, display: 'Bệnh viện Bạch Mai' }],
      supportingInfo: [{ type: 'Consent', identifier: { system: SYSTEMS.nhipcau.sid('consent'), value: '665f000000000000000c0001' } }],
    });
    expect(sr.category?.map((c) => c.coding?.[0]?.code)).toEqual(['financial-insecurity', 'stress', 'sdoh-category-unspecified']);
    expect(sr.reasonReference).toBeUndefined();
  });

  it('writes the Task: focus → the ServiceRequest, owner the receiver by identifier and name, the sending hospital as requester', () => {
    const [, task] = referralToFhir(input);
    expect(task).toMatchObject({
      id: 'nc-referral-task-665f00000000000000000f01',
      status: 'requested',
      focus: { reference: 'ServiceRequest/nc-referral-665f00000000000000000f01' },
      for: { reference: 'Patient/bn-laocai-000123' },
      owner: { type: 'Organization', identifier: { system: SYSTEMS.nhipcau.hospitalId, value: '665f00000000000000000b01' }, display: 'Bệnh viện Bạch Mai' },
      requester: { identifier: { system: SYSTEMS.nhipcau.hospitalId, value: hospital.id } },
      authoredOn: '2026-12-01T02:00:00.000Z',
      lastModified: '2026-12-01T02:00:00.000Z',
    });
    expect(task.businessStatus).toBeUndefined();
  });

  it('carries the capacity answer in businessStatus and the reason in statusReason', () => {
    const [sr, task] = referralToFhir(at('on-hold', 'accepted', { capacity: 'waitlist', statusReason: 'Chờ giường trống' }));
    expect(sr.status).toBe('active');
    expect(task).toMatchObject({
      status: 'on-hold',
      statusReason: { text: 'Chờ giường trống' },
      businessStatus: { coding: [{ system: SYSTEMS.nhipcau.referralCapacity, code: 'waitlist' }] },
      lastModified: '2026-12-03T04:00:00.000Z',
    });
  });

  it.each([
    ['completed', 'in-progress', 'completed'],
    ['rejected', 'requested', 'revoked'],
    ['failed', 'accepted', 'revoked'],
    ['cancelled', 'received', 'revoked'],
    ['accepted', 'received', 'active'],
  ] as const)('a referral %s (from %s) leaves the ServiceRequest %s', (status, from, requestStatus) => {
    const [sr, task] = referralToFhir(at(status, from, { statusReason: 'Lý do', outcome: status === 'completed' ? 'Đã tiếp nhận, hỗ trợ 2.000.000 ₫' : null }));
    expect(validateFhir(sr)).toEqual([]);
    expect(validateFhir(task)).toEqual([]);
    expect(sr.status).toBe(requestStatus);
    expect(task.status).toBe(status);
    if (status === 'completed') expect(task.output).toEqual([{ type: { text: 'outcome' }, valueString: 'Đã tiếp nhận, hỗ trợ 2.000.000 ₫' }]);
  });

  it('refuses a draft, and a move the workflow does not allow', () => {
    expect(catchError(() => referralToFhir({ ...input, referral: { ...input.referral, status: 'draft', lastMove: { from: null, at: input.referral.sentAt } } })).code).toBe('FHIR.INVALID_INPUT');
    expect(catchError(() => referralToFhir(at('completed', 'requested', { outcome: 'x' }))).code).toBe('FHIR.INVALID_INPUT');
  });

  it('has one SDOH domain for every need a case records, and words and a priority for every service and urgency', () => {
    expect(Object.keys(REFERRAL_NEED_SDOH).sort()).toEqual([...NEED_DOMAINS].sort());
    expect(sdohDomainsOf(['housing', 'violence', 'housing'])).toEqual(['housing-instability', 'intimate-partner-violence']);
    expect(Object.keys(REFERRAL_SERVICE_DISPLAY).sort()).toEqual([...REFERRAL_SERVICES].sort());
    expect(Object.keys(REFERRAL_PRIORITY).sort()).toEqual([...REFERRAL_URGENCIES].sort());
    expect(Object.keys(CAPACITY_DISPLAY).sort()).toEqual([...CAPACITY_ANSWERS].sort());
    for (const s of REFERRAL_STATUSES) expect(['draft', 'active', 'completed', 'revoked']).toContain(requestStatusOf(s));
  });
});

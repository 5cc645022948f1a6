import { randomUUID } from 'node:crypto';
import { BSON } from 'mongodb';
import mongoose from 'mongoose';
import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../server/config.js';
import { DETAIL_CODES } from '../../server/errors.js';
import { findHospital } from '../../server/features/admin/hospitals.service.js';
import { issueToken } from '../../server/features/auth/auth.service.js';
import { beginSync, findRun, runSync } from '../../server/features/sync/census-sync.service.js';
import { linkPatient } from '../../server/features/patients/patients.service.js';
import { readScreeningResponse } from '../../server/features/screening/answers.js';
import { screenOne } from '../../server/features/screening/screening.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { buildOpenApi } from '../../server/http/openapi.js';
import { POLICY } from '../../server/http/policy.js';
import type { Method, RouteDef } from '../../server/http/route.js';
import { makeFhirHospital, makeHospital, makeOrganisation, makeUser, signIn, TEST_PASSWORD, type SignedIn } from '../setup/factories.js';
import { questionnaireResponse } from '../setup/screening.js';
import { startTestApp } from '../setup/test-app.js';
import { notify } from '../../server/notifications/notifications.api.js';
import { NotificationModel } from '../../server/notifications/notifications.model.js';
import { systemClock, vietnamToday } from '../../server/clock.js';
import type { HospitalRecord } from '../../server/features/admin/hospitals.service.js';
import { openCaseForFlag } from '../../server/features/cases/cases.service.js';
import { CaseModel, type CaseRecord } from '../../server/features/cases/cases.model.js';
import { addGoal, addNeed } from '../../server/features/cases/cases.plan.js';
import { requestClosure } from '../../server/features/cases/cases.workflow.js';
import { recordConsent } from '../../server/features/consent/consent.service.js';
import { AttachmentModel } from '../../server/features/cases/attachments.model.js';
import { attachmentsBucket } from '../../server/features/cases/attachments.upload.js';
import { createNote } from '../../server/features/cases/notes.service.js';
import { SYNC_ONLY, waitForRun } from '../setup/worker.js';
import { createReferral } from '../../server/features/referrals/referrals.service.js';
import { FundingRequestModel } from '../../server/features/funding/funding.model.js';
import { DisbursementModel, type PledgeRecord } from '../../server/features/funding/pledges.model.js';
import { recordDisbursement } from '../../server/features/funding/ledger/disburse-ops.js';
import { openRequestAccount } from '../../server/features/funding/ledger/ledger.js';
import { recordPledge } from '../../server/features/funding/ledger/pledge-ops.js';
import { fundingCreateBody } from '../../server/features/funding/funding.schemas.js';
import { createFundingRequest } from '../../server/features/funding/funding.service.js';

/**
 * Bad input, route by route: every route the app mounts is walked (new routes are covered without
 * touching this file, except that a new write or query needs its row below). Each bad request must
 * answer 400 (413 for a body over the limit) with the exact field path, and must write nothing.
 */

/** Fixtures the example bodies and ids point at. */
interface Fixtures {
  admin: SignedIn;
  /** A social worker of `fhirHospitalId`: patient routes are theirs, not the admin's. */
  socialWorker: SignedIn;
  hospitalId: string;
  /** A hospital whose FHIR link points at the demo hospital started in beforeAll. */
  fhirHospitalId: string;
  patientId: string;
  /** Another patient of `fhirHospitalId`, screened by the screening route's control (so the flag below is not superseded). */
  screenedPatientId: string;
  /** An active flag (write-back off) of `fhirHospitalId`, from a questionnaire screening. */
  flagId: string;
  syncRunId: string;
  organisationId: string;
  userId: string;
  ownTokenId: string;
  otherTokenId: string;
  /** An unread notification of the admin (a second one is left for read-all to mark). */
  notificationId: string;
  /** A case of `fhirHospitalId` (its own patient) and an active consent of it, for the consent routes. */
  consentCaseId: string;
  /** A hospital no other row changes (the hospitals' PATCH rows may switch `hospitalId` off): a consent's recipient. */
  consentRecipientId: string;
  consentId: string;
  /** A case of `fhirHospitalId` for the timeline, note and attachment routes, and a stored attachment of it. */
  workCaseId: string;
  attachmentId: string;
  /** A head of social work of `fhirHospitalId` (assignment and the closure decision are theirs). */
  lead: SignedIn;
  /** A case of `fhirHospitalId` with a need and a goal; another with a closure request waiting. */
  caseId: string;
  needId: string;
  goalId: string;
  closureCaseId: string;
}

interface WriteRow {
  /** A body this route accepts (it would succeed for the record in `ids`). */
  valid(f: Fixtures): Record<string, unknown>;
  /** Dot paths whose absence alone is a 400 at `body.<path>`. */
  required: string[];
  /** What an empty body answers: the paths named, or null when {} is valid. */
  empty: string[] | null;
  /** Dot path → a string one past that field's cap. */
  tooLong: Record<string, string>;
  /** Dot path → another value the field refuses (format, range, enum, fields that may not be sent). */
  invalid: Record<string, unknown>;
  /**
   * Dot paths holding a FHIR resource read by its own reader (item paths by linkId, checked in its
   * feature's tests): the type and unknown-field walks stop there.
   */
  opaque?: string[];
  /** The valid example changes nothing here (a write-back retry of a hospital with write-back off). */
  noWrite?: boolean;
}

const long = (n: number): string => 'a'.repeat(n);
const email = (n: number): string => `${'a'.repeat(n - '@example.vn'.length)}@example.vn`;
const url = (n: number): string => `https://fhir.example.vn/${'a'.repeat(n - 'https://fhir.example.vn/'.length)}`;
const NEW_PASSWORD = 'a-brand-new-passphrase';

const province = { current: 'Lào Cai', old: 'Yên Bái' };
const contact = { name: 'Chị Lan', email: 'lan@example.vn', phone: '0912 345 678' };

/** A funding request's body (create and preview share it). */
const FUNDING_CREATE: WriteRow = {
  valid: (f: Fixtures) => ({
    lines: [
      { kind: 'hospital-fees', description: 'Viện phí đợt điều trị', totalVnd: 2_000_000, statedInsuranceVnd: 1_600_000, serviceDate: '2026-12-01' },
      { kind: 'travel-home', description: 'Xe về quê', totalVnd: 500_000 },
    ],
    urgency: 'urgent',
    neededBy: '2099-12-31',
    justification: 'Gia đình hộ nghèo, không đủ khả năng chi trả',
    documentIds: [f.attachmentId],
    episodeId: 'LK-0001',
  }),
  required: ['lines', 'neededBy', 'justification', 'lines.0.kind', 'lines.0.description', 'lines.0.totalVnd'],
  empty: ['body.lines', 'body.neededBy', 'body.justification'],
  tooLong: { justification: long(2001), 'lines.0.description': long(201), episodeId: long(51) },
  invalid: {
    lines: [],
    'lines.0.kind': 'rent',
    'lines.0.totalVnd': 0,
    'lines.1.totalVnd': 1.5,
    'lines.0.statedInsuranceVnd': -1,
    'lines.1.statedInsuranceVnd': 5,
    'lines.0.serviceDate': '2026-02-30',
    urgency: 'now',
    neededBy: '31/12/2099',
    'documentIds.0': '5'.repeat(24),
  },
};

// Every write route (every method but GET), by `${METHOD} ${path}`.
const WRITES: Record<string, WriteRow> = {
  'POST /auth/login': {
    valid: () => ({ username: 'someone', password: 'whatever-password' }),
    required: ['username', 'password'],
    empty: ['body.username', 'body.password'],
    tooLong: { username: long(65), password: long(129) },
    invalid: { username: '   ', password: '' },
  },
  'POST /auth/logout': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  'POST /auth/password': {
    valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
    required: ['currentPassword', 'newPassword'],
    empty: ['body.currentPassword', 'body.newPassword'],
    tooLong: { currentPassword: long(129), newPassword: long(129) },
    invalid: { newPassword: 'short-pass', currentPassword: '' },
  },
  'POST /auth/tokens': {
    valid: () => ({ name: 'Tích hợp quỹ', scopes: ['network:read', 'audit:read'], expiresInDays: 30 }),
    required: ['name', 'scopes'],
    empty: ['body.name', 'body.scopes'],
    tooLong: { name: long(101) },
    invalid: { name: '  ', scopes: [], 'scopes.1': 'everything', expiresInDays: 367 },
  },
  'DELETE /auth/tokens/:id': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  'DELETE /admin/tokens/:id': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  'POST /hospitals': {
    valid: () => ({
      code: 'BVMOI01',
      name: 'Bệnh viện Đa khoa Mới',
      province,
      level: 'provincial',
      socialWorkUnit: 'phong',
      fhir: { baseUrl: 'https://fhir.example.vn/r4', authType: 'bearer', enabled: true, timeoutMs: 5000, token: 'bi-mat' },
    }),
    required: ['code', 'name', 'province', 'province.current', 'province.old', 'level', 'socialWorkUnit'],
    empty: ['body.code', 'body.name', 'body.province', 'body.level', 'body.socialWorkUnit'],
    tooLong: { code: 'A'.repeat(11), name: long(201), 'province.current': long(101), 'province.old': long(101), 'fhir.baseUrl': url(501), 'fhir.token': long(4001) },
    invalid: { code: 'bv-1', level: 'national', 'fhir.baseUrl': 'ftp://fhir.example.vn', 'fhir.timeoutMs': 499, 'fhir.authType': 'kerberos' },
  },
  'PATCH /hospitals/:id': {
    valid: () => ({ name: 'Tên đã đổi', province, level: 'district', socialWorkUnit: 'to', active: false, fhir: { timeoutMs: 8000, scope: 'system/*.read' } }),
    required: ['province.current', 'province.old'],
    empty: ['body'],
    tooLong: { name: long(201), 'province.old': long(101), 'fhir.scope': long(1001) },
    invalid: { code: 'BVKHAC', name: '', 'fhir.timeoutMs': 120_001 },
  },
  'POST /organisations': {
    valid: () => ({ name: 'Quỹ Nhịp Cầu Mới', type: 'ngo', contact, fundingInterests: ['children', 'renal'] }),
    required: ['name', 'type', 'contact', 'contact.name', 'contact.email'],
    empty: ['body.name', 'body.type', 'body.contact'],
    tooLong: { name: long(201), 'contact.name': long(201), 'contact.email': email(201), 'contact.phone': '1'.repeat(21) },
    invalid: { type: 'bank', 'contact.email': 'not-an-email', 'contact.phone': 'gọi tôi', 'fundingInterests.0': 'luxury' },
  },
  'PATCH /organisations/:id': {
    valid: () => ({ name: 'Quỹ đã đổi tên', type: 'fund', contact, fundingInterests: ['food'], active: false }),
    required: ['contact.name', 'contact.email'],
    empty: ['body'],
    tooLong: { name: long(201), 'contact.email': email(201) },
    invalid: { name: ' ', fundingInterests: 'food' },
  },
  'POST /users': {
    valid: (f) => ({
      username: 'nhanvien.moi',
      displayName: 'Nhân viên mới',
      role: 'social_worker',
      hospitalId: f.hospitalId,
      locale: 'en',
      password: NEW_PASSWORD,
      email: 'nhanvien.moi@benhvien.example.vn',
    }),
    required: ['username', 'displayName', 'role', 'password'],
    empty: ['body.username', 'body.displayName', 'body.role', 'body.password'],
    tooLong: { username: long(65), displayName: long(201), password: long(129), email: email(201) },
    invalid: { username: 'a b', role: 'superuser', hospitalId: 'not-an-id', organisationId: '123', locale: 'fr', password: 'short', email: 'not-an-email' },
  },
  'PATCH /users/:id': {
    valid: (f) => ({ displayName: 'Tên đã đổi', role: 'sw_lead', hospitalId: f.hospitalId, locale: 'vi', disabled: false, password: NEW_PASSWORD, email: 'doi.ten@benhvien.example.vn' }),
    required: [],
    empty: ['body'],
    tooLong: { displayName: long(201), password: long(129), email: email(201) },
    invalid: { username: 'doiten', role: 'root', hospitalId: 'ABCDEF0123456789ABCDEF01', organisationId: 'xyz', email: 'ten@' },
  },
  // A patient of the demo hospital (ids are `<code>-<6 digits>`), not the one linked in beforeAll.
  'POST /patients': {
    valid: () => ({ fhirId: 'bvdklc-000003' }),
    required: ['fhirId'],
    empty: ['body.fhirId'],
    tooLong: { fhirId: long(65) },
    invalid: { fhirId: 'Patient/bvdklc-000003' },
  },
  'POST /patients/:id/resync': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  'POST /hospitals/:id/sync': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  'POST /patients/:id/screenings': {
    valid: () => ({ questionnaireResponse: questionnaireResponse() }),
    required: ['questionnaireResponse', 'questionnaireResponse.resourceType'],
    empty: ['body.questionnaireResponse'],
    tooLong: {},
    invalid: {
      'questionnaireResponse.resourceType': 'Questionnaire',
      'questionnaireResponse.questionnaire': 'https://example.org/Questionnaire/phq-9',
    },
    opaque: ['questionnaireResponse'],
  },
  'POST /flags/:id/review': {
    valid: () => ({ decision: 'dismiss', reason: 'Gia đình đã có hỗ trợ' }),
    required: ['decision', 'reason'],
    empty: ['body.decision'],
    tooLong: { reason: long(501) },
    invalid: { decision: 'approve', reason: 'ok' },
  },
  'POST /hospitals/:id/screening-tiers': {
    valid: () => ({ code: 'far-from-home', tier: 'support' }),
    required: ['code', 'tier'],
    empty: ['body.code', 'body.tier'],
    tooLong: { code: long(61) },
    invalid: { code: 'not-a-finding', tier: 'urgent', effectiveFrom: '2020-01-01' },
  },
  'POST /flags/:id/write-back/retry': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {}, noWrite: true },
  'POST /notifications/:id/read': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  'POST /notifications/read-all': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  // Valid whatever the demo patient's age: a legal representative for a patient without capacity, with the child's agreement (ignored for an adult).
  'POST /cases/:id/consents': {
    valid: (f) => ({
      purpose: 'share-hospital',
      recipient: { kind: 'hospital', id: f.consentRecipientId },
      givenBy: { kind: 'legal-representative', name: 'Lò Văn Sáng', relationship: 'con trai' },
      childAgreed: true,
      patientLacksCapacity: true,
      method: { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' },
      givenOn: vietnamToday(systemClock),
      validUntil: '2099-12-31',
    }),
    required: ['purpose', 'recipient', 'recipient.kind', 'recipient.id', 'givenBy', 'givenBy.kind', 'givenBy.name', 'givenBy.relationship', 'method', 'method.kind', 'method.witnessName', 'givenOn'],
    empty: ['body.purpose', 'body.recipient', 'body.givenBy', 'body.method', 'body.givenOn'],
    tooLong: { 'givenBy.name': long(201), 'givenBy.relationship': long(101), 'method.witnessName': long(201) },
    invalid: { purpose: 'sell-data', 'recipient.id': 'not-an-id', 'givenBy.name': '  ', givenOn: '2026-02-30', validUntil: '31/12/2099', 'method.attachmentId': 'a'.repeat(24) },
  },
  // Cases (decision 0020). A goal's target day in the past, an intervention in the future, a need or goal not of the
  // case, an assignee who is not staff of the hospital and a return without a reason are refused by the handler.
  'POST /cases': {
    valid: (f) => ({ patientId: f.patientId, note: 'Gia đình khó khăn' }),
    required: ['patientId'],
    empty: ['body.patientId'],
    tooLong: { note: long(2001) },
    invalid: { patientId: 'not-an-id', note: '   ' },
  },
  'POST /cases/:id/transitions': {
    valid: () => ({ to: 'assessment', reason: 'Đã gặp gia đình' }),
    required: ['to'],
    empty: ['body.to'],
    tooLong: { reason: long(1001) },
    invalid: { to: 'done', reason: '' },
  },
  'PUT /cases/:id/assignee': {
    valid: (f) => ({ userId: f.socialWorker?.user.id ?? '0'.repeat(24) }),
    required: ['userId'],
    empty: ['body.userId'],
    tooLong: {},
    invalid: { userId: 'a'.repeat(24) },
  },
  'POST /cases/:id/needs': {
    valid: () => ({ domain: 'food', description: 'Cần suất ăn cho người nhà' }),
    required: ['domain', 'description'],
    empty: ['body.domain', 'body.description'],
    tooLong: { description: long(2001) },
    invalid: { domain: 'money', description: '  ' },
  },
  'PATCH /cases/:id/needs/:needId': {
    valid: () => ({ description: 'Cần suất ăn hằng ngày', status: 'met' }),
    required: [],
    empty: null,
    tooLong: { description: long(2001) },
    invalid: { status: 'done', description: '' },
  },
  'POST /cases/:id/goals': {
    valid: (f) => ({ needId: f.needId, description: 'Có suất ăn miễn phí', targetDate: '2099-12-31' }),
    required: ['description', 'targetDate'],
    empty: ['body.description', 'body.targetDate'],
    tooLong: { description: long(2001) },
    invalid: { needId: 'a'.repeat(24), targetDate: '2020-01-01', description: ' ' },
  },
  'PATCH /cases/:id/goals/:goalId': {
    valid: () => ({ description: 'Có suất ăn miễn phí mỗi ngày', targetDate: '2099-06-30', status: 'achieved' }),
    required: [],
    empty: null,
    tooLong: { description: long(2001) },
    invalid: { status: 'done', targetDate: '2026-02-30' },
  },
  'POST /cases/:id/interventions': {
    valid: (f) => ({ needId: f.needId, goalId: f.goalId, description: 'Liên hệ bếp ăn từ thiện', activityGroup: 'charity-community', performedOn: vietnamToday(systemClock) }),
    required: ['description', 'activityGroup', 'performedOn'],
    empty: ['body.description', 'body.activityGroup', 'body.performedOn'],
    tooLong: { description: long(2001) },
    invalid: { activityGroup: 'fundraising', performedOn: '2099-01-01', goalId: 'a'.repeat(24) },
  },
  'POST /cases/:id/closure-request': {
    valid: () => ({ outcome: 'resolved', summary: 'Đã được hỗ trợ đủ' }),
    required: ['outcome', 'summary'],
    empty: ['body.outcome', 'body.summary'],
    tooLong: { summary: long(4001) },
    invalid: { outcome: 'cured', summary: ' ' },
  },
  'POST /cases/:id/closure-decision': {
    valid: () => ({ decision: 'return', reason: 'Chưa có biên nhận' }),
    required: ['decision', 'reason'],
    empty: ['body.decision'],
    tooLong: { reason: long(1001) },
    invalid: { decision: 'maybe', reason: '' },
  },
  // Case notes: a day in the future and a correction of a note of another case are refused by the handler (notes.test.ts).
  'POST /cases/:id/notes': {
    valid: () => ({ type: 'home-visit', body: 'Thăm nhà: mái nhà dột', occurredOn: vietnamToday(systemClock) }),
    required: ['type', 'body'],
    empty: ['body.type', 'body.body'],
    tooLong: { body: long(20_001) },
    invalid: { type: 'gossip', body: '  ', occurredOn: '2026-02-30', corrects: 'not-an-id' },
  },
  'PATCH /cases/:id/notes/:noteId': {
    valid: () => ({ body: 'Thăm nhà: mái nhà dột, cần sửa', type: 'home-visit' }),
    required: [],
    empty: ['body.body'],
    tooLong: { body: long(20_001) },
    invalid: { type: 'gossip', body: '' },
  },
  'POST /cases/:id/consents/:consentId/withdrawal': {
    valid: () => ({ reason: 'Người bệnh đổi ý', on: vietnamToday(systemClock) }),
    required: [],
    empty: null,
    tooLong: { reason: long(1001) },
    invalid: { on: '2026-13-01', reason: '' },
  },
  // Referrals (issue 11) of the work case: an unknown recipient, a service it does not offer, a paper of no case,
  // a capacity answer with a move that takes none are refused at their field by the service, before any write.
  'POST /cases/:caseId/referrals': {
    valid: (f) => ({ to: { kind: 'hospital', id: rf?.newRecipientId }, service: 'continuing-support', needs: ['housing', 'food'], urgency: 'urgent', summary: 'Trẻ chuyển viện, cần hỗ trợ tiếp', documentIds: [f.attachmentId], send: false }),
    required: ['to', 'to.kind', 'to.id', 'service', 'needs', 'summary'],
    empty: ['body.to', 'body.service', 'body.needs', 'body.summary'],
    tooLong: { summary: long(2001) },
    invalid: { 'to.kind': 'person', 'to.id': 'a'.repeat(24), service: 'funding', needs: [], 'needs.1': 'money', urgency: 'now', summary: ' ', documentIds: Array.from({ length: 11 }, () => '5'.repeat(24)), 'documentIds.0': '5'.repeat(24) },
  },
  'PATCH /referrals/:id': {
    valid: () => ({ service: 'psychosocial', needs: ['psychosocial'], urgency: 'emergency', summary: 'Cần tư vấn tâm lý', documentIds: [] }),
    required: [],
    empty: ['body'],
    tooLong: { summary: long(2001) },
    invalid: { service: 'funding', urgency: 'later', 'needs.0': 'money', to: { kind: 'hospital', id: 'a'.repeat(24) }, status: 'requested', 'documentIds.0': 'not-an-id' },
  },
  'POST /referrals/:id/transitions': {
    valid: () => ({ to: 'cancelled', reason: 'Gia đình đổi ý, không chuyển nữa' }),
    required: ['to', 'reason'],
    empty: ['body.to'],
    tooLong: { reason: long(1001) },
    invalid: { to: 'archived', capacity: 'capacity', reason: '   ' },
  },
  'POST /referrals/:id/comments': {
    valid: () => ({ body: 'Bên gửi đã báo gia đình lịch chuyển viện' }),
    required: ['body'],
    empty: ['body.body'],
    tooLong: { body: long(2001) },
    invalid: { body: ' ' },
  },
  // Funding requests (issue 12) of the work case: hospital fees with the fund's share stated (whatever the card), travel home.
  // A paper of no case, a stated share on a line outside BHYT are refused at their field by the service, before any write.
  'POST /cases/:caseId/funding-requests': { ...FUNDING_CREATE },
  'POST /cases/:caseId/funding-requests/preview': { ...FUNDING_CREATE, noWrite: true },
  'PATCH /funding-requests/:id': {
    valid: () => ({ urgency: 'emergency', neededBy: '2099-12-30', justification: 'Bổ sung hoá đơn' }),
    required: [],
    empty: ['body'],
    tooLong: { justification: long(2001) },
    invalid: { urgency: 'now', neededBy: '2026-13-01', justification: ' ', lines: [], status: 'approved' },
  },
  'POST /funding-requests/:id/moves': {
    valid: () => ({ move: 'submit' }),
    required: ['move'],
    empty: ['body.move'],
    tooLong: {},
    invalid: { move: 'archive', reason: ' ' },
  },
  // An outcome update (issue 12 point 6) on the work case's request with a standing disbursement: screened free text.
  'POST /funding-requests/:id/outcomes': {
    valid: () => ({ text: 'Chị đã được mổ xong, hồi phục tốt và đã về nhà.' }),
    required: ['text'],
    empty: ['body.text'],
    tooLong: { text: long(1501) },
    invalid: { text: ' ' },
  },
  // The story of the draft request (issue 12 point 2): screened free text; what could identify the patient is a 400 too (its own tests).
  'PUT /funding-requests/:id/story': {
    valid: () => ({ title: 'Em bé vùng cao cần điều trị', text: 'Em 12 tuổi, gia đình ở vùng cao Lào Cai.', diagnosisGroup: 'Ung thư', reviewed: true }),
    required: ['title', 'text', 'diagnosisGroup', 'reviewed'],
    empty: ['body.title', 'body.text', 'body.diagnosisGroup', 'body.reviewed'],
    tooLong: { title: long(121), text: long(1501), diagnosisGroup: long(101) },
    invalid: { reviewed: 'yes', text: ' ', title: ' ', ageBand: '6-15', listed: true },
  },
  // Money (decision 0025): amounts whole đồng (their source forms have their own tests, money-json.test.ts).
  'POST /funding-requests/:id/pledges': {
    valid: () => ({ amountVnd: 100_000, note: 'Đợt 1' }),
    required: ['amountVnd'],
    empty: ['body.amountVnd'],
    tooLong: { note: long(301) },
    invalid: { amountVnd: 0, note: ' ' },
  },
  'POST /pledges/:id/cancel': { valid: () => ({}), required: [], empty: null, tooLong: {}, invalid: {} },
  'POST /pledges/:id/disbursements': {
    valid: () => ({ amountVnd: 600_000, payee: 'supplier', payeeName: 'Nhà thuốc Hồng Phúc', method: 'cash', witness: 'Trưởng thôn', reference: 'PT-01', paidOn: '2026-12-01' }),
    required: ['amountVnd', 'payee', 'method', 'paidOn'],
    empty: ['body.amountVnd', 'body.payee', 'body.method', 'body.paidOn'],
    tooLong: { payeeName: long(201), witness: long(201), reference: long(101) },
    invalid: { amountVnd: -1, payee: 'friend', method: 'crypto', paidOn: '2026-02-30' },
  },
  'POST /disbursements/:id/reversal': {
    valid: () => ({ reason: 'Ghi nhầm khoản chi' }),
    required: ['reason'],
    empty: ['body.reason'],
    tooLong: { reason: long(1001) },
    invalid: { reason: ' ' },
  },
};

/** Bad query strings of the paging every list shares: [query, field path]. */
const PAGING: [string, string][] = [
  ['limit=0', 'query.limit'],
  ['limit=101', 'query.limit'],
  ['limit=ten', 'query.limit'],
  ['limit=1.5', 'query.limit'],
  ['limit=', 'query.limit'],
  ['limit=5&limit=6', 'query.limit'],
  [`cursor=${long(513)}`, 'query.cursor'],
  ['cursor=not-a-cursor', 'query.cursor'],
  ['cursor=e30', 'query.cursor'], // base64url of {}: a JSON object, but not a cursor
];

// Every route with a query schema, by `${METHOD} ${path}`: [query, field path].
const AUDIT_QUERY: [string, string][] = [
  ...PAGING,
  ['outcome=maybe', 'query.outcome'],
  ['from=yesterday', 'query.from'],
  ['to=2026-13-45', 'query.to'],
  ['from=2026-02-30', 'query.from'],
  ['to=31/01/2026', 'query.to'],
  ['action=auth%00login', 'query.action'],
  ['resourceType=session%0A', 'query.resourceType'],
  ['actorId=not-an-id', 'query.actorId'],
  ['patientId=0123456789ABCDEF01234567', 'query.patientId'],
  ['resourceId=a%20b', 'query.resourceId'],
  [`action=${long(101)}`, 'query.action'],
  [`resourceType=${long(101)}`, 'query.resourceType'],
  [`actorId=${long(65)}`, 'query.actorId'],
  [`hospitalId=${long(65)}`, 'query.hospitalId'],
];
// A name criterion, so each bad field below is the only fault of its query.
const SEARCH_QUERY: [string, string][] = [
  ['q=a', 'query.q'],
  [`q=${long(101)}`, 'query.q'],
  ['limit=5', 'query.q'], // no criterion at all
  ['q=ab&bhyt=ABC123', 'query.bhyt'],
  ['q=ab&bhyt=GD41010031245', 'query.bhyt'],
  ['q=ab&nationalId=12345', 'query.nationalId'],
  [`q=ab&mrn=${long(41)}`, 'query.mrn'],
  ['q=ab&birthDate=15/10/2020', 'query.birthDate'],
  ['q=ab&birthDate=2020-1-5', 'query.birthDate'],
  ['q=ab%00cd', 'query.q'],
  ['q=ab%1Bcd', 'query.q'],
  ['q=ab&mrn=12%0A34', 'query.mrn'],
  ['q=ab&limit=0', 'query.limit'],
  ['q=ab&limit=51', 'query.limit'],
  ['q=ab&limit=ten', 'query.limit'],
];
const QUERIES: Record<string, [string, string][]> = {
  'GET /auth/tokens': PAGING,
  'GET /admin/tokens': PAGING,
  'GET /hospitals': [...PAGING, ['level=national', 'query.level'], ['active=yes', 'query.active'], [`province=${long(101)}`, 'query.province'], ['province=L%C3%A0o%00Cai', 'query.province']],
  'GET /organisations': [...PAGING, ['type=bank', 'query.type'], ['active=1', 'query.active']],
  'GET /users': [...PAGING, ['role=root', 'query.role'], ['hospitalId=123', 'query.hospitalId'], ['organisationId=zzz', 'query.organisationId']],
  'GET /audit-events': AUDIT_QUERY,
  'GET /audit-events/fhir': AUDIT_QUERY,
  'GET /patients/search': SEARCH_QUERY,
  'GET /patients': [...PAGING, ['inpatient=yes', 'query.inpatient'], ['inpatient=', 'query.inpatient'], ['hospitalId=123', 'query.hospitalId']],
  'GET /worklist': [...PAGING, ['flagType=rich', 'query.flagType'], ['ward=', 'query.ward'], [`ward=${long(101)}`, 'query.ward'], ['since=yesterday', 'query.since'], ['since=2026-02-30', 'query.since'], ['ward=Khoa%00Nhi', 'query.ward'], ['ward=Khoa%7FNhi', 'query.ward']],
  'GET /notifications': [...PAGING, ['unread=yes', 'query.unread'], ['unread=', 'query.unread']],
  'GET /admin/mailbox': PAGING,
  'GET /cases/:id/timeline': PAGING,
  'GET /cases/:id/attachments/:attachmentId/content': [['inline=yes', 'query.inline'], ['inline=', 'query.inline']],
  'GET /cases': [
    ...PAGING,
    ['scope=all', 'query.scope'],
    ['status=done', 'query.status'],
    ['assignedTo=123', 'query.assignedTo'],
    ['need=money', 'query.need'],
    ['ageMin=-1', 'query.ageMin'],
    ['ageMax=old', 'query.ageMax'],
    ['ward=', 'query.ward'],
    ['ward=Khoa%00Nhi', 'query.ward'],
    ['overdueGoals=yes', 'query.overdueGoals'],
  ],
  'GET /sync-runs': [['limit=0', 'query.limit'], ['limit=101', 'query.limit'], ['limit=ten', 'query.limit'], ['hospitalId=123', 'query.hospitalId']],
  'GET /referrals': [...PAGING, ['box=sent', 'query.box'], ['status=done', 'query.status'], ['state=open', 'query.state'], ['service=massage', 'query.service'], ['overdue=yes', 'query.overdue'], ['overdue=', 'query.overdue']],
  'GET /referrals/overdue': PAGING,
  'GET /marketplace': [
    ...PAGING,
    ['ageBand=7-10', 'query.ageBand'],
    ['need=rent', 'query.need'],
    ['urgency=now', 'query.urgency'],
    ['minLeftVnd=-1', 'query.minLeftVnd'],
    ['maxLeftVnd=1.5', 'query.maxLeftVnd'],
    ['maxLeftVnd=2000000001', 'query.maxLeftVnd'],
    ['sort=oldest', 'query.sort'],
    [`province=${long(101)}`, 'query.province'],
  ],
  'GET /funding-requests': [...PAGING, ['status=done', 'query.status'], ['view=mine', 'query.view'], ['caseId=123', 'query.caseId']],
  'GET /referral-recipients': [['kind=person', 'query.kind'], ['province=Atlantis', 'query.province'], [`q=${long(101)}`, 'query.q'], ['q=ab%00cd', 'query.q'], ['service=massage', 'query.service'], ['caseId=123', 'query.caseId']],
  'GET /referrals/:id/documents/:attachmentId/content': [['inline=yes', 'query.inline'], ['inline=', 'query.inline']],
  'GET /reconciliation': [['format=csv', 'query.month'], ['month=2026-13', 'query.month'], ['month=11%2F2026', 'query.month'], ['month=2026-11&format=xlsx', 'query.format'], ['month=2026-11&hospitalId=123', 'query.hospitalId']],
  'POST /reconciliation/claims': [['month=', 'query.month'], ['month=2026-1', 'query.month'], ['month=2026-11&hospitalId=' + 'a'.repeat(24), 'query.hospitalId']],
  'GET /pledges': [...PAGING, ['state=lost', 'query.state'], ['requestId=123', 'query.requestId'], ['mine=1', 'query.mine']],
  'GET /statements': [
    ['to=2026-12-31', 'query.from'],
    ['from=2026-12-01', 'query.to'],
    ['from=01%2F12%2F2026&to=2026-12-31', 'query.from'],
    ['from=2026-12-01&to=2026-02-30', 'query.to'],
    ['from=2026-12-01&to=2026-12-31&format=xlsx', 'query.format'],
    ['from=2026-12-01&to=2026-12-31&organisationId=123', 'query.organisationId'],
    // Read by the handler: a period backwards or over a year; network staff must name the organisation.
    ['from=2026-12-31&to=2026-12-01&organisationId=' + 'a'.repeat(24), 'query.to'],
    ['from=2025-01-01&to=2026-12-31&organisationId=' + 'a'.repeat(24), 'query.to'],
    ['from=2026-12-01&to=2026-12-31', 'query.organisationId'],
  ],
};

/** A query a route needs to be valid at all, added to the unknown-parameter cases so the unknown one is their only fault. */
const VALID_QUERY: Record<string, string> = { 'GET /patients/search': 'q=nguyen', 'GET /reconciliation': 'month=2026-11', 'POST /reconciliation/claims': 'month=2026-11', 'GET /statements': 'from=2026-12-01&to=2026-12-31' };

/** Which real record a route's `:id` names, by the path's first segment; a bad request must leave it untouched. */
const RECORD_FOR: Record<string, (f: Fixtures) => string> = {
  '/auth/tokens/:id': (f) => f.ownTokenId,
  '/admin/tokens/:id': (f) => f.otherTokenId,
  '/hospitals/:id': (f) => f.hospitalId,
  '/organisations/:id': (f) => f.organisationId,
  '/users/:id': (f) => f.userId,
  '/hospitals/:id/sync': (f) => f.fhirHospitalId,
  '/patients/:id': (f) => f.patientId,
  '/patients/:id/resync': (f) => f.patientId,
  '/patients/:id/matches': (f) => f.patientId,
  '/sync-runs/:id': (f) => f.syncRunId,
  '/patients/:id/screenings': (f) => f.screenedPatientId,
  '/flags/:id': (f) => f.flagId,
  '/flags/:id/review': (f) => f.flagId,
  '/flags/:id/write-back/retry': (f) => f.flagId,
  '/hospitals/:id/screening-tiers': (f) => f.fhirHospitalId,
  '/patients/:id/cases': (f) => f.patientId,
  '/notifications/:id/read': (f) => f.notificationId,
  '/cases/:id': (f) => f.caseId,
  '/cases/:id/transitions': (f) => f.caseId,
  '/cases/:id/assignee': (f) => f.caseId,
  '/cases/:id/needs': (f) => f.caseId,
  '/cases/:id/needs/:needId': (f) => f.caseId,
  '/cases/:id/goals': (f) => f.caseId,
  '/cases/:id/goals/:goalId': (f) => f.caseId,
  '/cases/:id/interventions': (f) => f.caseId,
  '/cases/:id/closure-request': (f) => f.caseId,
  '/cases/:id/closure-decision': (f) => f.closureCaseId,
  '/cases/:id/timeline': (f) => f.workCaseId,
  '/cases/:id/notes': (f) => f.workCaseId,
  '/cases/:id/notes/:noteId': (f) => f.workCaseId,
  '/cases/:id/attachments': (f) => f.workCaseId,
  '/cases/:id/attachments/:attachmentId/content': (f) => f.workCaseId,
  '/cases/:id/consents': (f) => f.consentCaseId,
  '/cases/:id/elsewhere': (f) => f.caseId,
  '/cases/:id/consents/:consentId/withdrawal': (f) => f.consentCaseId,
  '/cases/:caseId/referrals': (f) => f.workCaseId,
  '/referrals/:id': () => rf?.draftId ?? '',
  '/referrals/:id/transitions': () => rf?.sentId ?? '',
  '/referrals/:id/comments': () => rf?.threadId ?? '',
  '/referrals/:id/documents/:attachmentId/content': () => rf?.threadId ?? '',
  '/funding-requests/:id/story': () => fr?.draftId ?? '',
  '/cases/:caseId/funding-requests': (f) => f.workCaseId,
  '/cases/:caseId/funding-requests/preview': (f) => f.workCaseId,
  '/funding-requests/:id': () => fr?.draftId ?? '',
  '/funding-requests/:id/moves': () => fr?.moveId ?? '',
  '/funding-requests/:id/outcomes': () => fo?.requestId ?? '',
  '/disbursements/:id/receipts': () => fo?.disbursementId ?? '',
  '/disbursements/:id/receipts/:receiptId/content': () => fo?.disbursementId ?? '',
  '/funding-requests/:id/pledges': () => fp?.requestId ?? '',
  '/funding-requests/:id/ledger': () => fp?.requestId ?? '',
  '/pledges/:id': () => fp?.cancelId ?? '',
  '/pledges/:id/cancel': () => fp?.cancelId ?? '',
  '/pledges/:id/disbursements': () => fp?.disburseId ?? '',
  '/disbursements/:id': () => fp?.disbursementId ?? '',
  '/disbursements/:id/reversal': () => fp?.disbursementId ?? '',
};

/** The real records a path's other ids (`:consentId`, …) name, by parameter. */
const SUB_RECORD_FOR: Record<string, (f: Fixtures) => string> = {
  consentId: (f) => f.consentId,
  noteId: () => workNoteId,
  attachmentId: (f) => f.attachmentId,
  needId: (f) => f.needId,
  goalId: (f) => f.goalId,
  caseId: (f) => f.workCaseId,
  receiptId: () => fo?.receiptId ?? '',
};

/** Secrets are compared or sealed, never shown: any character may be in them, so the free-text walk skips them. */
const SECRETS = new Set(['password', 'currentPassword', 'newPassword', 'fhir.password']);
/** Multi-line free text (notes, reasons): line breaks and tabs are allowed there, and only there. */
const MULTILINE: Record<string, string[]> = {
  'POST /flags/:id/review': ['reason'],
  'POST /cases/:id/notes': ['body'],
  'PATCH /cases/:id/notes/:noteId': ['body'],
  'POST /cases': ['note'],
  'POST /cases/:id/transitions': ['reason'],
  'POST /cases/:id/needs': ['description'],
  'PATCH /cases/:id/needs/:needId': ['description'],
  'POST /cases/:id/goals': ['description'],
  'PATCH /cases/:id/goals/:goalId': ['description'],
  'POST /cases/:id/interventions': ['description'],
  'POST /cases/:id/closure-request': ['summary'],
  'POST /cases/:id/closure-decision': ['reason'],
  'POST /cases/:caseId/referrals': ['summary'],
  'PATCH /referrals/:id': ['summary'],
  'POST /referrals/:id/transitions': ['reason'],
  'POST /referrals/:id/comments': ['body'],
  'PUT /funding-requests/:id/story': ['text'],
  'POST /disbursements/:id/reversal': ['reason'],
  'POST /cases/:caseId/funding-requests': ['justification'],
  'POST /cases/:caseId/funding-requests/preview': ['justification'],
  'PATCH /funding-requests/:id': ['justification'],
  'POST /funding-requests/:id/moves': ['reason'],
  'POST /funding-requests/:id/outcomes': ['text'],
};

const SESSION_CHANGING = new Set(['POST /auth/login', 'POST /auth/logout', 'POST /auth/password']);

const BAD_IDS = ['not-an-id', '12345', 'g'.repeat(24), '0'.repeat(23), '0'.repeat(25), '0'.repeat(12) + '%20'.repeat(12)];

const t = await startTestApp({}, { worker: SYNC_ONLY });
const LIMIT_KB = testConfig().bodyLimitKb;
const routes = t.handle.routes;
/** The OpenAPI document: every refusal below must be a status it lists for the route. */
const openapi = buildOpenApi(routes, 'test') as { paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
const keyOf = (r: RouteDef): string => `${r.method.toUpperCase()} ${r.path}`;
// Multipart uploads stream their body past the JSON parser: their own table (MULTIPART) below.
const writes = routes.filter((r) => r.method !== 'get' && !r.media?.request);
let f: Fixtures;
let demo: RunningDemoHospital;

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 30, seed: 71, now: new Date() });
  const admin = await signIn(t.app, await makeUser('admin'));
  const hospitalId = (await makeHospital()).id;
  const fhirHospitalId = (await makeFhirHospital(demo.baseUrl)).id;
  const fhirHospital = await findHospital(fhirHospitalId);
  if (!fhirHospital) throw new Error('no hospital');
  const other = await makeUser('coordinator');
  // The sync first: its automatic screening would supersede the questionnaire's flag below.
  const syncRunId = (await runSync(fhirHospital, await beginSync(fhirHospital, 'fixture')))._id.toHexString();
  const flagged = (await linkPatient(fhirHospital, 'bvdklc-000002', 'fixture', new Date())).record;
  const qr = questionnaireResponse();
  const screened = await screenOne(fhirHospital, { record: flagged, kind: 'questionnaire', answers: readScreeningResponse(qr).answers, questionnaireResponse: qr, by: 'fixture', now: new Date() });
  if (!screened.flag) throw new Error('the fixture screening raised no flag');
  f = {
    admin,
    socialWorker: await signIn(t.app, await makeUser('social_worker', { hospitalId: fhirHospitalId })),
    hospitalId,
    fhirHospitalId,
    patientId: (await linkPatient(fhirHospital, 'bvdklc-000001', 'fixture', new Date())).record._id.toHexString(),
    screenedPatientId: (await linkPatient(fhirHospital, 'bvdklc-000004', 'fixture', new Date())).record._id.toHexString(),
    flagId: screened.flag._id.toHexString(),
    syncRunId,
    organisationId: (await makeOrganisation()).id,
    userId: (await makeUser('social_worker', { hospitalId })).id,
    ownTokenId: (await issueToken(admin.user.id, 'của tôi', ['network:read'], null)).record._id.toHexString(),
    otherTokenId: (await issueToken(other.id, 'của người khác', ['network:read'], null)).record._id.toHexString(),
    notificationId: await unreadNotification(admin.user.id, 'bad-input:1'),
    ...(await consentFixture(fhirHospital)),
    consentRecipientId: (await makeHospital()).id,
    ...(await caseWorkFixture(fhirHospital)),
    lead: await signIn(t.app, await makeUser('sw_lead', { hospitalId: fhirHospitalId })),
    ...(await caseFixture(fhirHospital)),
  };
});

/** The note the PATCH route edits: the social worker's own (only its author may edit it), written once they exist. */
let workNoteId = '';
beforeAll(async () => {
  const c = await CaseModel.findById(f.workCaseId).lean<CaseRecord>();
  if (!c) throw new Error('no case');
  workNoteId = (await createNote(c, { type: 'interview', body: 'Phỏng vấn' }, f.socialWorker.user.id, new Date()))._id.toHexString();
});

/**
 * Referrals of the work case to hospitals of their own, sent under an any-hospital consent: a draft (GET and
 * PATCH), a sent one to move, one with a thread sharing the stored paper; and a hospital none names yet (the create row).
 */
let rf: { draftId: string; sentId: string; threadId: string; newRecipientId: string } | undefined;
beforeAll(async () => {
  const c = await CaseModel.findById(f.workCaseId).lean<CaseRecord>();
  if (!c) throw new Error('no case');
  const today = vietnamToday(systemClock);
  await recordConsent(
    c,
    { purpose: 'share-hospital', recipient: { kind: 'any-hospital' }, givenBy: { kind: 'legal-representative', name: 'Lò Văn Sáng', relationship: 'con trai' }, childAgreed: true, patientLacksCapacity: true, method: { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' }, givenOn: today },
    { by: 'fixture', now: new Date(), today },
  );
  const referral = async (send: boolean, documentIds: string[] = []): Promise<string> =>
    (await createReferral(c, { to: { kind: 'hospital', id: (await makeHospital()).id }, service: 'continuing-support', needs: ['housing'], urgency: 'routine', summary: 'Chuyển gửi', documentIds, send }, 'fixture', new Date()))._id.toHexString();
  rf = { draftId: await referral(false), sentId: await referral(true), threadId: await referral(true, [f.attachmentId]), newRecipientId: (await makeHospital()).id };
});

/** Funding requests of the work case, drafts: one the PATCH row edits, one the moves row submits. */
let fr: { draftId: string; moveId: string } | undefined;
beforeAll(async () => {
  const c = await CaseModel.findById(f.workCaseId).lean<CaseRecord>();
  if (!c) throw new Error('no case');
  const body = fundingCreateBody.parse(FUNDING_CREATE.valid(f));
  const request = async (): Promise<string> => (await createFundingRequest(c, body, f.socialWorker.user.id, new Date()))._id.toHexString();
  fr = { draftId: await request(), moveId: await request() };
});

/**
 * A funding request of the work case with a standing disbursement to its hospital's bill (outcomes and
 * receipts are taken only then) and one receipt on it, written as the requests part and the ledger
 * leave them (decision 0025's records): the outcome and receipt rows name them.
 */
let fo: { requestId: string; disbursementId: string; receiptId: string } | undefined;
beforeAll(async () => {
  const c = await CaseModel.findById(f.workCaseId).lean<CaseRecord>();
  if (!c) throw new Error('no case');
  const now = new Date();
  const r = await FundingRequestModel.create({
    reference: 'HT-2026-900001', caseId: c._id, patientId: c.patientId, hospitalId: c.hospitalId,
    lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 500_000, insuranceVnd: 0, patientVnd: 500_000, split: 'outside-bhyt', serviceDate: null }],
    bhyt: null, askedVnd: 500_000, urgency: 'urgent', neededBy: '2099-12-31', justification: 'Hộ nghèo', documentIds: [], episodeId: null,
    status: 'disbursed', history: [], version: 1, story: null, outcomes: [], createdBy: f.socialWorker.user.id, createdAt: now, updatedAt: now,
  });
  const receiptId = new mongoose.Types.ObjectId();
  const d = await DisbursementModel.create({
    pledgeId: new mongoose.Types.ObjectId(), requestId: r._id, hospitalId: c.hospitalId, organisationId: new mongoose.Types.ObjectId(f.organisationId), episodeId: null,
    amountVnd: 500_000, returnedVnd: 0, payee: 'hospital-bill', payeeName: null, method: 'bank-transfer', witness: null, paymentReference: 'UNC-1', paidOn: '2026-12-01',
    receipts: [{ _id: receiptId, fileId: new mongoose.Types.ObjectId(), fileName: 'bien-lai.pdf', contentType: 'application/pdf', size: PDF.length, at: now, by: 'fixture' }],
    state: 'done', transferIds: [], reversal: null, createdBy: 'fixture', createdAt: now,
  });
  fo = { requestId: r._id.toHexString(), disbursementId: d._id.toHexString(), receiptId: receiptId.toHexString() };
});

/**
 * Money (decision 0025): a request of the work case on the marketplace (published, its story listed, the
 * publish-story consent given, its account open), a partner of the fixtures' organisation, two pending
 * pledges of it (one the cancel row ends, one the disbursement row pays) and a done disbursement (the
 * reversal row's), made on the ledger.
 */
let fp: { partner: SignedIn; requestId: string; cancelId: string; disburseId: string; disbursementId: string } | undefined;
beforeAll(async () => {
  const c = await CaseModel.findById(f.workCaseId).lean<CaseRecord>();
  if (!c) throw new Error('no case');
  const now = new Date();
  const today = vietnamToday(systemClock);
  await recordConsent(
    c,
    { purpose: 'publish-story', recipient: { kind: 'none' }, givenBy: { kind: 'legal-representative', name: 'Lò Văn Sáng', relationship: 'con trai' }, childAgreed: true, patientLacksCapacity: true, method: { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' }, givenOn: today },
    { by: 'fixture', now, today },
  );
  const r = await FundingRequestModel.create({
    reference: 'HT-2026-900002', caseId: c._id, patientId: c.patientId, hospitalId: c.hospitalId,
    lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 5_000_000, insuranceVnd: 0, patientVnd: 5_000_000, split: 'outside-bhyt', serviceDate: null }],
    bhyt: null, askedVnd: 5_000_000, urgency: 'urgent', neededBy: '2099-12-31', justification: 'Hộ nghèo', documentIds: [], episodeId: null,
    status: 'published', history: [], version: 1, outcomes: [], createdBy: f.socialWorker.user.id, createdAt: now, updatedAt: now,
    story: { title: 'Về quê', text: 'Gia đình ở vùng cao.', diagnosisGroup: 'Ung thư', reviewed: true, ageBand: '60+', province: 'Lào Cai', needs: ['travel-home'], listed: true, publishedAt: now, unpublishedAt: null, reviewedBy: 'fixture', reviewedAt: now },
  });
  await openRequestAccount(r._id, 5_000_000, { hospitalId: c.hospitalId });
  const organisationId = new mongoose.Types.ObjectId(f.organisationId);
  const pledged = async (): Promise<PledgeRecord> => {
    const out = await recordPledge({ pledgeId: new mongoose.Types.ObjectId(), requestId: r._id, hospitalId: c.hospitalId, organisationId, amountVnd: 1_000_000, note: null, createdBy: 'fixture', now, expiresAt: new Date(now.getTime() + 30 * 86_400_000) });
    if (!out.ok) throw new Error('pledge fixture refused');
    return out.pledge;
  };
  const [cancel, disburse, paid] = [await pledged(), await pledged(), await pledged()];
  const d = await recordDisbursement({
    _id: new mongoose.Types.ObjectId(), pledgeId: paid._id, requestId: r._id, hospitalId: c.hospitalId, organisationId, episodeId: null, amountVnd: 1_000_000, returnedVnd: 0,
    payee: 'hospital-bill', payeeName: null, method: 'bank-transfer', witness: null, paymentReference: null, paidOn: '2026-12-01', receipts: [], state: 'recording', transferIds: [], reversal: null, createdBy: 'fixture', createdAt: now,
  });
  if (!d.ok) throw new Error('disbursement fixture refused');
  const partner = await signIn(t.app, await makeUser('charity_partner', { organisationId: f.organisationId }));
  fp = { partner, requestId: r._id.toHexString(), cancelId: cancel._id.toHexString(), disburseId: disburse._id.toHexString(), disbursementId: d.disbursement._id.toHexString() };
});

/** A case of another patient of the FHIR hospital with one stored PDF attachment (bytes in GridFS). */
async function caseWorkFixture(h: HospitalRecord): Promise<Pick<Fixtures, 'workCaseId' | 'attachmentId'>> {
  const patient = (await linkPatient(h, 'bvdklc-000006', 'fixture', new Date())).record;
  const c = await openCaseForFlag({ hospitalId: h._id, patientId: patient._id, flagId: new mongoose.Types.ObjectId(), by: 'fixture', note: null, now: new Date() });
  const upload = attachmentsBucket().openUploadStream('giay.pdf');
  await new Promise<void>((resolve, reject) => upload.end(PDF, (err?: Error | null) => (err ? reject(err) : resolve())));
  const a = await AttachmentModel.create({ caseId: c._id, hospitalId: c.hospitalId, patientId: c.patientId, kind: 'other', fileName: 'giay.pdf', contentType: 'application/pdf', size: PDF.length, sha256: '0'.repeat(64), uploadedBy: 'fixture', uploadedAt: new Date(), gridFsId: upload.id });
  return { workCaseId: c._id.toHexString(), attachmentId: a._id.toHexString() };
}

/** A case opened for another patient of the FHIR hospital, with one active consent (recorded through the consent service). */
async function consentFixture(h: HospitalRecord): Promise<Pick<Fixtures, 'consentCaseId' | 'consentId'>> {
  const patient = (await linkPatient(h, 'bvdklc-000005', 'fixture', new Date())).record;
  const opened = await openCaseForFlag({ hospitalId: h._id, patientId: patient._id, flagId: new mongoose.Types.ObjectId(), by: 'fixture', note: null, now: new Date() });
  const consent = await recordConsent(
    opened,
    { purpose: 'contact-phone', recipient: { kind: 'none' }, givenBy: { kind: 'legal-representative', name: 'Lò Văn Sáng', relationship: 'con trai' }, childAgreed: true, patientLacksCapacity: true, method: { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' }, givenOn: vietnamToday(systemClock) },
    { by: 'fixture', now: new Date(), today: vietnamToday(systemClock) },
  );
  return { consentCaseId: opened._id.toHexString(), consentId: consent._id.toHexString() };
}

/** Cases of two more patients (through the cases service): one with a need and a goal, one with a closure request waiting. */
async function caseFixture(h: HospitalRecord): Promise<Pick<Fixtures, 'caseId' | 'needId' | 'goalId' | 'closureCaseId'>> {
  const open = async (fhirId: string): Promise<Awaited<ReturnType<typeof openCaseForFlag>>> => {
    const patient = (await linkPatient(h, fhirId, 'fixture', new Date())).record;
    return openCaseForFlag({ hospitalId: h._id, patientId: patient._id, flagId: new mongoose.Types.ObjectId(), by: 'fixture', note: null, now: new Date() });
  };
  const withNeed = await addNeed(await open('bvdklc-000006'), { domain: 'food', description: 'Cần suất ăn' }, 'fixture', new Date());
  const needId = withNeed.needs[0]?._id as mongoose.Types.ObjectId;
  const withGoal = await addGoal(withNeed, { needId: needId.toHexString(), description: 'Có suất ăn', targetDate: '2099-01-01' }, vietnamToday(systemClock), 'fixture', new Date());
  const asked = await requestClosure(await open('bvdklc-000007'), { outcome: 'resolved', summary: 'Xong' }, 'fixture', new Date());
  return { caseId: withGoal._id.toHexString(), needId: needId.toHexString(), goalId: (withGoal.goals[0]?._id as mongoose.Types.ObjectId).toHexString(), closureCaseId: asked._id.toHexString() };
}

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

/** Two unread notifications of the admin: one for POST /notifications/:id/read, one left for read-all. */
async function unreadNotification(userId: string, idempotencyKey: string): Promise<string> {
  for (const key of [idempotencyKey, `${idempotencyKey}:other`]) {
    await notify({ to: { userIds: [userId] }, template: 'sync.completed', params: { hospital: 'BV thử', startedAt: '2026-03-02T01:00:00Z', patients: 3 }, link: '/sync', idempotencyKey: key }, systemClock);
  }
  const row = await NotificationModel.findOne({ idempotencyKey }).lean();
  if (!row) throw new Error('no notification');
  return row._id.toHexString();
}

/** Who sends: the admin, except on routes only a hospital's social-work staff may call. */
function callerOf(def: RouteDef): SignedIn {
  const roles = POLICY[def.action].roles;
  if (roles === 'public' || (roles as readonly string[]).includes('admin')) return f.admin;
  // Money writes are the charity partner's alone (decision 0025).
  if (roles.length === 1 && roles[0] === 'charity_partner' && fp) return fp.partner;
  return (roles as readonly string[]).includes('social_worker') ? f.socialWorker : f.lead;
}

/**
 * Every collection as stored, but the audit log, the sessions and the scheduler's own bookkeeping
 * (the test worker takes and frees its job leases on its own timer, whatever the requests do).
 * Raw BSON, all collections read at once, compared byte for byte (two snapshots per refusal, a
 * thousand refusals: decoding and deep comparison were most of this file's time); decoded only to
 * show a difference.
 */
const NOT_SNAPSHOT = new Set(['audit_events', 'sessions', 'leases', 'job_state']);
type Snapshot = Map<string, Uint8Array[]>;
async function snapshot(): Promise<Snapshot> {
  const collections = (await mongoose.connection.db!.collections()).filter((c) => !NOT_SNAPSHOT.has(c.collectionName));
  const docs = await Promise.all(collections.map((c) => c.find({}, { raw: true }).sort({ _id: 1 }).toArray() as Promise<unknown> as Promise<Uint8Array[]>));
  return new Map(collections.map((c, i) => [c.collectionName, docs[i] ?? []]));
}
const sameDocs = (a: Uint8Array[], b: Uint8Array[] = []): boolean => a.length === b.length && a.every((d, i) => Buffer.compare(d, b[i]!) === 0);
const sameSnapshot = (a: Snapshot, b: Snapshot): boolean => a.size === b.size && [...a].every(([name, docs]) => sameDocs(docs, b.get(name)));
const decoded = (s: Snapshot): Record<string, unknown[]> => Object.fromEntries([...s].map(([name, docs]) => [name, docs.map((d) => BSON.deserialize(d))]));

/** Fails, showing the documents that differ, unless nothing was written between the two snapshots. */
function expectUnchanged(after: Snapshot, before: Snapshot, what: string): void {
  if (!sameSnapshot(after, before)) expect(decoded(after), what).toEqual(decoded(before));
}

function urlOf(def: RouteDef, id?: string): string {
  const withId = def.path.replace(/:id\b/g, id ?? RECORD_FOR[def.path]?.(f) ?? new mongoose.Types.ObjectId().toHexString());
  return `/api/v1${withId.replace(/:([a-zA-Z]+)/g, (_m, name: string) => SUB_RECORD_FOR[name]?.(f) ?? new mongoose.Types.ObjectId().toHexString())}`;
}

type Payload = { json: unknown } | { raw: string } | { multipart: (req: Test) => Test } | undefined;

/** Sends as a caller the route allows (with the CSRF token), checks the refusal and that nothing changed. */
async function refuses(
  def: RouteDef,
  opts: { url?: string; query?: string; payload?: Payload },
  status: 400 | 413,
  code: string,
  paths: string[],
  message?: string | RegExp,
): Promise<Response> {
  const before = await snapshot();
  const target = `${opts.url ?? urlOf(def)}${opts.query ? `?${opts.query}` : ''}`;
  const caller = callerOf(def);
  let req: Test = caller.agent[def.method as Method](target).set('x-csrf-token', caller.csrf).set('Idempotency-Key', randomUUID());
  const payload = opts.payload ?? (def.method === 'get' ? undefined : def.media?.request ? { multipart: multipart(MULTIPART[keyOf(def)]?.valid ?? []) } : { json: validBody(def) });
  if (payload && 'multipart' in payload) req = payload.multipart(req);
  else if (payload && 'raw' in payload) req = req.set('Content-Type', 'application/json').send(payload.raw);
  else if (payload) req = req.send(payload.json as object);
  const res = await req;
  const what = `${def.method.toUpperCase()} ${target.slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
  expect(res.status, what).toBe(status);
  const documented = Object.keys(openapi.paths?.[`/api/v1${def.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`]?.[def.method]?.responses ?? {});
  expect(documented, `${what}: the OpenAPI document lists ${status}`).toContain(String(status));
  expect(Object.keys(res.body), what).toEqual(['error']);
  const error = res.body.error as { code: unknown; message: unknown; details: { path: unknown; message: unknown; code?: unknown }[]; requestId: unknown };
  // `params` is there when the code's sentence needs values (server/errors.ts ERROR_CODES).
  expect(Object.keys(error).filter((k) => k !== 'params').sort(), what).toEqual(['code', 'details', 'message', 'requestId']);
  expect(error.code, what).toBe(code);
  expect(typeof error.message === 'string' && error.message.length > 0, what).toBe(true);
  expect(error.requestId, what).toBe(res.headers['x-request-id']);
  expect(Array.isArray(error.details), what).toBe(true);
  for (const d of error.details) {
    // Each detail: path and English message, and the code (+ params) the client words it by.
    expect(Object.keys(d).filter((k) => k !== 'code' && k !== 'params').sort(), what).toEqual(['message', 'path']);
    if (d.code !== undefined) expect(DETAIL_CODES as readonly unknown[], what).toContain(d.code);
    expect(typeof d.message === 'string' && d.message.length > 0, what).toBe(true);
  }
  // As a set: zod may report one field twice (an array's type and its size check both fire on a string).
  expect([...new Set(error.details.map((d) => d.path))].sort(), what).toEqual([...paths].sort());
  if (message !== undefined) {
    for (const d of error.details) expect(d.message, what).toMatch(message instanceof RegExp ? message : new RegExp(`^${escape(message)}$`));
  }
  expectUnchanged(await snapshot(), before, `${what}: a refused request writes nothing`);
  return res;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function validBody(def: RouteDef): Record<string, unknown> {
  const row = WRITES[keyOf(def)];
  if (!row) throw new Error(`${keyOf(def)}: no row in WRITES`);
  return row.valid(f);
}

// Paths into a JSON value, and copies with one path changed.
type Json = Record<string, unknown> | unknown[];
function walk(value: unknown, prefix: string[] = []): { path: string[]; value: unknown }[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [{ path: [...prefix, k], value: v }, ...walk(v, [...prefix, k])]);
}
function withPath(body: Json, path: string[], change: (parent: Record<string, unknown>, key: string) => void): Json {
  const copy = structuredClone(body);
  let node: Record<string, unknown> = copy as Record<string, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  change(node, path[path.length - 1] as string);
  return copy;
}
const setAt = (body: Json, dotted: string, v: unknown): Json => withPath(body, dotted.split('.'), (p, k) => (p[k] = v));
const deleteAt = (body: Json, dotted: string): Json => withPath(body, dotted.split('.'), (p, k) => delete p[k]);
function wrongTypeFor(v: unknown): unknown {
  if (Array.isArray(v)) return 'not-a-list';
  if (v !== null && typeof v === 'object') return 'not-an-object';
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return 'twelve';
  if (typeof v === 'boolean') return 'yes';
  return { not: 'a value' };
}

describe('bad input: the tables', () => {
  it('have a row for every write route, with a body the route’s schema accepts', () => {
    expect(writes.map(keyOf).filter((k) => !Object.hasOwn(WRITES, k)), 'write routes without a row in WRITES').toEqual([]);
    for (const def of writes) {
      const body = validBody(def);
      const accepted = def.body ? def.body.safeParse(body).success : Object.keys(body).length === 0;
      expect(accepted, `${keyOf(def)}: the example body is valid`).toBe(true);
    }
  });

  it('have a row of bad queries for every route with a query schema', () => {
    expect(routes.filter((r) => r.query && !Object.hasOwn(QUERIES, keyOf(r))).map(keyOf), 'routes with a query schema but no row in QUERIES').toEqual([]);
  });

  it('name a real record for every route with an :id', () => {
    expect(routes.filter((r) => r.path.includes(':') && !Object.hasOwn(RECORD_FOR, r.path)).map(keyOf), 'routes with an :id but no record').toEqual([]);
  });

  it('have no row without a route', () => {
    const mounted = new Set(routes.map(keyOf));
    const stale = [...Object.keys(WRITES), ...Object.keys(QUERIES)].filter((k) => !mounted.has(k));
    expect(stale, 'rows naming no mounted route').toEqual([]);
    const paths = new Set(routes.map((r) => r.path));
    expect(Object.keys(RECORD_FOR).filter((p) => !paths.has(p))).toEqual([]);
  });
});

describe.each(writes.map((r) => [keyOf(r), r] as const))('%s body', (key, def) => {
  const row = WRITES[key];
  // Cases are built from the example at collection time, with stand-in fixture ids (only the shape matters).
  const shape = row?.valid({ hospitalId: '0'.repeat(24) } as Fixtures) ?? {};
  const inside = (path: string[]): boolean => (row?.opaque ?? []).some((o) => path.join('.').startsWith(`${o}.`));
  const leaves = walk(shape).filter((n) => !inside(n.path));
  const isOpaque = (path: string[]): boolean => (row?.opaque ?? []).includes(path.join('.'));
  const objects = [{ path: [] as string[], value: shape as unknown }, ...leaves.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value) && !isOpaque(n.path))];
  const body = (): Json => validBody(def);

  it('has a row in WRITES', () => {
    expect(row, `${key}: write its valid body and field rules into WRITES`).toBeDefined();
  });

  it.each(row?.required ?? [])('missing %s', async (path) => {
    await refuses(def, { payload: { json: deleteAt(body(), path) } }, 400, 'VALIDATION.FAILED', [`body.${path}`]);
  });

  const empty = row?.empty;
  if (empty) {
    it('empty body', async () => {
      await refuses(def, { payload: { json: {} } }, 400, 'VALIDATION.FAILED', empty);
    });
  }

  it.each(leaves.map((n) => [n.path.join('.'), wrongTypeFor(n.value)] as const))('wrong type at %s (%j)', async (path, value) => {
    await refuses(def, { payload: { json: setAt(body(), path, value) } }, 400, 'VALIDATION.FAILED', [`body.${path}`]);
  });

  it.each(objects.flatMap((o) => ['foo', 'isAdmin', '$where'].map((k) => [[...o.path, k].join('.'), o.path, k] as const)))(
    'unknown field %s',
    async (_label, at, name) => {
      const changed = withPath(body(), [...at, name], (p, k) => (p[k] = 1));
      await refuses(def, { payload: { json: changed } }, 400, 'VALIDATION.FAILED', [['body', ...at, name].join('.')], 'unknown field');
    },
  );

  it.each(Object.entries(row?.tooLong ?? {}).map(([p, v]) => [p, v.length, v] as const))('over-long %s (%i characters)', async (path, _n, value) => {
    await refuses(def, { payload: { json: setAt(body(), path, value) } }, 400, 'VALIDATION.FAILED', [`body.${path}`]);
  });

  it.each(Object.entries(row?.invalid ?? {}))('invalid %s = %j', async (path, value) => {
    await refuses(def, { payload: { json: setAt(body(), path, value) } }, 400, 'VALIDATION.FAILED', [`body.${path}`]);
  });

  // Free text refuses control characters: NUL, escape, DEL, a C1 code and a lone surrogate everywhere; a
  // line break outside multi-line fields. Every string the example holds is tried (enums and patterns refuse them too).
  const multiline = new Set(MULTILINE[key] ?? []);
  const strings = leaves.filter((n) => typeof n.value === 'string' && !SECRETS.has(n.path.join('.'))).map((n) => [n.path.join('.'), n.value as string] as const);
  const spliced = (v: string, c: string): string => `${v.slice(0, 1)}${c}${v.slice(1)}`;
  it.each(strings.flatMap(([p, v]) => ['\u0000', '\u001b', '\u007f', '\u0085', '\ud800', ...(multiline.has(p) ? [] : ['\n', '\t'])].map((c) => [p, JSON.stringify(c), spliced(v, c)] as const)))(
    'control character in %s (%s)',
    async (path, _c, value) => {
      await refuses(def, { payload: { json: setAt(body(), path, value) } }, 400, 'VALIDATION.FAILED', [`body.${path}`]);
    },
  );

  it.each([...multiline])('line breaks and tabs are kept in multi-line %s', (path) => {
    const v = 'Gia đình đã có hỗ trợ:\r\n\t- gạo\n\t- tiền điện';
    const parsed = def.body?.safeParse(setAt(body(), path, v));
    expect(parsed?.success, JSON.stringify(parsed?.error?.issues)).toBe(true);
  });

  it('a body that is a JSON array, not an object', async () => {
    await refuses(def, { payload: { json: [body()] } }, 400, 'VALIDATION.FAILED', ['body']);
  });

  it.each(['{"name": ', '{name: "x"}', '"just a string"', 'null', "{'a': 1}"])('malformed JSON %s', async (raw) => {
    await refuses(def, { payload: { raw } }, 400, 'REQUEST.MALFORMED_JSON', ['body'], 'malformed JSON');
  });

  it('a body over the size limit (config.bodyLimitKb)', async () => {
    const res = await refuses(def, { payload: { json: { ...body(), padding: long(LIMIT_KB * 1024 + 1) } } }, 413, 'REQUEST.TOO_LARGE', ['body'], 'too large');
    expect(res.body.error.message).toContain(String(LIMIT_KB * 1024));
  });

  it('a body just under the size limit is read, then refused for its content', async () => {
    await refuses(def, { payload: { json: { ...body(), padding: long(LIMIT_KB * 1024 - 2048) } } }, 400, 'VALIDATION.FAILED', ['body.padding'], 'unknown field');
  });

  // Last, as it writes: the example itself goes through, so the refusals above were about their one change,
  // and the snapshot does see this route's write. (Sign-in, sign-out and password change would end the admin's session.)
  if (!SESSION_CHANGING.has(key)) {
    it('control: the valid example is accepted and its write is seen', async () => {
      const before = await snapshot();
      const caller = callerOf(def);
      const res = await caller.agent[def.method as Method](urlOf(def)).set('x-csrf-token', caller.csrf).set('Idempotency-Key', randomUUID()).send(body());
      expect(res.status, JSON.stringify(res.body)).toBe(def.status ?? 200);
      if (row?.noWrite) expectUnchanged(await snapshot(), before, `${key}: the example changes nothing`);
      else expect(sameSnapshot(await snapshot(), before), `${key}: the example's write is seen`).toBe(false);
      // A sync runs on in the background: let it end before the next case compares the data.
      if (def.action === 'sync.start') {
        await waitForRun(res.body.id as string);
        expect((await findRun(res.body.id as string))?.status).toBe('succeeded');
      }
    });
  }
});

/**
 * Multipart uploads (a case attachment): the fields come first, then the file; each bad part is a 400
 * naming it, and nothing is stored (GridFS included: the snapshot sees its collections).
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
type Part = [name: string, value: string] | [name: 'file', value: Buffer, fileName: string];
const multipart = (parts: Part[]) => (req: Test): Test =>
  parts.reduce((r, p) => (p[0] === 'file' ? r.attach('file', p[1] as Buffer, p[2] as string) : r.field(p[0], p[1] as string)), req);
const MULTIPART: Record<string, { valid: Part[]; bad: [label: string, parts: Part[], code: string, paths: string[]][] }> = {
  'POST /cases/:id/attachments': {
    valid: [['kind', 'receipt'], ['description', 'Biên lai viện phí'], ['file', PDF, 'bien-lai.pdf']],
    bad: [
      ['no kind', [['file', PDF, 'a.pdf']], 'VALIDATION.FAILED', ['body.kind']],
      ['a kind not in the list', [['kind', 'selfie'], ['file', PDF, 'a.pdf']], 'VALIDATION.FAILED', ['body.kind']],
      ['an over-long description', [['kind', 'other'], ['description', long(501)], ['file', PDF, 'a.pdf']], 'VALIDATION.FAILED', ['body.description']],
      ['a control character in the description', [['kind', 'other'], ['description', 'a\u0000b'], ['file', PDF, 'a.pdf']], 'VALIDATION.FAILED', ['body.description']],
      ['an unknown field', [['kind', 'other'], ['isAdmin', '1'], ['file', PDF, 'a.pdf']], 'VALIDATION.FAILED', ['body.isAdmin']],
      ['a field after the file', [['kind', 'other'], ['file', PDF, 'a.pdf'], ['description', 'muộn']], 'VALIDATION.FAILED', ['body.description']],
      ['no file', [['kind', 'other']], 'VALIDATION.FAILED', ['body.file']],
      ['a text file named .pdf', [['kind', 'other'], ['file', Buffer.from('không phải PDF'), 'a.pdf']], 'ATTACHMENT.TYPE_NOT_ALLOWED', ['body.file']],
      ['a PDF named .png', [['kind', 'other'], ['file', PDF, 'a.png']], 'ATTACHMENT.TYPE_MISMATCH', ['body.file']],
    ],
  },
  // A claims export (reconciliation): read whole before anything is kept, so a bad one leaves nothing, GridFS included.
  'POST /reconciliation/claims': {
    valid: [['file', Buffer.from('MA_LK,MA_BN,T_NGUONKHAC\r\nLK2611000123,BN0045123,1500000\r\n'), 'giam-dinh.csv']],
    bad: [
      ['nothing sent (no multipart body)', [], 'VALIDATION.FAILED', ['body']],
      ['a field beside the file', [['month', '2026-11'], ['file', Buffer.from('MA_LK,T_NGUONKHAC\r\nLK1,1\r\n'), 'a.csv']], 'VALIDATION.FAILED', ['body.month']],
      ['a PDF', [['file', PDF, 'giam-dinh.xml']], 'RECONCILIATION.BAD_FILE', ['body.file']],
      ['a decimal amount', [['file', Buffer.from('MA_LK,T_NGUONKHAC\r\nLK1,1500000.5\r\n'), 'a.csv']], 'RECONCILIATION.BAD_FILE', ['body.file']],
      ['XML that is no claims export', [['file', Buffer.from('<HOADON><SO>1</SO></HOADON>'), 'a.xml']], 'RECONCILIATION.BAD_FILE', ['body.file']],
    ],
  },
  // A disbursement's receipt (funding): one part, the file; the type by content, nothing kept on a refusal.
  'POST /disbursements/:id/receipts': {
    valid: [['file', PDF, 'bien-lai.pdf']],
    bad: [
      ['nothing sent (no multipart body)', [], 'VALIDATION.FAILED', ['body']],
      ['a field beside the file', [['kind', 'receipt'], ['file', PDF, 'a.pdf']], 'VALIDATION.FAILED', ['body.kind']],
      ['a text file named .pdf', [['file', Buffer.from('Biên lai viết tay\n'.repeat(50)), 'bien-lai.pdf']], 'ATTACHMENT.TYPE_NOT_ALLOWED', ['body.file']],
      ['a PDF named .png', [['file', PDF, 'bien-lai.png']], 'ATTACHMENT.TYPE_MISMATCH', ['body.file']],
    ],
  },
};

describe.each(routes.filter((r) => r.media?.request).map((r) => [keyOf(r), r] as const))('%s multipart body', (key, def) => {
  const row = MULTIPART[key];
  it('has a row in MULTIPART', () => expect(row, `${key}: write its parts into MULTIPART`).toBeDefined());
  // A query the route needs (the claims' month) goes with every upload.
  const query = VALID_QUERY[key];
  it.each(row?.bad ?? [])('%s', async (_label, parts, code, paths) => {
    await refuses(def, { query, payload: { multipart: multipart(parts) } }, 400, code, paths);
  });
  it('a JSON body is refused (400 body)', async () => {
    await refuses(def, { query, payload: { json: { kind: 'other' } } }, 400, 'VALIDATION.FAILED', ['body']);
  });
  it('control: the valid upload is accepted and its write is seen', async () => {
    const before = await snapshot();
    const res = await multipart(row?.valid ?? [])(f.socialWorker.agent.post(`${urlOf(def)}${query ? `?${query}` : ''}`).set('x-csrf-token', f.socialWorker.csrf));
    expect(res.status, JSON.stringify(res.body)).toBe(def.status ?? 200);
    expect(sameSnapshot(await snapshot(), before)).toBe(false);
  });
});

/** A route's first path parameter (`:id`, `:caseId`): every one of them is a record id the route must check. */
const firstParam = (path: string): string | undefined => /:([a-zA-Z]+)/.exec(path)?.[1];

describe.each(routes.filter((r) => firstParam(r.path)).map((r) => [keyOf(r), r] as const))('%s params', (_key, def) => {
  const name = firstParam(def.path) as string;
  it.each(BAD_IDS)('invalid id %s', async (id) => {
    const url = name === 'id' ? urlOf(def, id) : urlOf({ ...def, path: def.path.replace(`:${name}`, id) });
    await refuses(def, { url }, 400, 'VALIDATION.FAILED', [`params.${name}`], 'must be a 24-character hex id');
  });
});

describe.each(routes.map((r) => [keyOf(r), r] as const))('%s query', (key, def) => {
  it.each(['foo=1', 'limit[$gt]=0', '__proto__=x'].map((q) => [q, `query.${decodeURIComponent(q.split('=')[0] as string)}`] as const))(
    'unknown query parameter %s',
    async (query, path) => {
      await refuses(def, { query: [VALID_QUERY[key], query].filter(Boolean).join('&') }, 400, 'VALIDATION.FAILED', [path], 'unknown field');
    },
  );

  it.each(QUERIES[key] ?? [])('invalid query %s', async (query, path) => {
    await refuses(def, { query }, 400, 'VALIDATION.FAILED', [path]);
  });
});

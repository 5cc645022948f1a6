import { randomInt, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import supertest, { type Response, type Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHospital } from '../../server/features/admin/hospitals.service.js';
import type { UserView } from '../../server/features/admin/users.schemas.js';
import { registerRelationship } from '../../server/access/relationships.js';
import { AuditModel } from '../../server/features/audit/audit.model.js';
import { issueToken } from '../../server/features/auth/auth.service.js';
import { beginSync, findRun, runSync } from '../../server/features/sync/census-sync.service.js';
import { findPatient, linkPatient } from '../../server/features/patients/patients.service.js';
import { PatientModel } from '../../server/features/patients/patients.model.js';
import { readScreeningResponse } from '../../server/features/screening/answers.js';
import { screenOne } from '../../server/features/screening/screening.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import { POLICY, ROLES, scopesForRole, type Role, type Scope } from '../../server/http/policy.js';
import type { Method, RouteDef } from '../../server/http/route.js';
import { makeFhirHospital, makeHospital, makeOrganisation, makeUser, signIn, TEST_PASSWORD } from '../setup/factories.js';
import { questionnaireResponse } from '../setup/screening.js';
import { startTestApp } from '../setup/test-app.js';
import { notify } from '../../server/notifications/notifications.api.js';
import { NotificationModel } from '../../server/notifications/notifications.model.js';
import { systemClock, vietnamToday } from '../../server/clock.js';
import { SYNC_ONLY, waitForRun } from '../setup/worker.js';
import { recordConsent, withdrawConsent } from '../../server/features/consent/consent.service.js';
import type { ConsentInput } from '../../server/features/consent/consent.schemas.js';
import { CaseModel, type CaseRecord } from '../../server/features/cases/cases.model.js';
import { openCaseForFlag } from '../../server/features/cases/cases.service.js';
import { addGoal, addNeed } from '../../server/features/cases/cases.plan.js';
import { requestClosure } from '../../server/features/cases/cases.workflow.js';
import { createNote } from '../../server/features/cases/notes.service.js';
import { AttachmentModel } from '../../server/features/cases/attachments.model.js';
import { attachmentsBucket } from '../../server/features/cases/attachments.upload.js';
import { fundingFilesBucket } from '../../server/features/funding/funding-files.js';
import { FundingRequestModel } from '../../server/features/funding/funding.model.js';
import { DisbursementModel } from '../../server/features/funding/pledges.model.js';
import { openRequestAccount } from '../../server/features/funding/ledger/ledger.js';
import { recordPledge } from '../../server/features/funding/ledger/pledge-ops.js';
import { createReferral, transitionReferral } from '../../server/features/referrals/referrals.service.js';
import type { FundingCreateBody } from '../../server/features/funding/funding.schemas.js';
import { createFundingRequest } from '../../server/features/funding/funding.service.js';
import type { ReferralCreateBody } from '../../server/features/referrals/referrals.schemas.js';

/**
 * The authorisation matrix: every route the app mounts × every role, anonymous, and bearer
 * tokens with and without the route's scope. The table below is written by hand from the policy
 * (docs/decisions/0005): it is what we promise, checked against what the app does. A route in
 * the registry without a row fails, and so does a row without a route.
 */

/** 'ok': the route's success status; 401/403/404: refused by authorisation (404 hides the record);
 *  'not-yours': 404 from an owner filter in the service (the record is looked up among the caller's own). */
type Expect = 'ok' | 401 | 403 | 404 | 'not-yours';
type Target = 'own' | 'other';
/** One value for both targets, or one per target: 'own' = a record of the caller's tenant, 'other' = of another. */
type Cell = Expect | { own: Expect; other: Expect };
type Who = 'anonymous' | Role;

/** Column order of every row's `roles`. */
const WHO = ['anonymous', 'social_worker', 'sw_lead', 'charity_partner', 'coordinator', 'admin'] as const satisfies readonly Who[];
type Cells = [Cell, Cell, Cell, Cell, Cell, Cell];

interface Req {
  url: string;
  body?: object;
}
interface Ctx {
  caller: Caller;
  target: Target;
}
interface Row {
  roles: Cells;
  /** A bearer token of an admin: one value whatever its scopes, or per scope (granted = only that scope; lacking = all others). */
  token: Expect | { scope: Scope; granted: Expect; lacking: Expect };
  /** The call changes the caller's own session (sign-in, sign-out, password): use a caller of its own. */
  fresh?: boolean;
  build(c: Ctx): Promise<Req>;
}

interface Caller {
  label: string;
  /** The signed-in user, or the owner of the bearer token. */
  user: UserView | null;
  send(method: Method, url: string, body?: object): Promise<Response>;
}

// Records the requests act on, in the caller's tenant ('own') or in another one ('other'). They are
// built once per file and shared by every cell that only reads them or changes them repeatably
// (issue 9, point 6): keyed by kind and tenant ('other' is one other tenant for everybody).
const fixtures = new Map<string, Promise<string>>();
function once(key: string, make: () => Promise<string>): Promise<string> {
  let made = fixtures.get(key);
  if (!made) {
    made = make();
    fixtures.set(key, made);
  }
  return made;
}
const tenantOf = ({ caller, target }: Ctx): string => (target === 'own' ? `own:${caller.user?.id ?? 'anonymous'}` : 'other');
const hospitalFor = async (c: Ctx): Promise<string> =>
  c.target === 'own' && c.caller.user?.hospital
    ? c.caller.user.hospital.id
    : once(`hospital:${tenantOf(c)}`, async () => (await makeHospital()).id);
const organisationFor = async (c: Ctx): Promise<string> =>
  c.target === 'own' && c.caller.user?.organisation
    ? c.caller.user.organisation.id
    : once(`organisation:${tenantOf(c)}`, async () => (await makeOrganisation()).id);
const userFor = (c: Ctx): Promise<string> =>
  once(
    `user:${c.target === 'own' ? (c.caller.user?.hospital?.id ?? tenantOf(c)) : 'other'}`,
    async () =>
      (await makeUser('social_worker', c.target === 'own' && c.caller.user?.hospital ? { hospitalId: c.caller.user.hospital.id } : {})).id,
  );
/** Fresh per cell: a revoked token cannot be revoked again. */
const tokenFor = async ({ caller, target }: Ctx): Promise<string> => {
  const ownerId = target === 'own' && caller.user ? caller.user.id : (await makeUser('coordinator')).id;
  const { record } = await issueToken(ownerId, 'fixture', ['network:read'], null);
  return record._id.toHexString();
};
const rand = (): string => Math.random().toString(36).slice(2, 8);

// Patient data comes from a demo hospital's FHIR server (started in beforeAll), so 'ok' cells really succeed.
let demo: RunningDemoHospital;
const DEMO_PATIENTS = 30;
const demoPatient = (): string => `bvdklc-${String(1 + Math.floor(Math.random() * DEMO_PATIENTS)).padStart(6, '0')}`;
const fhirHospitalFor = async (c: Ctx): Promise<string> =>
  c.target === 'own' && c.caller.user?.hospital
    ? c.caller.user.hospital.id
    : once(`fhir-hospital:${tenantOf(c)}`, async () => (await makeFhirHospital(demo.baseUrl)).id);
const hospitalKey = async (c: Ctx): Promise<string> => fhirHospitalFor(c);
const patientFor = async (c: Ctx): Promise<string> =>
  once(`patient:${await hospitalKey(c)}`, async () => {
    const h = await findHospital(await fhirHospitalFor(c));
    if (!h) throw new Error('no hospital');
    return (await linkPatient(h, demoPatient(), 'fixture', new Date())).record._id.toHexString();
  });
/** An active flag, from a questionnaire screening of a patient of the caller's hospital (or another's); fresh per cell (a review ends it). */
const flagFor = async (c: Ctx): Promise<string> => {
  const h = await findHospital(await fhirHospitalFor(c));
  if (!h) throw new Error('no hospital');
  const { record } = await linkPatient(h, demoPatient(), 'fixture', new Date());
  const qr = questionnaireResponse();
  const out = await screenOne(h, {
    record,
    kind: 'questionnaire',
    answers: readScreeningResponse(qr).answers,
    questionnaireResponse: qr,
    by: 'fixture',
    now: new Date(),
  });
  if (!out.flag) throw new Error('the fixture screening raised no flag');
  return out.flag._id.toHexString();
};
/** The same, shared by the cells that only read it. */
const sharedFlagFor = async (c: Ctx): Promise<string> => once(`flag:${await hospitalKey(c)}`, () => flagFor(c));
/** A finished sync run: of the caller's hospital (its FHIR server), or of another (without one: it fails at once). */
const runFor = async (c: Ctx): Promise<string> =>
  once(`run:${await hospitalFor(c)}`, async () => {
    const h = await findHospital(await hospitalFor(c));
    if (!h) throw new Error('no hospital');
    return (await runSync(h, await beginSync(h, 'fixture')))._id.toHexString();
  });
/** An in-app notification of the caller ('own') or of another user ('other'), made through `notify`. */
const notificationFor = async ({ caller, target }: Ctx): Promise<string> => {
  const owner = target === 'own' && caller.user ? caller.user.id : (await makeUser('coordinator')).id;
  const idempotencyKey = `matrix:${rand()}${rand()}`;
  await notify(
    {
      to: { userIds: [owner] },
      template: 'sync.completed',
      params: { hospital: 'BV thử', startedAt: '2026-03-02T01:00:00Z', patients: 3 },
      link: '/sync',
      idempotencyKey,
    },
    systemClock,
  );
  const row = await NotificationModel.findOne({ idempotencyKey }).lean();
  if (!row) throw new Error('no notification');
  return row._id.toHexString();
};
/** A case of the patient of the caller's hospital (or another's), opened as a confirmed flag opens one. */
const caseFor = async (c: Ctx): Promise<string> =>
  once(`case:${await hospitalKey(c)}`, async () => {
    const h = await findHospital(await fhirHospitalFor(c));
    if (!h) throw new Error('no hospital');
    const patientId = new mongoose.Types.ObjectId(await patientFor(c));
    return (await openCaseForFlag({ hospitalId: h._id, patientId, flagId: new mongoose.Types.ObjectId(), by: 'fixture', note: null, now: new Date() }))._id.toHexString();
  });
/** A case of its own per cell (a move or a decision changes it), opened as a confirmed flag opens one. */
const freshCaseFor = async (c: Ctx): Promise<CaseRecord> => {
  const h = await findHospital(await fhirHospitalFor(c));
  if (!h) throw new Error('no hospital');
  const patientId = new mongoose.Types.ObjectId(await patientFor(c));
  return openCaseForFlag({ hospitalId: h._id, patientId, flagId: new mongoose.Types.ObjectId(), by: 'fixture', note: null, now: new Date() });
};
/** A fresh case with a closure request waiting for the head's decision. */
const closureAskedFor = async (c: Ctx): Promise<string> =>
  (await requestClosure(await freshCaseFor(c), { outcome: 'resolved', summary: 'Đã hỗ trợ xong' }, 'fixture', new Date()))._id.toHexString();
/** A need and a goal of the shared case (the plan routes change them repeatably). */
const needFor = async (c: Ctx): Promise<string> =>
  once(`need:${await caseFor(c)}`, async () => {
    const withNeed = await addNeed(await caseRecord(c), { domain: 'food', description: 'Cần suất ăn' }, 'fixture', new Date());
    return (withNeed.needs[withNeed.needs.length - 1]?._id as mongoose.Types.ObjectId).toHexString();
  });
const goalFor = async (c: Ctx): Promise<string> =>
  once(`goal:${await caseFor(c)}`, async () => {
    const withGoal = await addGoal(await caseRecord(c), { description: 'Có suất ăn', targetDate: '2099-01-01' }, vietnamToday(systemClock), 'fixture', new Date());
    return (withGoal.goals[withGoal.goals.length - 1]?._id as mongoose.Types.ObjectId).toHexString();
  });
/** A patient of the caller's hospital (or another's) with no case yet: a new Patient on the demo FHIR server, linked. */
const caselessPatientFor = async (c: Ctx): Promise<string> => {
  const h = await findHospital(await fhirHospitalFor(c));
  if (!h) throw new Error('no hospital');
  const res = await fetch(`${demo.baseUrl}/Patient`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Patient', name: [{ text: 'Lò Văn Tư', family: 'Lò', given: ['Văn', 'Tư'] }], gender: 'male', birthDate: '1990-03-04' }),
  });
  const created = (await res.json()) as { id: string };
  return (await linkPatient(h, created.id, 'fixture', new Date())).record._id.toHexString();
};
const LEAD_ONLY: Cells = [401, 403, { own: 'ok', other: 404 }, 403, 403, 403];
const caseRecord = async (c: Ctx): Promise<CaseRecord> => {
  const found = await CaseModel.findById(await caseFor(c)).lean<CaseRecord>();
  if (!found) throw new Error('no case');
  return found;
};
/** A note of the case written by the caller (only its author may edit it); fresh per cell. */
const noteFor = async (c: Ctx): Promise<string> =>
  (await createNote(await caseRecord(c), { type: 'internal-note', body: 'Ghi chú' }, c.caller.user?.id ?? 'fixture', new Date()))._id.toHexString();
/** A stored PDF attachment of the case (bytes in GridFS), shared by the cells that read it. */
const attachmentFor = async (c: Ctx): Promise<string> =>
  once(`attachment:${await caseFor(c)}`, async () => {
    const record = await caseRecord(c);
    const upload = attachmentsBucket().openUploadStream('giay.pdf');
    await new Promise<void>((resolve, reject) => upload.end(PDF_BYTES, (err?: Error | null) => (err ? reject(err) : resolve())));
    const a = await AttachmentModel.create({ caseId: record._id, hospitalId: record.hospitalId, patientId: record.patientId, kind: 'other', fileName: 'giay.pdf', contentType: 'application/pdf', size: PDF_BYTES.length, sha256: '0'.repeat(64), uploadedBy: 'fixture', uploadedAt: new Date(), gridFsId: upload.id });
    return a._id.toHexString();
  });
const PDF_BYTES = Buffer.from('%PDF-1.4\n%%EOF\n');
/** A claims export (reconciliation): one episode with what other sources paid. */
const CLAIMS_CSV = Buffer.from('MA_LK,MA_BN,T_NGUONKHAC\r\nLK2611000123,BN0045123,1500000\r\n');
/** A multipart body (an attachment upload): its fields in order, then the file. */
class Multipart {
  constructor(
    readonly fields: Record<string, string>,
    readonly file: Buffer,
    readonly fileName: string,
  ) {}
}
/**
 * A standing disbursement of a request of the hospital (its own staff's, or another's) by the organisation (the partner's own, or
 * another), with one stored receipt (bytes in funding_files): written as the ledger leaves it. Fresh per cell.
 */
const disbursementFor = async (c: Ctx, requestId: mongoose.Types.ObjectId = new mongoose.Types.ObjectId()): Promise<{ id: string; receiptId: string }> => {
  const upload = fundingFilesBucket().openUploadStream('bien-lai.pdf');
  await new Promise<void>((resolve, reject) => upload.end(PDF_BYTES, (err?: Error | null) => (err ? reject(err) : resolve())));
  const receiptId = new mongoose.Types.ObjectId();
  const d = await DisbursementModel.create({
    pledgeId: new mongoose.Types.ObjectId(), requestId, hospitalId: new mongoose.Types.ObjectId(await fhirHospitalFor(c)), organisationId: new mongoose.Types.ObjectId(await organisationFor(c)),
    episodeId: null, amountVnd: 500_000, returnedVnd: 0, payee: 'hospital-bill', payeeName: null, method: 'bank-transfer', witness: null, paymentReference: null, paidOn: '2026-12-01',
    receipts: [{ _id: receiptId, fileId: upload.id, fileName: 'bien-lai.pdf', contentType: 'application/pdf', size: PDF_BYTES.length, at: new Date(), by: 'fixture' }],
    state: 'done', transferIds: [], reversal: null, createdBy: 'fixture', createdAt: new Date(),
  });
  return { id: d._id.toHexString(), receiptId: receiptId.toHexString() };
};
/** A pending pledge of the organisation (the partner's own, or another) on a request of the hospital, made on the ledger. Fresh per cell. */
const pledgeFor = async (c: Ctx): Promise<string> => {
  const requestId = new mongoose.Types.ObjectId();
  const hospitalId = new mongoose.Types.ObjectId(await fhirHospitalFor(c));
  await openRequestAccount(requestId, 1_000_000, { hospitalId });
  const out = await recordPledge({ pledgeId: new mongoose.Types.ObjectId(), requestId, hospitalId, organisationId: new mongoose.Types.ObjectId(await organisationFor(c)), amountVnd: 500_000, note: null, createdBy: 'fixture', now: new Date(), expiresAt: new Date(Date.now() + 86_400_000) });
  if (!out.ok) throw new Error('pledge fixture refused');
  return out.pledge._id.toHexString();
};
/** A request of the case with money disbursed on it (an outcome is taken only then). */
const disbursedRequestFor = async (c: Ctx): Promise<string> => {
  const k = await caseRecord(c);
  const now = new Date();
  const r = await FundingRequestModel.create({
    reference: `HT-2026-${rand()}`, caseId: k._id, patientId: k.patientId, hospitalId: k.hospitalId,
    lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 500_000, insuranceVnd: 0, patientVnd: 500_000, split: 'outside-bhyt', serviceDate: null }],
    bhyt: null, askedVnd: 500_000, urgency: 'urgent', neededBy: '2099-12-31', justification: 'Hộ nghèo', documentIds: [], episodeId: null,
    status: 'disbursed', history: [], version: 1, story: null, outcomes: [], createdBy: 'fixture', createdAt: now, updatedAt: now,
  });
  await disbursementFor(c, r._id);
  return r._id.toHexString();
};
/** Receipts: the paying partner (its organisation's) and the request's hospital staff (relationship); network staff read only. */
const RECEIPT_SIDES: Cells = [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 403, 403];
/** A consent valid whatever the demo patient's age: a legal representative for a patient without capacity (the child's agreement is kept only for 7–15). */
const consentBody = (purpose: ConsentInput['purpose'], recipient: ConsentInput['recipient']): ConsentInput => ({
  purpose,
  recipient,
  givenBy: { kind: 'legal-representative', name: 'Lò Văn Sáng', relationship: 'con trai' },
  childAgreed: true,
  patientLacksCapacity: true,
  method: { kind: 'verbal', witnessName: 'Nguyễn Văn Bình' },
  givenOn: vietnamToday(systemClock),
});
const recordContext = (): { by: string; now: Date; today: string } => ({ by: 'fixture', now: new Date(), today: vietnamToday(systemClock) });
/** An active consent of the case (contact by phone: no recipient), fresh per cell: a withdrawal ends it. */
const consentFor = async (c: Ctx): Promise<string> =>
  (await recordConsent(await caseRecord(c), consentBody('contact-phone', { kind: 'none' }), recordContext()))._id.toHexString();
/** A network hospital that receives the table's referrals (no caller belongs to it). */
const referralRecipient = (): Promise<string> => once('referral-recipient', async () => (await makeHospital({ name: 'Bệnh viện nhận chuyển gửi' })).id);
const referralBody = async (documentIds: string[] = [], send = false): Promise<ReferralCreateBody> => ({
  to: { kind: 'hospital', id: await referralRecipient() },
  service: 'continuing-support',
  needs: ['housing'],
  urgency: 'routine',
  summary: 'Chuyển gửi để tiếp tục hỗ trợ',
  documentIds,
  send,
});
/** A referral of the case to the recipient hospital: a draft, or sent under the patient's consent to it. */
async function referralOf(record: CaseRecord, opts: { send: boolean; documentIds?: string[] }): Promise<string> {
  if (opts.send) await recordConsent(record, consentBody('share-hospital', { kind: 'hospital', id: await referralRecipient() }), recordContext());
  return (await createReferral(record, await referralBody(opts.documentIds, opts.send), 'fixture', new Date()))._id.toHexString();
}
/** The shared case's sent referral, sharing its stored paper, for the cells that only read it. */
const referralFor = async (c: Ctx): Promise<string> =>
  once(`referral:${await caseFor(c)}`, async () => referralOf(await caseRecord(c), { send: true, documentIds: [await attachmentFor(c)] }));
/** A draft (PATCH) or a sent referral (a move, a message) of a fresh case per cell. */
const draftReferralFor = async (c: Ctx): Promise<string> => referralOf(await freshCaseFor(c), { send: false });
const sentReferralFor = async (c: Ctx): Promise<string> => referralOf(await freshCaseFor(c), { send: true });
const PATIENT_ROLES: Cells = [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 403, 403, 403];
/** A funding request's body: hospital fees with the fund's share stated from the bill (whatever the patient's card), travel home. */
const fundingBody = (): FundingCreateBody => ({
  lines: [
    { kind: 'hospital-fees', description: 'Viện phí', totalVnd: 2_000_000, statedInsuranceVnd: 1_600_000 },
    { kind: 'travel-home', description: 'Xe về quê', totalVnd: 500_000 },
  ],
  urgency: 'urgent',
  neededBy: '2099-12-31',
  justification: 'Gia đình hộ nghèo',
  documentIds: [],
});
/** A draft funding request of the case, fresh per cell (an edit or a move changes it). */
const fundingDraftFor = async (c: Ctx): Promise<string> => (await createFundingRequest(await caseRecord(c), fundingBody(), 'fixture', new Date()))._id.toHexString();
/** Readers of a request: its hospital's staff, network staff; a partner only while listed or pledged (404 otherwise). */
const FUNDING_READERS: Cells = [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 404, 'ok', 'ok'];
/** The referral's two sides reach it (the receiver by its relationship: the axis below); network staff never move it nor open its papers. */
const REFERRAL_SIDES: Cells = [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 404, 403, 403];
const REFERRAL_READERS: Cells = [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 404, 'ok', 'ok'];
const SYNC_ROLES: Cells = [401, { own: 'ok', other: 403 }, { own: 'ok', other: 403 }, 403, 'ok', 'ok'];

// prettier-ignore
const TABLE: Record<string, Row> = {
  //                                   anonymous  social_worker  sw_lead  charity_partner  coordinator  admin
  'GET /auth/session':          { roles: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'], token: 'ok',
    build: async () => ({ url: '/auth/session' }) },
  'POST /auth/login':           { roles: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'], token: 403, fresh: true,
    build: async ({ caller }) => ({ url: '/auth/login', body: { username: (caller.user ?? (await makeUser('social_worker'))).username, password: TEST_PASSWORD } }) },
  'POST /auth/logout':          { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: 403, fresh: true,
    build: async () => ({ url: '/auth/logout' }) },
  'POST /auth/password':        { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: 403, fresh: true,
    build: async () => ({ url: '/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-passphrase' } }) },
  'GET /auth/tokens':           { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: 403,
    build: async () => ({ url: '/auth/tokens' }) },
  'POST /auth/tokens':          { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: 403,
    build: async () => ({ url: '/auth/tokens', body: { name: 'Tích hợp', scopes: ['network:read'] } }) },
  'DELETE /auth/tokens/:id':    { roles: [401, ...fiveOf({ own: 'ok', other: 'not-yours' })], token: 403,
    build: async (c) => ({ url: `/auth/tokens/${await tokenFor(c)}` }) },
  'GET /admin/tokens':          { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/admin/tokens' }) },
  'DELETE /admin/tokens/:id':   { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/admin/tokens/${await tokenFor(c)}` }) },
  'GET /hospitals':             { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/hospitals' }) },
  'GET /hospitals/:id':         { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/hospitals/${await hospitalFor(c)}` }) },
  'POST /hospitals':            { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/hospitals', body: { code: `BV${rand().toUpperCase()}`, name: 'Bệnh viện mới', province: { current: 'Lào Cai', old: 'Lào Cai' }, level: 'district', socialWorkUnit: 'to' } }) },
  'PATCH /hospitals/:id':       { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/hospitals/${await hospitalFor(c)}`, body: { name: 'Tên đã đổi' } }) },
  'GET /organisations':         { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/organisations' }) },
  'GET /organisations/:id':     { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/organisations/${await organisationFor(c)}` }) },
  'POST /organisations':        { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/organisations', body: { name: `Quỹ ${rand()}`, type: 'ngo', contact: { name: 'Chị Lan', email: `lan-${rand()}@example.vn` } } }) },
  'PATCH /organisations/:id':   { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/organisations/${await organisationFor(c)}`, body: { active: false } }) },
  'GET /users':                 { roles: [401, 403, 'ok', 403, 403, 'ok'], token: { scope: 'admin:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/users' }) },
  'GET /users/:id':             { roles: [401, 403, { own: 'ok', other: 404 }, 403, 403, 'ok'], token: { scope: 'admin:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/users/${await userFor(c)}` }) },
  'POST /users':                { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/users', body: { username: `dieuphoi.${rand()}`, displayName: 'Điều phối viên', role: 'coordinator', password: TEST_PASSWORD } }) },
  'PATCH /users/:id':           { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/users/${await userFor(c)}`, body: { displayName: 'Tên đã đổi' } }) },
  'GET /audit-events':          { roles: [401, 403, 403, 403, 'ok', 'ok'], token: { scope: 'audit:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/audit-events' }) },
  'GET /audit-events/fhir':     { roles: [401, 403, 403, 403, 'ok', 'ok'], token: { scope: 'audit:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/audit-events/fhir' }) },
  'GET /calendar':              { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/calendar' }) },
  'GET /patients/search':       { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/patients/search?q=nguyen' }) },
  'GET /patients':              { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/patients?inpatient=true' }) },
  'POST /patients':             { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/patients', body: { fhirId: demoPatient() } }) },
  'GET /patients/:id':          { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/patients/${await patientFor(c)}` }) },
  'POST /patients/:id/resync':  { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/patients/${await patientFor(c)}/resync` }) },
  'GET /patients/:id/matches':  { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/patients/${await patientFor(c)}/matches` }) },
  'GET /screening/questionnaire': { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/screening/questionnaire' }) },
  'POST /patients/:id/screenings': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/patients/${await patientFor(c)}/screenings`, body: { questionnaireResponse: questionnaireResponse() } }) },
  'GET /patients/:id/screenings': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/patients/${await patientFor(c)}/screenings` }) },
  'GET /patients/:id/cases':    { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/patients/${await patientFor(c)}/cases` }) },
  // Cases (decision 0020): the own hospital's social-work staff; assignment and the closure decision the head's only.
  'POST /cases':                { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async (c) => ({ url: '/cases', body: { patientId: await caselessPatientFor({ ...c, target: 'own' }), note: 'Mở ca' } }) },
  'GET /cases':                 { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/cases?scope=hospital&overdueGoals=true' }) },
  // A consent to share may open it to a charity partner: without one, the partner learns nothing (404).
  'GET /cases/:id':             { roles: [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 404, 403, 403], token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}` }) },
  'PUT /cases/:id/assignee':    { roles: LEAD_ONLY, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/assignee`, body: { userId: await userFor(c) } }) },
  'POST /cases/:id/transitions': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${(await freshCaseFor(c))._id.toHexString()}/transitions`, body: { to: 'assessment' } }) },
  'POST /cases/:id/needs':      { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/needs`, body: { domain: 'housing', description: 'Nhà dột' } }) },
  'PATCH /cases/:id/needs/:needId': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/needs/${await needFor(c)}`, body: { status: 'met' } }) },
  'POST /cases/:id/goals':      { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/goals`, body: { description: 'Sửa nhà', targetDate: '2099-12-31' } }) },
  'PATCH /cases/:id/goals/:goalId': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/goals/${await goalFor(c)}`, body: { description: 'Có suất ăn hằng ngày' } }) },
  'POST /cases/:id/interventions': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/interventions`, body: { description: 'Tư vấn', activityGroup: 'assessment-psychosocial', performedOn: vietnamToday(systemClock) } }) },
  'POST /cases/:id/closure-request': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${(await freshCaseFor(c))._id.toHexString()}/closure-request`, body: { outcome: 'resolved', summary: 'Xong' } }) },
  'POST /cases/:id/closure-decision': { roles: LEAD_ONLY, token: 403,
    build: async (c) => ({ url: `/cases/${await closureAskedFor(c)}/closure-decision`, body: { decision: 'return', reason: 'Thiếu giấy tờ' } }) },
  'GET /cases/:id/timeline':    { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/timeline` }) },
  'POST /cases/:id/notes':      { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/notes`, body: { type: 'phone-call', body: 'Đã gọi điện cho gia đình' } }) },
  'PATCH /cases/:id/notes/:noteId': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/notes/${await noteFor(c)}`, body: { body: 'Đã sửa' } }) },
  'POST /cases/:id/attachments': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/attachments`, body: new Multipart({ kind: 'receipt' }, PDF_BYTES, 'bien-lai.pdf') }) },
  'GET /cases/:id/attachments': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/attachments` }) },
  'GET /cases/:id/attachments/:attachmentId/content': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/attachments/${await attachmentFor(c)}/content` }) },
  'GET /cases/:id/elsewhere':   { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/elsewhere` }) },
  'GET /cases/:id/consents':    { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/consents` }) },
  'POST /cases/:id/consents':   { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/consents`, body: consentBody('share-hospital', { kind: 'hospital', id: await hospitalFor({ ...c, target: 'other' }) }) }) },
  'POST /cases/:id/consents/:consentId/withdrawal': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/consents/${await consentFor(c)}/withdrawal`, body: { reason: 'Người bệnh đổi ý' } }) },
  'GET /hospitals/:id/screening-tiers': { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/hospitals/${await hospitalFor(c)}/screening-tiers` }) },
  'POST /hospitals/:id/screening-tiers': { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:write', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/hospitals/${await hospitalFor(c)}/screening-tiers`, body: { code: 'far-from-home', tier: 'support' } }) },
  'GET /worklist':              { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/worklist' }) },
  'GET /flags/:id':             { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/flags/${await sharedFlagFor(c)}` }) },
  'POST /flags/:id/review':     { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/flags/${await flagFor(c)}/review`, body: { decision: 'dismiss', reason: 'Đã có hỗ trợ của gia đình' } }) },
  'POST /flags/:id/write-back/retry': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/flags/${await flagFor(c)}/write-back/retry` }) },
  'POST /hospitals/:id/sync':   { roles: SYNC_ROLES, token: { scope: 'patients:write', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/hospitals/${await fhirHospitalFor(c)}/sync` }) },
  'GET /sync-runs':             { roles: [401, 'ok', 'ok', 403, 'ok', 'ok'], token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/sync-runs' }) },
  'GET /sync-runs/:id':         { roles: SYNC_ROLES, token: { scope: 'network:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/sync-runs/${await runFor(c)}` }) },
  'GET /notifications':         { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: 'ok',
    build: async () => ({ url: '/notifications' }) },
  'POST /notifications/:id/read': { roles: [401, ...fiveOf({ own: 'ok', other: 'not-yours' })], token: 'not-yours',
    build: async (c) => ({ url: `/notifications/${await notificationFor(c)}/read` }) },
  'POST /notifications/read-all': { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: 'ok',
    build: async () => ({ url: '/notifications/read-all' }) },
  'GET /admin/mailbox':         { roles: [401, 403, 403, 403, 403, 'ok'], token: { scope: 'admin:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/admin/mailbox' }) },
  // Referrals (issue 11, decision 0024): the sender's hospital by tenancy; the receiver only through its relationship (axis below).
  'POST /cases/:caseId/referrals': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${(await freshCaseFor(c))._id.toHexString()}/referrals`, body: await referralBody() }) },
  'GET /cases/:caseId/referrals': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/referrals` }) },
  'GET /referrals':             { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/referrals' }) },
  'GET /referrals/:id':         { roles: REFERRAL_READERS, token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/referrals/${await referralFor(c)}` }) },
  'PATCH /referrals/:id':       { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/referrals/${await draftReferralFor(c)}`, body: { urgency: 'urgent' } }) },
  'POST /referrals/:id/transitions': { roles: REFERRAL_SIDES, token: 403,
    build: async (c) => ({ url: `/referrals/${await sentReferralFor(c)}/transitions`, body: { to: 'cancelled', reason: 'Gia đình đổi ý' } }) },
  'GET /referrals/:id/comments': { roles: REFERRAL_SIDES, token: 403,
    build: async (c) => ({ url: `/referrals/${await referralFor(c)}/comments` }) },
  'POST /referrals/:id/comments': { roles: REFERRAL_SIDES, token: 403,
    build: async (c) => ({ url: `/referrals/${await referralFor(c)}/comments`, body: { body: 'Bên nhận đã gọi cho gia đình' } }) },
  'GET /referrals/:id/documents/:attachmentId/content': { roles: REFERRAL_SIDES, token: 403,
    build: async (c) => ({ url: `/referrals/${await referralFor(c)}/documents/${await attachmentFor(c)}/content` }) },
  'GET /referrals/overdue':     { roles: [401, 403, 'ok', 403, 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/referrals/overdue' }) },
  'GET /referral-recipients':   { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/referral-recipients?kind=hospital' }) },
  // Reconciliation (issue 12 point 5): a hospital's month, its own staff's (another hospital's refused), network staff's
  // for any hospital they name; the claims upload is the hospital staff's, for their own hospital only (no target in the URL).
  'POST /cases/:caseId/funding-requests': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/funding-requests`, body: fundingBody() }) },
  'POST /cases/:caseId/funding-requests/preview': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/funding-requests/preview`, body: fundingBody() }) },
  'GET /cases/:caseId/funding-requests': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/cases/${await caseFor(c)}/funding-requests` }) },
  'GET /funding-requests':      { roles: [401, 'ok', 'ok', 403, 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/funding-requests?view=queue' }) },
  'GET /funding-requests/:id':  { roles: FUNDING_READERS, token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/funding-requests/${await fundingDraftFor(c)}` }) },
  'PATCH /funding-requests/:id': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/funding-requests/${await fundingDraftFor(c)}`, body: { urgency: 'emergency' } }) },
  'POST /funding-requests/:id/moves': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/funding-requests/${await fundingDraftFor(c)}/moves`, body: { move: 'submit' } }) },
  'PUT /funding-requests/:id/story': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/funding-requests/${await fundingDraftFor(c)}/story`, body: { title: 'Em bé vùng cao', text: 'Em 12 tuổi, gia đình ở vùng cao.', diagnosisGroup: 'Ung thư', reviewed: true } }) },
  'GET /marketplace':           { roles: [401, 403, 403, 'ok', 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/marketplace' }) },
  'GET /reconciliation':        { roles: [401, { own: 'ok', other: 403 }, { own: 'ok', other: 403 }, 403, 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/reconciliation?month=2026-11&hospitalId=${await hospitalFor(c)}` }) },
  'POST /reconciliation/claims': { roles: [401, 'ok', 'ok', 403, 403, 403], token: 403,
    build: async () => ({ url: '/reconciliation/claims?month=2026-11', body: new Multipart({}, CLAIMS_CSV, 'giam-dinh.csv') }) },
  // Outcomes, receipts, statements (issue 12 points 4 and 6).
  'POST /funding-requests/:id/outcomes': { roles: PATIENT_ROLES, token: 403,
    build: async (c) => ({ url: `/funding-requests/${await disbursedRequestFor(c)}/outcomes`, body: { text: 'Chị đã mổ xong và đã về nhà.' } }) },
  'POST /disbursements/:id/receipts': { roles: RECEIPT_SIDES, token: 403,
    build: async (c) => ({ url: `/disbursements/${(await disbursementFor(c)).id}/receipts`, body: new Multipart({}, PDF_BYTES, 'bien-lai.pdf') }) },
  'GET /disbursements/:id/receipts/:receiptId/content': { roles: [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 403, 403], token: 403,
    build: async (c) => {
      const d = await disbursementFor(c);
      return { url: `/disbursements/${d.id}/receipts/${d.receiptId}/content` };
    } },
  // A partner's own statement (another organisation's refused); network staff's for the organisation they name.
  'GET /statements':            { roles: [401, 403, 403, { own: 'ok', other: 403 }, 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/statements?from=2026-12-01&to=2026-12-31&organisationId=${await organisationFor(c)}` }) },
  // Pledges and disbursements (issue 12 points 3-4): the partner's own organisation's; the request's hospital staff read them
  // (relationship funding.request-hospital); network staff read all. Pledging needs the request on the marketplace: one that
  // is not answers 404 to a partner (the pledge's own tests make listed ones).
  'POST /funding-requests/:id/pledges': { roles: [401, 403, 403, 'not-yours', 403, 403], token: 403,
    build: async (c) => ({ url: `/funding-requests/${await fundingDraftFor(c)}/pledges`, body: { amountVnd: 100_000 } }) },
  'POST /pledges/:id/cancel':   { roles: [401, 403, 403, { own: 'ok', other: 404 }, 403, 403], token: 403,
    build: async (c) => ({ url: `/pledges/${await pledgeFor(c)}/cancel`, body: {} }) },
  'POST /pledges/:id/disbursements': { roles: [401, 403, 403, { own: 'ok', other: 404 }, 403, 403], token: 403,
    build: async (c) => ({ url: `/pledges/${await pledgeFor(c)}/disbursements`, body: { amountVnd: 200_000, payee: 'hospital-bill', method: 'bank-transfer', paidOn: '2026-12-07' } }) },
  'POST /disbursements/:id/reversal': { roles: [401, 403, 403, { own: 'ok', other: 404 }, 403, 403], token: 403,
    build: async (c) => ({ url: `/disbursements/${(await disbursementFor(c)).id}/reversal`, body: { reason: 'Ghi nhầm' } }) },
  'GET /pledges':               { roles: [401, 'ok', 'ok', 'ok', 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async () => ({ url: '/pledges' }) },
  'GET /pledges/:id':           { roles: [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/pledges/${await pledgeFor(c)}` }) },
  'GET /disbursements/:id':     { roles: [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/disbursements/${(await disbursementFor(c)).id}` }) },
  'GET /funding-requests/:id/ledger': { roles: [401, { own: 'ok', other: 404 }, { own: 'ok', other: 404 }, 403, 'ok', 'ok'], token: { scope: 'patients:read', granted: 'ok', lacking: 403 },
    build: async (c) => ({ url: `/funding-requests/${await fundingDraftFor(c)}/ledger` }) },
};

function fiveOf(cell: Cell): [Cell, Cell, Cell, Cell, Cell] {
  return [cell, cell, cell, cell, cell];
}

const keyOf = (r: RouteDef): string => `${r.method.toUpperCase()} ${r.path}`;
const expectFor = (cell: Cell, target: Target): Expect => (typeof cell === 'object' ? cell[target] : cell);
const targetsOf = (r: RouteDef): Target[] => (r.path.includes('/:') ? ['own', 'other'] : ['other']);
const ERROR_CODE = { 401: 'AUTH.UNAUTHENTICATED', 403: 'AUTH.FORBIDDEN', 404: 'NOT_FOUND' } as const;

const t = await startTestApp({}, { worker: SYNC_ONLY });
const routes = t.handle.routes;

function withBody(method: Method, req: Test, body: object | undefined): Test {
  if (body instanceof Multipart) {
    for (const [name, value] of Object.entries(body.fields)) req = req.field(name, value);
    return req.attach('file', body.file, body.fileName);
  }
  // Money POSTs need an Idempotency-Key (decision 0025); a fresh one per call is harmless elsewhere.
  return method === 'get' ? req : req.set('Idempotency-Key', randomUUID()).send(body ?? {});
}

async function anonymousCaller(): Promise<Caller> {
  const agent = supertest.agent(t.app);
  const session = await agent.get('/api/v1/auth/session').expect(200);
  const csrf = session.body.csrfToken as string;
  return {
    label: 'anonymous',
    user: null,
    send: async (m, url, body) => withBody(m, agent[m](`/api/v1${url}`).set('x-csrf-token', csrf), body),
  };
}

async function sessionCaller(role: Role, tenancy: { hospitalId?: string; organisationId?: string } = {}): Promise<Caller> {
  const s = await signIn(t.app, await makeUser(role, tenancy));
  return {
    label: role,
    user: s.user,
    send: async (m, url, body) => withBody(m, s.agent[m](`/api/v1${url}`).set('x-csrf-token', s.csrf), body),
  };
}

const callerFor = (who: Who): Promise<Caller> => (who === 'anonymous' ? anonymousCaller() : sessionCaller(who));

function tokenCaller(label: string, owner: UserView, token: string): Caller {
  return {
    label,
    user: owner,
    send: async (m, url, body) => withBody(m, supertest(t.app)[m](`/api/v1${url}`).set('Authorization', `Bearer ${token}`), body),
  };
}

/**
 * Everything but the audit log and sessions, as stored; lastUsedAt moves whenever a token is used.
 * The in-process worker's scheduler state (its leases, renewed while it polls; its jobs' due
 * times) moves on its own time, not because of a request.
 * A snapshot is taken twice per refused cell (some 600 of them, over 25 collections): read one by one, their
 * round trips were most of the file's time, so all collections come back in one aggregation ($lookup of each
 * into the first user's document), 4× faster on the dev database; without a user yet, the reads one by one.
 */
const NOT_SNAPSHOTTED = new Set(['audit_events', 'sessions', 'leases', 'job_state']);
async function snapshot(): Promise<Record<string, unknown[]>> {
  const db = mongoose.connection.db!;
  const names = (await db.collections()).map((c) => c.collectionName).filter((n) => !NOT_SNAPSHOTTED.has(n)).sort();
  const lookups = names.map((from, i) => ({ $lookup: { from, pipeline: [{ $sort: { _id: 1 } }], as: `c${i}` } }));
  const [row] = await db.collection('users').aggregate<Record<string, Record<string, unknown>[]>>([{ $limit: 1 }, { $project: { _id: 1 } }, ...lookups]).toArray();
  const docsOf = async (name: string, i: number): Promise<Record<string, unknown>[]> => row?.[`c${i}`] ?? db.collection(name).find({}).sort({ _id: 1 }).toArray();
  const read = await Promise.all(names.map(async (name, i) => [name, (await docsOf(name, i)).map(({ lastUsedAt: _ignored, ...rest }) => rest)] as const));
  return Object.fromEntries(read);
}

/** Sends the row's request as the caller and checks the answer, the audit log and (on denial) that nothing changed. */
async function check(def: RouteDef, row: Row, caller: Caller, target: Target, expected: Expect): Promise<void> {
  const req = await row.build({ caller, target });
  const before = expected === 'ok' ? null : await snapshot();
  const res = await caller.send(def.method, req.url, req.body);
  const what = `${keyOf(def)} as ${caller.label} on ${target} record: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  const requestId = res.headers['x-request-id'] as string;
  const denied = await AuditModel.findOne({ requestId, outcome: 'denied' }).lean();
  if (expected === 'ok') {
    expect(res.status, what).toBe(def.status ?? 200);
    expect(denied, `${what}: no denial logged`).toBeNull();
    // A started sync runs in the background: it must end (and succeed) before the next request compares the data.
    if (def.action === 'sync.start') {
      await waitForRun(res.body.id as string);
      expect((await findRun(res.body.id as string))?.status, what).toBe('succeeded');
    }
    return;
  }
  const status = expected === 'not-yours' ? 404 : expected;
  expect(res.status, what).toBe(status);
  expect(res.body.error?.code, what).toBe(ERROR_CODE[status]);
  expect(await snapshot(), `${what}: a refused request changes nothing`).toEqual(before);
  if (expected === 'not-yours') return;
  if (caller.user) {
    expect(denied, `${what}: the denial is in the audit log`).toMatchObject({
      action: def.action,
      actor: { userId: caller.user.id, role: caller.user.role },
    });
    expect(denied?.reason, what).toBeTruthy();
  } else {
    expect(denied, `${what}: anonymous denials have no actor to log`).toBeNull();
  }
}

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

describe('authorisation matrix: the table', () => {
  it('has a column for anonymous and for every role', () => {
    expect([...WHO].sort()).toEqual(['anonymous', ...ROLES].sort());
  });

  it('has a row for every route the app mounts (a new route without a rule fails here)', () => {
    const missing = routes.map(keyOf).filter((k) => !Object.hasOwn(TABLE, k));
    expect(missing, 'routes without a row in the authorisation table').toEqual([]);
  });

  it('has no row without a route', () => {
    const mounted = new Set(routes.map(keyOf));
    expect(
      Object.keys(TABLE).filter((k) => !mounted.has(k)),
      'rows naming no mounted route',
    ).toEqual([]);
  });
});

const shared = new Map<Who, Caller>();
beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: DEMO_PATIENTS, seed: 61, now: new Date() });
  const hospitalId = (await makeFhirHospital(demo.baseUrl)).id;
  shared.set('anonymous', await anonymousCaller());
  shared.set('social_worker', await sessionCaller('social_worker', { hospitalId }));
  shared.set('sw_lead', await sessionCaller('sw_lead', { hospitalId }));
  shared.set('charity_partner', await sessionCaller('charity_partner'));
  shared.set('coordinator', await sessionCaller('coordinator'));
  shared.set('admin', await sessionCaller('admin'));
});

describe.each(routes.map((r) => [keyOf(r), r] as const))('%s', (key, def) => {
  const row = TABLE[key];

  const cases = WHO.flatMap((who, col) =>
    targetsOf(def).map(
      (target) =>
        [
          def.path.includes('/:') ? `as ${who} on ${target === 'own' ? 'a record of their own' : 'another tenant’s record'}` : `as ${who}`,
          who,
          target,
          col,
        ] as const,
    ),
  );
  it.each(cases)('%s', async (_name, who, target, col) => {
    if (!row) expect.fail(`${key} has no row in the authorisation table: write its rule down`);
    const caller = row.fresh ? await callerFor(who) : shared.get(who);
    if (!caller) throw new Error(`no caller ${who}`);
    await check(def, row, caller, target, expectFor(row.roles[col] as Cell, target));
  });
});

describe('authorisation matrix: bearer API tokens', () => {
  // Every scope an admin may grant (not the patient-reading one: admins do not reach patient data).
  const SCOPES = scopesForRole('admin');
  let owner: UserView;
  let ownerSession: Awaited<ReturnType<typeof signIn>>;
  const minted = new Map<string, string>();

  async function mint(scopes: readonly Scope[]): Promise<string> {
    const key = [...scopes].sort().join(',');
    const known = minted.get(key);
    if (known) return known;
    const res = await ownerSession.agent
      .post('/api/v1/auth/tokens')
      .set('x-csrf-token', ownerSession.csrf)
      .send({ name: `token ${key}`, scopes })
      .expect(201);
    minted.set(key, res.body.token as string);
    return res.body.token as string;
  }

  beforeAll(async () => {
    owner = await makeUser('admin');
    ownerSession = await signIn(t.app, owner);
  });

  describe.each(routes.map((r) => [keyOf(r), r] as const))('%s', (key, def) => {
    const row = TABLE[key];
    const plans: [string, Expect, () => Promise<string>][] = !row
      ? []
      : typeof row.token === 'object'
        ? [
            [`only ${row.token.scope}`, row.token.granted, () => mint([(row.token as { scope: Scope }).scope])],
            [
              `every scope but ${row.token.scope}`,
              row.token.lacking,
              () => mint(SCOPES.filter((s) => s !== (row.token as { scope: Scope }).scope)),
            ],
          ]
        : [['every scope', row.token, () => mint(SCOPES)]];

    it('has a token rule', () => {
      expect(row, `${key} has no row in the authorisation table`).toBeDefined();
    });

    it.each(plans)('a token with %s', async (label, expected, token) => {
      if (!row) return;
      await check(def, row, tokenCaller(`admin token with ${label}`, owner, await token()), 'other', expected);
    });

    it('a revoked token gets 401 AUTH.INVALID_TOKEN', async () => {
      const created = await ownerSession.agent
        .post('/api/v1/auth/tokens')
        .set('x-csrf-token', ownerSession.csrf)
        .send({ name: 'to revoke', scopes: SCOPES })
        .expect(201);
      await ownerSession.agent
        .delete(`/api/v1/auth/tokens/${created.body.id as string}`)
        .set('x-csrf-token', ownerSession.csrf)
        .expect(200);
      const caller = tokenCaller('revoked token', owner, created.body.token as string);
      const req = row ? await row.build({ caller, target: 'other' }) : { url: def.path.replace(/:id/g, '000000000000000000000000') };
      const res = await caller.send(def.method, req.url, req.body);
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(401);
      expect(res.body.error.code).toBe('AUTH.INVALID_TOKEN');
    });
  });
});

describe('authorisation: tenants and tokens beyond the matrix', () => {
  it('a head of social work lists only their own hospital’s users', async () => {
    const hospitalId = (await makeHospital()).id;
    const lead = await signIn(t.app, await makeUser('sw_lead', { hospitalId }));
    const colleague = await makeUser('social_worker', { hospitalId });
    const stranger = await makeUser('social_worker');
    const res = await lead.agent.get('/api/v1/users?limit=100').expect(200);
    const ids = (res.body.data as UserView[]).map((u) => u.id);
    expect(ids).toContain(colleague.id);
    expect(ids).not.toContain(stranger.id);
    expect((res.body.data as UserView[]).every((u) => u.hospital?.id === hospitalId)).toBe(true);
  });

  it('a head of social work gets 404 for network staff and charity partners, who belong to no hospital', async () => {
    const lead = await signIn(t.app, await makeUser('sw_lead'));
    for (const role of ['coordinator', 'admin', 'charity_partner'] as const) {
      const other = await makeUser(role);
      const res = await lead.agent.get(`/api/v1/users/${other.id}`).expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      const denied = await AuditModel.findOne({ requestId: res.headers['x-request-id'] as string, outcome: 'denied' }).lean();
      expect(denied, role).toMatchObject({ action: 'user.read', resourceId: other.id, actor: { userId: lead.user.id } });
    }
  });

  it('a hidden record and a missing one answer alike', async () => {
    const lead = await signIn(t.app, await makeUser('sw_lead'));
    const stranger = await makeUser('social_worker');
    const hidden = await lead.agent.get(`/api/v1/users/${stranger.id}`).expect(404);
    const missing = await lead.agent.get(`/api/v1/users/${new mongoose.Types.ObjectId().toHexString()}`).expect(404);
    const { requestId: _a, ...hiddenError } = hidden.body.error as Record<string, unknown>;
    const { requestId: _b, ...missingError } = missing.body.error as Record<string, unknown>;
    expect(hiddenError).toEqual(missingError);
  });

  it('a head of social work’s token keeps the tenant rule: own hospital 200, another 404', async () => {
    const hospitalId = (await makeHospital()).id;
    const lead = await signIn(t.app, await makeUser('sw_lead', { hospitalId }));
    const minted = await lead.agent
      .post('/api/v1/auth/tokens')
      .set('x-csrf-token', lead.csrf)
      .send({ name: 'báo cáo', scopes: ['admin:read'] })
      .expect(201);
    const bearer = `Bearer ${minted.body.token as string}`;
    const colleague = await makeUser('social_worker', { hospitalId });
    const stranger = await makeUser('social_worker');
    await supertest(t.app).get(`/api/v1/users/${colleague.id}`).set('Authorization', bearer).expect(200);
    const res = await supertest(t.app).get(`/api/v1/users/${stranger.id}`).set('Authorization', bearer).expect(404);
    const denied = await AuditModel.findOne({ requestId: res.headers['x-request-id'] as string, outcome: 'denied' }).lean();
    expect(denied).toMatchObject({ action: 'user.read', actor: { userId: lead.user.id } });
  });

  it('a token never does more than its owner’s role: a social worker cannot mint admin scopes, nor write with network:read', async () => {
    const sw = await signIn(t.app, await makeUser('social_worker'));
    const refused = await sw.agent
      .post('/api/v1/auth/tokens')
      .set('x-csrf-token', sw.csrf)
      .send({ name: 'x', scopes: ['network:read', 'admin:write'] })
      .expect(400);
    expect(refused.body.error.details).toEqual([
      {
        path: 'body.scopes.1',
        message: 'your role cannot grant admin:write',
        code: 'scope_not_grantable',
        params: { scope: 'admin:write' },
      },
    ]);
    const minted = await sw.agent
      .post('/api/v1/auth/tokens')
      .set('x-csrf-token', sw.csrf)
      .send({ name: 'đọc', scopes: ['network:read'] })
      .expect(201);
    const bearer = `Bearer ${minted.body.token as string}`;
    await supertest(t.app).get('/api/v1/hospitals').set('Authorization', bearer).expect(200);
    const res = await supertest(t.app)
      .post('/api/v1/hospitals')
      .set('Authorization', bearer)
      .send({
        code: 'BVSW1',
        name: 'Không được',
        province: { current: 'Hà Giang', old: 'Hà Giang' },
        level: 'district',
        socialWorkUnit: 'to',
      })
      .expect(403);
    expect(res.body.error.code).toBe('AUTH.FORBIDDEN');
  });

  it('an expired token, a token of a disabled user and a malformed Authorization header get 401', async () => {
    const user = await makeUser('coordinator');
    const expired = await issueToken(user.id, 'cũ', ['network:read'], new Date(Date.now() - 1000));
    const res = await supertest(t.app).get('/api/v1/hospitals').set('Authorization', `Bearer ${expired.token}`).expect(401);
    expect(res.body.error.code).toBe('AUTH.INVALID_TOKEN');

    const live = await issueToken(user.id, 'còn hạn', ['network:read'], null);
    await supertest(t.app).get('/api/v1/hospitals').set('Authorization', `Bearer ${live.token}`).expect(200);
    const admin = await signIn(t.app, await makeUser('admin'));
    await admin.agent.patch(`/api/v1/users/${user.id}`).set('x-csrf-token', admin.csrf).send({ disabled: true }).expect(200);
    const off = await supertest(t.app).get('/api/v1/hospitals').set('Authorization', `Bearer ${live.token}`).expect(401);
    expect(off.body.error.code).toBe('AUTH.INVALID_TOKEN');

    const bad = await supertest(t.app)
      .get('/api/v1/hospitals')
      .set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`)
      .expect(401);
    expect(bad.body.error.code).toBe('AUTH.BAD_AUTHORIZATION');
  });

  it('a cookie-session write without the CSRF header is refused, and with a wrong one too', async () => {
    const admin = await signIn(t.app, await makeUser('admin'));
    const before = await snapshot();
    const body = { name: `Quỹ ${rand()}`, type: 'ngo', contact: { name: 'Chị Lan', email: 'lan@example.vn' } };
    const none = await admin.agent.post('/api/v1/organisations').send(body).expect(403);
    expect(none.body.error.code).toBe('AUTH.CSRF');
    const wrong = await admin.agent.post('/api/v1/organisations').set('x-csrf-token', 'x'.repeat(43)).send(body).expect(403);
    expect(wrong.body.error.code).toBe('AUTH.CSRF');
    expect(await snapshot()).toEqual(before);
  });

  it('a social worker’s token reaches their hospital’s patients only with the patient scopes', async () => {
    const hospitalId = (await makeFhirHospital(demo.baseUrl)).id;
    const sw = await signIn(t.app, await makeUser('social_worker', { hospitalId }));
    const mintFor = async (scopes: Scope[]): Promise<string> =>
      `Bearer ${
        (
          await sw.agent
            .post('/api/v1/auth/tokens')
            .set('x-csrf-token', sw.csrf)
            .send({ name: scopes.join(' '), scopes })
            .expect(201)
        ).body.token as string
      }`;
    const reader = await mintFor(['patients:read']);
    const writer = await mintFor(['patients:write']);
    await supertest(t.app).get('/api/v1/patients/search?q=nguyen').set('Authorization', reader).expect(200);
    await supertest(t.app).get('/api/v1/patients/search?q=nguyen').set('Authorization', writer).expect(403);
    await supertest(t.app).post('/api/v1/patients').set('Authorization', reader).send({ fhirId: demoPatient() }).expect(403);
    const linked = await supertest(t.app).post('/api/v1/patients').set('Authorization', writer).send({ fhirId: demoPatient() }).expect(201);
    await supertest(t.app)
      .get(`/api/v1/patients/${linked.body.id as string}`)
      .set('Authorization', reader)
      .expect(200);
    await supertest(t.app)
      .post(`/api/v1/patients/${linked.body.id as string}/resync`)
      .set('Authorization', reader)
      .expect(403);
  });

  it('revoking another user’s token through /auth/tokens/:id leaves it working', async () => {
    const other = await makeUser('coordinator');
    const { token, record } = await issueToken(other.id, 'của người khác', ['network:read'], null);
    const admin = await signIn(t.app, await makeUser('admin'));
    await admin.agent.delete(`/api/v1/auth/tokens/${record._id.toHexString()}`).set('x-csrf-token', admin.csrf).expect(404);
    await supertest(t.app).get('/api/v1/hospitals').set('Authorization', `Bearer ${token}`).expect(200);
  });
});

/**
 * The relationship axis (issue 9, point 1): a relationship rule registered as a feature would
 * (a live "share" of a patient with another hospital, on a collection of this test), and every
 * patient and flag route as a principal with the relationship and without it. The relationship
 * opens reads (in the receiving hospital's de-identified view) and nothing else; roles it does
 * not name stay refused at the route.
 */
describe('authorisation matrix: the relationship axis', () => {
  interface Share {
    patientId: mongoose.Types.ObjectId;
    recipientHospitalId: mongoose.Types.ObjectId;
    withdrawnAt: Date | null;
  }
  const ShareModel = mongoose.model<Share>(
    'MatrixShare',
    new mongoose.Schema<Share>({
      patientId: mongoose.Schema.Types.ObjectId,
      recipientHospitalId: mongoose.Schema.Types.ObjectId,
      withdrawnAt: { type: Date, default: null },
    }),
    'matrix_shares',
  );
  const sharedWith = async (hospitalId: string | null): Promise<mongoose.Types.ObjectId[]> =>
    hospitalId ? ShareModel.distinct('patientId', { recipientHospitalId: new mongoose.Types.ObjectId(hospitalId), withdrawnAt: null }) : [];
  const unregister: (() => void)[] = [];
  // Registered for this block only, as a feature registers its rules at import time.
  beforeAll(() => {
    unregister.push(
      registerRelationship({
        name: 'matrix.share.patient',
        actions: ['patient.read', 'patient.list', 'patient.resync', 'screening.read', 'screening.create'],
        roles: ['social_worker', 'sw_lead'],
        audience: 'receiving-hospital',
        check: async (p, record) => (await sharedWith(p.hospitalId)).some((id) => id.equals(String(record._id))),
        filter: async (p) => ({ _id: { $in: await sharedWith(p.hospitalId) } }),
      }),
      registerRelationship({
        name: 'matrix.share.flag',
        actions: ['flag.read', 'flag.review'],
        roles: ['social_worker', 'sw_lead'],
        audience: 'receiving-hospital',
        check: async (p, record) =>
          (await sharedWith(p.hospitalId)).some((id) => id.equals(String((record as { patientId?: unknown }).patientId))),
        filter: async (p) => ({ patientId: { $in: await sharedWith(p.hospitalId) } }),
      }),
    );
  });
  afterAll(() => unregister.forEach((off) => off()));

  /** [with the relationship, without it], per route; the roles it does not name: 403 either way. */
  const AXIS: Record<string, [Expect, Expect]> = {
    'GET /patients/:id': ['ok', 404],
    'GET /flags/:id': ['ok', 404],
    // The relationship is registered for these too, yet it opens reads only: the full record and writes stay the own hospital's.
    'POST /patients/:id/resync': [404, 404],
    'GET /patients/:id/matches': [404, 404],
    'GET /patients/:id/screenings': [404, 404],
    'POST /patients/:id/screenings': [404, 404],
    'GET /patients/:id/cases': [404, 404],
    'POST /flags/:id/review': [404, 404],
    'POST /flags/:id/write-back/retry': [404, 404],
  };
  const axisRoutes = routes.filter((r) => Object.hasOwn(AXIS, keyOf(r)));

  // The shared callers' hospital receives shares of the 'other' hospital's patients; a third hospital receives none.
  const other = (): Ctx => ({ caller: shared.get('social_worker') as Caller, target: 'other' });
  async function shareOtherPatientWith(hospitalId: string, patientId: string): Promise<void> {
    await ShareModel.updateOne(
      { patientId: new mongoose.Types.ObjectId(patientId), recipientHospitalId: new mongoose.Types.ObjectId(hospitalId) },
      { $set: { withdrawnAt: null } },
      { upsert: true },
    );
  }
  const withRel = async (): Promise<Caller> => shared.get('social_worker') as Caller;
  let stranger: Caller;
  beforeAll(async () => {
    stranger = await sessionCaller('social_worker', { hospitalId: (await makeHospital()).id });
  });

  it('covers every patient and flag route with a record', () => {
    const recordRoutes = routes.filter((r) => /^\/(patients|flags)\/:id/.test(r.path)).map(keyOf);
    expect(recordRoutes.sort()).toEqual(Object.keys(AXIS).sort());
  });

  it.each(axisRoutes.map((r) => [keyOf(r), r] as const))('%s: with and without the relationship', async (key, def) => {
    const row = TABLE[key];
    if (!row) throw new Error(`${key} has no row`);
    const [withIt, withoutIt] = AXIS[key] as [Expect, Expect];
    const receiver = await withRel();
    const hospitalId = receiver.user?.hospital?.id;
    if (!hospitalId) throw new Error('the shared social worker has no hospital');
    // Build the 'other' hospital's record through the row, then share its patient with the receiver's hospital.
    const req = await row.build(other());
    const recordId = req.url.split('/')[2] as string;
    const patientId = req.url.startsWith('/flags/')
      ? String((await mongoose.connection.db!.collection('flags').findOne({ _id: new mongoose.Types.ObjectId(recordId) }))?.patientId)
      : recordId;
    await shareOtherPatientWith(hospitalId, patientId);
    const fixed: Row = { ...row, build: async () => req };
    await check(def, fixed, receiver, 'other', withIt);
    await check(def, { ...row, build: async () => row.build(other()) }, stranger, 'other', withoutIt);
    for (const who of ['charity_partner', 'coordinator', 'admin'] as const)
      await check(def, { ...row, build: async () => req }, shared.get(who) as Caller, 'other', 403);
  });

  it('GET /patients lists a shared patient while the relationship lives, and not after it is withdrawn', async () => {
    const receiver = await withRel();
    const hospitalId = receiver.user?.hospital?.id as string;
    const patientId = await patientFor(other());
    await shareOtherPatientWith(hospitalId, patientId);
    const listed = async (c: Caller): Promise<string[]> =>
      ((await c.send('get', '/patients?limit=100')).body.data as { id: string }[]).map((p) => p.id);
    expect(await listed(receiver)).toContain(patientId);
    expect(await listed(stranger)).not.toContain(patientId);
    await ShareModel.updateMany({ patientId: new mongoose.Types.ObjectId(patientId) }, { $set: { withdrawnAt: new Date() } });
    expect(await listed(receiver)).not.toContain(patientId);
  });
});

/**
 * The consent relationship axis (issue 10, point 4, narrowed in issue 11; decision 0022): the real
 * rules of server/features/consent, over every case route. A consent alone opens nothing: a
 * share-hospital consent to the caller's hospital opens the case's read (in the receiving
 * hospital's view), and nothing else, only where that hospital has a case of its own of the same
 * person (continuity of care) and only while the consent is in force; a share-charity consent
 * opens nothing to a charity partner (a live referral does: the referral axis below). Withdrawn:
 * 404 on the next request.
 */
describe('authorisation matrix: the consent relationship axis', () => {
  /** The case routes a consent opens; every other case route stays the own hospital's. */
  const OPENED = new Set(['GET /cases/:id']);
  const caseRoutes = routes.filter((r) => r.path.startsWith('/cases/:id'));
  let receiver: Caller;
  let continuing: Caller;
  let stranger: Caller;
  let partner: Caller;
  let otherPartner: Caller;
  beforeAll(async () => {
    receiver = await sessionCaller('social_worker', { hospitalId: (await makeHospital()).id });
    continuing = await sessionCaller('social_worker', { hospitalId: (await makeFhirHospital(demo.baseUrl)).id });
    stranger = await sessionCaller('social_worker', { hospitalId: (await makeHospital()).id });
    partner = await sessionCaller('charity_partner');
    otherPartner = await sessionCaller('charity_partner');
  });
  const onOther = (caller: Caller): Ctx => ({ caller, target: 'other' });
  const caseOf = async (caseId: string): Promise<CaseRecord> => {
    const found = await CaseModel.findById(caseId).lean<CaseRecord>();
    if (!found) throw new Error(`no case ${caseId}`);
    return found;
  };
  /**
   * The continuing hospital's own case of the person of `c`: the same FHIR Patient linked there, and
   * one citizen ID on both records (a demo child may have none), then a case opened as a flag opens one.
   */
  const samePersonCase = (c: CaseRecord): Promise<string> =>
    once(`same-person:${c._id.toHexString()}`, async () => {
      const theirs = await findPatient(c.patientId.toHexString());
      const h = await findHospital(continuing.user?.hospital?.id as string);
      if (!theirs || !h) throw new Error('no patient or hospital');
      const { record } = await linkPatient(h, theirs.fhirId, 'fixture', new Date());
      const cccd = `cccd:0${String(randomInt(10 ** 10, 10 ** 11 - 1))}`;
      await PatientModel.updateMany({ _id: { $in: [theirs._id, record._id] } }, { $addToSet: { personKeys: cccd } });
      return (await openCaseForFlag({ hospitalId: h._id, patientId: record._id, flagId: new mongoose.Types.ObjectId(), by: 'fixture', note: null, now: new Date() }))._id.toHexString();
    });

  it('opens case.read only, and case.read is the action of exactly the routes listed', () => {
    expect(routes.filter((r) => r.action === 'case.read').map(keyOf).sort()).toEqual([...OPENED].sort());
  });

  it.each(caseRoutes.map((r) => [keyOf(r), r] as const))('%s: a consent alone, with the same person’s case, withdrawn; a partner’s consent', async (key, def) => {
    const row = TABLE[key];
    if (!row) throw new Error(`${key} has no row`);
    const opened = OPENED.has(key);
    // A route only the head of social work takes (assignment, the closure decision) refuses a social worker at the door.
    const door = (POLICY[def.action].roles as readonly string[]).includes('social_worker') ? 404 : 403;
    const req = await row.build(onOther(continuing));
    const c = await caseOf(req.url.split('/')[2] as string);
    await samePersonCase(c);
    const toHospital = (caller: Caller): ConsentInput => consentBody('share-hospital', { kind: 'hospital', id: caller.user?.hospital?.id as string });
    const alone = await recordConsent(c, toHospital(receiver), recordContext());
    await check(def, { ...row, build: async () => row.build(onOther(receiver)) }, receiver, 'other', door);
    const toContinuing = await recordConsent(c, toHospital(continuing), recordContext());
    await check(def, { ...row, build: async () => req }, continuing, 'other', opened ? 'ok' : door);
    await check(def, { ...row, build: async () => row.build(onOther(stranger)) }, stranger, 'other', door);
    for (const given of [alone, toContinuing]) await withdrawConsent(c, given._id.toHexString(), {}, recordContext());
    await check(def, { ...row, build: async () => row.build(onOther(continuing)) }, continuing, 'other', door);

    // A partner passes the door of the case's read only (a referral may open it), then learns nothing.
    const toPartner = await recordConsent(c, consentBody('share-charity', { kind: 'organisation', id: partner.user?.organisation?.id as string }), recordContext());
    await check(def, { ...row, build: async () => row.build(onOther(partner)) }, partner, 'other', opened ? 404 : 403);
    await check(def, { ...row, build: async () => row.build(onOther(otherPartner)) }, otherPartner, 'other', opened ? 404 : 403);
    await withdrawConsent(c, toPartner._id.toHexString(), {}, recordContext());
  });
});

/**
 * The referral relationship axis (issue 11, point 3): the real rules of server/features/referrals
 * over every referral route with a record. The receiving hospital's social worker and the receiving
 * organisation's charity partner reach a sent referral (read, moves, the thread) and, while it is
 * live and the patient's consent to them holds, its papers and the referred case; a draft is never
 * theirs; after it ends or the consent is withdrawn the referral stays readable and nothing else is
 * shared. A hospital or an organisation it was not sent to: 404. Writes a receiver never makes (the
 * draft's edit) stay the sender's.
 */
describe('authorisation matrix: the referral relationship axis', () => {
  type State = 'live' | 'draft' | 'ended' | 'withdrawn';
  const STATES: readonly State[] = ['live', 'draft', 'ended', 'withdrawn'];
  /** Per route: the receiver's answer in each state (null: not asked, e.g. a move on an ended referral is a 409 of the workflow). */
  const AXIS: Record<string, { hospital: Record<State, Expect | null>; partner: Record<State, Expect | null> }> = {};
  const same = (live: Expect | null, draft: Expect | null, ended: Expect | null, withdrawn: Expect | null): Record<State, Expect | null> => ({ live, draft, ended, withdrawn });
  AXIS['GET /referrals/:id'] = { hospital: same('ok', 404, 'ok', 'ok'), partner: same('ok', 404, 'ok', 'ok') };
  AXIS['PATCH /referrals/:id'] = { hospital: same(404, 404, 404, 404), partner: same(403, 403, 403, 403) };
  AXIS['POST /referrals/:id/transitions'] = { hospital: same('ok', 404, null, 'ok'), partner: same('ok', 404, null, 'ok') };
  AXIS['GET /referrals/:id/comments'] = { hospital: same('ok', 404, 'ok', 'ok'), partner: same('ok', 404, 'ok', 'ok') };
  AXIS['POST /referrals/:id/comments'] = { hospital: same('ok', 404, null, 'ok'), partner: same('ok', 404, null, 'ok') };
  AXIS['GET /referrals/:id/documents/:attachmentId/content'] = { hospital: same('ok', 404, 404, 404), partner: same('ok', 404, 404, 404) };
  const BODIES: Record<string, object> = {
    'PATCH /referrals/:id': { urgency: 'urgent' },
    'POST /referrals/:id/transitions': { to: 'received' },
    'POST /referrals/:id/comments': { body: 'Bên nhận đã liên hệ gia đình' },
  };
  const referralRoutes = routes.filter((r) => r.path.startsWith('/referrals/:id'));
  let receiver: Caller;
  let strangerHospital: Caller;
  let partner: Caller;
  let strangerPartner: Caller;
  beforeAll(async () => {
    receiver = await sessionCaller('social_worker', { hospitalId: (await makeHospital()).id });
    strangerHospital = await sessionCaller('social_worker', { hospitalId: (await makeHospital()).id });
    partner = await sessionCaller('charity_partner', { organisationId: (await makeOrganisation({ type: 'fund' })).id });
    strangerPartner = await sessionCaller('charity_partner');
  });

  /** A referral of another hospital's case to the caller's hospital or organisation, in the state asked, sharing one stored paper. */
  async function referredTo(to: Caller, state: State): Promise<{ referralId: string; caseId: string; attachmentId: string }> {
    const record = await freshCaseFor({ caller: shared.get('social_worker') as Caller, target: 'other' });
    const upload = attachmentsBucket().openUploadStream('giay.pdf');
    await new Promise<void>((resolve, reject) => upload.end(PDF_BYTES, (err?: Error | null) => (err ? reject(err) : resolve())));
    const a = await AttachmentModel.create({ caseId: record._id, hospitalId: record.hospitalId, patientId: record.patientId, kind: 'other', fileName: 'giay.pdf', contentType: 'application/pdf', size: PDF_BYTES.length, sha256: '0'.repeat(64), uploadedBy: 'fixture', uploadedAt: new Date(), gridFsId: upload.id });
    const org = to.user?.organisation?.id;
    const recipient = org ? { kind: 'organisation' as const, id: org } : { kind: 'hospital' as const, id: to.user?.hospital?.id as string };
    const consent = state === 'draft' ? null : await recordConsent(record, consentBody(org ? 'share-charity' : 'share-hospital', recipient), recordContext());
    const body: ReferralCreateBody = { to: recipient, service: org ? 'funding' : 'continuing-support', needs: ['food'], urgency: 'urgent', summary: 'Cần hỗ trợ tiếp', documentIds: [a._id.toHexString()], send: state !== 'draft' };
    const r = await createReferral(record, body, 'fixture', new Date());
    if (state === 'ended') await transitionReferral(r, { to: 'cancelled', reason: 'Gia đình đổi ý' }, 'sender', 'fixture', new Date());
    if (state === 'withdrawn' && consent) await withdrawConsent(record, consent._id.toHexString(), {}, recordContext());
    return { referralId: r._id.toHexString(), caseId: record._id.toHexString(), attachmentId: a._id.toHexString() };
  }
  const urlOf = (def: RouteDef, f: { referralId: string; attachmentId: string }): string =>
    def.path.replace(':id', f.referralId).replace(':attachmentId', f.attachmentId);

  it('covers every referral route with a record', () => {
    expect(referralRoutes.map(keyOf).sort()).toEqual(Object.keys(AXIS).sort());
  });

  it.each(referralRoutes.map((r) => [keyOf(r), r] as const))('%s: as the receiving hospital and organisation, live, draft, ended, consent withdrawn; strangers 404', async (key, def) => {
    const row = TABLE[key];
    const axis = AXIS[key];
    if (!row || !axis) throw new Error(`${key} has no row`);
    for (const [who, stranger, expected] of [[receiver, strangerHospital, axis.hospital], [partner, strangerPartner, axis.partner]] as const) {
      for (const state of STATES) {
        const want = expected[state];
        if (want === null) continue;
        const f = await referredTo(who, state);
        const req = { url: urlOf(def, f), body: BODIES[key] };
        await check(def, { ...row, build: async () => req }, who, 'other', want);
        // One it was not sent to: the door refuses the roles no rule names (403), the record check hides the rest (404).
        if (state === 'live') await check(def, { ...row, build: async () => req }, stranger, 'other', want === 403 ? 403 : 404);
      }
    }
  });

  it('GET /cases/:id of the referred case: the receiver reads its view while live and consented, never as a draft, nor once it ended (the consent still in force) or the consent is withdrawn', async () => {
    const def = routes.find((r) => keyOf(r) === 'GET /cases/:id') as RouteDef;
    const row = TABLE['GET /cases/:id'] as Row;
    for (const who of [receiver, partner]) {
      for (const [state, want] of [['live', 'ok'], ['draft', 404], ['ended', 404], ['withdrawn', 404]] as const) {
        const f = await referredTo(who, state);
        await check(def, { ...row, build: async () => ({ url: `/cases/${f.caseId}` }) }, who, 'other', want);
      }
    }
  });
});

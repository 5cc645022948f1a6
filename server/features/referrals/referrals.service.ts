import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { conflict, validationFailed, type ErrorDetail } from '../../errors.js';
import { publishPending, updateWithEvent, withFirstEvent } from '../../events/append.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation, servicesOf } from '../admin/organisations.service.js';
import { findAttachment } from '../cases/attachments.service.js';
import { assertCaseOpenForWork, type CaseRecord } from '../cases/cases.service.js';
import { referralEvents } from './referrals.events.js';
import { ReferralModel, type ReferralRecipient, type ReferralRecord } from './referrals.model.js';
import { consentToSend, findReferral } from './referrals.records.js';
import { HOSPITAL_SERVICES, type ReferralCreateBody, type ReferralService, type ReferralUpdateBody } from './referrals.schemas.js';
import { eventBase, transitionReferral } from './referrals.workflow.js';

/**
 * Referrals' records (issue 11 point 1, decision 0024): created from a case as a draft (or sent at
 * once), edited while a draft, listed for the case page. What other features use of this one:
 * `findReferral`, `referralSideOf`, `isLive`, `toReferralDetail`, `toReferralSummaries`.
 */
export type { ReferralRecord } from './referrals.model.js';
export { findReferral, isLive, referralSideOf, type ReferralViewer } from './referrals.records.js';
export { toReferralDetail, toReferralSummaries } from './referrals.view.js';
export { transitionReferral } from './referrals.workflow.js';

const problem = (path: string, code: string, message: string, params?: ErrorDetail['params']): ErrorDetail => ({ path: `body.${path}`, code, message, ...(params ? { params } : {}) });

/** The recipient must be an active network hospital other than the case's own, or an active organisation, offering the service. */
async function checkRecipient(c: CaseRecord, to: ReferralCreateBody['to'], service: ReferralService, out: ErrorDetail[]): Promise<ReferralRecipient> {
  const id = new Types.ObjectId(to.id);
  if (to.kind === 'hospital') {
    const h = to.id === c.hospitalId.toHexString() ? null : await findHospital(to.id);
    if (!h || !h.active) out.push(problem('to.id', 'no_such_record', 'no active network hospital (other than the case’s own) with this id', { resource: 'hospital' }));
    else if (!(HOSPITAL_SERVICES as readonly string[]).includes(service)) out.push(problem('service', 'service_not_offered', 'a hospital receives continuing support or psychosocial referrals'));
    return { kind: 'hospital', hospitalId: id, organisationId: null };
  }
  const o = await findOrganisation(to.id);
  if (!o || !o.active) out.push(problem('to.id', 'no_such_record', 'no active organisation with this id', { resource: 'organisation' }));
  else if (!(servicesOf(o) as readonly string[]).includes(service)) out.push(problem('service', 'service_not_offered', 'this organisation does not offer this service'));
  return { kind: 'organisation', hospitalId: null, organisationId: id };
}

async function checkDocuments(c: CaseRecord, ids: readonly string[], out: ErrorDetail[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    if (!(await findAttachment(c._id.toHexString(), id))) out.push(problem(`documentIds.${i}`, 'no_such_record', 'not an attachment of this case', { resource: 'attachment' }));
  }
}

const liveKeyOf = (caseId: Types.ObjectId, to: ReferralRecipient): string =>
  `${caseId.toHexString()}:${to.kind}:${(to.hospitalId ?? to.organisationId)?.toHexString() ?? ''}`;

async function alreadyLive(key: string): Promise<never> {
  const twin = await ReferralModel.findOne({ liveKey: key }, { _id: 1 }).lean<{ _id: Types.ObjectId }>();
  throw conflict('REFERRAL.ALREADY_LIVE', 'This case already has a draft or live referral to this recipient', { referralId: twin?._id.toHexString() ?? '' });
}

/** A new referral of the case: a draft, then sent at once when `send` (after the same checks as a send). */
export async function createReferral(c: CaseRecord, input: ReferralCreateBody, by: string, now: Date): Promise<ReferralRecord> {
  assertCaseOpenForWork(c);
  const problems: ErrorDetail[] = [];
  const to = await checkRecipient(c, input.to, input.service, problems);
  await checkDocuments(c, input.documentIds, problems);
  if (problems.length > 0) throw validationFailed(problems);
  const key = liveKeyOf(c._id, to);
  if (await ReferralModel.exists({ liveKey: key })) await alreadyLive(key);
  if (input.send) {
    const consent = await consentToSend(c._id, to, now);
    if (!consent.consent) throw conflict('REFERRAL.NO_CONSENT', 'The patient has not consented to share with this recipient', { purpose: consent.purpose });
  }
  const base = { _id: new Types.ObjectId(), caseId: c._id, patientId: c.patientId, hospitalId: c.hospitalId, to };
  const doc = withFirstEvent(
    referralEvents,
    {
      ...base,
      service: input.service,
      needs: input.needs,
      urgency: input.urgency,
      summary: input.summary,
      documentIds: input.documentIds.map((id) => new Types.ObjectId(id)),
      status: 'draft',
      capacity: null,
      statusReason: null,
      outcome: null,
      history: [{ from: null, to: 'draft', side: 'sender', by, at: now, reason: null, capacity: null, outcome: null }],
      due: null,
      escalation: null,
      createdBy: by,
      sentAt: null,
      version: 1,
      liveKey: key,
      createdAt: now,
      updatedAt: now,
    },
    { type: 'referral.created', hospitalId: c.hospitalId, organisationId: to.organisationId, actorUserId: by, data: { referralId: base._id.toHexString(), ...eventBase(base), status: 'draft' } },
    now,
  );
  try {
    await ReferralModel.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await alreadyLive(key);
  }
  await publishPending(referralEvents, [doc]);
  const draft = doc as unknown as ReferralRecord;
  return input.send ? transitionReferral(draft, { to: 'requested' }, 'sender', by, now) : ((await findReferral(draft._id.toHexString())) as ReferralRecord);
}

/** A draft's edit (the sender only; 409 REFERRAL.NOT_DRAFT once sent), conditional on the version read. */
export async function updateDraft(r: ReferralRecord, c: CaseRecord, input: ReferralUpdateBody, by: string, now: Date): Promise<ReferralRecord> {
  if (r.status !== 'draft') throw conflict('REFERRAL.NOT_DRAFT', 'Only a draft can be changed', { status: r.status });
  assertCaseOpenForWork(c);
  const problems: ErrorDetail[] = [];
  if (input.service) await checkRecipient(c, { kind: r.to.kind, id: (r.to.hospitalId ?? r.to.organisationId)?.toHexString() ?? '' }, input.service, problems);
  if (input.documentIds) await checkDocuments(c, input.documentIds, problems);
  if (problems.length > 0) throw validationFailed(problems);
  const set: Record<string, unknown> = { updatedAt: now };
  for (const k of ['service', 'needs', 'urgency', 'summary'] as const) if (input[k] !== undefined) set[k] = input[k];
  if (input.documentIds) set.documentIds = input.documentIds.map((id) => new Types.ObjectId(id));
  const fields = Object.keys(input);
  const done = await updateWithEvent<ReferralRecord>(
    referralEvents,
    { _id: r._id, status: 'draft', version: r.version },
    { $set: set, $inc: { version: 1 } },
    { type: 'referral.updated', hospitalId: r.hospitalId, organisationId: r.to.organisationId, actorUserId: by, data: { referralId: r._id.toHexString(), ...eventBase(r), fields } },
    now,
  );
  if (done) return done;
  const fresh = await findReferral(r._id.toHexString());
  if (!fresh) throw new Error('a referral vanished during an edit');
  return updateDraft(fresh, c, input, by, now);
}

/** A case's referrals, newest first (the sender's case page). */
export async function referralsOfCase(caseId: Types.ObjectId): Promise<ReferralRecord[]> {
  return ReferralModel.find({ caseId }).sort({ createdAt: -1, _id: -1 }).limit(100).lean<ReferralRecord[]>();
}

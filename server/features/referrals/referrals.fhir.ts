import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Resource } from '@medplum/fhirtypes';
import { Types } from 'mongoose';
import type { PartyRef } from '../../../fhir-mappings/outbound/common.js';
import { referralToFhir } from '../../../fhir-mappings/referral.js';
import type { Clock } from '../../clock.js';
import { registerConsumer } from '../../events/dispatch.js';
import type { DomainEvent } from '../../events/events.model.js';
import { ensureFhirDefinitions } from '../../fhir/definitions.js';
import { OutboxModel, type OutboxRecord } from '../../fhir/outbox/outbox.model.js';
import { enqueueOutbox, registerOutboxKind } from '../../fhir/outbox/outbox.service.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation } from '../admin/organisations.service.js';
import { findUser } from '../admin/users.service.js';
import { consentsOfCase, type ConsentRecord } from '../consent/consent.service.js';
import { findPatient } from '../patients/patients.service.js';
import { ReferralModel, type ReferralRecipient, type ReferralRecord } from './referrals.model.js';

/**
 * A sent referral written back to the SENDING hospital's FHIR server (issue 11 point 5, decision
 * 0024) as a ServiceRequest and its Task (fhir-mappings/referral.ts), where that hospital has
 * write-back on, through the general outbox (decision 0014). The record of a referral is the
 * sender's: the receiving hospital's server gets nothing. The entries follow from the referral's
 * events (`referral.sent`, `referral.status-changed`: the consumer below), and every entry PUTs both
 * resources as the referral is when the entry is queued, under ids of the module's
 * (`nc-referral-<id>`, `nc-referral-task-<id>`): each state change replaces the same Task (a new
 * version on the server) and the ServiceRequest where its status changes.
 *
 * One entry of a referral in flight at a time: while one is pending (the server down, retried with
 * backoff), a state change queues nothing; when that entry is done, if the referral has changed
 * since it was built, one more entry sends the current state after it (`followUp`). So the last
 * write is always the current state (an older write never lands after a newer one), two writes of
 * one Task never race on the server (HAPI answers a concurrent update of one resource with 409,
 * which would fail the entry for good), and states the referral passed through while the server
 * was down fold into the current one: the module's history is the full one.
 */
export const REFERRAL_KIND = 'referral';

/**
 * The entry's id, from the referral's version it writes: handling an event twice, or the consumer
 * and a follow-up both seeing the same state, queue one entry (enqueueOutbox is idempotent by id).
 */
export function referralOutboxId(referralId: Types.ObjectId | string, version: number): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`referral-write-back:${String(referralId)}:v${version}`).digest('hex').slice(0, 24));
}

const versionOf = async (referralId: Types.ObjectId): Promise<number | null> =>
  (await ReferralModel.findById(referralId, { version: 1 }).lean<Pick<ReferralRecord, 'version'>>())?.version ?? null;

async function party(to: ReferralRecipient): Promise<PartyRef> {
  if (to.kind === 'hospital' && to.hospitalId) {
    const h = await findHospital(to.hospitalId.toHexString());
    if (h) return { kind: 'hospital', id: h._id.toHexString(), display: h.name };
  }
  if (to.kind === 'organisation' && to.organisationId) {
    const o = await findOrganisation(to.organisationId.toHexString());
    if (o) return { kind: 'organisation', id: o._id.toHexString(), display: o.name };
  }
  throw new Error('the referral’s recipient no longer exists');
}

/** A consent names this recipient, or the "any" kind that covers it, for the purpose that covers it. */
function covers(c: ConsentRecord, to: ReferralRecipient): boolean {
  if (to.kind === 'hospital') return c.purpose === 'share-hospital' && (c.recipient.kind === 'any-hospital' || (c.recipient.kind === 'hospital' && !!to.hospitalId && c.recipient.id?.equals(to.hospitalId) === true));
  return c.purpose === 'share-charity' && (c.recipient.kind === 'any-partner' || (c.recipient.kind === 'organisation' && !!to.organisationId && c.recipient.id?.equals(to.organisationId) === true));
}

/**
 * The consent in force when the referral was sent (recorded before, not yet withdrawn or expired
 * then), newest first. Not `consentForRecipient(caseId, to, sentAt)`: that asks what is in force
 * NOW (a withdrawal since, or a consent recorded since, would change the answer), while the
 * ServiceRequest must keep naming the consent it was sent under.
 */
async function consentWhenSent(r: ReferralRecord, sentAt: Date): Promise<string> {
  const consent = (await consentsOfCase(r.caseId)).find(
    (c) => covers(c, r.to) && c.recordedAt <= sentAt && (!c.expiresAt || c.expiresAt >= sentAt) && (!c.withdrawal || c.withdrawal.recordedAt > sentAt),
  );
  if (!consent) throw new Error('no consent covering the recipient was in force when the referral was sent');
  return consent._id.toHexString();
}

/** The ServiceRequest and the Task of a sent referral as it is now; throws when they cannot be built. */
export async function buildReferralResources(referralId: Types.ObjectId): Promise<Resource[]> {
  ensureFhirDefinitions(); // the mapping validates the resources against the R4 definitions
  const r = await ReferralModel.findById(referralId).lean<ReferralRecord>();
  if (!r) throw new Error('the referral no longer exists');
  if (!r.sentAt || r.status === 'draft') throw new Error('a draft referral is not written to the hospital’s server');
  const sentAt = r.sentAt;
  const [patient, sender, receiver, author, consentId] = await Promise.all([
    findPatient(r.patientId.toHexString()),
    party({ kind: 'hospital', hospitalId: r.hospitalId, organisationId: null }),
    party(r.to),
    findUser(r.createdBy),
    consentWhenSent(r, sentAt),
  ]);
  if (!patient || !author) throw new Error('the referral’s patient record or author no longer exists');
  const last = r.history.at(-1);
  const referral = {
    id: r._id.toHexString(),
    status: r.status,
    urgency: r.urgency,
    service: r.service,
    needs: r.needs,
    capacity: r.capacity,
    statusReason: r.statusReason,
    outcome: r.outcome,
    sentAt: sentAt.toISOString(),
    lastMove: { from: last?.from ?? null, at: new Date(last?.at ?? sentAt).toISOString() },
    consentId,
  };
  return referralToFhir({ referral, patientFhirId: patient.fhirId, requester: { userId: r.createdBy, display: author.displayName }, sender, receiver });
}

const resourcesOf = (e: Pick<OutboxRecord, 'bundle'>): unknown[] => (e.bundle?.entry ?? []).map((x) => x.resource);

/** After an entry is done (sent, or failed for good): the current state once more, after it, when it differs from what the entry carried. */
async function followUp(entry: Pick<OutboxRecord, '_id' | 'status'>, referralId: Types.ObjectId): Promise<void> {
  if (entry.status === 'pending') return;
  // Another entry in flight carries a later state, and its own outcome comes here too.
  if (await OutboxModel.exists({ kind: REFERRAL_KIND, subjectId: referralId, status: 'pending', _id: { $ne: entry._id } })) return;
  const done = await OutboxModel.findById(entry._id, { bundle: 1, updatedAt: 1, hospitalId: 1 }).lean<Pick<OutboxRecord, 'bundle' | 'updatedAt' | 'hospitalId'>>();
  if (!done) return;
  const version = await versionOf(referralId);
  const now = await buildReferralResources(referralId).catch(() => null);
  if (version === null || !now || isDeepStrictEqual(now, resourcesOf(done))) return;
  // The entry's own time stands in for a clock: onOutcome is given none.
  const clock: Clock = { now: () => done.updatedAt };
  await enqueueOutbox({ id: referralOutboxId(referralId, version), kind: REFERRAL_KIND, subjectId: referralId, hospitalId: done.hospitalId }, clock);
}

registerOutboxKind({ kind: REFERRAL_KIND, build: buildReferralResources, onOutcome: followUp });

/**
 * The consumer: an entry for the sender's hospital where it writes back, or where this referral is
 * on its server already (the rest of a referral must reach a hospital that holds its Task, even
 * after write-back is switched off); nothing while an entry of this referral is in flight.
 */
export async function queueReferralWriteBack(e: DomainEvent, ctx: Pick<JobContext, 'clock'>): Promise<void> {
  const referralId = e.stream.startsWith('referral:') ? e.stream.slice('referral:'.length) : '';
  if (!Types.ObjectId.isValid(referralId)) return;
  const r = await ReferralModel.findById(referralId, { hospitalId: 1, status: 1, version: 1 }).lean<Pick<ReferralRecord, '_id' | 'hospitalId' | 'status' | 'version'>>();
  if (!r || r.status === 'draft') return;
  const mine = { kind: REFERRAL_KIND, subjectId: r._id };
  const hospital = await findHospital(r.hospitalId.toHexString());
  if (!hospital?.fhir.writeBack && !(await OutboxModel.exists({ ...mine, status: { $in: ['sent', 'pending'] } }))) return;
  if (await OutboxModel.exists({ ...mine, status: 'pending' })) return;
  await enqueueOutbox({ id: referralOutboxId(r._id, r.version), kind: REFERRAL_KIND, subjectId: r._id, hospitalId: r.hospitalId }, ctx.clock);
}

registerConsumer({ name: 'fhir-write-back.referral', types: ['referral.sent', 'referral.status-changed'], handle: queueReferralWriteBack });

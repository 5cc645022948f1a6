import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { AccessFilter } from '../../access/relationships.js';
import { endOfVietnamDay } from '../../clock.js';
import { conflict, notFound, validationFailed } from '../../errors.js';
import { publishPending, updateWithEvent, withFirstEvent } from '../../events/append.js';
import type { CaseRecord } from '../cases/cases.service.js';
import { checkGiver, checkMethod, checkRecipient, dayProblems, refuseIfAny } from './consent.checks.js';
import { consentEvents } from './consent.events.js';
import { ConsentModel, type ConsentRecord } from './consent.model.js';
import type { ConsentInput, ConsentPurpose, WithdrawalInput } from './consent.schemas.js';

// Other features take the record type from here, never from the model (decision 0019).
export type { ConsentRecord } from './consent.model.js';

/** Whom a consent must name for a use to be allowed: a hospital, an organisation, or (neither) no recipient. */
export interface ConsentUse {
  purpose: ConsentPurpose;
  recipient: { hospitalId?: string | null; organisationId?: string | null };
}

/**
 * The filter "a consent in force now": not withdrawn, and valid to a day not yet over. `expiresAt`
 * is the end of validUntil in Vietnam, so the database answers it; nothing is cached, so a
 * withdrawal or an expiry shows on the very next request.
 */
function inForce(now: Date): Record<string, unknown> {
  return { state: 'given', $or: [{ expiresAt: null }, { expiresAt: { $gte: now } }] };
}

/** A named recipient, or the "any" kind that covers it. */
function recipientClause(recipient: ConsentUse['recipient']): Record<string, unknown> | null {
  if (recipient.hospitalId) {
    return { $or: [{ 'recipient.kind': 'hospital', 'recipient.id': new Types.ObjectId(recipient.hospitalId) }, { 'recipient.kind': 'any-hospital' }] };
  }
  if (recipient.organisationId) {
    return { $or: [{ 'recipient.kind': 'organisation', 'recipient.id': new Types.ObjectId(recipient.organisationId) }, { 'recipient.kind': 'any-partner' }] };
  }
  return null;
}

function activeQuery(use: ConsentUse, now: Date): Record<string, unknown> {
  const who = recipientClause(use.recipient);
  return { purpose: use.purpose, $and: [inForce(now), ...(who ? [who] : [])] };
}

/**
 * The check other features make (referrals, funding, conferences): the consent in force now for
 * this case, purpose and recipient, or null. Ask it on every request; never keep the answer.
 */
export async function consentAllows(use: ConsentUse & { caseId: string | Types.ObjectId }, now: Date): Promise<ConsentRecord | null> {
  const caseId = typeof use.caseId === 'string' ? new Types.ObjectId(use.caseId) : use.caseId;
  return ConsentModel.findOne({ caseId, ...activeQuery(use, now) }).sort({ recordedAt: -1 }).lean<ConsentRecord>();
}

/** The cases (all, or those `among` the given ones) whose consent for this purpose and recipient is in force now. */
export async function activeConsentCaseIds(use: ConsentUse, now: Date, among?: readonly Types.ObjectId[]): Promise<Types.ObjectId[]> {
  const query = among ? { caseId: { $in: [...among] }, ...activeQuery(use, now) } : activeQuery(use, now);
  const rows = await ConsentModel.find(query, { caseId: 1 }).lean<{ caseId: Types.ObjectId }[]>();
  const seen = new Map(rows.map((r) => [r.caseId.toHexString(), r.caseId]));
  return [...seen.values()];
}

/** The consented cases as `activeConsentCaseIds` finds them, with each case's patient and hospital (one read). */
export async function activeConsentCases(
  use: ConsentUse,
  now: Date,
  among?: readonly Types.ObjectId[],
): Promise<{ caseId: Types.ObjectId; patientId: Types.ObjectId; hospitalId: Types.ObjectId }[]> {
  const query = among ? { caseId: { $in: [...among] }, ...activeQuery(use, now) } : activeQuery(use, now);
  const rows = await ConsentModel.find(query, { caseId: 1, patientId: 1, hospitalId: 1 }).lean<{ caseId: Types.ObjectId; patientId: Types.ObjectId; hospitalId: Types.ObjectId }[]>();
  return [...new Map(rows.map((r) => [r.caseId.toHexString(), { caseId: r.caseId, patientId: r.patientId, hospitalId: r.hospitalId }])).values()];
}

/**
 * A list filter for another feature's collection: its rows whose case (`field`, `caseId` by
 * default; `_id` for the cases themselves) has a consent for this use in force now.
 */
export async function activeConsentFilter(use: ConsentUse & { field?: string }, now: Date): Promise<AccessFilter> {
  return { [use.field ?? 'caseId']: { $in: await activeConsentCaseIds(use, now) } };
}

/** Every consent of a case, newest first (history: nothing is ever removed). */
export async function consentsOfCase(caseId: Types.ObjectId): Promise<ConsentRecord[]> {
  return ConsentModel.find({ caseId }).sort({ recordedAt: -1, _id: -1 }).lean<ConsentRecord[]>();
}

export async function findConsent(caseId: Types.ObjectId, consentId: string): Promise<ConsentRecord | null> {
  return ConsentModel.findOne({ _id: new Types.ObjectId(consentId), caseId }).lean<ConsentRecord>();
}

export interface RecordContext {
  by: string;
  now: Date;
  today: string;
  log?: Logger;
}

/** Records a consent after every rule holds (./consent.checks.ts), with its consent.recorded event. */
export async function recordConsent(c: CaseRecord, input: ConsentInput, rc: RecordContext): Promise<ConsentRecord> {
  const problems = dayProblems(input, rc.today);
  const recipient = await checkRecipient(input, c, problems);
  await checkMethod(input, c._id.toHexString(), problems);
  const { childAgreed, guardianMissing } = await checkGiver(input, c, problems);
  refuseIfAny(problems, guardianMissing);
  const validUntil = input.validUntil ?? null;
  const doc = withFirstEvent(
    consentEvents,
    {
      _id: new Types.ObjectId(),
      caseId: c._id,
      patientId: c.patientId,
      hospitalId: c.hospitalId,
      purpose: input.purpose,
      recipient: { kind: recipient.kind, id: recipient.id ? new Types.ObjectId(recipient.id) : null, name: recipient.name },
      givenBy: input.givenBy,
      childAgreed,
      patientLacksCapacity: input.patientLacksCapacity === true,
      method: input.method,
      givenOn: input.givenOn,
      validUntil,
      expiresAt: validUntil ? endOfVietnamDay(validUntil) : null,
      state: 'given' as const,
      recordedBy: rc.by,
      recordedAt: rc.now,
      withdrawal: null,
    },
    { type: 'consent.recorded', hospitalId: c.hospitalId, actorUserId: rc.by, data: { caseId: c._id.toHexString(), purpose: input.purpose } },
    rc.now,
  );
  await ConsentModel.collection.insertOne(doc as never);
  await publishPending(consentEvents, [doc], rc.log);
  const { pendingEvents: _marks, ...saved } = doc;
  return saved as ConsentRecord;
}

/**
 * Records the patient's withdrawal: effective at once (the next request relying on the consent is
 * refused), and the only change a consent ever sees. A second withdrawal answers 409.
 */
export async function withdrawConsent(c: CaseRecord, consentId: string, input: WithdrawalInput, rc: RecordContext): Promise<ConsentRecord> {
  const current = await findConsent(c._id, consentId);
  if (!current) throw notFound('Consent');
  if (current.state === 'withdrawn') throw conflict('CONSENT.WITHDRAWN', 'This consent is already withdrawn', { withdrawnOn: current.withdrawal?.on ?? '' });
  const on = input.on ?? rc.today;
  if (on > rc.today) throw validationFailed([{ path: 'body.on', code: 'day_in_future', message: 'the day of the withdrawal cannot be in the future' }]);
  if (on < current.givenOn) throw validationFailed([{ path: 'body.on', code: 'before_given_on', message: 'must not be before the day consent was given', params: { day: current.givenOn } }]);
  const withdrawal = { on, reason: input.reason ?? null, recordedBy: rc.by, recordedAt: rc.now };
  const updated = await updateWithEvent<ConsentRecord>(
    consentEvents,
    { _id: current._id, state: 'given' },
    { $set: { state: 'withdrawn', withdrawal } },
    { type: 'consent.withdrawn', hospitalId: c.hospitalId, actorUserId: rc.by, data: { caseId: c._id.toHexString(), purpose: current.purpose } },
    rc.now,
    rc.log,
  );
  if (updated) return updated;
  // Another request withdrew it between the read and the write.
  const now = await findConsent(c._id, consentId);
  throw conflict('CONSENT.WITHDRAWN', 'This consent is already withdrawn', { withdrawnOn: now?.withdrawal?.on ?? '' });
}

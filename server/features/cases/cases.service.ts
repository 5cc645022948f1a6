import { Types } from 'mongoose';
import type { Filter, Document, UpdateFilter } from 'mongodb';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { conflict, notFound } from '../../errors.js';
import { publishPending, updateWithEvent, withFirstEvent, type EventDraft } from '../../events/append.js';
import { CaseModel, type CaseRecord } from './cases.model.js';
import { caseEvents } from './cases.events.js';

export type { CaseRecord, GoalRecord, InterventionRecord, NeedRecord } from './cases.model.js';

/**
 * The cases feature's records: opening (from a flag, or by hand), finding, and the one way every
 * later change is written (`changeCase`: a conditional update with its event, decision 0020).
 * Other features use `findCase`, `caseTenant` and `assertCaseOpenForWork`.
 */
export interface OpenCaseInput {
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  flagId: Types.ObjectId;
  by: string;
  note: string | null;
  /** From the clock: the case.opened event's time. */
  now: Date;
}

/** Fields every new case starts with: the opener is its first assignee, the plan empty. */
function freshCase(by: string, note: string | null, now: Date): Record<string, unknown> {
  return {
    openedBy: by,
    assignedTo: by,
    note,
    status: 'open',
    needs: [],
    goals: [],
    interventions: [],
    closureRequest: null,
    closure: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Opens the case for a confirmed flag, or finds the one already opened for it: idempotent, so a
 * confirm retried after a failure between opening the case and marking the flag never opens a
 * second case. The unique index on `openedFromFlagId` settles two attempts racing.
 */
export async function openCaseForFlag(input: OpenCaseInput): Promise<CaseRecord> {
  const { hospitalId, patientId, flagId, by, note } = input;
  // The case.opened event goes in with the case (only an insert applies $setOnInsert), then is published.
  const { _id, eventSeq, pendingEvents } = withFirstEvent(
    caseEvents,
    { _id: new Types.ObjectId() },
    {
      type: 'case.opened',
      hospitalId,
      actorUserId: by,
      data: { patientId: patientId.toHexString(), flagId: flagId.toHexString(), assignedTo: by },
    },
    input.now,
  );
  try {
    const opened = await CaseModel.findOneAndUpdate(
      { openedFromFlagId: flagId },
      {
        $setOnInsert: { _id, hospitalId, patientId, openedFromFlagId: flagId, ...freshCase(by, note, input.now), eventSeq, pendingEvents },
      },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true, strict: false, timestamps: false },
    ).lean<CaseRecord & { pendingEvents?: typeof pendingEvents }>();
    if (opened) {
      await publishPending(caseEvents, [opened]);
      return opened;
    }
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const existing = await CaseModel.findOne({ openedFromFlagId: flagId }).lean<CaseRecord>();
  if (!existing) throw new Error('the case of this flag vanished between two reads');
  return existing;
}

/** A case not closed of this patient at this hospital, if any. */
export async function workingCaseOf(hospitalId: Types.ObjectId, patientId: Types.ObjectId): Promise<CaseRecord | null> {
  return CaseModel.findOne({ hospitalId, patientId, status: { $ne: 'closed' } })
    .sort({ createdAt: -1 })
    .lean<CaseRecord>();
}

/**
 * Opens a case by hand for a linked patient (no flag). Refused while the patient has a case not
 * closed at this hospital. `handOpenKey` (unique, sparse, removed at closure) stops two clicks at
 * the same moment from opening two.
 */
export async function openCaseByHand(input: Omit<OpenCaseInput, 'flagId'>): Promise<CaseRecord> {
  const { hospitalId, patientId, by, note, now } = input;
  const already = await workingCaseOf(hospitalId, patientId);
  if (already)
    throw conflict('CASE.ALREADY_OPEN', 'This patient already has a case that is not closed at this hospital', {
      caseId: already._id.toHexString(),
    });
  const doc = withFirstEvent(
    caseEvents,
    {
      _id: new Types.ObjectId(),
      hospitalId,
      patientId,
      handOpenKey: `${hospitalId.toHexString()}:${patientId.toHexString()}`,
      ...freshCase(by, note, now),
    },
    { type: 'case.opened', hospitalId, actorUserId: by, data: { patientId: patientId.toHexString(), flagId: null, assignedTo: by } },
    now,
  );
  try {
    await CaseModel.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const twin = await workingCaseOf(hospitalId, patientId);
    throw conflict('CASE.ALREADY_OPEN', 'This patient already has a case that is not closed at this hospital', {
      caseId: twin?._id.toHexString() ?? '',
    });
  }
  await publishPending(caseEvents, [doc]);
  return (await findCase(doc._id.toHexString())) as CaseRecord;
}

/** Cases opened before the plan existed read with an empty plan and no assignee but their opener. */
export function withDefaults(c: CaseRecord): CaseRecord {
  return {
    ...c,
    assignedTo: c.assignedTo === undefined ? c.openedBy : c.assignedTo,
    needs: c.needs ?? [],
    goals: c.goals ?? [],
    interventions: c.interventions ?? [],
    closureRequest: c.closureRequest ?? null,
    closure: c.closure ?? null,
  };
}

export async function findCase(id: string): Promise<CaseRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const c = await CaseModel.findById(id).lean<CaseRecord>();
  return c ? withDefaults(c) : null;
}

/** The case or 404 (before the policy's check, which answers 404 too for another hospital's). */
export async function caseOrThrow(id: string): Promise<CaseRecord> {
  const c = await findCase(id);
  if (!c) throw notFound('Case');
  return c;
}

/** The record the policy reads: the case's own hospital is its tenant. */
export function caseTenant(c: CaseRecord): { _id: Types.ObjectId; hospitalId: Types.ObjectId } {
  return { _id: c._id, hospitalId: c.hospitalId };
}

/** Work on a closed case (notes, needs, referrals, funding requests) is refused with 409 CASE.CLOSED. */
export function assertCaseOpenForWork(c: CaseRecord): void {
  if (c.status === 'closed') throw conflict('CASE.CLOSED', 'This case is closed', { caseId: c._id.toHexString() });
}

/**
 * One change to a case: applied only if the case still matches `condition` (its status, a
 * pending request, …), together with its event, in ONE document update (decision 0014); null
 * when the condition no longer holds (another user's change won).
 */
export async function changeCase(
  c: CaseRecord,
  condition: Filter<Document>,
  update: UpdateFilter<Document>,
  draft: Omit<EventDraft, 'hospitalId'>,
  now: Date,
): Promise<CaseRecord | null> {
  const withTime = { ...update, $set: { ...(update.$set ?? {}), updatedAt: now } };
  const updated = await updateWithEvent<CaseRecord>(
    caseEvents,
    { _id: c._id, ...condition },
    withTime,
    { ...draft, hospitalId: c.hospitalId },
    now,
  );
  return updated ? withDefaults(updated) : null;
}

export async function countOpenCases(hospitalId: Types.ObjectId): Promise<number> {
  return CaseModel.countDocuments({ hospitalId, status: { $ne: 'closed' } });
}

/** Which of these patients have a case (in any state) at the hospital: one read for many (the consent feature's rules ask it for a list's rows). */
export async function patientsWithCaseAt(hospitalId: Types.ObjectId, patientIds: readonly Types.ObjectId[]): Promise<Set<string>> {
  if (patientIds.length === 0) return new Set();
  const ids = (await CaseModel.distinct('patientId', { hospitalId, patientId: { $in: [...patientIds] } })) as Types.ObjectId[];
  return new Set(ids.map((id) => id.toHexString()));
}

/** A patient's cases, the ones not closed first, newest first. */
export async function casesOfPatient(patientId: Types.ObjectId): Promise<CaseRecord[]> {
  const rows = (await CaseModel.find({ patientId }).sort({ createdAt: -1 }).limit(20).lean<CaseRecord[]>()).map(withDefaults);
  return [...rows.filter((c) => c.status !== 'closed'), ...rows.filter((c) => c.status === 'closed')];
}

import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { publishPending, withFirstEvent } from '../../events/append.js';
import { CaseModel, type CaseRecord } from './cases.model.js';
import { caseEvents } from './cases.events.js';

export interface OpenCaseInput {
  hospitalId: Types.ObjectId;
  patientId: Types.ObjectId;
  flagId: Types.ObjectId;
  by: string;
  note: string | null;
  /** From the clock: the case.opened event's time. */
  now: Date;
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
    { type: 'case.opened', hospitalId, actorUserId: by, data: { patientId: patientId.toHexString(), flagId: flagId.toHexString() } },
    input.now,
  );
  try {
    const opened = await CaseModel.findOneAndUpdate(
      { openedFromFlagId: flagId },
      { $setOnInsert: { _id, hospitalId, patientId, openedFromFlagId: flagId, openedBy: by, note, status: 'open', eventSeq, pendingEvents } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true, strict: false },
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

export async function countOpenCases(hospitalId: Types.ObjectId): Promise<number> {
  return CaseModel.countDocuments({ hospitalId, status: 'open' });
}

/** A patient's cases, open first, newest first. */
export async function casesOfPatient(patientId: Types.ObjectId): Promise<CaseRecord[]> {
  const rows = await CaseModel.find({ patientId }).sort({ createdAt: -1 }).limit(20).lean<CaseRecord[]>();
  return [...rows.filter((c) => c.status === 'open'), ...rows.filter((c) => c.status !== 'open')];
}

import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../http/pagination.js';
import { openCaseForFlag } from '../cases/cases.service.js';
import type { PatientRecord } from '../patients/patients.model.js';
import { findPatients } from '../patients/patients.service.js';
import { FlagModel, type FlagRecord } from './screening.model.js';
import type { FlagView, ReviewInput, WorklistQuery } from './screening.schemas.js';

/** Flags: the worklist, and review (confirm → a case opens; dismiss with a reason; expire). */
export async function findFlag(id: string): Promise<FlagRecord | null> {
  return FlagModel.findById(id).lean<FlagRecord>();
}

export function toFlagView(f: FlagRecord, p: PatientRecord | null, now = new Date()): FlagView {
  const expired = f.status === 'active' && f.expiresAt <= now;
  return {
    id: f._id.toHexString(),
    patient: p
      ? { id: p._id.toHexString(), name: p.snapshot.patient.name?.full ?? null, birthDate: p.snapshot.patient.birthDate, gender: p.snapshot.patient.gender, ward: p.census.ward, inpatient: p.census.inpatient }
      : null,
    status: expired ? 'expired' : f.status,
    priority: f.priority,
    flagTypes: f.flagTypes,
    codes: f.codes,
    povertyCertainty: f.povertyCertainty,
    reasons: f.findings.map((x) => ({
      ruleId: x.ruleId,
      ruleVersion: x.ruleVersion,
      legalSource: x.legalSource,
      unconfirmed: x.unconfirmed,
      flagType: x.flagType,
      code: x.code,
      certainty: x.certainty,
      weight: x.weight,
      summary: { vi: x.summary.vi, en: x.summary.en },
      inputs: x.inputs.map((i) => ({ name: i.name, value: i.value, source: i.source })),
    })),
    screeningId: f.screeningId.toHexString(),
    expiresAt: f.expiresAt.toISOString(),
    review: f.review ? { by: f.review.by, at: f.review.at.toISOString(), reason: f.review.reason, caseId: f.review.caseId?.toHexString() ?? null } : null,
    writeBack: { status: f.writeBack.status, lastError: f.writeBack.lastError },
    createdAt: f.createdAt.toISOString(),
  };
}

export async function withPatients(flags: FlagRecord[]): Promise<Map<string, PatientRecord>> {
  const rows = await findPatients([...new Set(flags.map((f) => f.patientId.toHexString()))]);
  return new Map(rows.map((r) => [r._id.toHexString(), r]));
}

/** Active, unexpired flags of a hospital, highest priority first (keyset paging on priority, id). */
export async function worklist(hospitalId: string, q: WorklistQuery, now = new Date()): Promise<Page<FlagView>> {
  const filter: Record<string, unknown> = { hospitalId: new Types.ObjectId(hospitalId), status: 'active', expiresAt: { $gt: now } };
  if (q.flagType) filter.flagTypes = q.flagType;
  if (q.ward) filter.ward = q.ward;
  if (q.since) filter.createdAt = { $gte: q.since };
  if (q.cursor) filter.$or = afterCursor(q.cursor, q.sort);
  const order = q.sort === 'ward' ? { ward: 1, priority: -1, _id: 1 } : { priority: -1, _id: 1 };
  const rows = await FlagModel.find(filter).sort(order as Record<string, 1 | -1>).limit(q.limit + 1).lean<FlagRecord[]>();
  const more = rows.length > q.limit;
  const kept = more ? rows.slice(0, q.limit) : rows;
  const patients = await withPatients(kept);
  const last = kept[kept.length - 1];
  return {
    data: kept.map((f) => toFlagView(f, patients.get(f.patientId.toHexString()) ?? null, now)),
    nextCursor: more && last ? encodeCursor({ p: last.priority, id: last._id.toHexString(), ...(q.sort === 'ward' ? { w: last.ward ?? '' } : {}) }) : null,
  };
}

/** Keyset paging: the flags after the cursor's (ward,) priority and id in the list's order. */
function afterCursor(cursor: string, sort: 'priority' | 'ward'): Record<string, unknown>[] {
  const { p, id, w } = decodeCursor(cursor);
  const valid = typeof p === 'number' && typeof id === 'string' && Types.ObjectId.isValid(id) && (sort === 'priority' || typeof w === 'string');
  if (!valid) throw new AppError(400, 'VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued for this sort' }]);
  const oid = new Types.ObjectId(id as string);
  const byPriority = [{ priority: { $lt: p } }, { priority: p, _id: { $gt: oid } }];
  if (sort === 'priority') return byPriority;
  const ward = (w as string) || null;
  // Mongo sorts null wards first, and $gt null would not reach strings (type bracketing).
  return [ward === null ? { ward: { $ne: null } } : { ward: { $gt: ward } }, ...byPriority.map((c) => ({ ...c, ward }))];
}

/**
 * One atomic transition from active: two reviewers at once cannot both win. Confirming opens the
 * case; if opening fails, the flag goes back to active so nothing is lost.
 */
export async function reviewFlag(flag: FlagRecord, input: ReviewInput, by: string, now = new Date()): Promise<FlagRecord> {
  const status = input.decision === 'confirm' ? 'confirmed' : input.decision === 'dismiss' ? 'dismissed' : 'expired';
  const won = await FlagModel.findOneAndUpdate(
    { _id: flag._id, status: 'active' },
    { $set: { status, review: { by, at: now, reason: input.reason ?? null, caseId: null } }, $unset: { activeFor: 1 } },
    { returnDocument: 'after' },
  ).lean<FlagRecord>();
  if (!won) {
    // `flag` was read before the race was lost: say what the flag is now.
    const current = await FlagModel.findById(flag._id, { status: 1 }).lean<Pick<FlagRecord, 'status'>>();
    throw conflict('FLAG.NOT_ACTIVE', `This flag is already ${current?.status ?? 'gone'}: reload the worklist`);
  }
  if (status !== 'confirmed') return won;
  try {
    const opened = await openCaseForFlag(won.hospitalId, won.patientId, won._id, by);
    const done = await FlagModel.findOneAndUpdate({ _id: won._id }, { $set: { 'review.caseId': opened._id } }, { returnDocument: 'after' }).lean<FlagRecord>();
    if (!done) throw notFound('Flag');
    return done;
  } catch (err) {
    await reactivate(won);
    throw err;
  }
}

/** Back to active after a failed confirm; superseded instead if a newer flag became active meanwhile. */
async function reactivate(flag: FlagRecord): Promise<void> {
  try {
    await FlagModel.updateOne({ _id: flag._id, status: 'confirmed' }, { $set: { status: 'active', review: null, activeFor: flag.patientId } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await FlagModel.updateOne({ _id: flag._id, status: 'confirmed' }, { $set: { status: 'superseded', review: null } });
  }
}

export async function flagHistory(patientId: Types.ObjectId): Promise<FlagRecord[]> {
  return FlagModel.find({ patientId }).sort({ createdAt: -1 }).limit(50).lean<FlagRecord[]>();
}

import { Types } from 'mongoose';
import { foldVietnamese } from '../../../fhir-mappings/patient.js';
import { AppError } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { onStayChange, presentAmong, type StayChange } from '../patients/patients.presence.js';
import { findPatients, type PatientRecord } from '../patients/patients.service.js';
import { tierOf } from './rules/engine.js';
import { FlagModel, type FlagRecord } from './screening.model.js';
import type { FlagView, WorklistQuery } from './screening.schemas.js';
import { flagTier, hospitalTiers, type HospitalTiers } from './tiers.service.js';

export { reviewFlag } from './flag-review.service.js';

/** Flags: the worklist a social worker can finish, and the view of one flag. */
const settings = { dischargedDays: 3 };

/** From the configuration at start (WORKLIST_DISCHARGED_DAYS). */
export function configureWorklist(s: { dischargedDays: number }): void {
  settings.dischargedDays = s.dischargedDays;
}

export async function findFlag(id: string): Promise<FlagRecord | null> {
  return FlagModel.findById(id).lean<FlagRecord>();
}

type Tiers = Pick<HospitalTiers, 'ruleSet' | 'overrides'>;

function patientView(p: PatientRecord): NonNullable<FlagView['patient']> {
  const c = p.census;
  return { id: p._id.toHexString(), name: p.snapshot.patient.name?.full ?? null, birthDate: p.snapshot.patient.birthDate, gender: p.snapshot.patient.gender, ward: c.ward, inpatient: c.inpatient, dischargedAt: c.inpatient ? null : (c.dischargedAt ?? null) };
}

export function toFlagView(f: FlagRecord, p: PatientRecord | null, tiers: Tiers, now: Date): FlagView {
  const expired = f.status === 'active' && f.expiresAt <= now;
  return {
    id: f._id.toHexString(),
    patient: p ? patientView(p) : null,
    status: expired ? 'expired' : f.status,
    priority: f.priority,
    tier: flagTier(f.codes, tiers),
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
      tier: tierOf(x.code, tiers.ruleSet, tiers.overrides),
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

/** Views of flags of one hospital, with their patients and the hospital's tiers today. */
export async function flagViews(flags: FlagRecord[], now: Date): Promise<FlagView[]> {
  const first = flags[0];
  if (!first) return [];
  const [patients, tiers] = await Promise.all([withPatients(flags), hospitalTiers(first.hospitalId, now)]);
  return flags.map((f) => toFlagView(f, patients.get(f.patientId.toHexString()) ?? null, tiers, now));
}

export async function withPatients(flags: FlagRecord[]): Promise<Map<string, PatientRecord>> {
  const rows = await findPatients([...new Set(flags.map((f) => f.patientId.toHexString()))]);
  return new Map(rows.map((r) => [r._id.toHexString(), r]));
}

/** The Vietnam day `days` days before `day` (YYYY-MM-DD). */
function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** The wards of the hospital's flags whose folded name contains the folded query ("ung buou" → "Khoa Ung bướu"). */
async function wardsMatching(hospitalId: Types.ObjectId, query: string): Promise<string[]> {
  const wanted = foldVietnamese(query).replace(/\s+/g, ' ').trim();
  const wards = (await FlagModel.distinct('ward', { hospitalId })) as (string | null)[];
  return wards.filter((w): w is string => typeof w === 'string' && foldVietnamese(w).replace(/\s+/g, ' ').includes(wanted));
}

/**
 * Copies the patients' stays (patients.presence.ts) onto their active flags: one update per
 * distinct day, each by the unique `activeFor` index (no scan of the flags, on any database).
 * Raw driver writes: a stay copied is not a change of the flag (its updatedAt stays).
 */
async function copyStays(changes: StayChange[]): Promise<void> {
  const byDay = new Map<string | null, Types.ObjectId[]>();
  for (const c of changes) byDay.set(c.leftOn, [...(byDay.get(c.leftOn) ?? []), c.patientId]);
  await FlagModel.collection.bulkWrite(
    [...byDay].map(([leftOn, ids]) => ({ updateMany: { filter: { activeFor: { $in: ids } }, update: { $set: { leftOn } } } })),
    { ordered: false },
  );
}
onStayChange(copyStays);

/**
 * "Here now or discharged since": an active flag carries its patient's stay (`leftOn`); reviewed
 * flags, whose copy is not kept in step, are few and their patients are read by id.
 */
async function presenceFilter(filter: Record<string, unknown>, since: string): Promise<Record<string, unknown>> {
  if (filter.status === 'active') return { $or: [{ leftOn: null }, { leftOn: { $gte: since } }] };
  const patients = (await FlagModel.distinct('patientId', filter)) as Types.ObjectId[];
  return { patientId: { $in: await presentAmong(patients, since) } };
}

/** The database filter of a worklist query (without its cursor). */
async function worklistFilter(access: Record<string, unknown>, hospitalId: Types.ObjectId, q: WorklistQuery, tiers: HospitalTiers, now: Date): Promise<Record<string, unknown>> {
  const and: Record<string, unknown>[] = [access];
  const filter: Record<string, unknown> = { $and: and, status: q.status };
  if (q.status === 'active') filter.expiresAt = { $gt: now };
  if (q.tier === 'support') filter.codes = { $in: tiers.supportCodes };
  else if (q.tier === 'watch') filter.codes = { $nin: tiers.supportCodes };
  if (q.flagType) filter.flagTypes = q.flagType;
  if (q.ward) filter.ward = { $in: await wardsMatching(hospitalId, q.ward) };
  if (q.since) filter.createdAt = { $gte: q.since };
  if (q.presence === 'current') and.push(await presenceFilter(filter, daysBefore(tiers.day, settings.dischargedDays)));
  return filter;
}

type ListKey = Pick<FlagRecord, '_id' | 'priority' | 'ward'>;

/**
 * The worklist: by default the flags that are a task ('support' tier) of patients in hospital now
 * or discharged in the last few days, highest priority first (keyset paging on priority, id),
 * with the number of flags the filters match in all.
 * One pass over the matching flags gives both the total and the page: their keys (id, priority,
 * ward) in the list's order, then the page's flags by id. Counting and paging as two queries read
 * the matches twice, and the dev database has no index to count by (issue 9: at 10,000 inpatients
 * every request paid two scans of the flags while a census sync wrote them).
 */
export async function worklist(access: Record<string, unknown>, hospitalId: string, q: WorklistQuery, now: Date): Promise<{ data: FlagView[]; nextCursor: string | null; total: number }> {
  // `access` is the policy's list filter; the hospital gives the tiers, wards and census to read.
  const after = q.cursor ? afterCursor(q.cursor, q.sort) : null;
  const hid = new Types.ObjectId(hospitalId);
  const tiers = await hospitalTiers(hid, now);
  const filter = await worklistFilter(access, hid, q, tiers, now);
  const order = q.sort === 'ward' ? { ward: 1, priority: -1, _id: 1 } : { priority: -1, _id: 1 };
  const keys = await FlagModel.find(filter, { _id: 1, priority: 1, ward: 1 }).sort(order as Record<string, 1 | -1>).lean<ListKey[]>();
  const start = after ? keys.findIndex(after) : 0;
  const page = start < 0 ? [] : keys.slice(start, start + q.limit);
  const more = start >= 0 && keys.length > start + q.limit;
  const byId = new Map((await FlagModel.find({ _id: { $in: page.map((k) => k._id) } }).lean<FlagRecord[]>()).map((f) => [f._id.toHexString(), f]));
  const kept = page.map((k) => byId.get(k._id.toHexString())).filter((f): f is FlagRecord => f !== undefined);
  const patients = await withPatients(kept);
  const last = page[page.length - 1];
  return {
    data: kept.map((f) => toFlagView(f, patients.get(f.patientId.toHexString()) ?? null, tiers, now)),
    nextCursor: more && last ? encodeCursor({ p: last.priority, id: last._id.toHexString(), ...(q.sort === 'ward' ? { w: last.ward ?? '' } : {}) }) : null,
    total: keys.length,
  };
}

/** MongoDB's order of strings (binary, by UTF-8 bytes), with null before any string. */
function compareWards(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Keyset paging: true for the flags after the cursor's (ward,) priority and id in the list's order. */
function afterCursor(cursor: string, sort: 'priority' | 'ward'): (k: ListKey) => boolean {
  const { p, id, w } = decodeCursor(cursor);
  const valid = typeof p === 'number' && typeof id === 'string' && Types.ObjectId.isValid(id) && (sort === 'priority' || typeof w === 'string');
  if (!valid) throw new AppError(400, 'VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued for this sort', code: 'invalid_cursor' }]);
  const hex = new Types.ObjectId(id as string).toHexString();
  // Ids of one kind compare as their hex text (fixed length); priority is highest first.
  const byPriority = (k: ListKey): boolean => k.priority < (p as number) || (k.priority === p && k._id.toHexString() > hex);
  if (sort === 'priority') return byPriority;
  const ward = (w as string) || null;
  return (k) => {
    const c = compareWards(k.ward ?? null, ward);
    return c > 0 || (c === 0 && byPriority(k));
  };
}

export async function flagHistory(patientId: Types.ObjectId): Promise<FlagRecord[]> {
  return FlagModel.find({ patientId }).sort({ createdAt: -1 }).limit(50).lean<FlagRecord[]>();
}

import type { Types } from 'mongoose';
import type { Principal } from '../../http/policy.js';
import { cursorObjectId, toPage, type Page } from '../../http/pagination.js';
import { CaseModel, type CaseRecord } from './cases.model.js';
import { patientsMeeting } from './cases.patients.js';
import type { CaseListQuery } from './cases.schemas.js';
import { withDefaults } from './cases.service.js';

/**
 * "My cases" and the hospital's caseload (issue 10 point 6's filters), newest first, keyset-paged
 * on `_id` with the total the filters match. Without `status` the list shows the cases not closed
 * (the work in hand); `status=closed` shows the closed ones.
 */
export function defaultScope(principal: Principal): 'mine' | 'hospital' {
  return principal.role === 'sw_lead' ? 'hospital' : 'mine';
}

function caseFilter(access: Record<string, unknown>, q: CaseListQuery, principal: Principal, today: string): Record<string, unknown> {
  const f: Record<string, unknown> = { ...access };
  f.status = q.status ?? { $ne: 'closed' };
  const scope = q.scope ?? defaultScope(principal);
  if (scope === 'mine') f.assignedTo = principal.userId;
  if (q.assignedTo) f.assignedTo = scope === 'mine' && q.assignedTo !== principal.userId ? { $in: [] } : q.assignedTo;
  if (q.need) f.needs = { $elemMatch: { domain: q.need, status: 'open' } };
  // Overdue: an open goal whose target day is before Vietnam today (days as YYYY-MM-DD sort as text).
  if (q.overdueGoals) f.goals = { $elemMatch: { status: 'open', targetDate: { $lt: today } } };
  return f;
}

/** The age and ward live on the patient (read through the patients service): narrowed to the patients who meet them. */
async function withPatientCriteria(f: Record<string, unknown>, q: CaseListQuery, today: string): Promise<Record<string, unknown>> {
  if (q.ageMin === undefined && q.ageMax === undefined && !q.ward) return f;
  const ids = (await CaseModel.distinct('patientId', f)) as Types.ObjectId[];
  const meeting = await patientsMeeting(ids, { ageMin: q.ageMin, ageMax: q.ageMax, ward: q.ward }, today);
  return { ...f, patientId: { $in: meeting } };
}

export async function listCases(
  access: Record<string, unknown>,
  q: CaseListQuery,
  principal: Principal,
  today: string,
): Promise<Page<CaseRecord> & { total: number }> {
  const filter = await withPatientCriteria(caseFilter(access, q, principal, today), q, today);
  const after = cursorObjectId(q.cursor);
  const paged = after ? { ...filter, _id: { $lt: after } } : filter;
  const [rows, total] = await Promise.all([
    CaseModel.find(paged)
      .sort({ _id: -1 })
      .limit(q.limit + 1)
      .lean<CaseRecord[]>(),
    CaseModel.countDocuments(filter),
  ]);
  const page = toPage(
    rows.map(withDefaults),
    q.limit,
    (r) => r,
    (r) => ({ id: r._id.toHexString() }),
  );
  return { ...page, total };
}

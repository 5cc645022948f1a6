import { vietnamToday, type Clock } from '../../clock.js';
import type { Principal } from '../../http/policy.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation } from '../admin/organisations.service.js';
import { findAttachment } from '../cases/attachments.service.js';
import { patientFacts } from '../cases/cases.patients.js';
import { displayNames, type Names } from '../cases/cases.view.js';
import type { ReferralRecord } from './referrals.model.js';
import { isLive, referralSideOf, type ReferralViewer } from './referrals.records.js';
import { receiverMayShare } from './referrals.relationships.js';
import { movesFor, type ReferralDetail, type ReferralSummary } from './referrals.schemas.js';

/**
 * What each side sees of a referral (issue 11 point 3, decision 0024): explicit mappers listing
 * every field. The sender's hospital sees the patient; the receiver and network staff never do.
 * The receiver sees the summary and the shared documents only while `shared` (live, and the
 * patient's consent to this recipient in force now); network staff see neither.
 */
interface Lookups {
  hospitals: Map<string, string>;
  organisations: Map<string, { name: string; type: string }>;
}

async function lookups(rows: readonly ReferralRecord[]): Promise<Lookups> {
  const hospitals = new Map<string, string>();
  const organisations = new Map<string, { name: string; type: string }>();
  const hospitalIds = new Set(rows.flatMap((r) => [r.hospitalId.toHexString(), ...(r.to.hospitalId ? [r.to.hospitalId.toHexString()] : [])]));
  for (const id of hospitalIds) hospitals.set(id, (await findHospital(id))?.name ?? '');
  for (const id of new Set(rows.flatMap((r) => (r.to.organisationId ? [r.to.organisationId.toHexString()] : [])))) {
    const o = await findOrganisation(id);
    organisations.set(id, { name: o?.name ?? '', type: o?.type ?? '' });
  }
  return { hospitals, organisations };
}

function recipientView(r: ReferralRecord, l: Lookups): ReferralSummary['to'] {
  if (r.to.kind === 'hospital') {
    const id = r.to.hospitalId?.toHexString() ?? '';
    return { kind: 'hospital', hospital: { id, name: l.hospitals.get(id) ?? '' } };
  }
  const id = r.to.organisationId?.toHexString() ?? '';
  const o = l.organisations.get(id);
  return { kind: 'organisation', organisation: { id, name: o?.name ?? '', type: o?.type ?? '' } };
}

export function viewerOf(principal: Principal, r: ReferralRecord): ReferralViewer {
  return referralSideOf(principal, r) ?? 'network';
}

function summaryOf(r: ReferralRecord, viewer: ReferralViewer, l: Lookups, patientName: string | null, today: string): ReferralSummary {
  const hospitalId = r.hospitalId.toHexString();
  return {
    id: r._id.toHexString(),
    caseId: r.caseId.toHexString(),
    viewer,
    from: { hospital: { id: hospitalId, name: l.hospitals.get(hospitalId) ?? '' } },
    to: recipientView(r, l),
    service: r.service,
    needs: r.needs,
    urgency: r.urgency,
    status: r.status,
    capacity: r.capacity ?? null,
    due: r.due ? { kind: r.due.kind, on: r.due.on } : null,
    overdue: isOverdue(r, today),
    escalatedAt: r.escalation?.at ? r.escalation.at.toISOString() : null,
    patient: viewer === 'sender' ? { id: r.patientId.toHexString(), name: patientName } : null,
    sentAt: r.sentAt ? r.sentAt.toISOString() : null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Live and Vietnam today is after the due day (days as YYYY-MM-DD sort as text). */
export function isOverdue(r: Pick<ReferralRecord, 'status' | 'due'>, today: string): boolean {
  return isLive(r.status) && !!r.due && today > r.due.on;
}

async function patientNames(rows: readonly ReferralRecord[], viewers: readonly ReferralViewer[], today: string): Promise<Map<string, string | null>> {
  const ids = rows.filter((_, i) => viewers[i] === 'sender').map((r) => r.patientId);
  const facts = ids.length ? await patientFacts(ids, today) : new Map();
  return new Map([...facts].map(([id, f]) => [id, (f as { name: string | null }).name]));
}

/** List rows, each in the view of the principal's side of it. */
export async function toReferralSummaries(rows: readonly ReferralRecord[], principal: Principal, ctx: { clock: Clock }): Promise<ReferralSummary[]> {
  const today = vietnamToday(ctx.clock);
  const viewers = rows.map((r) => viewerOf(principal, r));
  const [l, names] = await Promise.all([lookups(rows), patientNames(rows, viewers, today)]);
  return rows.map((r, i) => summaryOf(r, viewers[i] as ReferralViewer, l, names.get(r.patientId.toHexString()) ?? null, today));
}

async function documentsOf(r: ReferralRecord): Promise<ReferralDetail['documents']> {
  const out: ReferralDetail['documents'] = [];
  for (const id of r.documentIds) {
    const a = await findAttachment(r.caseId.toHexString(), id.toHexString());
    if (a) out.push({ id: a._id.toHexString(), kind: a.kind, fileName: a.fileName, contentType: a.contentType, size: a.size });
  }
  return out;
}

/** What the viewer may do now: edit the draft (sender), write in the thread (either side, once sent), its side's moves. */
export function referralCan(r: ReferralRecord, viewer: ReferralViewer): string[] {
  if (viewer === 'network') return [];
  const can: string[] = [];
  if (viewer === 'sender' && r.status === 'draft') can.push('referral.update');
  if (r.status !== 'draft') can.push('referral.comment');
  return [...can, ...movesFor(r.status, viewer).map((s) => `move:${s}`)];
}

const person = (id: string, names: Names): { id: string; name: string | null } => ({ id, name: names.get(id) ?? null });

/** The referral page, in the view of the principal's side. */
export async function toReferralDetail(r: ReferralRecord, principal: Principal, ctx: { clock: Clock }): Promise<ReferralDetail> {
  const [summary] = await toReferralSummaries([r], principal, ctx);
  if (!summary) throw new Error('a referral gave no summary');
  const viewer = summary.viewer;
  const shared = viewer === 'sender' || (viewer === 'receiver' && (await receiverMayShare(r, ctx.clock.now())));
  const names = await displayNames([r.createdBy, ...r.history.map((h) => h.by)]);
  return {
    ...summary,
    createdBy: person(r.createdBy, names),
    summary: shared ? r.summary : null,
    documents: shared ? await documentsOf(r) : [],
    shared,
    statusReason: r.statusReason ?? null,
    outcome: r.outcome ?? null,
    history: r.history.map((h) => ({
      from: h.from,
      to: h.to,
      side: h.side,
      by: person(h.by, names),
      at: h.at.toISOString(),
      reason: h.reason ?? null,
      capacity: h.capacity ?? null,
      outcome: h.outcome ?? null,
    })),
    createdAt: r.createdAt.toISOString(),
    can: referralCan(r, viewer),
  };
}

import type { Types } from 'mongoose';
import type { Principal } from '../../http/policy.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation } from '../admin/organisations.service.js';
import { displayNames } from '../cases/cases.view.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import type { Pledge } from './funding.schemas.js';
import { DisbursementModel, type DisbursementRecord, type PledgeRecord } from './pledges.model.js';
import { toDisbursementAnswer } from './receipts.view.js';

/**
 * The Pledge answer: the request by its reference and hospital (never the case or the patient),
 * the story's title only while listed for a partner, the partner, its disbursement, and what the
 * caller may do (`can`: the pledging organisation's partners, while pending).
 */
type RequestBits = Pick<FundingRequestRecord, '_id' | 'reference' | 'hospitalId' | 'status' | 'story'>;

async function namesOf(ids: { hospitals: Types.ObjectId[]; orgs: Types.ObjectId[] }): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids.hospitals.map(String))) out.set(id, (await findHospital(id))?.name ?? '');
  for (const id of new Set(ids.orgs.map(String))) out.set(id, (await findOrganisation(id))?.name ?? '');
  return out;
}

export async function toPledgeViews(rows: readonly PledgeRecord[], viewer: Principal): Promise<Pledge[]> {
  if (rows.length === 0) return [];
  const requests = await FundingRequestModel.find({ _id: { $in: rows.map((p) => p.requestId) } }, { reference: 1, hospitalId: 1, status: 1, story: 1 }).lean<RequestBits[]>();
  const byRequest = new Map(requests.map((r) => [r._id.toHexString(), r]));
  const disbIds = rows.flatMap((p) => (p.disbursementId ? [p.disbursementId] : []));
  const disbs = disbIds.length ? await DisbursementModel.find({ _id: { $in: disbIds } }).lean<DisbursementRecord[]>() : [];
  const disbursements = new Map(await Promise.all(disbs.map(async (d) => [d._id.toHexString(), await toDisbursementAnswer(d)] as const)));
  const names = await namesOf({ hospitals: rows.map((p) => p.hospitalId), orgs: rows.map((p) => p.organisationId) });
  const people = await displayNames(rows.map((p) => p.createdBy));
  return rows.map((p) => {
    const r = byRequest.get(p.requestId.toHexString());
    const own = viewer.role === 'charity_partner' && viewer.organisationId === p.organisationId.toHexString();
    const title = r?.story && (viewer.role !== 'charity_partner' || r.story.listed) ? r.story.title : null;
    return {
      id: p._id.toHexString(),
      requestId: p.requestId.toHexString(),
      request: { reference: r?.reference ?? '', hospital: { id: p.hospitalId.toHexString(), name: names.get(p.hospitalId.toHexString()) ?? '' }, title, status: r?.status ?? 'closed' },
      organisation: { id: p.organisationId.toHexString(), name: names.get(p.organisationId.toHexString()) ?? '' },
      amountVnd: p.amountVnd,
      state: p.state,
      note: p.note,
      expiresAt: p.expiresAt.toISOString(),
      disbursement: p.disbursementId ? (disbursements.get(p.disbursementId.toHexString()) ?? null) : null,
      createdBy: { id: p.createdBy, name: people.get(p.createdBy) ?? null },
      createdAt: p.createdAt.toISOString(),
      endedAt: p.endedAt ? p.endedAt.toISOString() : null,
      can: own && p.state === 'pending' ? (['pledge.cancel', 'pledge.disburse'] as const).slice() : [],
    };
  });
}

export async function toPledgeView(p: PledgeRecord, viewer: Principal): Promise<Pledge> {
  return (await toPledgeViews([p], viewer))[0] as Pledge;
}

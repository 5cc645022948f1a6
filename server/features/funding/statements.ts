import { Types } from 'mongoose';
import { endOfVietnamDay, startOfVietnamDay } from '../../clock.js';
import { notFound } from '../../errors.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findOrganisation } from '../admin/organisations.service.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import type { Statement } from './funding.schemas.js';
import { DisbursementModel, PledgeModel, type DisbursementRecord, type PledgeRecord } from './pledges.model.js';

/**
 * A charity partner's statement for a period (issue 12 point 6): what it pledged, what it paid to
 * whom, the receipts, and the outcomes the hospitals posted on the requests it funds. De-identified
 * by construction: a request is named by its reference, its hospital, the story's age band and
 * province; a payment by the payee's kind and the method, never a person. The period is of Vietnam
 * days, both ends included.
 *  - pledges: made in the period (by `createdAt`), in any state; `pledgedVnd` is what of them still
 *    holds (pending or disbursed), `cancelledVnd` / `expiredVnd` what ended so; the three add up to
 *    everything pledged in the period;
 *  - disbursements: paid in the period (`paidOn`) and standing (state done: a reversed one was
 *    corrected by new transfers and is no payment; one still recording is not yet paid);
 *  - outcomes: posted in the period on the requests the partner has a standing pledge on.
 */
/** For the CSV and PDF tables: a payment's row with the request's hospital (not in the JSON answer's contract). */
export type StatementDisbursementRow = Statement['disbursements'][number] & { hospital: string };

export interface StatementData extends Omit<Statement, 'disbursements'> {
  disbursements: StatementDisbursementRow[];
  receiptsCount: number;
}

const STANDING_PLEDGE = ['pending', 'disbursed'] as const;
type RequestFacts = Pick<FundingRequestRecord, '_id' | 'reference' | 'hospitalId' | 'story'>;

async function hospitalNames(ids: readonly Types.ObjectId[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.map((id) => id.toHexString()))];
  const found = await Promise.all(unique.map(async (id) => [id, (await findHospital(id))?.name ?? ''] as const));
  return new Map(found);
}

async function requestsById(ids: readonly Types.ObjectId[]): Promise<Map<string, RequestFacts>> {
  const rows = await FundingRequestModel.find({ _id: { $in: ids } }, { reference: 1, hospitalId: 1, story: 1 }).lean<RequestFacts[]>();
  return new Map(rows.map((r) => [r._id.toHexString(), r]));
}

const sum = (xs: readonly { amountVnd: number }[]): number => xs.reduce((n, x) => n + x.amountVnd, 0);

async function outcomesFor(organisationId: Types.ObjectId, start: Date, end: Date): Promise<Statement['outcomes']> {
  const funded: Types.ObjectId[] = await PledgeModel.distinct('requestId', { organisationId, state: { $in: STANDING_PLEDGE } });
  if (funded.length === 0) return [];
  const rows = await FundingRequestModel.find({ _id: { $in: funded }, 'outcomes.at': { $gte: start, $lte: end } }, { reference: 1, outcomes: 1 }).lean<Pick<FundingRequestRecord, 'reference' | 'outcomes'>[]>();
  return rows
    .flatMap((r) => r.outcomes.filter((o) => o.at >= start && o.at <= end).map((o) => ({ reference: r.reference, text: o.text, at: o.at.toISOString() })))
    .sort((a, b) => a.at.localeCompare(b.at));
}

function pledgeRows(pledges: readonly PledgeRecord[], requests: Map<string, RequestFacts>, hospitals: Map<string, string>): Statement['pledges'] {
  return pledges.map((p) => {
    const r = requests.get(p.requestId.toHexString());
    return {
      id: p._id.toHexString(),
      reference: r?.reference ?? '',
      hospital: hospitals.get(p.hospitalId.toHexString()) ?? '',
      ageBand: r?.story?.ageBand ?? null,
      province: r?.story?.province ?? null,
      amountVnd: p.amountVnd,
      state: p.state,
      at: p.createdAt.toISOString(),
    };
  });
}

function disbursementRows(rows: readonly DisbursementRecord[], requests: Map<string, RequestFacts>, hospitals: Map<string, string>): StatementDisbursementRow[] {
  return rows.map((d) => ({
    id: d._id.toHexString(),
    reference: requests.get(d.requestId.toHexString())?.reference ?? '',
    hospital: hospitals.get(d.hospitalId.toHexString()) ?? '',
    payee: d.payee,
    method: d.method,
    amountVnd: d.amountVnd,
    paidOn: d.paidOn,
    receipts: d.receipts.length,
  }));
}

/** The statement of `organisationId` for the Vietnam days `from`..`to` (404 for an unknown organisation). */
export async function buildStatement(organisationId: string, from: string, to: string): Promise<StatementData> {
  const org = Types.ObjectId.isValid(organisationId) ? await findOrganisation(organisationId) : null;
  if (!org) throw notFound('Organisation');
  const orgId = new Types.ObjectId(organisationId);
  const [start, end] = [startOfVietnamDay(from), endOfVietnamDay(to)];
  const [pledges, paid, outcomes] = await Promise.all([
    PledgeModel.find({ organisationId: orgId, createdAt: { $gte: start, $lte: end } }).sort({ createdAt: 1, _id: 1 }).lean<PledgeRecord[]>(),
    DisbursementModel.find({ organisationId: orgId, state: 'done', paidOn: { $gte: from, $lte: to } }).sort({ paidOn: 1, createdAt: 1, _id: 1 }).lean<DisbursementRecord[]>(),
    outcomesFor(orgId, start, end),
  ]);
  const requests = await requestsById([...pledges.map((p) => p.requestId), ...paid.map((d) => d.requestId)]);
  const hospitals = await hospitalNames([...pledges.map((p) => p.hospitalId), ...paid.map((d) => d.hospitalId)]);
  const inState = (...states: PledgeRecord['state'][]): PledgeRecord[] => pledges.filter((p) => states.includes(p.state));
  return {
    organisation: { id: organisationId, name: org.name },
    from,
    to,
    pledgedVnd: sum(inState(...STANDING_PLEDGE)),
    disbursedVnd: sum(paid),
    cancelledVnd: sum(inState('cancelled')),
    expiredVnd: sum(inState('expired')),
    pledges: pledgeRows(pledges, requests, hospitals),
    disbursements: disbursementRows(paid, requests, hospitals),
    outcomes,
    receiptsCount: paid.reduce((n, d) => n + d.receipts.length, 0),
  };
}

/** The JSON answer: exactly the contract's fields. */
export function toStatementJson(s: StatementData): Statement {
  return {
    organisation: s.organisation,
    from: s.from,
    to: s.to,
    pledgedVnd: s.pledgedVnd,
    disbursedVnd: s.disbursedVnd,
    cancelledVnd: s.cancelledVnd,
    expiredVnd: s.expiredVnd,
    pledges: s.pledges,
    disbursements: s.disbursements.map(({ hospital: _hospital, ...row }) => row),
    outcomes: s.outcomes,
  };
}

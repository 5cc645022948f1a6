import { Types } from 'mongoose';
import { conflict, validationFailed, type ErrorDetail } from '../../errors.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import type { DisbursementBody } from './funding.schemas.js';
import { completeDisbursement, recordDisbursement, reverseOnLedger } from './ledger/disburse-ops.js';
import { DisbursementModel, type DisbursementRecord, type PledgeRecord } from './pledges.model.js';
import { afterMoney, assertUnderCap } from './pledges.service.js';

/**
 * Disbursements (issue 12 point 4, decision 0025): the pledging partner records what it paid, all
 * or part of its pending pledge (the rest returns to the request); to the hospital's bill (the
 * request's treatment episode is copied, for reconciliation with the claims' T_NGUONKHAC), the
 * family, or a supplier (named). Cash needs a named witness. Mistakes are reversed, never edited.
 */
export async function findDisbursement(id: string): Promise<DisbursementRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return DisbursementModel.findById(id).lean<DisbursementRecord>();
}

function assertPaymentFields(body: DisbursementBody): void {
  const details: ErrorDetail[] = [];
  if (body.method === 'cash' && !body.witness) details.push({ path: 'body.witness', message: 'a cash payment needs the name of a witness', code: 'required' });
  if (body.payee === 'supplier' && !body.payeeName) details.push({ path: 'body.payeeName', message: 'name the supplier paid', code: 'required' });
  if (details.length > 0) throw validationFailed(details);
}

export interface DisbursementInput {
  disbursementId: Types.ObjectId;
  body: DisbursementBody;
  by: string;
  now: Date;
}

export async function createDisbursement(p: PledgeRecord, i: DisbursementInput): Promise<DisbursementRecord> {
  const { body } = i;
  assertUnderCap(body.amountVnd);
  assertPaymentFields(body);
  const known = await DisbursementModel.findById(i.disbursementId).lean<DisbursementRecord>();
  if (!known) {
    if (p.state !== 'pending') throw conflict('PLEDGE.NOT_PENDING', 'This pledge is no longer pending', { state: p.state });
    if (body.amountVnd > p.amountVnd) throw conflict('FUNDING.OVER_DISBURSE', `At most the ${p.amountVnd} đồng pledged`, { pledgedVnd: p.amountVnd });
  }
  const r = await FundingRequestModel.findById(p.requestId, { episodeId: 1 }).lean<Pick<FundingRequestRecord, 'episodeId'>>();
  const out = known ? await completeDisbursement(known._id) : await recordDisbursement(newRecord(p, i, r?.episodeId ?? null));
  if (!out.ok) throw conflict('PLEDGE.NOT_PENDING', 'This pledge is no longer pending', { state: out.state });
  const d = out.disbursement;
  await afterMoney(p.requestId, { type: 'funding.disbursed', data: { disbursementId: d._id.toHexString(), pledgeId: p._id.toHexString(), amountVnd: d.amountVnd } }, p, i.by, i.now);
  return d;
}

function newRecord(p: PledgeRecord, i: DisbursementInput, episodeId: string | null): DisbursementRecord {
  const { body } = i;
  return {
    _id: i.disbursementId,
    pledgeId: p._id,
    requestId: p.requestId,
    hospitalId: p.hospitalId,
    organisationId: p.organisationId,
    episodeId: body.payee === 'hospital-bill' ? episodeId : null,
    amountVnd: body.amountVnd,
    returnedVnd: p.amountVnd - body.amountVnd,
    payee: body.payee,
    payeeName: body.payee === 'patient-family' ? null : (body.payeeName ?? null),
    method: body.method,
    witness: body.witness ?? null,
    paymentReference: body.reference ?? null,
    paidOn: body.paidOn,
    receipts: [],
    state: 'recording',
    transferIds: [`${i.disbursementId.toHexString()}.post`, `${i.disbursementId.toHexString()}.pay`],
    reversal: null,
    createdBy: i.by,
    createdAt: i.now,
  };
}

/** Reverses a done disbursement (a reversed one answers as it is: the same correction resumed); else 409 DISBURSEMENT.NOT_DONE. */
export async function reverseDisbursement(d: DisbursementRecord, reason: string, by: string, now: Date): Promise<DisbursementRecord> {
  if (d.state === 'recording') throw conflict('DISBURSEMENT.NOT_DONE', 'This disbursement is still being recorded', { state: d.state });
  if (d.state === 'reversed' && d.reversal?.by !== by) throw conflict('DISBURSEMENT.NOT_DONE', 'This disbursement has already been reversed', { state: d.state });
  const out = (await reverseOnLedger({ disbursementId: d._id, reason, by, now })) as DisbursementRecord;
  await afterMoney(d.requestId, { type: 'funding.reversed', data: { disbursementId: d._id.toHexString(), pledgeId: d.pledgeId.toHexString(), amountVnd: d.amountVnd } }, d, by, now);
  return out;
}

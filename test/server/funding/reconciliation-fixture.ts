import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import type { PayeeKind } from '../../../server/features/funding/funding.schemas.js';
import { DisbursementModel, type DisbursementState } from '../../../server/features/funding/pledges.model.js';

/**
 * Records for the reconciliation tests, written as the ledger leaves them (decision 0025): a
 * request of a hospital's patient with its treatment episode, and disbursements of it (to the
 * hospital's bill, or elsewhere; done, reversed or still recording; paid on a given day). The
 * reconciliation reads only these records; how the money moved is the ledger's tests' concern.
 */
export async function fundingRequest(hospitalId: string, patientId: string, episodeId: string | null): Promise<string> {
  const now = new Date('2026-11-01T02:00:00Z');
  const r = await FundingRequestModel.create({
    reference: `HT-2026-${randomBytes(4).toString('hex')}`,
    caseId: new Types.ObjectId(),
    patientId: new Types.ObjectId(patientId),
    hospitalId: new Types.ObjectId(hospitalId),
    lines: [{ kind: 'hospital-fees', description: 'Viện phí', totalVnd: 20_000_000, insuranceVnd: 16_000_000, patientVnd: 4_000_000, split: 'stated', serviceDate: '2026-11-01' }],
    bhyt: null,
    askedVnd: 4_000_000,
    urgency: 'urgent',
    neededBy: '2026-12-31',
    justification: 'Hộ nghèo',
    documentIds: [],
    episodeId,
    status: 'disbursed',
    history: [],
    version: 1,
    story: null,
    outcomes: [],
    createdBy: 'fixture',
    createdAt: now,
    updatedAt: now,
  });
  return r._id.toHexString();
}

export interface Paid {
  amountVnd: number;
  paidOn: string;
  payee?: PayeeKind;
  state?: DisbursementState;
}

/** A disbursement of the request (the episode copied from it, as the ledger does). */
export async function disbursement(requestId: string, paid: Paid): Promise<string> {
  const request = await FundingRequestModel.findById(requestId).lean();
  if (!request) throw new Error('no request');
  const id = new Types.ObjectId();
  await DisbursementModel.create({
    _id: id,
    pledgeId: new Types.ObjectId(),
    requestId: request._id,
    hospitalId: request.hospitalId,
    organisationId: new Types.ObjectId(),
    episodeId: request.episodeId,
    amountVnd: paid.amountVnd,
    returnedVnd: 0,
    payee: paid.payee ?? 'hospital-bill',
    payeeName: null,
    method: 'bank-transfer',
    witness: null,
    paymentReference: 'UNC-001',
    paidOn: paid.paidOn,
    receipts: [],
    state: paid.state ?? 'done',
    transferIds: [`${id.toHexString()}.post`, `${id.toHexString()}.pay`],
    reversal: null,
    createdBy: 'fixture',
    createdAt: new Date(`${paid.paidOn}T03:00:00Z`),
  });
  return id.toHexString();
}

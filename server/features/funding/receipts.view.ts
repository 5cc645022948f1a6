import { findOrganisation } from '../admin/organisations.service.js';
import { displayNames } from '../cases/cases.view.js';
import { FundingRequestModel } from './funding.model.js';
import type { Disbursement } from './funding.schemas.js';
import type { DisbursementRecord } from './pledges.model.js';

/**
 * The Disbursement answer after a receipt is added: the contract's fields listed one by one (no
 * spreading of the record). The payee is a kind and, for a supplier, its name: never the family.
 */
export async function toDisbursementAnswer(d: DisbursementRecord): Promise<Disbursement> {
  const [org, request, names] = await Promise.all([
    findOrganisation(d.organisationId.toHexString()),
    FundingRequestModel.findById(d.requestId, { reference: 1 }).lean<{ reference: string }>(),
    displayNames([d.createdBy, d.reversal?.by ?? null]),
  ]);
  const person = (id: string): { id: string; name: string | null } => ({ id, name: names.get(id) ?? null });
  return {
    id: d._id.toHexString(),
    pledgeId: d.pledgeId.toHexString(),
    requestId: d.requestId.toHexString(),
    reference: request?.reference ?? '',
    amountVnd: d.amountVnd,
    returnedVnd: d.returnedVnd,
    payee: d.payee,
    payeeName: d.payeeName,
    method: d.method,
    witness: d.witness,
    paymentReference: d.paymentReference,
    paidOn: d.paidOn,
    receipts: d.receipts.map((r) => ({ id: r._id.toHexString(), fileName: r.fileName, contentType: r.contentType, size: r.size, at: r.at.toISOString() })),
    state: d.state,
    reversal: d.reversal ? { reason: d.reversal.reason, at: d.reversal.at.toISOString(), by: person(d.reversal.by) } : null,
    organisation: { id: d.organisationId.toHexString(), name: org?.name ?? '' },
    createdBy: person(d.createdBy),
    createdAt: d.createdAt.toISOString(),
  };
}

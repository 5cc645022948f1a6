import { eventSource } from '../../events/append.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';

/**
 * The funding feature's domain events (decisions 0014, 0025), on stream `funding:<requestId>`. Ids,
 * codes and amounts only (never the justification, the story, a reason or an outcome: free text
 * may name people). Every event's data carries `requestId`, `caseId` and `hospitalId`, plus:
 *  - funding.created `{ status, askedVnd }`
 *  - funding.updated `{ fields, askedVnd }` (a draft's edit)
 *  - funding.status-changed `{ from, to, move }` (`move`: the person's move, or null for a change
 *    the ledger's money made or the expiry job)
 * The other parts write theirs on the same stream: funding.story-saved, funding.unpublished,
 * funding.pledged, funding.pledge-ended, funding.disbursed, funding.reversed, funding.outcome-posted,
 * funding.receipt-added (interfaces12.md).
 */
export const fundingEvents = eventSource('funding', FundingRequestModel as never);

/** What every funding event carries (ids only). */
export function fundingEventBase(r: Pick<FundingRequestRecord, '_id' | 'caseId' | 'hospitalId'>): Record<string, unknown> {
  return { requestId: r._id.toHexString(), caseId: r.caseId.toHexString(), hospitalId: r.hospitalId.toHexString() };
}

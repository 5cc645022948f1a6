import { eventSource } from '../../events/append.js';
import { ReferralModel } from './referrals.model.js';

/**
 * The referrals feature's domain events (decisions 0014, 0024), on stream `referral:<id>`. Ids and
 * codes only (never the summary, a reason or an outcome: free text may name people). Every event's
 * data carries `caseId`, `hospitalId` (the sender's) and `to` (the recipient:
 * `{ kind, hospitalId, organisationId }`), plus:
 *  - referral.created `{ status }` (draft, or requested when sent at once: then referral.sent follows)
 *  - referral.updated `{ fields }` (a draft's edit)
 *  - referral.sent `{ urgency, service, due }` (draft → requested)
 *  - referral.status-changed `{ from, status, side, capacity, due }`: `status` is the new state
 *    (`to` names the recipient in every referral event, so the new state cannot be `to` here)
 * The loop's events (referral.comment-added, referral.escalated) carry the same three fields.
 */
export const referralEvents = eventSource('referral', ReferralModel as never);

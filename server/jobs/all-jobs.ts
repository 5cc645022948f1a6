/**
 * Every module that registers jobs (registerJob) or event consumers, imported for its side
 * effects. The worker (server/worker.ts) and the tests' in-process worker import this file and
 * nothing else to know the work there is. One line per feature; keep them sorted.
 */
import '../events/events.jobs.js';
import '../features/funding/funding.consumers.js';
import '../features/funding/funding.notify.js';
import '../features/funding/ledger/ledger.jobs.js';
import '../features/referrals/referrals.escalation.js';
import '../features/sync/census-sync.jobs.js';
import '../notifications/notifications.jobs.js';

import { eventSource } from '../../events/append.js';
import { CaseModel } from './cases.model.js';

// Its consumers (notifications) register with the event source: the worker imports this file.
import './cases.consumers.js';

/**
 * The cases feature's domain events (decisions 0014, 0020), on stream `case:<id>`: case.opened,
 * case.assigned, case.status-changed, case.need-added, case.need-updated, case.goal-added,
 * case.goal-updated, case.intervention-added, case.closure-requested, case.closure-returned,
 * case.closed. Ids and codes only in their data.
 */
export const caseEvents = eventSource('case', CaseModel as never);

import { eventSource } from '../../events/append.js';
import { CaseModel } from './cases.model.js';

/** The cases feature's domain events (decision 0014), on stream `case:<id>`: case.opened. */
export const caseEvents = eventSource('case', CaseModel as never);

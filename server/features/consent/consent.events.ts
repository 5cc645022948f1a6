import { eventSource } from '../../events/append.js';
import { ConsentModel } from './consent.model.js';

/**
 * The consent feature's domain events (decision 0014), on stream `consent:<id>`:
 * `consent.recorded` and `consent.withdrawn`, data `{ caseId, purpose }` (ids and codes only).
 * The FHIR write-back and the case timeline follow from them.
 */
export const consentEvents = eventSource('consent', ConsentModel as never);

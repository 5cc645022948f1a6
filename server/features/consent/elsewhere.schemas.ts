import { z } from 'zod';
import { isoDateTime } from '../../http/common-schemas.js';
import { CASE_STATUSES } from '../cases/cases.schemas.js';

/**
 * The same person at other network hospitals (issue 10, point 5): how many other hospitals have a
 * case of this person (no names: the caller may only ask the patient for consent), and the cases
 * whose consent to share with the caller's hospital is in force now. The API contract: the client
 * imports these types type-only.
 */
export const elsewhereCaseSchema = z.object({
  hospital: z.object({ id: z.string(), name: z.string() }),
  caseId: z.string(),
  status: z.enum(CASE_STATUSES),
  openedAt: isoDateTime,
});
export type ElsewhereCase = z.infer<typeof elsewhereCaseSchema>;

export const elsewhereSchema = z
  .object({
    /** Other network hospitals with a case of the same person (BHYT social-insurance number, CCCD or CMND), shared or not. */
    otherHospitals: z.number().int().nonnegative(),
    /** Only those whose share-hospital consent covers the caller's hospital now, newest first. */
    shared: z.array(elsewhereCaseSchema),
  })
  .meta({ id: 'CasesElsewhere' });
export type Elsewhere = z.infer<typeof elsewhereSchema>;

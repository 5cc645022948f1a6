import { z } from 'zod';

/**
 * A patient's case, as the patient page shows it until the cases issue gives cases their own
 * screens: opened when, by whom, the note, and the reasons of the flag that opened it.
 */
const caseReasonSchema = z.object({ code: z.string(), flagType: z.string(), summary: z.object({ vi: z.string(), en: z.string() }) });
export const caseViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'closed']),
    openedAt: z.string(),
    openedBy: z.object({ id: z.string(), name: z.string().nullable() }),
    note: z.string().nullable(),
    flag: z.object({ id: z.string(), priority: z.number(), reasons: z.array(caseReasonSchema) }).nullable(),
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof caseViewSchema>;

export const patientCasesSchema = z.object({ data: z.array(caseViewSchema) });

import { z } from 'zod';
import { freeText, isoDateTime, multilineText, objectId, pageQuerySchema } from '../../http/common-schemas.js';

/**
 * The cases API contract (issue 10, point 1; /tmp brief "interfaces10"): statuses, needs, goals,
 * interventions, closure by approval, and the views per audience. The client imports these types
 * type-only; tests hold every answer to these schemas.
 */
export const CASE_STATUSES = ['open', 'assessment', 'plan', 'active-support', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** The statuses a social worker moves through by hand; 'closed' only through closure approval. */
export const WORKING_STATUSES = ['open', 'assessment', 'plan', 'active-support'] as const;
export const CLOSURE_OUTCOMES = ['resolved', 'transferred', 'died', 'lost-to-follow-up', 'declined'] as const;
export const NEED_DOMAINS = ['financial', 'food', 'housing', 'transport', 'caregiving', 'psychosocial', 'legal', 'violence'] as const;
export type NeedDomain = (typeof NEED_DOMAINS)[number];
export const NEED_STATUSES = ['open', 'met', 'unmet'] as const;
export const GOAL_STATUSES = ['open', 'achieved', 'not-achieved', 'dropped'] as const;
/** Circular 43/2015/TT-BYT activity groups; the words are in server/reference-data/circular-43-activity-groups.json. */
export const ACTIVITY_GROUPS = [
  'reception-guidance',
  'assessment-psychosocial',
  'violence-support',
  'communication-education',
  'sponsorship',
  'charity-community',
  'training-volunteers',
] as const;
export type ActivityGroup = (typeof ACTIVITY_GROUPS)[number];
export const NOTE_TYPES = ['interview', 'phone-call', 'home-visit', 'psychosocial-session', 'internal-note'] as const;
/** What `can` may hold: the case actions this user may take now. */
export const CASE_CAN = [
  'case.transition',
  'case.closure.request',
  'case.closure.decide',
  'case.assign',
  'case.plan.update',
  'case.note.create',
  'case.attachment.upload',
  'consent.record',
  'consent.withdraw',
] as const;

/** A Vietnam day, YYYY-MM-DD, that exists in the calendar. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((day) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return true; // the regex has said it: one message per field
    const ms = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
  }, 'not a real day');

const person = z.object({ id: z.string(), name: z.string().nullable() });
const hospitalRef = z.object({ id: z.string(), name: z.string() });

export const needSchema = z.object({
  id: z.string(),
  domain: z.enum(NEED_DOMAINS),
  description: z.string(),
  status: z.enum(NEED_STATUSES),
  createdAt: isoDateTime,
});
export const goalSchema = z.object({
  id: z.string(),
  needId: z.string().nullable(),
  description: z.string(),
  targetDate: z.string(),
  status: z.enum(GOAL_STATUSES),
  /** Open and its target day is before Vietnam today. */
  overdue: z.boolean(),
});
export const interventionSchema = z.object({
  id: z.string(),
  needId: z.string().nullable(),
  goalId: z.string().nullable(),
  description: z.string(),
  activityGroup: z.enum(ACTIVITY_GROUPS),
  performedOn: z.string(),
  by: person,
});
export const closureRequestSchema = z.object({
  outcome: z.enum(CLOSURE_OUTCOMES),
  summary: z.string(),
  requestedBy: person,
  requestedAt: isoDateTime,
});
export const closureSchema = z.object({
  outcome: z.enum(CLOSURE_OUTCOMES),
  summary: z.string(),
  approvedBy: person,
  closedAt: isoDateTime,
});
const caseReasonSchema = z.object({ code: z.string(), flagType: z.string(), summary: z.object({ vi: z.string(), en: z.string() }) });
const flagRefSchema = z.object({ id: z.string(), priority: z.number(), reasons: z.array(caseReasonSchema) });

const summaryFields = {
  id: z.string(),
  status: z.enum(CASE_STATUSES),
  patient: z.object({ id: z.string(), name: z.string().nullable(), ageYears: z.number().int().nullable(), ward: z.string().nullable() }),
  assignedTo: person.nullable(),
  openedAt: isoDateTime,
  /** Open goals whose target day is before Vietnam today. */
  overdueGoals: z.number().int(),
  /** The earliest target day of the open goals. */
  nextGoalDue: z.string().nullable(),
  closureRequested: z.boolean(),
};

export const caseSummarySchema = z.object({ ...summaryFields, needs: z.array(z.enum(NEED_DOMAINS)) }).meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseDetailSchema = z
  .object({
    ...summaryFields,
    audience: z.literal('own-hospital'),
    hospital: hospitalRef,
    openedBy: person,
    note: z.string().nullable(),
    flag: flagRefSchema.nullable(),
    needs: z.array(needSchema),
    goals: z.array(goalSchema),
    interventions: z.array(interventionSchema),
    closure: closureSchema.nullable(),
    closureRequest: closureRequestSchema.nullable(),
    /** The last closure request sent back by the head of social work, and why (cleared by nothing: the latest stays). */
    lastClosureReturn: z
      .object({ outcome: z.enum(CLOSURE_OUTCOMES), reason: z.string(), returnedBy: person, returnedAt: isoDateTime })
      .nullable(),
    can: z.array(z.enum(CASE_CAN)),
  })
  .meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** A receiving hospital continues the care: the plan, never who the patient is (no name, patient id, ward, notes). */
export const receivingHospitalCaseSchema = z.object({
  id: z.string(),
  audience: z.literal('receiving-hospital'),
  status: z.enum(CASE_STATUSES),
  ageBand: z.string().nullable(),
  province: z.string().nullable(),
  hospital: z.object({ name: z.string() }),
  needs: z.array(z.object({ domain: z.enum(NEED_DOMAINS), description: z.string(), status: z.enum(NEED_STATUSES) })),
  goals: z.array(z.object({ description: z.string(), targetDate: z.string(), status: z.enum(GOAL_STATUSES) })),
  interventions: z.array(z.object({ activityGroup: z.enum(ACTIVITY_GROUPS), performedOn: z.string() })),
});
/** A charity partner sees only what tells it whether it can help. */
export const charityPartnerCaseSchema = z.object({
  id: z.string(),
  audience: z.literal('charity-partner'),
  status: z.enum(CASE_STATUSES),
  ageBand: z.string().nullable(),
  province: z.string().nullable(),
  needs: z.array(z.enum(NEED_DOMAINS)),
});
/** A guest at an inter-hospital case conference (issue 12's conferences): the receiving hospital's fields. */
export const conferenceGuestCaseSchema = receivingHospitalCaseSchema.extend({ audience: z.literal('conference-guest') });

export const caseViewUnionSchema = z
  .discriminatedUnion('audience', [caseDetailSchema, receivingHospitalCaseSchema, charityPartnerCaseSchema, conferenceGuestCaseSchema])
  .meta({ id: 'CaseAnyView' });
export type CaseAnyView = z.infer<typeof caseViewUnionSchema>;
export type ReceivingHospitalCase = z.infer<typeof receivingHospitalCaseSchema>;
export type CharityPartnerCase = z.infer<typeof charityPartnerCaseSchema>;

export const caseListSchema = z.object({ data: z.array(caseSummarySchema), nextCursor: z.string().nullable(), total: z.number().int() });

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const age = z.coerce.number().int().min(0).max(150);
export const caseListQuery = pageQuerySchema
  .extend({
    /** mine: assigned to me (the social worker's default); hospital: the caseload (the head's default). */
    scope: z.enum(['mine', 'hospital']).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    assignedTo: objectId.optional(),
    need: z.enum(NEED_DOMAINS).optional(),
    ageMin: age.optional(),
    ageMax: age.optional(),
    /** Part of the ward's name, with or without diacritics. */
    ward: z.string().trim().min(1).max(100).check(freeText()).optional(),
    overdueGoals: booleanQuery.optional(),
  })
  .strict();
export type CaseListQuery = z.infer<typeof caseListQuery>;

export const openCaseBody = z.object({ patientId: objectId, note: multilineText(2000).optional() }).strict();
export const assigneeBody = z.object({ userId: objectId }).strict();
export const transitionBody = z.object({ to: z.enum(CASE_STATUSES), reason: multilineText(1000).optional() }).strict();
export const needBody = z.object({ domain: z.enum(NEED_DOMAINS), description: multilineText(2000) }).strict();
export const needPatch = z.object({ description: multilineText(2000).optional(), status: z.enum(NEED_STATUSES).optional() }).strict();
export const goalBody = z.object({ needId: objectId.optional(), description: multilineText(2000), targetDate: daySchema }).strict();
export const goalPatch = z
  .object({ description: multilineText(2000).optional(), targetDate: daySchema.optional(), status: z.enum(GOAL_STATUSES).optional() })
  .strict();
export const interventionBody = z
  .object({
    needId: objectId.optional(),
    goalId: objectId.optional(),
    description: multilineText(2000),
    activityGroup: z.enum(ACTIVITY_GROUPS),
    performedOn: daySchema,
  })
  .strict();
export const closureRequestBody = z.object({ outcome: z.enum(CLOSURE_OUTCOMES), summary: multilineText(4000) }).strict();
export const closureDecisionBody = z.object({ decision: z.enum(['approve', 'return']), reason: multilineText(1000).optional() }).strict();
export const caseIdParams = z.object({ id: objectId }).strict();
export const needParams = z.object({ id: objectId, needId: objectId }).strict();
export const goalParams = z.object({ id: objectId, goalId: objectId }).strict();

/** The Circular 43 table as the client shows it (words per language). */
export const activityGroupsSchema = z.object({
  source: z.string(),
  validFrom: z.string(),
  groups: z.array(z.object({ code: z.enum(ACTIVITY_GROUPS), vi: z.string(), en: z.string() })),
});

/**
 * A patient's case, as the patient page's card shows it (GET /patients/:id/cases): opened when,
 * by whom, the note, the reasons of the flag that opened it; the card links to the case page.
 */
export const caseViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(CASE_STATUSES),
    openedAt: z.string(),
    openedBy: person,
    assignedTo: person.nullable(),
    note: z.string().nullable(),
    flag: flagRefSchema.nullable(),
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof caseViewSchema>;

export const patientCasesSchema = z.object({ data: z.array(caseViewSchema) });

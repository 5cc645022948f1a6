/** The case page's types and vocabularies, all from the API contract (client/src/api-types.ts). */
export { ACTIVITY_GROUPS, CASE_STATUSES, CLOSURE_OUTCOMES, GOAL_STATUSES, NEED_STATUSES, NOTE_TYPES } from '../../api-types';
export { CASE_NEED_DOMAINS as NEED_DOMAINS } from '../../api-types';
export type {
  ActivityGroup,
  CaseAnyView,
  CaseDetail,
  CaseGoal,
  CaseIntervention,
  CaseNeed,
  CaseNote,
  CaseNoteInput,
  CaseStatus,
  ClosureOutcome,
  GoalStatus,
  NeedStatus,
  NoteType,
  TimelineItem,
} from '../../api-types';

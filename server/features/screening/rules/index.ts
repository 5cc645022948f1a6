/** The screening rules engine (README.md): rule sets, facts, evaluation. */
export { countDeprivations, DEPRIVATION_IDS, type DeprivationIndicator } from './deprivations.js';
export { evaluate, priorityOf, checkOverrides, type EvaluateOptions, type Evaluation } from './engine.js';
export { factsFromRecord, insuranceOn, type ScreeningContext } from './facts-from-record.js';
export {
  emptyFacts,
  NO_ANSWERS,
  type Diagnosis,
  type InsuranceFacts,
  type InsuranceStatus,
  type ProvincePair,
  type ScreeningAnswers,
  type ScreeningFacts,
  type SocialNeed,
} from './facts.js';
export type { Finding, FindingInput } from './finding.js';
export { HIGH_COST_GROUPS_V1 } from './high-cost-groups.js';
export { RULE_SETS, checkRuleSets, ruleSetOn, screeningDay } from './rule-sets.js';
export type * from './rule-set-types.js';
export type * from './vocabulary.js';

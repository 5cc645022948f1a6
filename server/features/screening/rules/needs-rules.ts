import type { ScreeningFacts, SocialNeed } from './facts.js';
import { emit, spec, type RuleContext } from './finding.js';
import type { StandardCode } from './vocabulary.js';

/**
 * Needs the patient reported in the screening questionnaire (food, housing, transport home,
 * utilities, safety: the Gravity SDOH domains). Self-reported, so 'likely'. Circular
 * 43/2015/TT-BYT art. 2 makes assessing these needs part of hospital social work.
 */
const CODE: Record<SocialNeed, StandardCode> = {
  food: 'need-food',
  housing: 'need-housing',
  transport: 'need-transport',
  utilities: 'need-utilities',
  safety: 'need-safety',
};

export function needsRule(f: ScreeningFacts, ctx: RuleContext): void {
  for (const need of f.screening?.needs ?? []) {
    emit(ctx, spec('needs.reported', 'social-need', CODE[need]), 'likely', [{ name: 'need', value: need, source: 'screening' }]);
  }
}

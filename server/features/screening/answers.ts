import { readQuestionnaireResponse, type AnswerValue } from '../../../fhir-mappings/questionnaire-answers.js';
import { validationFailed } from '../../errors.js';
import { DEPRIVATION_INDICATORS, NEEDS, screeningQuestionnaire } from './questionnaire.js';
import type { DeprivationIndicator, ScreeningAnswers, SocialNeed } from './rules/index.js';

/**
 * A submitted QuestionnaireResponse → the rules engine's answers. Bad answers are a 400 whose
 * details name each item's linkId (`body.questionnaireResponse.item[linkId=household-size]`).
 */
export interface ReadScreening {
  answers: ScreeningAnswers;
}

const num = (m: Map<string, AnswerValue>, id: string): number | null => {
  const v = m.get(id);
  return typeof v === 'number' ? v : null;
};
const yes = (m: Map<string, AnswerValue>, id: string): boolean | null => {
  const v = m.get(id);
  return typeof v === 'boolean' ? v : null;
};

/** The problems about the response as a whole (its questionnaire, its item list) name those fields, not an item. */
function pathOf(linkId: string): string {
  if (linkId === '(response)') return 'body.questionnaireResponse.questionnaire';
  if (linkId === '(item)') return 'body.questionnaireResponse.item';
  if (linkId === '(resourceType)') return 'body.questionnaireResponse.resourceType';
  return `body.questionnaireResponse.item[linkId=${linkId}]`;
}

export function readScreeningResponse(qr: unknown): ReadScreening {
  const { answers: m, problems } = readQuestionnaireResponse(qr, screeningQuestionnaire);
  if (problems.length > 0) {
    throw validationFailed(problems.map((p) => ({ path: pathOf(p.linkId), message: p.message, code: p.code, ...(p.params ? { params: p.params } : {}) })));
  }
  const certificate = m.get('certificate');
  const residence = m.get('residence');
  const assessed = DEPRIVATION_INDICATORS.some((d) => m.has(d.id));
  return {
    answers: {
      householdIncomePerMonthVnd: num(m, 'household-income'),
      householdSize: num(m, 'household-size'),
      residence: residence === 'rural' || residence === 'urban' ? residence : null,
      deprivations: assessed ? DEPRIVATION_INDICATORS.filter((d) => m.get(d.id) === true).map((d) => d.id as DeprivationIndicator) : null,
      certificate: certificate === 'poor' || certificate === 'near-poor' ? certificate : null,
      subsistenceSpendingPerMonthVnd: num(m, 'subsistence-spending'),
      livesAlone: yes(m, 'lives-alone'),
      disability: yes(m, 'disability'),
      violenceVictim: yes(m, 'violence-victim'),
      guardianPresent: yes(m, 'guardian-present'),
      needs: NEEDS.filter((n) => m.get(n.id) === true).map((n) => n.id.replace('need-', '') as SocialNeed),
    },
  };
}

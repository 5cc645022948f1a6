import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';

/**
 * Reads a QuestionnaireResponse against its Questionnaire (https://hl7.org/fhir/R4/questionnaireresponse.html):
 * every answer is checked for its item's type, answer options, min/max value and `required`, and
 * unknown linkIds are refused. Problems name the item's linkId, so the API can answer 400 with
 * the exact question. Pure: no I/O.
 */
export type AnswerValue = boolean | number | string;

/**
 * `code` is one of the API's detail codes (server/errors.ts DETAIL_CODES), `params` its bounds, so
 * the client words the problem; `message` is the English sentence for API users.
 */
export interface AnswerProblem {
  linkId: string;
  message: string;
  code: string;
  params?: Record<string, string | number>;
}

type Problem = Omit<AnswerProblem, 'linkId'>;
const problem = (code: string, message: string, params?: Problem['params']): Problem => ({ code, message, ...(params ? { params } : {}) });

export interface ReadAnswers {
  answers: Map<string, AnswerValue>;
  problems: AnswerProblem[];
}

interface Node {
  linkId?: unknown;
  answer?: unknown;
  item?: unknown;
}

function flatten(items: QuestionnaireItem[] | undefined, out = new Map<string, QuestionnaireItem>()): Map<string, QuestionnaireItem> {
  for (const it of items ?? []) {
    if (it.type !== 'group' && it.type !== 'display') out.set(it.linkId, it);
    flatten(it.item, out);
  }
  return out;
}

function ext(item: QuestionnaireItem, name: string): number | undefined {
  return item.extension?.find((e) => e.url === `http://hl7.org/fhir/StructureDefinition/${name}`)?.valueInteger;
}

function readValue(item: QuestionnaireItem, a: Record<string, unknown>): AnswerValue | Problem {
  switch (item.type) {
    case 'boolean':
      return typeof a.valueBoolean === 'boolean' ? a.valueBoolean : problem('invalid_type', 'must be true or false (valueBoolean)', { expected: 'boolean' });
    case 'integer': {
      const v = a.valueInteger;
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return problem('whole_number', 'must be a whole number (valueInteger)');
      const min = ext(item, 'minValue');
      const max = ext(item, 'maxValue');
      if (min !== undefined && v < min) return problem('too_small', `must be at least ${min}`, { minimum: min, origin: 'number' });
      if (max !== undefined && v > max) return problem('too_big', `must be at most ${max}`, { maximum: max, origin: 'number' });
      return v;
    }
    case 'choice': {
      const code = (a.valueCoding as { code?: unknown } | undefined)?.code;
      const allowed = (item.answerOption ?? []).map((o) => o.valueCoding?.code);
      if (typeof code === 'string' && allowed.includes(code)) return code;
      return problem('invalid_value', `must be one of ${allowed.join(', ')} (valueCoding.code)`, { values: allowed.join(', ') });
    }
    default:
      return typeof a.valueString === 'string' ? a.valueString : problem('invalid_type', 'must be text (valueString)', { expected: 'string' });
  }
}

function walk(nodes: unknown, defs: Map<string, QuestionnaireItem>, out: ReadAnswers): void {
  if (nodes === undefined) return;
  if (!Array.isArray(nodes)) {
    out.problems.push({ linkId: '(item)', message: 'item must be a list', code: 'invalid_type', params: { expected: 'array' } });
    return;
  }
  for (const raw of nodes as Node[]) {
    const linkId = typeof raw?.linkId === 'string' ? raw.linkId : null;
    if (!linkId) {
      out.problems.push({ linkId: '(item)', message: 'every item needs a linkId', code: 'required' });
      continue;
    }
    const def = defs.get(linkId);
    if (raw.item !== undefined) walk(raw.item, defs, out);
    if (raw.answer === undefined) continue;
    if (!def) {
      out.problems.push({ linkId, message: 'not a question of this questionnaire', code: 'unknown_question' });
      continue;
    }
    const answers = Array.isArray(raw.answer) ? (raw.answer as Record<string, unknown>[]) : [];
    if (answers.length !== 1 || typeof answers[0] !== 'object' || answers[0] === null) {
      out.problems.push({ linkId, message: 'give exactly one answer', code: 'one_answer' });
      continue;
    }
    if (out.answers.has(linkId)) {
      out.problems.push({ linkId, message: 'answered twice: give each question once', code: 'answered_twice' });
      continue;
    }
    const v = readValue(def, answers[0]);
    if (typeof v === 'object') out.problems.push({ linkId, ...v });
    else out.answers.set(linkId, v);
  }
}

export function readQuestionnaireResponse(response: unknown, questionnaire: Questionnaire): ReadAnswers {
  const out: ReadAnswers = { answers: new Map(), problems: [] };
  const r = response as { resourceType?: unknown; questionnaire?: unknown; item?: unknown } | null;
  if (typeof r !== 'object' || r === null || r.resourceType !== 'QuestionnaireResponse') {
    out.problems.push({ linkId: '(resourceType)', message: 'must be a QuestionnaireResponse', code: 'invalid_value', params: { values: 'QuestionnaireResponse' } });
    return out;
  }
  const canonical = typeof r.questionnaire === 'string' ? r.questionnaire.split('|')[0] : null;
  if (canonical !== questionnaire.url) out.problems.push({ linkId: '(response)', message: `questionnaire must be ${questionnaire.url}`, code: 'wrong_questionnaire' });
  const defs = flatten(questionnaire.item);
  walk(r.item, defs, out);
  for (const [linkId, def] of defs) {
    if (def.required && !out.answers.has(linkId) && !out.problems.some((p) => p.linkId === linkId)) out.problems.push({ linkId, message: 'required', code: 'required' });
  }
  return out;
}

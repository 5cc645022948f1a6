import type {
  Coding,
  FhirExtension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
} from '../../api-types';

/**
 * Reading the FHIR Questionnaire the server sends (texts, translations, limits, units) and
 * building the QuestionnaireResponse from the form's values, which are kept flat by linkId.
 */
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const UNIT = 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit';

export type AnswerValue = string | number | boolean | null | undefined;
export type FormValues = Record<string, AnswerValue>;

/** The text in the UI language: the `translation` extension for English, the text itself otherwise. */
export function localText(text: string | undefined, element: { extension?: FhirExtension[] } | undefined, language: string): string {
  if (language !== 'vi') {
    for (const ext of element?.extension ?? []) {
      if (ext.url !== TRANSLATION) continue;
      const lang = ext.extension?.find((e) => e.url === 'lang')?.valueCode;
      const content = ext.extension?.find((e) => e.url === 'content')?.valueString;
      if (lang === language && content) return content;
    }
  }
  return text ?? '';
}

export function itemText(item: QuestionnaireItem, language: string): string {
  return localText(item.text, item._text, language) || item.linkId;
}

const extension = (item: QuestionnaireItem, url: string): FhirExtension | undefined => item.extension?.find((e) => e.url === url);

export function minValue(item: QuestionnaireItem): number | undefined {
  return extension(item, MIN_VALUE)?.valueInteger;
}

export function maxValue(item: QuestionnaireItem): number | undefined {
  return extension(item, MAX_VALUE)?.valueInteger;
}

/** An integer item whose unit is VND: an amount of money. */
export function isMoney(item: QuestionnaireItem): boolean {
  return extension(item, UNIT)?.valueCoding?.code === 'VND';
}

/** Every answerable item (not groups), in order. */
export function leafItems(items: QuestionnaireItem[] | undefined): QuestionnaireItem[] {
  return (items ?? []).flatMap((item) => (item.type === 'group' ? leafItems(item.item) : [item]));
}

function optionFor(item: QuestionnaireItem, code: string): Coding | undefined {
  return item.answerOption?.map((o) => o.valueCoding).find((c) => c?.code === code);
}

function answerOf(item: QuestionnaireItem, value: AnswerValue): QuestionnaireResponseAnswer | null {
  if (value === null || value === undefined || value === '') return null;
  if (item.type === 'choice' && typeof value === 'string') {
    const coding = optionFor(item, value);
    return { valueCoding: { system: coding?.system, code: value } };
  }
  if (item.type === 'boolean' && typeof value === 'boolean') return { valueBoolean: value };
  if (item.type === 'integer' && typeof value === 'number' && Number.isFinite(value)) return { valueInteger: Math.round(value) };
  return null;
}

function responseItems(items: QuestionnaireItem[] | undefined, values: FormValues): QuestionnaireResponseItem[] {
  return (items ?? []).flatMap((item): QuestionnaireResponseItem[] => {
    if (item.type === 'group') {
      const children = responseItems(item.item, values);
      return children.length > 0 ? [{ linkId: item.linkId, item: children }] : [];
    }
    const answer = answerOf(item, values[item.linkId]);
    return answer ? [{ linkId: item.linkId, answer: [answer] }] : [];
  });
}

/** The form's answers as a completed QuestionnaireResponse, nested like the questionnaire; unanswered items omitted. */
export function buildResponse(questionnaire: Questionnaire, values: FormValues): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${questionnaire.url ?? ''}|${questionnaire.version ?? ''}`,
    status: 'completed',
    item: responseItems(questionnaire.item, values),
  };
}

/** `body.questionnaireResponse.item[linkId=household-size]` → `household-size`. */
export function linkIdOfPath(path: string): string | null {
  const matches = [...path.matchAll(/\[linkId=([^\]]+)\]/g)];
  return matches.length > 0 ? (matches[matches.length - 1]?.[1] ?? null) : null;
}

/** Thousands with dots, the Vietnamese way: 1500000 → `1.500.000`. */
export function formatThousands(value: string | number | undefined): string {
  if (value === undefined || value === '') return '';
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function parseThousands(text: string | undefined): number {
  const digits = (text ?? '').replace(/\D/g, '');
  return digits ? Number(digits) : Number.NaN;
}

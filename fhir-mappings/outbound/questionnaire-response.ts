import type { QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import {
  checkDateTime,
  checkInteger,
  coding,
  fhirId,
  moduleIdentifier,
  reference,
  userReference,
  vndQuantity,
  type UserRef,
  type ValueInput,
} from './common.js';
import { refuseInput, validated } from './validate.js';

/**
 * A social-circumstances screening as a QuestionnaireResponse
 * (https://hl7.org/fhir/R4/questionnaireresponse.html): the first step of the Gravity SDOH workflow;
 * the findings (Observation.derivedFrom) point back here.
 */

export interface ScreeningItemInput {
  linkId: string;
  text?: string;
  answers?: ValueInput[];
  /** Child items of a group (e.g. the 12 deprivation indicators under "Thiếu hụt dịch vụ xã hội cơ bản"). */
  items?: ScreeningItemInput[];
}

export interface ScreeningResponseInput {
  id: string;
  /** Canonical URL of the module's screening Questionnaire (with |version). */
  questionnaire: string;
  status: 'in-progress' | 'completed' | 'amended' | 'stopped';
  patientId: string;
  encounterId?: string;
  authored: string;
  author: UserRef;
  /** Who gave the answers when not the patient: a RelatedPerson id on the hospital server. */
  informantRelatedPersonId?: string;
  items: ScreeningItemInput[];
}

const RT = 'QuestionnaireResponse';

function answer(v: ValueInput, path: string): QuestionnaireResponseItemAnswer {
  switch (v.type) {
    case 'boolean':
      return { valueBoolean: v.value };
    case 'integer':
      return { valueInteger: checkInteger(RT, path, v.value) };
    case 'money':
      return { valueQuantity: vndQuantity(RT, path, v.valueVnd) };
    case 'string':
      return { valueString: v.value };
    case 'date':
      return { valueDate: checkDateTime(RT, path, v.value) };
    case 'coding':
      return { valueCoding: coding(v.coding) };
  }
}

function item(input: ScreeningItemInput, path: string): QuestionnaireResponseItem {
  if (input.answers?.length && input.items?.length)
    refuseInput(RT, path, 'an item is either a question with answers or a group with items');
  const out: QuestionnaireResponseItem = { linkId: input.linkId, ...(input.text ? { text: input.text } : {}) };
  if (input.answers?.length) out.answer = input.answers.map((a, i) => answer(a, `${path}.answer[${i}]`));
  if (input.items?.length) out.item = input.items.map((c, i) => item(c, `${path}.item[${i}]`));
  return out;
}

export function buildScreeningResponse(input: ScreeningResponseInput): QuestionnaireResponse {
  if (input.status === 'completed' && input.items.length === 0) refuseInput(RT, 'item', 'a completed screening has answers');
  const qr: QuestionnaireResponse = {
    resourceType: RT,
    id: fhirId(RT, 'id', input.id),
    identifier: moduleIdentifier('screening', input.id),
    questionnaire: input.questionnaire,
    status: input.status,
    subject: reference('Patient', input.patientId, RT),
    ...(input.encounterId ? { encounter: reference('Encounter', input.encounterId, RT) } : {}),
    authored: checkDateTime(RT, 'authored', input.authored),
    author: userReference(input.author),
    source: input.informantRelatedPersonId
      ? reference('RelatedPerson', input.informantRelatedPersonId, RT)
      : reference('Patient', input.patientId, RT),
    item: input.items.map((it, i) => item(it, `item[${i}]`)),
  };
  if (qr.item?.length === 0) delete qr.item;
  return validated(qr);
}

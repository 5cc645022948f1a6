import { getReferenceString } from '@medplum/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildScreeningObservation, type ScreeningFindingInput } from '../../fhir-mappings/outbound/observation.js';
import { buildScreeningResponse, type ScreeningResponseInput } from '../../fhir-mappings/outbound/questionnaire-response.js';
import { FhirValidationError } from '../../fhir-mappings/outbound/validate.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { loadR4Definitions } from './support/r4-definitions.js';
import { validateFhir } from '../setup/fhir-validate.js';

/** Screening (QuestionnaireResponse) and its findings (Observation), Gravity SDOH step 1 and 2. */
beforeAll(loadR4Definitions);

const screening: ScreeningResponseInput = {
  id: 'sl-5521-1',
  questionnaire: 'https://nhipcau.vn/fhir/Questionnaire/sang-loc-ho-ngheo|2026.1',
  status: 'completed',
  patientId: 'sapa-5521',
  encounterId: 'enc-nhi-2026-0311',
  authored: '2026-03-02T14:20:00+07:00',
  author: { userId: 'u-ctxh-1', display: 'Lương Thị Hoa (CTXH)' },
  informantRelatedPersonId: 'rp-5521-me',
  items: [
    { linkId: 'income', text: 'Thu nhập bình quân đầu người/tháng', answers: [{ type: 'money', valueVnd: 1200000 }] },
    {
      linkId: 'area',
      text: 'Khu vực',
      answers: [{ type: 'coding', coding: { system: 'https://nhipcau.vn/fhir/CodeSystem/area', code: 'rural', display: 'Nông thôn' } }],
    },
    {
      linkId: 'deprivation',
      text: 'Thiếu hụt dịch vụ xã hội cơ bản',
      items: [
        { linkId: 'deprivation.health-insurance', text: 'Bảo hiểm y tế', answers: [{ type: 'boolean', value: false }] },
        { linkId: 'deprivation.clean-water', text: 'Nguồn nước sinh hoạt', answers: [{ type: 'boolean', value: true }] },
      ],
    },
    { linkId: 'household-size', answers: [{ type: 'integer', value: 6 }] },
    { linkId: 'certificate-date', answers: [{ type: 'date', value: '2025-12-15' }] },
    { linkId: 'note', answers: [{ type: 'string', value: 'Nhà ở bản xa, đi bộ 2 giờ đến trạm y tế' }] },
  ],
};

const finding: ScreeningFindingInput = {
  id: 'obs-income-1',
  status: 'final',
  patientId: 'sapa-5521',
  encounterId: 'enc-nhi-2026-0311',
  questionnaireResponseId: 'sl-5521-1',
  domain: 'financial-insecurity',
  code: { system: SYSTEMS.nhipcau.screeningItem, code: 'income-per-person-month', display: 'Thu nhập bình quân đầu người/tháng' },
  value: { type: 'money', valueVnd: 1200000 },
  effective: '2026-03-02T14:20:00+07:00',
  performer: { userId: 'u-ctxh-1', display: 'Lương Thị Hoa (CTXH)' },
};

describe('buildScreeningResponse', () => {
  it('builds a valid QuestionnaireResponse with nested groups, money as a VND quantity, the informant as source', () => {
    const qr = buildScreeningResponse(screening);
    expect(validateFhir(qr)).toEqual([]);
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: 'sl-5521-1',
      identifier: { system: 'https://nhipcau.vn/fhir/sid/screening', value: 'sl-5521-1' },
      status: 'completed',
      subject: { reference: 'Patient/sapa-5521' },
      encounter: { reference: 'Encounter/enc-nhi-2026-0311' },
      source: { reference: 'RelatedPerson/rp-5521-me' },
      author: { type: 'Practitioner', identifier: { system: SYSTEMS.nhipcau.userId, value: 'u-ctxh-1' } },
    });
    expect(qr.item?.[0]?.answer).toEqual([{ valueQuantity: { value: 1200000, unit: 'VND', system: 'urn:iso:std:iso:4217', code: 'VND' } }]);
    expect(qr.item?.[2]?.item?.map((i) => i.answer?.[0]?.valueBoolean)).toEqual([false, true]);
    expect(qr.item?.slice(3).map((i) => i.answer?.[0])).toEqual([
      { valueInteger: 6 },
      { valueDate: '2025-12-15' },
      { valueString: 'Nhà ở bản xa, đi bộ 2 giờ đến trạm y tế' },
    ]);
  });

  it('names the patient as the source when the patient answered', () => {
    const qr = buildScreeningResponse({ ...screening, informantRelatedPersonId: undefined });
    expect(qr.source).toEqual({ reference: 'Patient/sapa-5521' });
  });

  it.each([
    [
      'money with a fraction of a đồng',
      { ...screening, items: [{ linkId: 'income', answers: [{ type: 'money' as const, valueVnd: 1200000.5 }] }] },
      'FHIR.INVALID_INPUT',
    ],
    [
      'an item that is both question and group',
      { ...screening, items: [{ linkId: 'x', answers: [{ type: 'boolean' as const, value: true }], items: [{ linkId: 'y' }] }] },
      'FHIR.INVALID_INPUT',
    ],
    ['a completed screening without answers', { ...screening, items: [] }, 'FHIR.INVALID_INPUT'],
    ['an impossible date', { ...screening, authored: '2026-02-30' }, 'FHIR.INVALID_INPUT'],
    ['a bad patient id', { ...screening, patientId: 'sapa/5521' }, 'FHIR.INVALID_INPUT'],
    [
      'a questionnaire URL with a space',
      { ...screening, questionnaire: 'https://nhipcau.vn/fhir/Questionnaire/sang loc' },
      'FHIR.INVALID_RESOURCE',
    ],
    [
      'an empty linkId',
      { ...screening, items: [{ linkId: '', answers: [{ type: 'integer' as const, value: 1 }] }] },
      'FHIR.INVALID_RESOURCE',
    ],
  ])('refuses %s with %s', (_name, input, code) => {
    const err = catchError(() => buildScreeningResponse(input));
    expect(err).toBeInstanceOf(FhirValidationError);
    expect(err).toMatchObject({ code, resourceType: 'QuestionnaireResponse' });
    expect(err.issues.length).toBeGreaterThan(0);
  });
});

describe('buildScreeningObservation', () => {
  it('carries social-history, survey, the SDOH domain and sdoh categories, derivedFrom the screening', () => {
    const qr = buildScreeningResponse(screening);
    const obs = buildScreeningObservation(finding);
    expect(validateFhir(obs)).toEqual([]);
    expect(obs.category?.map((c) => [c.coding?.[0]?.system, c.coding?.[0]?.code])).toEqual([
      [SYSTEMS.hl7.observationCategory, 'social-history'],
      [SYSTEMS.hl7.observationCategory, 'survey'],
      [SYSTEMS.hl7.sdohccTemporaryCodes, 'financial-insecurity'],
      [SYSTEMS.hl7.usCoreCategory, 'sdoh'],
    ]);
    expect(obs.derivedFrom).toEqual([{ reference: getReferenceString(qr as typeof qr & { id: string }) }]);
    expect(obs).toMatchObject({
      status: 'final',
      subject: { reference: 'Patient/sapa-5521' },
      valueQuantity: { value: 1200000, code: 'VND' },
    });
  });

  it('omits survey and derivedFrom for a finding recorded without a questionnaire', () => {
    const obs = buildScreeningObservation({ ...finding, questionnaireResponseId: null, value: { type: 'boolean', value: true } });
    expect(obs.derivedFrom).toBeUndefined();
    expect(obs.category?.map((c) => c.coding?.[0]?.code)).toEqual(['social-history', 'financial-insecurity', 'sdoh']);
    expect(obs.valueBoolean).toBe(true);
  });

  it.each([
    [{ type: 'integer', value: 4 } as const, { valueInteger: 4 }],
    [{ type: 'string', value: 'Nhà tạm' } as const, { valueString: 'Nhà tạm' }],
    [{ type: 'date', value: '2025-12-15' } as const, { valueDateTime: '2025-12-15' }],
    [
      { type: 'coding', coding: { system: SYSTEMS.hl7.snomed, code: '160734000', display: 'Lives in a house' } } as const,
      { valueCodeableConcept: { coding: [{ system: SYSTEMS.hl7.snomed, code: '160734000', display: 'Lives in a house' }] } },
    ],
  ])('maps value %j', (value, expected) => {
    const obs = buildScreeningObservation({ ...finding, value });
    expect(obs).toMatchObject(expected);
    expect(validateFhir(obs)).toEqual([]);
  });

  it('refuses a non-integer count and an empty string value', () => {
    expect(catchError(() => buildScreeningObservation({ ...finding, value: { type: 'integer', value: 2.5 } })).code).toBe(
      'FHIR.INVALID_INPUT',
    );
    expect(catchError(() => buildScreeningObservation({ ...finding, value: { type: 'string', value: '' } })).code).toBe(
      'FHIR.INVALID_RESOURCE',
    );
  });
});

function catchError(fn: () => unknown): FhirValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FhirValidationError) return e;
    throw e;
  }
  throw new Error('expected a FhirValidationError');
}

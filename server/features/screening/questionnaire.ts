import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';

/**
 * The social-circumstances screening, as a FHIR R4 Questionnaire (https://hl7.org/fhir/R4/questionnaire.html)
 * in Vietnamese with English translations (the core `translation` extension on `_text`).
 * The client renders it from GET /api/v1/screening/questionnaire; answers come back as a
 * QuestionnaireResponse and are read by linkId (questionnaire-answers.ts).
 *
 * The 12 deprivation indicators of the multidimensional poverty standard (Decree 07/2021/ND-CP,
 * art. 3): employment (job, dependants), health (nutrition, health insurance), education (adult
 * education, children's school attendance), housing (quality, floor area per person), water and
 * sanitation (drinking water, hygienic latrine), information (telecom use, means of access).
 */
export const SCREENING_QUESTIONNAIRE_URL = 'https://nhipcau.vn/fhir/Questionnaire/social-screening';
export const SCREENING_QUESTIONNAIRE_VERSION = '2026.1';

export const DEPRIVATION_INDICATORS = [
  { id: 'employment-job', vi: 'Có người trong độ tuổi lao động không có việc làm', en: 'A working-age member has no job' },
  { id: 'employment-dependants', vi: 'Tỷ lệ người phụ thuộc trong hộ cao', en: 'High share of dependants in the household' },
  { id: 'health-nutrition', vi: 'Có trẻ dưới 16 tuổi suy dinh dưỡng', en: 'A child under 16 is malnourished' },
  { id: 'health-insurance', vi: 'Có người từ 6 tuổi trở lên không có BHYT', en: 'A member aged 6+ has no health insurance' },
  { id: 'education-adult', vi: 'Có người 16–30 tuổi không có bằng cấp, chứng chỉ', en: 'A member aged 16–30 has no qualification' },
  { id: 'education-children', vi: 'Có trẻ 3–16 tuổi không đi học đúng độ tuổi', en: 'A child aged 3–16 is not in school at the right level' },
  { id: 'housing-quality', vi: 'Nhà ở thiếu kiên cố hoặc đơn sơ', en: 'Makeshift or non-durable housing' },
  { id: 'housing-area', vi: 'Diện tích nhà ở bình quân dưới 8 m²/người', en: 'Floor area under 8 m² per person' },
  { id: 'water-drinking', vi: 'Không tiếp cận nguồn nước sinh hoạt an toàn', en: 'No safe drinking-water source' },
  { id: 'water-latrine', vi: 'Không có nhà tiêu hợp vệ sinh', en: 'No hygienic latrine' },
  { id: 'information-telecom', vi: 'Không sử dụng dịch vụ viễn thông', en: 'No telecom service used' },
  { id: 'information-access', vi: 'Không có phương tiện tiếp cận thông tin', en: 'No means of accessing information' },
] as const;
export type DeprivationId = (typeof DEPRIVATION_INDICATORS)[number]['id'];

export const NEEDS = [
  { id: 'need-food', vi: 'Thiếu lương thực, thực phẩm', en: 'Not enough food', domain: 'food-insecurity' },
  { id: 'need-housing', vi: 'Không có chỗ ở ổn định', en: 'No stable housing', domain: 'housing-instability' },
  { id: 'need-transport', vi: 'Không có tiền hoặc phương tiện đi lại, về quê', en: 'No money or means for transport home', domain: 'transportation-insecurity' },
  { id: 'need-utilities', vi: 'Khó khăn chi trả điện, nước', en: 'Cannot pay for electricity or water', domain: 'utility-insecurity' },
  { id: 'need-safety', vi: 'Không an toàn tại nhà (bạo lực, bị đe dọa)', en: 'Unsafe at home (violence, threats)', domain: 'intimate-partner-violence' },
] as const;

const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

function texts(vi: string, en: string): { text: string; _text: object } {
  return { text: vi, _text: { extension: [{ url: TRANSLATION, extension: [{ url: 'lang', valueCode: 'en' }, { url: 'content', valueString: en }] }] } };
}

function titles(vi: string, en: string): { title: string; _title: object } {
  const { text, _text } = texts(vi, en);
  return { title: text, _title: _text };
}

const bool = (linkId: string, vi: string, en: string, required = false): QuestionnaireItem => ({ linkId, type: 'boolean', required, ...texts(vi, en) });

const money = (linkId: string, vi: string, en: string, required: boolean): QuestionnaireItem => ({
  linkId,
  type: 'integer',
  required,
  ...texts(vi, en),
  extension: [
    { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
    { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit', valueCoding: { system: 'urn:iso:std:iso:4217', code: 'VND' } },
  ],
});

export const screeningQuestionnaire: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'social-screening',
  url: SCREENING_QUESTIONNAIRE_URL,
  version: SCREENING_QUESTIONNAIRE_VERSION,
  name: 'SocialScreening',
  // The title is translated like the items' texts: English mode reads `_title` (issue 8, B13).
  ...titles('Sàng lọc hoàn cảnh xã hội người bệnh', "Screening of the patient's social circumstances"),
  status: 'active',
  language: 'vi',
  subjectType: ['Patient'],
  date: '2026-11-23',
  item: [
    {
      linkId: 'household',
      type: 'group',
      ...texts('Hộ gia đình và thu nhập', 'Household and income'),
      item: [
        {
          linkId: 'residence',
          type: 'choice',
          required: true,
          ...texts('Nơi cư trú', 'Residence'),
          answerOption: [
            { valueCoding: { system: 'https://nhipcau.vn/fhir/CodeSystem/residence', code: 'rural', display: 'Nông thôn' } },
            { valueCoding: { system: 'https://nhipcau.vn/fhir/CodeSystem/residence', code: 'urban', display: 'Thành thị' } },
          ],
        },
        { linkId: 'household-size', type: 'integer', required: true, ...texts('Số người trong hộ', 'People in the household'), extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 1 }, { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 30 }] },
        money('household-income', 'Tổng thu nhập của hộ mỗi tháng (đồng)', 'Household income per month (VND)', true),
        money('subsistence-spending', 'Chi tiêu thiết yếu của hộ mỗi tháng (đồng), nếu biết', 'Household subsistence spending per month (VND), if known', false),
        {
          linkId: 'certificate',
          type: 'choice',
          required: true,
          ...texts('Giấy chứng nhận hộ nghèo/cận nghèo do xã cấp', 'Commune certificate of poor or near-poor household'),
          answerOption: ['none', 'poor', 'near-poor'].map((code) => ({ valueCoding: { system: 'https://nhipcau.vn/fhir/CodeSystem/poverty-certificate', code } })),
        },
      ],
    },
    { linkId: 'deprivations', type: 'group', ...texts('Thiếu hụt dịch vụ xã hội cơ bản (12 chỉ số)', 'Deprivation of basic social services (12 indicators)'), item: DEPRIVATION_INDICATORS.map((d) => bool(d.id, d.vi, d.en)) },
    {
      linkId: 'circumstances',
      type: 'group',
      ...texts('Hoàn cảnh', 'Circumstances'),
      item: [
        bool('lives-alone', 'Người bệnh sống một mình', 'The patient lives alone'),
        bool('disability', 'Người bệnh là người khuyết tật', 'The patient has a disability'),
        bool('violence-victim', 'Người bệnh là nạn nhân bạo lực', 'The patient is a victim of violence'),
        bool('guardian-present', 'Có người giám hộ/người chăm sóc ở bên (với trẻ em)', 'A guardian or carer is with the patient (children)'),
      ],
    },
    { linkId: 'needs', type: 'group', ...texts('Nhu cầu cần hỗ trợ', 'Needs'), item: NEEDS.map((n) => bool(n.id, n.vi, n.en)) },
  ],
};

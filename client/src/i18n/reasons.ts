import bhytGroups from '../../../server/reference-data/bhyt-groups.json';
import ethnicGroups from '../../../server/reference-data/vn-core-ethnic-groups.json';
import { formatDate, formatMoney, formatNumber } from '../format';
import type { Language } from './index';

/**
 * The words for a finding's inputs: what each input is (its label), what its value means, and
 * where it came from, in Vietnamese and English. Findings are stored with stable input names and
 * raw values (`bhyt.status: valid`, `residence: rural`) so they can be re-checked; people read
 * these sentences instead ("Tình trạng thẻ BHYT: còn hạn — nguồn: thẻ BHYT"). The names and
 * values stay available behind "Chi tiết" (docs/decisions/0009-words-for-codes.md).
 * test/client/reasons-wording.test.ts walks every input name the rules can emit.
 */
export interface Words {
  readonly vi: string;
  readonly en: string;
}

type Kind = 'money' | 'date' | 'years' | 'days' | 'months' | 'people' | 'percent' | 'share' | 'count' | 'bool' | 'text' | Enum;
type Enum = 'insurance' | 'residence' | 'certificate' | 'need' | 'deprivations' | 'group' | 'ethnicity' | 'stay' | 'record';

interface InputSpec {
  readonly label: Words;
  readonly kind: Kind;
}

const spec = (vi: string, en: string, kind: Kind): InputSpec => ({ label: { vi, en }, kind });

export const INPUT_SPECS: Readonly<Record<string, InputSpec>> = {
  'bhyt.group': spec('Nhóm đối tượng trên thẻ BHYT', 'Group on the health-insurance card', 'group'),
  'bhyt.status': spec('Tình trạng thẻ BHYT', 'Health-insurance card status', 'insurance'),
  'bhyt.benefitPercent': spec('Mức hưởng BHYT', 'Share of costs insurance pays', 'percent'),
  'coverage.validity': spec('Tình trạng thẻ BHYT', 'Health-insurance card status', 'insurance'),
  'coverage.expiredOn': spec('Thẻ BHYT hết hạn ngày', 'Card expired on', 'date'),
  'coverage.validFrom': spec('Thẻ BHYT có giá trị từ ngày', 'Card valid from', 'date'),
  'bhyt.expiredOn': spec('Thẻ BHYT hết hạn ngày', 'Card expired on', 'date'),
  coverage: spec('Thẻ BHYT trong hồ sơ bệnh viện', 'Insurance card in the hospital record', 'record'),
  'patient.bhytNumber': spec('Số thẻ BHYT trong hồ sơ người bệnh', 'Card number in the patient record', 'record'),
  certificate: spec('Giấy chứng nhận của xã', 'Commune certificate', 'certificate'),
  screeningDate: spec('Ngày sàng lọc', 'Screening date', 'date'),
  householdIncomePerMonthVnd: spec('Thu nhập của hộ mỗi tháng', 'Household income per month', 'money'),
  householdSize: spec('Số người trong hộ', 'People in the household', 'people'),
  incomePerPersonVnd: spec('Thu nhập bình quân mỗi người mỗi tháng', 'Income per person per month', 'money'),
  residence: spec('Nơi cư trú', 'Residence', 'residence'),
  deprivationCount: spec('Số chỉ số thiếu hụt', 'Deprivation indicators met', 'count'),
  deprivations: spec('Các thiếu hụt', 'Deprivations', 'deprivations'),
  poorIncomeMaxVnd: spec('Chuẩn nghèo về thu nhập (mỗi người mỗi tháng)', 'Poverty line (per person per month)', 'money'),
  mediumIncomeMaxVnd: spec('Ngưỡng mức sống trung bình (mỗi người mỗi tháng)', 'Medium living standard limit (per person per month)', 'money'),
  deprivationThreshold: spec('Số chỉ số thiếu hụt để là hộ nghèo', 'Indicators that make a household poor', 'count'),
  patientShareVnd: spec('Phần người bệnh tự trả', 'Paid by the patient', 'money'),
  chargesTotalVnd: spec('Tổng chi phí điều trị', 'Total charges', 'money'),
  subsistenceSpendingPerMonthVnd: spec('Chi tiêu thiết yếu của hộ mỗi tháng', 'Household subsistence spending per month', 'money'),
  capacityToPayVnd: spec('Khả năng chi trả của hộ', "Household's capacity to pay", 'money'),
  shareOfCapacity: spec('Ngưỡng chi phí thảm họa (phần khả năng chi trả)', 'Catastrophic threshold (share of capacity to pay)', 'share'),
  capacityPeriodMonths: spec('Số tháng khả năng chi trả được tính', 'Months of capacity to pay counted', 'months'),
  ageYears: spec('Tuổi', 'Age', 'years'),
  birthDate: spec('Ngày sinh', 'Date of birth', 'date'),
  youngChildUnderYears: spec('Ngưỡng tuổi trẻ nhỏ', 'Young-child age limit', 'years'),
  childUnderYears: spec('Ngưỡng tuổi trẻ em', 'Child age limit', 'years'),
  olderFromYears: spec('Ngưỡng tuổi người cao tuổi', 'Older-person age threshold', 'years'),
  guardianPresent: spec('Có người giám hộ bên cạnh', 'Guardian present', 'bool'),
  livesAlone: spec('Sống một mình', 'Lives alone', 'bool'),
  disability: spec('Là người khuyết tật', 'Has a disability', 'bool'),
  violenceVictim: spec('Là nạn nhân bạo lực', 'Victim of violence', 'bool'),
  ethnicityCode: spec('Dân tộc', 'Ethnic group', 'ethnicity'),
  homeProvince: spec('Tỉnh nơi ở', 'Home province', 'text'),
  'homeProvince.old': spec('Tỉnh nơi ở (trước sắp xếp 2025)', 'Home province (before the 2025 merger)', 'text'),
  hospitalProvince: spec('Tỉnh của bệnh viện', "Hospital's province", 'text'),
  'hospitalProvince.old': spec('Tỉnh của bệnh viện (trước sắp xếp 2025)', "Hospital's province (before the 2025 merger)", 'text'),
  icd10: spec('Chẩn đoán (mã ICD-10)', 'Diagnosis (ICD-10 code)', 'text'),
  lengthOfStayDays: spec('Số ngày nằm viện', 'Days in hospital', 'days'),
  inProgress: spec('Đợt điều trị', 'Hospital stay', 'stay'),
  endedOn: spec('Ngày ra viện', 'Discharged on', 'date'),
  longStayDays: spec('Ngưỡng nằm viện dài ngày', 'Long-stay threshold', 'days'),
  need: spec('Nhu cầu người bệnh nêu', 'Need the patient reported', 'need'),
};

const w = (vi: string, en: string): Words => ({ vi, en });

const ENUMS: Readonly<Record<Exclude<Enum, 'group' | 'ethnicity' | 'deprivations'>, Readonly<Record<string, Words>>>> = {
  insurance: {
    valid: w('còn hạn', 'valid'),
    expired: w('đã hết hạn', 'expired'),
    'not-yet-valid': w('chưa đến ngày có giá trị', 'not valid yet'),
    inactive: w('không sử dụng được (đã huỷ hoặc chưa hoàn tất)', 'not usable (cancelled or draft)'),
    none: w('không có thẻ', 'no card'),
    unknown: w('có số thẻ, chưa rõ hạn', 'card number known, validity unknown'),
  },
  residence: { rural: w('nông thôn', 'rural'), urban: w('thành thị', 'urban') },
  certificate: { poor: w('hộ nghèo', 'poor household'), 'near-poor': w('hộ cận nghèo', 'near-poor household') },
  need: {
    food: w('thiếu lương thực, thực phẩm', 'not enough food'),
    housing: w('không có chỗ ở ổn định', 'no stable housing'),
    transport: w('không có tiền hoặc phương tiện đi lại, về quê', 'no money or means to travel home'),
    utilities: w('khó khăn chi trả điện, nước', 'cannot pay for electricity or water'),
    safety: w('không an toàn tại nhà', 'unsafe at home'),
  },
  stay: { true: w('đang nằm viện', 'in hospital now'), false: w('đã ra viện', 'discharged') },
  record: { null: w('không có', 'none') },
};

/** The 12 indicators of Decree 07/2021/ND-CP, by the questionnaire's linkIds. */
export const DEPRIVATION_WORDS: Readonly<Record<string, Words>> = {
  'employment-job': w('có người trong độ tuổi lao động không có việc làm', 'a working-age member has no job'),
  'employment-dependants': w('tỷ lệ người phụ thuộc cao', 'high share of dependants'),
  'health-nutrition': w('có trẻ dưới 16 tuổi suy dinh dưỡng', 'a child under 16 is malnourished'),
  'health-insurance': w('có người từ 6 tuổi không có BHYT', 'a member aged 6+ has no health insurance'),
  'education-adult': w('có người 16–30 tuổi không có bằng cấp', 'a member aged 16–30 has no qualification'),
  'education-children': w('có trẻ 3–16 tuổi không đi học đúng độ tuổi', 'a child aged 3–16 is not in school'),
  'housing-quality': w('nhà ở thiếu kiên cố', 'non-durable housing'),
  'housing-area': w('nhà ở dưới 8 m²/người', 'under 8 m² per person'),
  'water-drinking': w('không có nước sinh hoạt an toàn', 'no safe drinking water'),
  'water-latrine': w('không có nhà tiêu hợp vệ sinh', 'no hygienic latrine'),
  'information-telecom': w('không dùng dịch vụ viễn thông', 'no telecom service'),
  'information-access': w('không có phương tiện tiếp cận thông tin', 'no means of accessing information'),
};

/** Where an input came from, in words a social worker uses (never the FHIR type name). */
export const SOURCE_WORDS: Readonly<Record<string, Words>> = {
  Patient: w('hồ sơ người bệnh', 'patient record'),
  Coverage: w('thẻ BHYT', 'insurance card'),
  Encounter: w('đợt điều trị', 'hospital stay'),
  Condition: w('chẩn đoán', 'diagnosis'),
  ChargeItem: w('bảng kê chi phí', 'itemised charges'),
  Claim: w('hồ sơ thanh toán BHYT', 'insurance claim'),
  Account: w('tài khoản viện phí', 'hospital account'),
  RelatedPerson: w('người thân', 'relatives on record'),
  screening: w('phiếu sàng lọc', 'screening questionnaire'),
  certificate: w('giấy chứng nhận của xã', 'commune certificate'),
  hospital: w('bệnh viện', 'hospital'),
  'rule-set': w('bộ quy tắc', 'rule set'),
  override: w('cấu hình riêng của bệnh viện', "hospital's own setting"),
};

const GROUPS = new Map(bhytGroups.groups.map((g) => [g.code, w(g.vi, g.en)]));
const ETHNIC = new Map(ethnicGroups.codes.map((c) => [c.code, c.display]));
const ETHNIC_EN: Readonly<Record<string, string>> = { '55': 'Foreign national', '99': 'Unknown' };

const pick = (words: Words, lang: Language): string => words[lang];

/** `2025-03` → `03/2025`, `2025` as is, a full date `dd/MM/yyyy`. */
function dateText(value: string): string {
  const partial = /^(\d{4})(?:-(\d{2}))?$/.exec(value);
  if (partial) return partial[2] ? `${partial[2]}/${partial[1]}` : (partial[1] ?? value);
  return formatDate(value);
}

function numberText(kind: Kind, value: number, lang: Language): string {
  const n = formatNumber(value);
  const unit = (vi: string, en: string): string => `${n} ${lang === 'vi' ? vi : en}`;
  switch (kind) {
    case 'money':
      return formatMoney(value);
    case 'years':
      return unit('tuổi', value === 1 ? 'year' : 'years');
    case 'days':
      return unit('ngày', value === 1 ? 'day' : 'days');
    case 'months':
      return unit('tháng', value === 1 ? 'month' : 'months');
    case 'people':
      return unit('người', value === 1 ? 'person' : 'people');
    case 'percent':
      return `${n} %`;
    case 'share':
      return `${formatNumber(Math.round(value * 100))} %`;
    case 'count':
      return unit('chỉ số', value === 1 ? 'indicator' : 'indicators');
    default:
      return n;
  }
}

function enumText(kind: Kind, value: string | number | boolean | null, lang: Language): string | null {
  const key = String(value);
  if (kind === 'group' && typeof value === 'string') {
    const group = GROUPS.get(value);
    return group ? `${value} (${pick(group, lang)})` : value;
  }
  if (kind === 'ethnicity' && typeof value === 'string') return (lang === 'en' ? ETHNIC_EN[value] : undefined) ?? ETHNIC.get(value) ?? value;
  if (kind === 'deprivations' && typeof value === 'string') {
    const items = value.split(',').filter(Boolean);
    if (items.length === 0) return lang === 'vi' ? 'không có' : 'none';
    return items.map((id) => (DEPRIVATION_WORDS[id] ? pick(DEPRIVATION_WORDS[id], lang) : id)).join('; ');
  }
  const table = kind in ENUMS ? ENUMS[kind as keyof typeof ENUMS] : undefined;
  const words = table?.[key];
  return words ? pick(words, lang) : null;
}

/**
 * Capacity to pay below zero is income under subsistence (cost-rules.ts: any out-of-pocket is then
 * catastrophic): "-2.000.000 ₫" reads as a debt, so say there is none and by how much income falls short.
 */
function shortfallText(capacity: number, lang: Language): string {
  const gap = formatMoney(-capacity);
  return lang === 'vi' ? `không có (thu nhập thấp hơn mức chi tiêu tối thiểu ${gap})` : `none (income ${gap} below subsistence)`;
}

/** An input's value for people: money `1.500.000 ₫`, dates `dd/MM/yyyy`, codes as words. */
export function inputValueWords(input: { name: string; value: string | number | boolean | null }, lang: Language): string {
  const kind = INPUT_SPECS[input.name]?.kind ?? 'text';
  const worded = enumText(kind, input.value, lang);
  if (worded !== null) return worded;
  const { value } = input;
  if (value === null) return lang === 'vi' ? 'chưa có thông tin' : 'not known';
  if (typeof value === 'boolean') return value ? (lang === 'vi' ? 'có' : 'yes') : lang === 'vi' ? 'không' : 'no';
  if (input.name === 'capacityToPayVnd' && typeof value === 'number' && value < 0) return shortfallText(value, lang);
  if (typeof value === 'number') return numberText(kind, value, lang);
  if (kind === 'date' || /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value)) return dateText(value);
  return value;
}

/** The input's label; an input name the table does not know yet reads as a neutral phrase, never the raw name. */
export function inputLabel(name: string, lang: Language): string {
  const s = INPUT_SPECS[name];
  return s ? pick(s.label, lang) : lang === 'vi' ? 'Dữ liệu khác' : 'Other data';
}

export function sourceWords(source: string, lang: Language): string {
  const words = SOURCE_WORDS[source];
  return words ? pick(words, lang) : lang === 'vi' ? 'nguồn khác' : 'another source';
}

/** "Tình trạng thẻ BHYT: còn hạn — nguồn: thẻ BHYT". */
export function inputSentence(input: { name: string; value: string | number | boolean | null; source: string }, lang: Language): string {
  const from = lang === 'vi' ? 'nguồn' : 'source';
  return `${inputLabel(input.name, lang)}: ${inputValueWords(input, lang)} — ${from}: ${sourceWords(input.source, lang)}`;
}

import type { Certainty, StandardCode, Text } from './vocabulary.js';

/**
 * One-line bilingual summaries for the worklist, by code and (where it changes the wording) by
 * certainty. Static text: the specifics are in the finding's inputs, so nothing is built per patient.
 */
type Summary = { readonly default: Text } & Partial<Record<Certainty, Text>>;

export const SUMMARIES: Readonly<Record<StandardCode, Summary>> = {
  poor: {
    default: { vi: 'Hộ nghèo', en: 'Poor household' },
    authoritative: {
      vi: 'Hộ nghèo (có giấy tờ: thẻ BHYT nhóm HN hoặc giấy chứng nhận của xã)',
      en: 'Poor household (documented: BHYT group HN or commune certificate)',
    },
    likely: {
      vi: 'Có thể là hộ nghèo (theo thông tin tự khai, chưa có giấy tờ)',
      en: 'Likely poor household (self-reported, not documented)',
    },
  },
  'near-poor': {
    default: { vi: 'Hộ cận nghèo', en: 'Near-poor household' },
    authoritative: {
      vi: 'Hộ cận nghèo (có giấy tờ: thẻ BHYT nhóm CN hoặc giấy chứng nhận của xã)',
      en: 'Near-poor household (documented: BHYT group CN or commune certificate)',
    },
    likely: {
      vi: 'Có thể là hộ cận nghèo (theo thông tin tự khai, chưa có giấy tờ)',
      en: 'Likely near-poor household (self-reported, not documented)',
    },
    indicative: {
      vi: 'Thu nhập bằng hoặc dưới chuẩn nghèo; chưa đánh giá 12 chỉ số thiếu hụt (có thể là hộ nghèo)',
      en: 'Income at or below the poverty line; the 12 deprivation indicators not assessed (may be poor)',
    },
  },
  'medium-living-standard': {
    default: { vi: 'Có thể là hộ có mức sống trung bình (tự khai)', en: 'Likely medium-living-standard household (self-reported)' },
  },
  'no-insurance': {
    default: { vi: 'Không có thẻ BHYT còn giá trị', en: 'No valid health-insurance (BHYT) card' },
    likely: { vi: 'Không thấy thẻ BHYT trong hồ sơ', en: 'No health-insurance (BHYT) card on record' },
  },
  'insurance-expired': { default: { vi: 'Thẻ BHYT đã hết hạn', en: 'Health-insurance (BHYT) card expired' } },
  'catastrophic-expenditure': {
    default: {
      vi: 'Chi phí điều trị người bệnh tự trả vượt khả năng chi trả của hộ',
      en: "Out-of-pocket cost is catastrophic for the household's capacity to pay",
    },
    indicative: {
      vi: 'Chi phí tự trả có thể vượt khả năng chi trả của hộ (ước tính, thiếu số liệu chi tiêu)',
      en: 'Out-of-pocket cost may be catastrophic (estimated: spending or bill split not known)',
    },
  },
  'child-under-6': { default: { vi: 'Trẻ em dưới 6 tuổi', en: 'Child under 6' } },
  'child-without-guardian': { default: { vi: 'Trẻ em không có người giám hộ bên cạnh', en: 'Child without a guardian present' } },
  'older-living-alone': { default: { vi: 'Người cao tuổi sống một mình', en: 'Older person living alone' } },
  disability: { default: { vi: 'Người khuyết tật', en: 'Person with a disability' } },
  'ethnic-minority-disadvantaged-area': {
    default: {
      vi: 'Người dân tộc thiểu số / sống ở vùng khó khăn (thẻ BHYT nhóm DT hoặc DK)',
      en: 'Ethnic minority / resident of a disadvantaged area (BHYT group DT or DK)',
    },
  },
  'social-protection-beneficiary': {
    default: { vi: 'Đối tượng bảo trợ xã hội (thẻ BHYT nhóm BT)', en: 'Social-protection beneficiary (BHYT group BT)' },
  },
  'violence-victim': { default: { vi: 'Nạn nhân bạo lực: cần hỗ trợ an toàn', en: 'Victim of violence: safety support needed' } },
  'far-from-home': {
    default: { vi: 'Điều trị xa nhà (khác tỉnh)', en: 'Treated far from home (another province)' },
    indicative: {
      vi: 'Có thể điều trị xa nhà (theo tỉnh cấp thẻ BHYT)',
      en: 'Possibly far from home (by the province that issued the BHYT card)',
    },
  },
  'long-stay': { default: { vi: 'Nằm viện dài ngày', en: 'Long hospital stay' } },
  'need-food': { default: { vi: 'Thiếu lương thực, thực phẩm', en: 'Not enough food' } },
  'need-housing': { default: { vi: 'Không có chỗ ở ổn định', en: 'No stable housing' } },
  'need-transport': { default: { vi: 'Không có tiền hoặc phương tiện đi lại, về quê', en: 'No money or means to travel home' } },
  'need-utilities': { default: { vi: 'Khó khăn chi trả điện, nước', en: 'Cannot pay for electricity or water' } },
  'need-safety': { default: { vi: 'Không an toàn tại nhà', en: 'Unsafe at home' } },
};

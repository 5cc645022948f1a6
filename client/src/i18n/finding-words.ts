import type { Language } from './index';
import type { Words } from './reasons';

/**
 * What each finding code is about, in both languages, for the screens that list codes without a
 * finding's own summary (the hospital's flag tiers). Keys are the rule sets' tier keys: a standard
 * finding code, or 'high-cost' for every high-cost diagnosis group (`high-cost-cancer`…).
 * test/client/finding-words.test.ts walks every tier key of every rule set.
 */
const w = (vi: string, en: string): Words => ({ vi, en });

export const FINDING_CODE_WORDS: Readonly<Record<string, Words>> = {
  poor: w('Hộ nghèo', 'Poor household'),
  'near-poor': w('Hộ cận nghèo', 'Near-poor household'),
  'medium-living-standard': w('Hộ có mức sống trung bình', 'Medium living standard household'),
  'no-insurance': w('Không có thẻ BHYT', 'No health insurance'),
  'insurance-expired': w('Thẻ BHYT đã hết hạn', 'Health-insurance card expired'),
  'catastrophic-expenditure': w('Chi phí điều trị thảm họa so với khả năng chi trả', 'Catastrophic treatment cost for the household'),
  'child-under-6': w('Trẻ em dưới 6 tuổi', 'Child under 6'),
  'child-without-guardian': w('Trẻ em không có người giám hộ bên cạnh', 'Child without a guardian present'),
  'older-living-alone': w('Người cao tuổi sống một mình', 'Older person living alone'),
  disability: w('Người khuyết tật', 'Person with a disability'),
  'ethnic-minority-disadvantaged-area': w('Người dân tộc thiểu số ở vùng đặc biệt khó khăn', 'Ethnic minority in a disadvantaged area'),
  'social-protection-beneficiary': w('Đối tượng bảo trợ xã hội', 'Social protection beneficiary'),
  'violence-victim': w('Nạn nhân bạo lực', 'Victim of violence'),
  'far-from-home': w('Điều trị xa nhà (khác tỉnh)', 'Treated far from home (another province)'),
  'long-stay': w('Nằm viện dài ngày', 'Long hospital stay'),
  'need-food': w('Thiếu lương thực, thực phẩm', 'Not enough food'),
  'need-housing': w('Không có chỗ ở ổn định', 'No stable housing'),
  'need-transport': w('Không có tiền hoặc phương tiện về quê', 'No money or means to travel home'),
  'need-utilities': w('Khó khăn chi trả điện, nước', 'Cannot pay for electricity or water'),
  'need-safety': w('Không an toàn tại nhà', 'Unsafe at home'),
  'high-cost': w('Bệnh chi phí cao (mọi nhóm bệnh)', 'High-cost diagnosis (every group)'),
};

/** The finding in words; a high-cost group reads as the high-cost key; an unknown code never shows raw. */
export function findingCodeWords(code: string, lang: Language): string {
  const words = FINDING_CODE_WORDS[code] ?? (code.startsWith('high-cost-') ? FINDING_CODE_WORDS['high-cost'] : undefined);
  if (words) return words[lang];
  return lang === 'vi' ? 'Dấu hiệu khác' : 'Other finding';
}

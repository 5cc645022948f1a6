import { badRequest } from '../../../errors.js';
import { BHYT_BENEFIT_LEVELS } from '../../../../fhir-mappings/bhyt-benefit-levels.js';
import { vietnamDay } from '../../../../fhir-mappings/dates.js';
import { HIGH_COST_GROUPS_V1 } from './high-cost-groups.js';
import type { RuleMeta, RuleSet } from './rule-set-types.js';
import type { RuleId, StandardCode, Tier, TierKey } from './vocabulary.js';

export type * from './rule-set-types.js';

/**
 * The dated, versioned screening rule sets: configuration as data. The set is chosen by the
 * screening date (the Vietnam local day), never by today's date, so a past screening re-evaluates
 * with the rules of its day. Decisions and open points: README.md beside this file.
 */

const meta = (id: RuleId, version: string, legalSource: string, unconfirmed = false): RuleMeta => ({
  id,
  version,
  legalSource,
  unconfirmed,
});

/** Rules whose text does not change with the poverty standard. */
const STANDING_RULES = {
  'poverty.documented': meta(
    'poverty.documented',
    '1.0',
    'Luật BHYT 25/2008/QH12 đ.12, sửa đổi bởi Luật 46/2014/QH13 (nhóm HN, CN; mã nhóm theo QĐ 1351/QĐ-BHXH); giấy chứng nhận hộ nghèo, cận nghèo do UBND xã cấp (QĐ 24/2021/QĐ-TTg)',
  ),
  'insurance.coverage': meta(
    'insurance.coverage',
    '1.0',
    'Luật BHYT 25/2008/QH12, sửa đổi bởi Luật 46/2014/QH13 (đ.16: thẻ BHYT và giá trị sử dụng)',
  ),
  'catastrophic.expenditure': meta(
    'catastrophic.expenditure',
    '1.0',
    'WHO: chi tiêu y tế thảm họa khi chi trả trực tiếp ≥ 40 % khả năng chi trả (Xu et al., Lancet 2003; WHO 2005); SDG 3.8.2',
  ),
  'vulnerability.child-under-6': meta(
    'vulnerability.child-under-6',
    '1.0',
    'Luật BHYT 25/2008/QH12 đ.12, sửa đổi bởi Luật 46/2014/QH13 (trẻ em dưới 6 tuổi, nhóm TE)',
  ),
  'vulnerability.child-without-guardian': meta(
    'vulnerability.child-without-guardian',
    '1.0',
    'Luật Trẻ em 102/2016/QH13 đ.1 (trẻ em là người dưới 16 tuổi); Bộ luật Dân sự 91/2015/QH13 (giám hộ)',
  ),
  'vulnerability.older-living-alone': meta(
    'vulnerability.older-living-alone',
    '1.0',
    'Luật Người cao tuổi 39/2009/QH12 đ.2 (từ đủ 60 tuổi trở lên)',
  ),
  'vulnerability.disability': meta('vulnerability.disability', '1.0', 'Luật Người khuyết tật 51/2010/QH12'),
  'vulnerability.ethnic-minority-area': meta(
    'vulnerability.ethnic-minority-area',
    '1.0',
    'Luật BHYT 25/2008/QH12 đ.12, sửa đổi bởi Luật 46/2014/QH13 (nhóm DT, DK; mã nhóm theo QĐ 1351/QĐ-BHXH)',
  ),
  'vulnerability.social-protection': meta(
    'vulnerability.social-protection',
    '1.0',
    'Nghị định 20/2021/NĐ-CP (đối tượng bảo trợ xã hội; thẻ BHYT nhóm BT)',
  ),
  'vulnerability.violence-victim': meta(
    'vulnerability.violence-victim',
    '1.0',
    'Thông tư 43/2015/TT-BYT (hỗ trợ nạn nhân bạo lực); Luật Phòng, chống bạo lực gia đình 13/2022/QH15',
  ),
  'vulnerability.far-from-home': meta(
    'vulnerability.far-from-home',
    '1.0',
    'Thông tư 43/2015/TT-BYT (đón tiếp, hướng dẫn người bệnh); tỉnh sau sắp xếp theo Nghị quyết 202/2025/QH15',
  ),
  'diagnosis.high-cost': meta(
    'diagnosis.high-cost',
    '1.0',
    'Danh mục nhóm bệnh chi phí cao của dự án (tham khảo Thông tư 46/2016/TT-BYT, danh mục bệnh dài ngày)',
    true,
  ),
  'stay.long-stay': meta('stay.long-stay', '1.0', 'Ngưỡng của dự án (không có văn bản pháp lý quy định); cấu hình theo bệnh viện', true),
  'needs.reported': meta('needs.reported', '1.0', 'Thông tư 43/2015/TT-BYT, điều 2 (đánh giá hoàn cảnh và nhu cầu hỗ trợ của người bệnh)'),
} as const satisfies Partial<Record<RuleId, RuleMeta>>;

/** Base weights (see engine.ts priority). Violence and an unaccompanied child first: safety before money. */
const WEIGHTS_V1: Readonly<Record<StandardCode, number>> = {
  poor: 40,
  'near-poor': 25,
  'medium-living-standard': 10,
  'no-insurance': 25,
  'insurance-expired': 20,
  'catastrophic-expenditure': 35,
  'child-under-6': 15,
  'child-without-guardian': 35,
  'older-living-alone': 20,
  disability: 15,
  'ethnic-minority-disadvantaged-area': 10,
  'social-protection-beneficiary': 15,
  'violence-victim': 40,
  'far-from-home': 10,
  'long-stay': 10,
  // Needs the patient reports: safety first, then food and a roof, then the way home and bills.
  'need-safety': 30,
  'need-food': 15,
  'need-housing': 15,
  'need-transport': 10,
  'need-utilities': 5,
};

/**
 * Default tiers (DOMAIN.md "Flag tiers"). 'support': evidence of poverty or near-poverty, catastrophic
 * cost, no or expired insurance, violence, a child without a guardian, needs the patient reported.
 * 'watch': a vulnerability alone (a DT/DK card, a young child with a guardian, an older person,
 * disability, a social-protection card, far from home, a long stay, a high-cost diagnosis without
 * financial evidence) and the medium living standard (above the poverty line by definition).
 */
const TIERS_V1: Readonly<Record<TierKey, Tier>> = {
  poor: 'support',
  'near-poor': 'support',
  'medium-living-standard': 'watch',
  'no-insurance': 'support',
  'insurance-expired': 'support',
  'catastrophic-expenditure': 'support',
  'child-under-6': 'watch',
  'child-without-guardian': 'support',
  'older-living-alone': 'watch',
  disability: 'watch',
  'ethnic-minority-disadvantaged-area': 'watch',
  'social-protection-beneficiary': 'watch',
  'violence-victim': 'support',
  'far-from-home': 'watch',
  'long-stay': 'watch',
  'need-safety': 'support',
  'need-food': 'support',
  'need-housing': 'support',
  'need-transport': 'support',
  'need-utilities': 'support',
  'high-cost': 'watch',
};

const COMMON = {
  catastrophic: { shareOfCapacity: 0.4, capacityPeriodMonths: 1 },
  vulnerability: { youngChildUnderYears: 6, childUnderYears: 16, olderFromYears: 60, newProvincesFrom: '2025-07-01' },
  longStayDays: 14,
  highCost: HIGH_COST_GROUPS_V1,
  bhytBenefitLevels: BHYT_BENEFIT_LEVELS,
  weights: WEIGHTS_V1,
  certaintyPercent: { authoritative: 100, likely: 75, indicative: 50 },
  tiers: TIERS_V1,
} as const;

export const RULE_SETS: readonly RuleSet[] = [
  {
    id: 'vn-screening-2022',
    version: '2022.1',
    effectiveFrom: '2022-01-01',
    effectiveTo: '2026-12-31',
    source: 'Nghị định 07/2021/NĐ-CP (chuẩn nghèo đa chiều 2022–2025, tiếp tục áp dụng đến hết 31/12/2026)',
    unconfirmed: false,
    note: null,
    rules: {
      ...STANDING_RULES,
      'poverty.income-deprivation': meta(
        'poverty.income-deprivation',
        '2022.1',
        'Nghị định 07/2021/NĐ-CP đ.3 (chuẩn hộ nghèo, cận nghèo, mức sống trung bình)',
      ),
    },
    poverty: {
      poorIncomeMax: { rural: 1_500_000, urban: 2_000_000 },
      mediumIncomeMax: { rural: 2_250_000, urban: 3_000_000 },
      deprivationThreshold: 3,
      unconfirmedCodes: [],
    },
    ...COMMON,
  },
  {
    id: 'vn-screening-2027',
    version: '2027.1',
    effectiveFrom: '2027-01-01',
    effectiveTo: '2030-12-31',
    source: 'Chuẩn nghèo đa chiều quốc gia 2027–2030 (Nghị định của Chính phủ; số hiệu chưa xác nhận)',
    unconfirmed: true,
    note:
      'Poor: income ≤ 2,200,000 rural / 2,800,000 urban and ≥ 3 indicators (DOMAIN.md). ASSUMED: near-poor = same income bound and < 3 ' +
      'indicators; medium = above the line up to 1.5 × the line (3,300,000 / 4,200,000), the ratio of the 2022–2026 standard; the 12 ' +
      'indicators and the threshold of 3 unchanged. Confirm against the decree.',
    rules: {
      ...STANDING_RULES,
      'poverty.income-deprivation': meta(
        'poverty.income-deprivation',
        '2027.1',
        'Chuẩn nghèo đa chiều 2027–2030 (Nghị định của Chính phủ, số hiệu chưa xác nhận): ngưỡng thu nhập hộ nghèo',
      ),
    },
    poverty: {
      poorIncomeMax: { rural: 2_200_000, urban: 2_800_000 },
      mediumIncomeMax: { rural: 3_300_000, urban: 4_200_000 },
      deprivationThreshold: 3,
      unconfirmedCodes: ['near-poor', 'medium-living-standard'],
    },
    ...COMMON,
  },
];

/** The Vietnam local day of a YYYY-MM-DD date or an ISO dateTime; throws SCREENING.BAD_DATE otherwise. */
export function screeningDay(date: string): string {
  const day = typeof date === 'string' ? vietnamDay(date) : null;
  if (!day)
    throw badRequest('SCREENING.BAD_DATE', `'${date}' is not a date (YYYY-MM-DD) or an ISO dateTime`, [
      { path: 'screeningDate', message: 'not a date', code: 'invalid_format', params: { format: 'date' } },
    ]);
  return day;
}

/**
 * The rule set in force on `date` (YYYY-MM-DD as the Vietnam local day, or an ISO dateTime turned
 * into one). Throws AppError SCREENING.NO_RULE_SET (400) when no set covers the day.
 */
export function ruleSetOn(date: string, ruleSets: readonly RuleSet[] = RULE_SETS): RuleSet {
  const day = screeningDay(date);
  for (const rs of ruleSets) if (rs.effectiveFrom <= day && day <= rs.effectiveTo) return rs;
  const covered = ruleSets.map((rs) => `${rs.effectiveFrom}…${rs.effectiveTo}`).join(', ') || 'none';
  throw badRequest('SCREENING.NO_RULE_SET', `no screening rule set applies on ${day} (rule sets cover ${covered})`, [
    { path: 'screeningDate', message: `no rule set on ${day}`, code: 'no_rule_set', params: { day } },
  ]);
}

/** Problems of a list of rule sets (overlapping or inverted periods, missing rules); empty when sound. */
export function checkRuleSets(ruleSets: readonly RuleSet[]): string[] {
  const problems: string[] = [];
  const sorted = [...ruleSets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  sorted.forEach((rs, i) => {
    if (rs.effectiveTo < rs.effectiveFrom) problems.push(`${rs.id}: ends before it starts`);
    const next = sorted[i + 1];
    if (next && next.effectiveFrom <= rs.effectiveTo) problems.push(`${rs.id} overlaps ${next.id}`);
    for (const [id, m] of Object.entries(rs.rules)) if (m.id !== id) problems.push(`${rs.id}: rule ${id} is cited as ${m.id}`);
  });
  return problems;
}

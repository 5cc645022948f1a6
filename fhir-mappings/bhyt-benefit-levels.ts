/**
 * BHYT benefit digit (the 3rd character of the card number) → share of covered costs paid by the
 * fund, as DATED configuration: a change in the law adds a period and closes the previous one, it
 * never edits history (a bill from 2025 keeps the 2025 share).
 *
 * Source of the current period: Law on Health Insurance 25/2008/QH12 art. 22 as amended by
 * Law 46/2014/QH13 (in force 2015-01-01), with the card-code benefit levels of Decision
 * 1351/QĐ-BHXH (2015). DOMAIN.md notes that from 2026 some GROUPS' benefits rose: that changes which
 * digit is printed on a group's cards (bhyt-groups.json `usualBenefit`), not what a digit means;
 * verify both against the legal text in force before production.
 * This default belongs to the server's reference data; it lives here only as a typed default that
 * the server passes in (fhir-mappings never reads files).
 */
export type BenefitDigit = 1 | 2 | 3 | 4 | 5;

export interface BenefitShare {
  digit: BenefitDigit;
  /** Percentage of the covered cost the fund pays (0–100, may be fractional in a future period). */
  percent: number;
  /** Digit 2: 100 % but with ceilings on some high-cost services (ceilings not modelled in FHIR data). */
  capped: boolean;
  /** Digit 5: also pays some services outside the benefit list. */
  includesOutOfList: boolean;
  description: string;
}

export interface BenefitLevelPeriod {
  /** First day the period applies (YYYY-MM-DD, inclusive). */
  effectiveFrom: string;
  /** Last day the period applies (inclusive), or null while in force. */
  effectiveTo: string | null;
  /** Legal source, for the audit trail and for review. */
  source: string;
  shares: Record<BenefitDigit, BenefitShare>;
}

export const BHYT_BENEFIT_LEVELS: readonly BenefitLevelPeriod[] = [
  {
    effectiveFrom: '2015-01-01',
    effectiveTo: null,
    source: 'Luật BHYT 25/2008/QH12 điều 22, sửa đổi bởi Luật 46/2014/QH13; mã mức hưởng theo Quyết định 1351/QĐ-BHXH (2015)',
    shares: {
      1: { digit: 1, percent: 100, capped: false, includesOutOfList: false, description: '100 % of covered costs, no ceiling' },
      2: { digit: 2, percent: 100, capped: true, includesOutOfList: false, description: '100 % with ceilings on some high-cost services' },
      3: { digit: 3, percent: 95, capped: false, includesOutOfList: false, description: '95 % of covered costs' },
      4: { digit: 4, percent: 80, capped: false, includesOutOfList: false, description: '80 % of covered costs' },
      5: {
        digit: 5,
        percent: 100,
        capped: false,
        includesOutOfList: true,
        description: '100 % including some services outside the benefit list',
      },
    },
  },
];

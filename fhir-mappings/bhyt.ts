import type { BenefitDigit, BenefitLevelPeriod, BenefitShare } from './bhyt-benefit-levels.js';

export type { BenefitDigit, BenefitLevelPeriod, BenefitShare } from './bhyt-benefit-levels.js';

/**
 * Health-insurance (BHYT) card numbers. The printed code has 15 characters (Decision
 * 1351/QĐ-BHXH): 2-letter beneficiary group + benefit digit 1–5 + 2-digit province code (the
 * pre-2025 statistics-office code of the issuing province) + 10-digit social-insurance number,
 * e.g. HN2101234567890. Since the chip-based CCCD rollout, hospitals also accept the 12-digit CCCD
 * or the bare 10-digit social-insurance number in place of the card: then the group, benefit and
 * province are unknown and must come from the insurance portal, not be guessed.
 * Pure: reference tables are parameters.
 */

export interface BhytGroupRef {
  code: string;
  vi: string;
  en: string;
  /** Benefit digit usually printed on this group's cards (informative; the card's own digit rules). */
  usualBenefit: number;
  /** Flagging signals this group carries, e.g. 'poor-household'. */
  signals: readonly string[];
  note?: string;
}

export interface ProvinceRef {
  /** Pre-2025 statistics-office code, also the province part of a BHYT card number. */
  oldCode: string;
  oldName: string;
  /** Province after the 2025-07-01 reorganisation (Resolution 202/2025/QH15). */
  newName: string;
}

export interface BhytReference {
  groups: readonly BhytGroupRef[];
  provinces: readonly ProvinceRef[];
  benefitLevels: readonly BenefitLevelPeriod[];
}

export type BhytCardForm = 'card' | 'national-id' | 'social-insurance-number';

export interface BhytCard {
  form: BhytCardForm;
  /** Upper-case, without spaces or dashes. */
  number: string;
  /** Group as printed; null for the CCCD and 10-digit forms. */
  groupCode: string | null;
  /** False for a well-formed group missing from the reference table (recorded, raises no flag). */
  groupKnown: boolean;
  group: BhytGroupRef | null;
  benefitDigit: BenefitDigit | null;
  provinceCode: string | null;
  province: ProvinceRef | null;
  socialInsuranceNumber: string | null;
  nationalId: string | null;
}

export type BhytErrorCode =
  'BHYT.EMPTY' | 'BHYT.WRONG_LENGTH' | 'BHYT.BAD_CHARACTERS' | 'BHYT.UNKNOWN_GROUP' | 'BHYT.BAD_BENEFIT_DIGIT' | 'BHYT.UNKNOWN_PROVINCE';

export interface BhytError {
  code: BhytErrorCode;
  message: string;
}

/**
 * A card that parses may still carry warnings (a province code missing from the table): the card
 * and its group stand, the warning is a data-quality note for the record.
 */
export type BhytParseResult = { ok: true; card: BhytCard; warnings: BhytError[] } | { ok: false; errors: BhytError[] };

/** Upper-case; strip whitespace (incl. no-break space) and dashes of any kind, as people type them. */
export function normaliseBhytNumber(raw: string): string {
  return raw.toUpperCase().replace(/[\s\u00a0\-\u2010-\u2015]/g, '');
}

/**
 * Parses a BHYT number as typed or as sent by a hospital.
 * Decisions (stable error codes):
 * - characters other than A–Z and 0–9 after normalising → BHYT.BAD_CHARACTERS (e.g. 'Đ', '.', '/');
 * - 12 digits → CCCD form, 10 digits → social-insurance-number form; other lengths → BHYT.WRONG_LENGTH;
 * - 15 characters: a group part that is not two letters → BHYT.UNKNOWN_GROUP; two letters missing
 *   from the table are NOT an error (groupKnown: false), since the list of ~50 groups changes by
 *   decision and a real card must never be rejected for it; benefit digit outside 1–5 →
 *   BHYT.BAD_BENEFIT_DIGIT; letters in the 10-digit tail → BHYT.BAD_CHARACTERS;
 * - a province code not in the table (which lists all 63 pre-2025 provinces) is a WARNING
 *   BHYT.UNKNOWN_PROVINCE: the card parses with `province: null`, because a typo or a new code in
 *   the province part must never silence the group (an HN card is evidence of poverty wherever it
 *   was issued).
 * All problems of a 15-character number are reported together (warnings too, when it fails).
 */
export function parseBhytNumber(raw: unknown, ref: Pick<BhytReference, 'groups' | 'provinces'>): BhytParseResult {
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail('BHYT.EMPTY', 'no card number given');
  const n = normaliseBhytNumber(String(raw));
  if (n === '') return fail('BHYT.EMPTY', 'no card number given');
  if (!/^[A-Z0-9]+$/.test(n)) return fail('BHYT.BAD_CHARACTERS', 'only letters A–Z and digits may appear in a card number');
  if (/^\d{12}$/.test(n)) return ok({ ...emptyCard('national-id', n), nationalId: n });
  if (/^\d{10}$/.test(n)) return ok({ ...emptyCard('social-insurance-number', n), socialInsuranceNumber: n });
  if (n.length !== 15) {
    return fail(
      'BHYT.WRONG_LENGTH',
      `a card number has 15 characters (or 12 digits for a CCCD, 10 for the social-insurance number); got ${n.length}`,
    );
  }
  return parseFullCard(n, ref);
}

function parseFullCard(n: string, ref: Pick<BhytReference, 'groups' | 'provinces'>): BhytParseResult {
  const errors: BhytError[] = [];
  const groupCode = n.slice(0, 2);
  const digit = Number(n[2]);
  const provinceCode = n.slice(3, 5);
  const tail = n.slice(5);
  if (!/^[A-Z]{2}$/.test(groupCode)) errors.push({ code: 'BHYT.UNKNOWN_GROUP', message: `group '${groupCode}' must be two letters` });
  if (!/^[1-5]$/.test(n[2] ?? '')) errors.push({ code: 'BHYT.BAD_BENEFIT_DIGIT', message: `benefit digit '${n[2]}' must be 1 to 5` });
  const province = ref.provinces.find((p) => p.oldCode === provinceCode) ?? null;
  const warnings: BhytError[] = province
    ? []
    : [{ code: 'BHYT.UNKNOWN_PROVINCE', message: `province code '${provinceCode}' is not in the province table` }];
  if (!/^\d{10}$/.test(tail)) errors.push({ code: 'BHYT.BAD_CHARACTERS', message: 'the last 10 characters must be digits' });
  if (errors.length > 0) return { ok: false, errors: [...errors, ...warnings] };
  const group = ref.groups.find((g) => g.code === groupCode) ?? null;
  return ok(
    {
      form: 'card',
      number: n,
      groupCode,
      groupKnown: group !== null,
      group,
      benefitDigit: digit as BenefitDigit,
      provinceCode,
      province,
      socialInsuranceNumber: tail,
      nationalId: null,
    },
    warnings,
  );
}

function emptyCard(form: BhytCardForm, number: string): BhytCard {
  return {
    form,
    number,
    groupCode: null,
    groupKnown: false,
    group: null,
    benefitDigit: null,
    provinceCode: null,
    province: null,
    socialInsuranceNumber: null,
    nationalId: null,
  };
}

const ok = (card: BhytCard, warnings: BhytError[] = []): BhytParseResult => ({ ok: true, card, warnings });
const fail = (code: BhytErrorCode, message: string): BhytParseResult => ({ ok: false, errors: [{ code, message }] });

/** The benefit period in force on `date` (YYYY-MM-DD), or null when none covers it. */
export function benefitPeriodOn(date: string, periods: readonly BenefitLevelPeriod[]): BenefitLevelPeriod | null {
  const day = date.slice(0, 10);
  return periods.find((p) => p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo)) ?? null;
}

/**
 * The share the fund pays for a card on a date (the date of service, not today: a bill keeps the
 * rules of the day it was incurred). Null when the card carries no benefit digit (CCCD / 10-digit
 * forms) or no period covers the date.
 */
export function benefitShareOn(
  card: Pick<BhytCard, 'benefitDigit'>,
  date: string,
  periods: readonly BenefitLevelPeriod[],
): BenefitShare | null {
  if (card.benefitDigit === null) return null;
  return benefitPeriodOn(date, periods)?.shares[card.benefitDigit] ?? null;
}

/** Flagging signals of the card's group (e.g. 'poor-household' for HN); none for unknown groups. */
export function bhytSignals(card: BhytCard): readonly string[] {
  return card.group?.signals ?? [];
}

import { describe, expect, it } from 'vitest';
import { BHYT_BENEFIT_LEVELS, type BenefitLevelPeriod } from '../../fhir-mappings/bhyt-benefit-levels.js';
import { benefitPeriodOn, benefitShareOn, bhytSignals, normaliseBhytNumber, parseBhytNumber } from '../../fhir-mappings/bhyt.js';
import { bhytRef } from './support/reference.js';

/** BHYT card numbers (Decision 1351/QĐ-BHXH): group + benefit digit + province + 10-digit number. */
describe('parseBhytNumber: valid numbers', () => {
  it.each([
    ['HN2101234567890', 'HN', 2, '10', 'Lào Cai', 'Lào Cai', '1234567890', ['poor-household']],
    ['hn2101234567890', 'HN', 2, '10', 'Lào Cai', 'Lào Cai', '1234567890', ['poor-household']],
    ['HN 2 10 1234567890', 'HN', 2, '10', 'Lào Cai', 'Lào Cai', '1234567890', ['poor-household']],
    ['  cn3-15-1234567891 ', 'CN', 3, '15', 'Yên Bái', 'Lào Cai', '1234567891', ['near-poor-household']],
    ['TE1022212345678', 'TE', 1, '02', 'Hà Giang', 'Tuyên Quang', '2212345678', ['child-under-6']],
    ['DT2 06 0000000001', 'DT', 2, '06', 'Bắc Kạn', 'Thái Nguyên', '0000000001', ['ethnic-minority-disadvantaged-area']],
    ['GD4011234567890', 'GD', 4, '01', 'Hà Nội', 'Hà Nội', '1234567890', []],
    ['CC5251234567890', 'CC', 5, '25', 'Phú Thọ', 'Phú Thọ', '1234567890', []],
    // Central hospitals in Hà Nội receive patients from every province: the whole country's 63 codes parse.
    ['HN2381234567890', 'HN', 2, '38', 'Thanh Hoá', 'Thanh Hoá', '1234567890', ['poor-household']],
    ['CN3401234567890', 'CN', 3, '40', 'Nghệ An', 'Nghệ An', '1234567890', ['near-poor-household']],
    ['DK2791234567890', 'DK', 2, '79', 'Hồ Chí Minh', 'Hồ Chí Minh', '1234567890', ['extremely-disadvantaged-area']],
    ['HN2621234567890', 'HN', 2, '62', 'Kon Tum', 'Quảng Ngãi', '1234567890', ['poor-household']],
  ] as const)('%s → group %s, benefit %i, province %s (%s, now %s)', (raw, group, digit, code, oldName, newName, sin, signals) => {
    const r = parseBhytNumber(raw, bhytRef);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.card).toMatchObject({
      form: 'card',
      number: normaliseBhytNumber(raw),
      groupCode: group,
      groupKnown: true,
      benefitDigit: digit,
      provinceCode: code,
      province: { oldName, newName },
      socialInsuranceNumber: sin,
      nationalId: null,
    });
    expect(bhytSignals(r.card)).toEqual(signals);
    expect(r.warnings).toEqual([]);
  });

  it('keeps a card whose province code is in no table: group and number stand, the province is a warning', () => {
    const r = parseBhytNumber('HN2991234567890', bhytRef);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.card).toMatchObject({ groupCode: 'HN', groupKnown: true, benefitDigit: 2, provinceCode: '99', province: null, socialInsuranceNumber: '1234567890' });
    expect(bhytSignals(r.card)).toEqual(['poor-household']);
    expect(r.warnings.map((w) => w.code)).toEqual(['BHYT.UNKNOWN_PROVINCE']);
  });

  it('records a well-formed group missing from the table as printed, with groupKnown false and no signals', () => {
    const r = parseBhytNumber('QN5101234567890', bhytRef);
    expect(r.ok && r.card).toMatchObject({ groupCode: 'QN', groupKnown: false, group: null, benefitDigit: 5 });
    expect(r.ok && bhytSignals(r.card)).toEqual([]);
  });

  it('accepts a 12-digit CCCD in place of the card: group, benefit and province unknown', () => {
    const r = parseBhytNumber('0100 7800 1234', bhytRef);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      card: expect.objectContaining({
        form: 'national-id',
        number: '010078001234',
        nationalId: '010078001234',
        groupCode: null,
        benefitDigit: null,
        province: null,
      }),
    });
  });

  it('accepts the bare 10-digit social-insurance number: group unknown', () => {
    const r = parseBhytNumber('12345-67890', bhytRef);
    expect(r.ok && r.card).toMatchObject({
      form: 'social-insurance-number',
      socialInsuranceNumber: '1234567890',
      groupCode: null,
      groupKnown: false,
    });
  });
});

describe('parseBhytNumber: malformed numbers give stable error codes', () => {
  const errorCodes = (raw: unknown): string[] => {
    const r = parseBhytNumber(raw, bhytRef);
    return r.ok ? [] : r.errors.map((e) => e.code);
  };

  it.each([
    ['HN210123456789', ['BHYT.WRONG_LENGTH']],
    ['HN21012345678901', ['BHYT.WRONG_LENGTH']],
    ['HN21012', ['BHYT.WRONG_LENGTH']],
    ['12345678901', ['BHYT.WRONG_LENGTH']],
    ['H12101234567890', ['BHYT.UNKNOWN_GROUP']],
    ['122101234567890', ['BHYT.UNKNOWN_GROUP']],
    ['HN0101234567890', ['BHYT.BAD_BENEFIT_DIGIT']],
    ['HN6101234567890', ['BHYT.BAD_BENEFIT_DIGIT']],
    ['HN9101234567890', ['BHYT.BAD_BENEFIT_DIGIT']],
    ['HNX101234567890', ['BHYT.BAD_BENEFIT_DIGIT']],
    ['HN21012345678A0', ['BHYT.BAD_CHARACTERS']],
    ['HN2.10.1234567890', ['BHYT.BAD_CHARACTERS']],
    ['ĐN2101234567890', ['BHYT.BAD_CHARACTERS']],
    ['', ['BHYT.EMPTY']],
    ['  - ', ['BHYT.EMPTY']],
    [null, ['BHYT.EMPTY']],
    [{ value: 'HN2101234567890' }, ['BHYT.EMPTY']],
  ] as const)('%j → %j', (raw, expected) => {
    expect(errorCodes(raw)).toEqual(expected);
  });

  it('reports every problem of a 15-character number at once', () => {
    expect(errorCodes('1N0991234567890')).toEqual(['BHYT.UNKNOWN_GROUP', 'BHYT.BAD_BENEFIT_DIGIT', 'BHYT.UNKNOWN_PROVINCE']);
  });

  it('gives a message with each error', () => {
    const r = parseBhytNumber('HN6101234567890', bhytRef);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/1 to 5/);
  });
});

describe('benefit share: dated configuration chosen by the service date', () => {
  it.each([
    [1, 100, false, false],
    [2, 100, true, false],
    [3, 95, false, false],
    [4, 80, false, false],
    [5, 100, false, true],
  ] as const)('digit %i → %i %% (capped %s, out-of-list %s)', (digit, percent, capped, outOfList) => {
    expect(benefitShareOn({ benefitDigit: digit }, '2026-03-01', BHYT_BENEFIT_LEVELS)).toMatchObject({
      percent,
      capped,
      includesOutOfList: outOfList,
    });
  });

  const revised: BenefitLevelPeriod[] = [
    { ...(BHYT_BENEFIT_LEVELS[0] as BenefitLevelPeriod), effectiveTo: '2025-12-31' },
    {
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      source: 'hypothetical revision for the test',
      shares: {
        ...(BHYT_BENEFIT_LEVELS[0] as BenefitLevelPeriod).shares,
        3: { digit: 3, percent: 100, capped: false, includesOutOfList: false, description: 'raised' },
      },
    },
  ];

  it('keeps the share of the day the service was given when the rules change', () => {
    expect(benefitShareOn({ benefitDigit: 3 }, '2025-12-31', revised)?.percent).toBe(95);
    expect(benefitShareOn({ benefitDigit: 3 }, '2026-01-01', revised)?.percent).toBe(100);
    expect(benefitPeriodOn('2026-01-01T08:00:00+07:00', revised)?.source).toBe('hypothetical revision for the test');
  });

  it('has no share for a card without a benefit digit, or a date before any period', () => {
    expect(benefitShareOn({ benefitDigit: null }, '2026-03-01', BHYT_BENEFIT_LEVELS)).toBeNull();
    expect(benefitShareOn({ benefitDigit: 1 }, '2014-12-31', BHYT_BENEFIT_LEVELS)).toBeNull();
  });

  it('every configured period names its legal source and covers digits 1–5', () => {
    for (const p of BHYT_BENEFIT_LEVELS) {
      expect(p.source.length).toBeGreaterThan(10);
      expect(Object.keys(p.shares).sort()).toEqual(['1', '2', '3', '4', '5']);
    }
  });
});

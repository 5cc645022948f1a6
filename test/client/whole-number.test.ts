import { describe, expect, it } from 'vitest';
import { checkWholeNumber, formatMoney, formatNumber } from '../../client/src/format.js';

/**
 * B11/B12: a typed number is read for what it says, never clamped or stripped; what cannot be
 * read is a problem to explain. Numbers are written `1.946` whatever the UI language.
 */
describe('checkWholeNumber', () => {
  it('reads plain digits and groups of thousands with dots, commas or spaces', () => {
    expect(checkWholeNumber('4')).toEqual({ ok: true, value: 4 });
    expect(checkWholeNumber(' 1500000 ')).toEqual({ ok: true, value: 1_500_000 });
    expect(checkWholeNumber('1.500.000')).toEqual({ ok: true, value: 1_500_000 });
    expect(checkWholeNumber('5,000')).toEqual({ ok: true, value: 5000 });
    expect(checkWholeNumber('1 500 000')).toEqual({ ok: true, value: 1_500_000 });
    expect(checkWholeNumber('')).toEqual({ ok: true, value: null });
  });

  it('keeps the sign: −3 is minus three (ASCII or Unicode minus), refused as negative when the minimum is not', () => {
    expect(checkWholeNumber('-3')).toEqual({ ok: true, value: -3 });
    expect(checkWholeNumber('\u22123', { min: 1 })).toEqual({ ok: false, problem: 'negative' });
    expect(checkWholeNumber('-500.000', { min: 0 })).toEqual({ ok: false, problem: 'negative' });
  });

  it('refuses outside the limits instead of moving the value to them', () => {
    expect(checkWholeNumber('5,000', { min: 1, max: 30 })).toEqual({ ok: false, problem: 'tooLarge' });
    expect(checkWholeNumber('0', { min: 1, max: 30 })).toEqual({ ok: false, problem: 'tooSmall' });
    expect(checkWholeNumber('30', { min: 1, max: 30 })).toEqual({ ok: true, value: 30 });
  });

  it('names decimals and anything else that is not a whole number', () => {
    expect(checkWholeNumber('2,5')).toEqual({ ok: false, problem: 'decimal' });
    expect(checkWholeNumber('1.5')).toEqual({ ok: false, problem: 'decimal' });
    expect(checkWholeNumber('1.500,000')).toEqual({ ok: false, problem: 'notWhole' });
    expect(checkWholeNumber('ba')).toEqual({ ok: false, problem: 'notWhole' });
    expect(checkWholeNumber('12a')).toEqual({ ok: false, problem: 'notWhole' });
    expect(checkWholeNumber('99999999999999999999')).toEqual({ ok: false, problem: 'notWhole' });
  });
});

describe('one number format', () => {
  it('writes counts and money the Vietnamese way', () => {
    expect(formatNumber(1946)).toBe('1.946');
    expect(formatNumber(-3)).toBe('-3');
    expect(formatMoney(1_500_000)).toBe('1.500.000 ₫');
  });
});

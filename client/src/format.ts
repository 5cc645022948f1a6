import { inVietnam } from './clock';

/**
 * Display formats used across the app, the same in both languages (Vietnamese conventions):
 * money `1.500.000 ₫`, dates `dd/MM/yyyy`, date-times `dd/MM/yyyy HH:mm`. Instants show in
 * Vietnam time whatever the device's time zone (client/src/clock.ts).
 */
const vnd = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 });

/** Whole VND: Intl puts a non-breaking (or narrow) space before ₫; we want a plain one. */
export function formatMoney(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return vnd
    .format(Math.round(amount))
    .replace(/[\s\u00a0\u202f]*₫/u, ' ₫')
    .trim();
}

export const DATE_FORMAT = 'DD/MM/YYYY';
export const DATETIME_FORMAT = 'DD/MM/YYYY HH:mm';

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = inVietnam(value);
  return date.isValid() ? date.format(DATE_FORMAT) : '—';
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = inVietnam(value);
  return date.isValid() ? date.format(DATETIME_FORMAT) : '—';
}

const grouped = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/**
 * Counts the Vietnamese way in both languages (`1.946`, issue 8 B12): the app mixes counts with
 * money and dates that are always written the Vietnamese way, so English mode keeps the dots too.
 */
export function formatNumber(value: number): string {
  return grouped.format(value);
}

export type WholeNumberProblem = 'notWhole' | 'decimal' | 'negative' | 'tooSmall' | 'tooLarge';
export type WholeNumberCheck = { ok: true; value: number | null } | { ok: false; problem: WholeNumberProblem };

const PLAIN = /^[-\u2212]?\d+$/u;
// 1.500.000 · 5,000 · 1 500 000: groups of three after one consistent separator
const GROUPED = /^[-\u2212]?\d{1,3}([.,\s\u00a0\u202f])\d{3}(?:\1\d{3})*$/u;
const DECIMAL = /^[-\u2212]?\d*[.,]\d+$/u;

/**
 * Reads a typed whole number without changing what it means: `-3` stays minus three, `5,000`
 * stays five thousand (antd's InputNumber would clamp the first to the minimum and strip or
 * misread the others). Anything else is a problem to show, never a number to guess.
 */
export function checkWholeNumber(text: string, limits: { min?: number; max?: number } = {}): WholeNumberCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!PLAIN.test(trimmed) && !GROUPED.test(trimmed)) return { ok: false, problem: DECIMAL.test(trimmed) ? 'decimal' : 'notWhole' };
  const magnitude = Number(trimmed.replace(/\D/g, ''));
  if (!Number.isSafeInteger(magnitude)) return { ok: false, problem: 'notWhole' };
  const value = /^[-\u2212]/u.test(trimmed) ? -magnitude : magnitude;
  if (limits.min !== undefined && value < limits.min) return { ok: false, problem: value < 0 && limits.min >= 0 ? 'negative' : 'tooSmall' };
  if (limits.max !== undefined && value > limits.max) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value: value === 0 ? 0 : value };
}

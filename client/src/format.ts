import dayjs from 'dayjs';

/**
 * Display formats used across the app, the same in both languages (Vietnamese conventions):
 * money `1.500.000 ₫`, dates `dd/MM/yyyy`, date-times `dd/MM/yyyy HH:mm`.
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
  const date = dayjs(value);
  return date.isValid() ? date.format(DATE_FORMAT) : '—';
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = dayjs(value);
  return date.isValid() ? date.format(DATETIME_FORMAT) : '—';
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat('vi-VN').format(value);
}

import type { PayeeKind, PledgeState } from './funding.schemas.js';

/**
 * How a partner's statement words things (CSV and PDF): Vietnamese, as the partner reads it, money
 * `1.500.000 ₫`, days `dd/MM/yyyy` (decision 0025 "Amounts"; the client's format.ts writes the same).
 */
const vnd = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 });

/** Whole VND with a plain space before ₫ (Intl puts a non-breaking one there). */
export function formatVnd(amount: number): string {
  return vnd
    .format(Math.round(amount))
    .replace(/[\s\u00a0\u202f]*₫/u, ' ₫')
    .trim();
}

/** `YYYY-MM-DD` → `dd/MM/yyyy`. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

export const PLEDGE_STATE_WORDS: Record<PledgeState, string> = {
  pending: 'Đang chờ giải ngân',
  disbursed: 'Đã giải ngân',
  cancelled: 'Đã huỷ',
  expired: 'Hết hạn',
};

export const PAYEE_WORDS: Record<PayeeKind, string> = {
  'patient-family': 'Người bệnh / gia đình',
  'hospital-bill': 'Viện phí tại bệnh viện',
  supplier: 'Nhà cung cấp',
};

export const METHOD_WORDS: Record<'bank-transfer' | 'cash' | 'direct-payment', string> = {
  'bank-transfer': 'Chuyển khoản',
  cash: 'Tiền mặt (có người làm chứng)',
  'direct-payment': 'Thanh toán trực tiếp',
};

export const AGE_BAND_WORDS = (band: string | null): string => (band === null ? '—' : band === '60+' ? 'từ 60 tuổi' : `${band} tuổi`);

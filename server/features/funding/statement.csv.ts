import { stringify } from 'csv-stringify/sync';
import { vietnamDayOf } from '../../clock.js';
import type { StatementData } from './statements.js';
import { AGE_BAND_WORDS, formatDay, formatVnd, METHOD_WORDS, PAYEE_WORDS, PLEDGE_STATE_WORDS } from './statement.words.js';

/**
 * The statement as CSV (issue 12 point 6): UTF-8 with a byte-order mark (Excel opens Vietnamese
 * right only with it), Vietnamese headers, one row per pledge, payment and outcome, then the totals.
 * Money twice: an integer column in đồng for sums, and the same amount written `1.500.000 ₫`.
 */
export const CSV_HEADERS = [
  'Loại',
  'Mã đề nghị',
  'Bệnh viện',
  'Nhóm tuổi',
  'Tỉnh/thành',
  'Người nhận',
  'Hình thức',
  'Trạng thái',
  'Ngày',
  'Số tiền (đồng)',
  'Số tiền',
  'Số chứng từ',
  'Nội dung',
] as const;

type Row = Partial<Record<(typeof CSV_HEADERS)[number], string | number>>;

/** A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) is quoted as text: free text comes from people. */
const inert = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const money = (amountVnd: number): Row => ({ 'Số tiền (đồng)': amountVnd, 'Số tiền': formatVnd(amountVnd) });
const dayOf = (iso: string): string => formatDay(vietnamDayOf(new Date(iso)));

function rows(s: StatementData): Row[] {
  const pledges: Row[] = s.pledges.map((p) => ({
    Loại: 'Cam kết tài trợ',
    'Mã đề nghị': p.reference,
    'Bệnh viện': inert(p.hospital),
    'Nhóm tuổi': AGE_BAND_WORDS(p.ageBand),
    'Tỉnh/thành': inert(p.province ?? '—'),
    'Trạng thái': PLEDGE_STATE_WORDS[p.state],
    Ngày: dayOf(p.at),
    ...money(p.amountVnd),
  }));
  const paid: Row[] = s.disbursements.map((d) => ({
    Loại: 'Giải ngân',
    'Mã đề nghị': d.reference,
    'Bệnh viện': inert(d.hospital),
    'Người nhận': PAYEE_WORDS[d.payee],
    'Hình thức': METHOD_WORDS[d.method],
    Ngày: formatDay(d.paidOn),
    ...money(d.amountVnd),
    'Số chứng từ': d.receipts,
  }));
  const outcomes: Row[] = s.outcomes.map((o) => ({ Loại: 'Kết quả hỗ trợ', 'Mã đề nghị': o.reference, Ngày: dayOf(o.at), 'Nội dung': inert(o.text) }));
  const totals: Row[] = [
    { Loại: 'Tổng cam kết còn hiệu lực', ...money(s.pledgedVnd) },
    { Loại: 'Tổng đã giải ngân', ...money(s.disbursedVnd), 'Số chứng từ': s.receiptsCount },
    { Loại: 'Tổng cam kết đã huỷ', ...money(s.cancelledVnd) },
    { Loại: 'Tổng cam kết hết hạn', ...money(s.expiredVnd) },
  ];
  return [...pledges, ...paid, ...outcomes, ...totals];
}

export function statementCsv(s: StatementData): string {
  const body = stringify(rows(s), { header: true, columns: [...CSV_HEADERS], record_delimiter: '\r\n' });
  return `\uFEFF${body}`;
}

export const statementFileName = (s: Pick<StatementData, 'from' | 'to'>, ext: 'csv' | 'pdf'): string => `bao-cao-tai-tro-${s.from}-${s.to}.${ext}`;

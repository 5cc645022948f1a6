import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { vietnamDayOf } from '../../clock.js';
import type { StatementData } from './statements.js';
import { AGE_BAND_WORDS, formatDay, formatVnd, METHOD_WORDS, PAYEE_WORDS, PLEDGE_STATE_WORDS } from './statement.words.js';

/**
 * The statement as PDF (issue 12 point 6; decision 0026): pdfkit with the DejaVu Sans TrueType
 * fonts embedded, whose glyphs cover every Vietnamese letter with its marks (ệ, ự, ẫ…), so the
 * diacritics render and a reader copying the text gets them back (pdfkit writes the ToUnicode map).
 * A title, the organisation, the period, the totals, then tables of pledges and payments (headers
 * repeated after each page break) and the outcomes; page numbers at the foot of every page.
 */
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

type Doc = InstanceType<typeof PDFDocument>;
interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

const MARGIN = 40;
const PAD = 4;
const SIZE = 8;
const INK = '#1f2937';
const RULE = '#d1d5db';

const bottom = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

function cellHeight(doc: Doc, text: string, width: number): number {
  return doc.heightOfString(text, { width: width - 2 * PAD }) + 2 * PAD;
}

function drawRow(doc: Doc, columns: readonly Column[], cells: readonly string[], header: boolean): void {
  doc.font(header ? 'bold' : 'body').fontSize(SIZE);
  const height = Math.max(...columns.map((c, i) => cellHeight(doc, cells[i] ?? '', c.width)));
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
    if (!header) drawRow(doc, columns, columns.map((c) => c.header), true);
    doc.font(header ? 'bold' : 'body').fontSize(SIZE);
  }
  const y = doc.y;
  let x = MARGIN;
  if (header) doc.rect(MARGIN, y, columns.reduce((w, c) => w + c.width, 0), height).fill('#eef2f7');
  doc.fillColor(INK);
  for (const [i, c] of columns.entries()) {
    doc.text(cells[i] ?? '', x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align ?? 'left' });
    x += c.width;
  }
  doc.moveTo(MARGIN, y + height).lineTo(x, y + height).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.x = MARGIN;
  doc.y = y + height;
}

/** A table whose header row is drawn again at the top of every page it runs onto. */
function table(doc: Doc, columns: readonly Column[], rows: readonly (readonly string[])[]): void {
  drawRow(doc, columns, columns.map((c) => c.header), true);
  for (const cells of rows) drawRow(doc, columns, cells, false);
  doc.moveDown(0.8);
}

function heading(doc: Doc, text: string): void {
  if (doc.y + 60 > bottom(doc)) doc.addPage();
  doc.font('bold').fontSize(12).fillColor(INK).text(text, MARGIN, doc.y);
  doc.moveDown(0.4);
}

const note = (doc: Doc, text: string): void => void doc.font('body').fontSize(SIZE).fillColor('#4b5563').text(text, MARGIN, doc.y).moveDown(0.8);

function header(doc: Doc, s: StatementData, now: Date): void {
  doc.font('bold').fontSize(20).fillColor(INK).text('Báo cáo tài trợ', MARGIN, MARGIN);
  doc.font('body').fontSize(11).text(s.organisation.name);
  doc.fontSize(10).text(`Kỳ báo cáo: ${formatDay(s.from)} – ${formatDay(s.to)}`);
  note(doc, `Lập ngày ${formatDay(vietnamDayOf(now))} trên Nhịp Cầu. Báo cáo không chứa thông tin nhận dạng người bệnh: mỗi hoàn cảnh được nêu bằng mã đề nghị, bệnh viện, nhóm tuổi và tỉnh/thành.`);
}

function totals(doc: Doc, s: StatementData): void {
  heading(doc, 'Tổng hợp');
  const columns: Column[] = [
    { header: 'Khoản', width: 320 },
    { header: 'Số tiền', width: 195, align: 'right' },
  ];
  table(doc, columns, [
    ['Cam kết tài trợ còn hiệu lực (đang chờ hoặc đã giải ngân)', formatVnd(s.pledgedVnd)],
    ['Đã giải ngân trong kỳ', formatVnd(s.disbursedVnd)],
    ['Cam kết đã huỷ', formatVnd(s.cancelledVnd)],
    ['Cam kết hết hạn', formatVnd(s.expiredVnd)],
    ['Số biên nhận / chứng từ đã lưu', String(s.receiptsCount)],
  ]);
}

function pledges(doc: Doc, s: StatementData): void {
  heading(doc, 'Cam kết tài trợ');
  if (s.pledges.length === 0) return note(doc, 'Không có cam kết nào trong kỳ.');
  const columns: Column[] = [
    { header: 'Mã đề nghị', width: 86 },
    { header: 'Bệnh viện', width: 125 },
    { header: 'Nhóm tuổi', width: 52 },
    { header: 'Tỉnh/thành', width: 62 },
    { header: 'Ngày', width: 58 },
    { header: 'Trạng thái', width: 62 },
    { header: 'Số tiền', width: 70, align: 'right' },
  ];
  table(doc, columns, s.pledges.map((p) => [p.reference, p.hospital, AGE_BAND_WORDS(p.ageBand), p.province ?? '—', formatDay(vietnamDayOf(new Date(p.at))), PLEDGE_STATE_WORDS[p.state], formatVnd(p.amountVnd)]));
}

function disbursements(doc: Doc, s: StatementData): void {
  heading(doc, 'Giải ngân');
  if (s.disbursements.length === 0) return note(doc, 'Không có khoản giải ngân nào trong kỳ.');
  const columns: Column[] = [
    { header: 'Mã đề nghị', width: 86 },
    { header: 'Bệnh viện', width: 100 },
    { header: 'Người nhận', width: 86 },
    { header: 'Hình thức', width: 82 },
    { header: 'Ngày chi', width: 58 },
    { header: 'Chứng từ', width: 37, align: 'right' },
    { header: 'Số tiền', width: 66, align: 'right' },
  ];
  table(doc, columns, s.disbursements.map((d) => [d.reference, d.hospital, PAYEE_WORDS[d.payee], METHOD_WORDS[d.method], formatDay(d.paidOn), String(d.receipts), formatVnd(d.amountVnd)]));
}

function outcomes(doc: Doc, s: StatementData): void {
  heading(doc, 'Kết quả hỗ trợ');
  if (s.outcomes.length === 0) return note(doc, 'Chưa có cập nhật kết quả nào trong kỳ.');
  for (const o of s.outcomes) {
    const text = o.text;
    if (doc.y + 14 + doc.heightOfString(text, { width: doc.page.width - 2 * MARGIN }) > bottom(doc)) doc.addPage();
    doc.font('bold').fontSize(SIZE).fillColor(INK).text(`${o.reference} · ${formatDay(vietnamDayOf(new Date(o.at)))}`, MARGIN, doc.y);
    doc.font('body').fontSize(SIZE).text(text, { width: doc.page.width - 2 * MARGIN });
    doc.moveDown(0.6);
  }
}

/** "Trang 2/5" at every page's foot (written once all pages exist: the buffered pages are revisited). */
function pageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the bottom margin would otherwise open a new page
    doc.font('body').fontSize(8).fillColor('#6b7280').text(`Trang ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { width: doc.page.width - 2 * MARGIN, align: 'right' });
    doc.page.margins.bottom = keep;
  }
}

/** The statement's PDF bytes. `now` dates it (the app's clock, so a test's document is the same each run). */
export function statementPdf(s: StatementData, now: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: 'Báo cáo tài trợ', Author: 'Nhịp Cầu', CreationDate: now } });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, s, now);
  totals(doc, s);
  pledges(doc, s);
  disbursements(doc, s);
  outcomes(doc, s);
  pageNumbers(doc);
  doc.end();
  return done;
}

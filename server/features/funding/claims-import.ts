import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError, type DetailCode } from '../../errors.js';

/**
 * Reading a hospital's claims export for reconciliation (issue 12 point 5). What counts is the
 * summary table of each treatment episode, XML1 `<TONG_HOP>` of Decision 4210/QĐ-BYT (kept by
 * 130/QĐ-BYT): MA_LK (the episode), MA_BN (the hospital's patient code), T_NGUONKHAC (the amount
 * paid by other sources), NAM_QT/THANG_QT (the settlement month). Accepted forms:
 *  - the claims package `<GIAMDINHHS><THONGTINHOSO><DANHSACHHOSO><HOSO><FILEHOSO><LOAIHOSO>XML1</LOAIHOSO>
 *    <NOIDUNGFILE>` with the XML1 content in base64 (as the portal takes it) or as plain XML;
 *  - a plain list of `<TONG_HOP>` elements (under one root element, or one alone);
 *  - CSV with the headers MA_LK, T_NGUONKHAC (MA_BN, NAM_QT, THANG_QT optional; `,` `;` or tab),
 *    which is also the shape our own CSV export has.
 * Amounts are whole đồng: `1500000` or `1500000.00`; anything else names its record and field.
 * Records settled in another month (NAM_QT/THANG_QT) are left out; an episode's records are summed.
 */
export interface ClaimsRow {
  episodeId: string;
  patientCode: string | null;
  claimedVnd: number;
}

export interface ClaimsRead {
  format: 'xml-4210' | 'xml' | 'csv';
  /** One per episode of the month, in the file's order. */
  rows: ClaimsRow[];
  /** Records read in the file, and those left out for another settlement month. */
  records: number;
  otherMonth: number;
}

/** More records than any month's export of one hospital holds (and the stored upload stays well under 16 MB). */
export const MAX_CLAIM_RECORDS = 250_000;
const MAX_AMOUNT = 1_000_000_000_000;
const MAX_ID = 100;

interface Where {
  /** The record (1 = the first episode; a CSV's header is not one), 0 for the file itself. */
  row: number;
  field: string;
  /** The file's line, when the syntax is what is wrong. */
  line?: number;
}

export function badClaimsFile(message: string, code: DetailCode, where: Where): AppError {
  const params = { row: where.row, field: where.field, ...(where.line ? { line: where.line } : {}) };
  return new AppError(400, 'RECONCILIATION.BAD_FILE', `The claims file cannot be read: ${message}`, [{ path: 'body.file', message, code, params }], undefined, params);
}

const unreadable = (message: string, line?: number): AppError => badClaimsFile(message, 'claims_unreadable', { row: 0, field: '', ...(line ? { line } : {}) });

/** What the file is from its first bytes: XML or CSV text (the name is not trusted); anything else is refused. */
export function detectClaimsType(head: Buffer): { ext: 'xml' | 'csv'; contentType: string } {
  const text = stripBom(head.toString('utf8'));
  if (head.includes(0) || text.includes('\uFFFD')) throw unreadable('not a text file (4210 XML or CSV)');
  if (/^\s*</.test(text)) return { ext: 'xml', contentType: 'application/xml' };
  return { ext: 'csv', contentType: 'text/csv' };
}

const stripBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** Reads the whole file (held in memory: its size is bounded by the upload limit). */
export function readClaims(bytes: Buffer, month: string): ClaimsRead {
  const text = stripBom(bytes.toString('utf8'));
  if (text.includes('\uFFFD')) throw unreadable('the file is not UTF-8 text');
  const read = /^\s*</.test(text) ? readXml(text) : { format: 'csv' as const, records: readCsv(text) };
  if (read.records.length > MAX_CLAIM_RECORDS) throw unreadable(`more than ${MAX_CLAIM_RECORDS} records`);
  if (read.records.length === 0) throw unreadable('the file holds no episode (no TONG_HOP record or CSV row)');
  return summarise(read.format, read.records, month);
}

/** A record as found, before its checks: the tag or column names upper-cased. */
type RawRecord = Record<string, unknown>;

function summarise(format: ClaimsRead['format'], records: RawRecord[], month: string): ClaimsRead {
  const byEpisode = new Map<string, ClaimsRow>();
  let otherMonth = 0;
  records.forEach((raw, i) => {
    const row = i + 1;
    const r = checkRecord(raw, row);
    if (r.month && r.month !== month) {
      otherMonth += 1;
      return;
    }
    const seen = byEpisode.get(r.episodeId);
    if (seen) {
      seen.claimedVnd += r.claimedVnd;
      seen.patientCode ??= r.patientCode;
    } else byEpisode.set(r.episodeId, { episodeId: r.episodeId, patientCode: r.patientCode, claimedVnd: r.claimedVnd });
  });
  // Every record settled in another month: the wrong month's export, not a month without episodes.
  if (byEpisode.size === 0) throw badClaimsFile(`none of its ${records.length} records is settled in ${month} (NAM_QT, THANG_QT)`, 'claims_unreadable', { row: 0, field: 'THANG_QT' });
  return { format, rows: [...byEpisode.values()], records: records.length, otherMonth };
}

const textOf = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v as string | number).trim());

function checkRecord(raw: RawRecord, row: number): ClaimsRow & { month: string | null } {
  const episodeId = textOf(raw.MA_LK);
  if (!episodeId) throw badClaimsFile(`record ${row} has no MA_LK`, 'required', { row, field: 'MA_LK' });
  if (episodeId.length > MAX_ID || /[\p{Cc}]/u.test(episodeId)) throw badClaimsFile(`record ${row}: MA_LK is not an episode code`, 'claims_unreadable', { row, field: 'MA_LK' });
  const code = textOf(raw.MA_BN);
  if (code.length > MAX_ID || /[\p{Cc}]/u.test(code)) throw badClaimsFile(`record ${row}: MA_BN is not a patient code`, 'claims_unreadable', { row, field: 'MA_BN' });
  return { episodeId, patientCode: code || null, claimedVnd: amountOf(raw.T_NGUONKHAC, row), month: monthOf(raw, row) };
}

/** Whole đồng: digits, optionally with a fraction of zeros (`1500000.00`, as some exporters write it). */
function amountOf(value: unknown, row: number): number {
  const s = textOf(value);
  if (!s) throw badClaimsFile(`record ${row} has no T_NGUONKHAC`, 'required', { row, field: 'T_NGUONKHAC' });
  const m = /^(\d{1,16})(?:\.0+)?$/.exec(s);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_AMOUNT) {
    throw badClaimsFile(`record ${row}: T_NGUONKHAC must be a whole, non-negative number of đồng`, 'whole_number', { row, field: 'T_NGUONKHAC' });
  }
  return n;
}

/** The settlement month `YYYY-MM` when the record says it (NAM_QT + THANG_QT), else null. */
function monthOf(raw: RawRecord, row: number): string | null {
  const year = textOf(raw.NAM_QT);
  const month = textOf(raw.THANG_QT);
  if (!year && !month) return null;
  if (!/^\d{4}$/.test(year)) throw badClaimsFile(`record ${row}: NAM_QT is not a year`, 'claims_unreadable', { row, field: 'NAM_QT' });
  const m = Number(month);
  if (!/^\d{1,2}$/.test(month) || m < 1 || m > 12) throw badClaimsFile(`record ${row}: THANG_QT is not a month`, 'claims_unreadable', { row, field: 'THANG_QT' });
  return `${year}-${String(m).padStart(2, '0')}`;
}

// ---- XML -----------------------------------------------------------------------------------

const LISTS = new Set(['HOSO', 'FILEHOSO', 'TONG_HOP']);
const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  // Some exporters write the tags in lower case.
  transformTagName: (name) => name.toUpperCase(),
  isArray: (name) => LISTS.has(name),
});

function parseXml(text: string, where: string): Record<string, unknown> {
  // A claims export carries no document type; entity declarations are how XML bombs expand.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw unreadable(`${where}: a document type declaration is not accepted`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw unreadable(`${where}: not well-formed XML (${valid.err.msg})`, valid.err.line);
  return xmlParser.parse(text) as Record<string, unknown>;
}

const asList = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
const child = (v: unknown, name: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[name] : undefined);

function readXml(text: string): { format: 'xml-4210' | 'xml'; records: RawRecord[] } {
  const doc = parseXml(text, 'the file');
  const pack = doc.GIAMDINHHS;
  if (pack !== undefined) return { format: 'xml-4210', records: asList(child(child(child(pack, 'THONGTINHOSO'), 'DANHSACHHOSO'), 'HOSO')).map(xml1OfHoso) };
  return { format: 'xml', records: tongHopOf(doc) };
}

/** `<TONG_HOP>` at the root, or the children of the one root element. */
function tongHopOf(doc: Record<string, unknown>): RawRecord[] {
  if (doc.TONG_HOP !== undefined) return asList(doc.TONG_HOP);
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?'));
  const inner = roots.length === 1 ? child(doc[roots[0] as string], 'TONG_HOP') : undefined;
  if (inner === undefined) throw unreadable('neither a 4210 claims package (GIAMDINHHS) nor a list of TONG_HOP records');
  return asList(inner);
}

/** A HOSO's XML1 file: its NOIDUNGFILE decoded (base64, or plain XML) and its one TONG_HOP record. */
function xml1OfHoso(hoso: Record<string, unknown>, i: number): RawRecord {
  const row = i + 1;
  const file = asList(hoso.FILEHOSO).find((f) => textOf(f.LOAIHOSO).toUpperCase() === 'XML1');
  if (!file) throw badClaimsFile(`record ${row} (HOSO) has no XML1 file`, 'required', { row, field: 'XML1' });
  // XML1 written inside the package as elements rather than text: the outer parse has read it already.
  const nested = child(file.NOIDUNGFILE, 'TONG_HOP');
  if (nested !== undefined) return onlyOne(asList(nested), row);
  const content = textOf(file.NOIDUNGFILE);
  let inner = content;
  if (!content.startsWith('<')) {
    const compact = content.replace(/\s+/g, '');
    if (!compact || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw badClaimsFile(`record ${row}: NOIDUNGFILE is neither base64 nor XML`, 'claims_unreadable', { row, field: 'NOIDUNGFILE' });
    inner = stripBom(Buffer.from(compact, 'base64').toString('utf8'));
  }
  let records: RawRecord[];
  try {
    records = tongHopOf(parseXml(inner, `record ${row}'s XML1`));
  } catch (err) {
    if (err instanceof AppError) throw badClaimsFile(`record ${row}: its XML1 holds no readable TONG_HOP`, 'claims_unreadable', { row, field: 'NOIDUNGFILE' });
    throw err;
  }
  return onlyOne(records, row);
}

function onlyOne(records: RawRecord[], row: number): RawRecord {
  if (records.length !== 1) throw badClaimsFile(`record ${row}: its XML1 must hold one TONG_HOP`, 'claims_unreadable', { row, field: 'TONG_HOP' });
  return records[0] as RawRecord;
}

// ---- CSV -----------------------------------------------------------------------------------

/** The separator of the header line: spreadsheets in Vietnamese locales often write `;`. */
function separatorOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((s) => [s, header.split(s).length - 1] as const).sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}

function readCsv(text: string): RawRecord[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, { delimiter: separatorOf(text), skip_empty_lines: true, trim: true, relax_column_count: false, max_record_size: 64 * 1024 }) as string[][];
  } catch (err) {
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : undefined;
    throw unreadable(`not a readable CSV file${line ? ` (line ${line})` : ''}`, line);
  }
  const [header, ...data] = rows;
  const names = (header ?? []).map((h) => h.toUpperCase());
  for (const needed of ['MA_LK', 'T_NGUONKHAC']) {
    if (!names.includes(needed)) throw badClaimsFile(`the CSV has no ${needed} column`, 'required', { row: 0, field: needed });
  }
  return data.map((cells) => Object.fromEntries(names.map((n, i) => [n, cells[i]])));
}

import type { IdentifyingSpan } from './funding.schemas.js';
import { ADDRESS_WORDS, FAMILY_NAMES, HONORIFICS, isGroup, isPlaceOrGroup } from './stories.screen-words.js';
import { foldVietnamese } from '../../../fhir-mappings/patient-name.js';

/**
 * The story screen (issue 12 point 2; DOMAIN.md "Personal data protection": charities never see
 * names, ID numbers, exact addresses or dates of birth). Pure: the text and the patient's own
 * identifiers in, the offending spans out, in order. A span's `start`/`end` are JavaScript string
 * indexes (UTF-16 code units) into the text exactly as sent, so the client can highlight
 * `text.slice(start, end)`. Two kinds of finding:
 *  - what the patient's record knows (names of the patient and family, card and ID numbers, phones,
 *    address words), matched whole-word, ignoring diacritics and case ("Nguyen Van An" = "Nguyễn Văn An");
 *  - patterns that identify anyone: ID and card numbers (9–15 digits, BHYT `HN2101234567890`), phone
 *    numbers (0…, +84…), exact dates (05/03/2026, 2026-03-05, "ngày 5 tháng 3"), address parts
 *    ("số 12", "thôn Nà Pồng", "ngõ 34"), e-mail addresses, and full names (2–4 capitalised words led
 *    by a family name, or named after "bà", "anh", "bé" …).
 * Ordinary story words stay silent: ages ("12 tuổi"), amounts ("1.500.000 đồng"), a year alone, a
 * province ("vùng cao Lào Cai"), an ethnic group.
 */
export interface KnownIdentifiers {
  /** Full names of the patient and the family (folded comparison; each of two words or more). */
  names: string[];
  /** Card and ID numbers (BHYT, CCCD, CMND, the hospital's number, passport). */
  idNumbers: string[];
  phones: string[];
  /** Address words below the province: lines ("Thôn Nà Pồng"), the commune. */
  addressParts: string[];
}

export const NO_KNOWN: KnownIdentifiers = { names: [], idNumbers: [], phones: [], addressParts: [] };

type Kind = IdentifyingSpan['kind'];
interface Found {
  kind: Kind;
  start: number;
  end: number;
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD = '\\p{Lu}(?:[\\p{Ll}\\p{M}]*|[\\p{Lu}\\p{M}]*)';

/** The text without diacritics (case kept), and where each of its characters came from. */
function unmarked(text: string): { plain: string; at: number[] } {
  let plain = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const base = (text[i] as string).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    for (const ch of base) {
      plain += ch;
      at.push(i);
    }
  }
  return { plain, at };
}

/** A match on the unmarked text as a span of the original (through its trailing combining marks). */
function back(at: number[], text: string, start: number, end: number): { start: number; end: number } {
  let to = (at[end - 1] as number) + 1;
  while (to < text.length && /\p{M}/u.test(text[to] as string)) to += 1;
  return { start: at[start] as number, end: to };
}

function each(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  for (const m of text.matchAll(re)) fn(m);
}

// ---- Patterns ------------------------------------------------------------------------------

const EMAIL = new RegExp(`[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+`, 'gu');
const BHYT = new RegExp(`${B}(?:[A-Z]{2}[ .-]?|[a-z]{2})\\d(?:[ .-]?\\d){12}${E}`, 'gu');
const PHONE = new RegExp(`(?<![\\p{L}\\p{N}+])(?:\\+84|84|0)[ .-]?\\d(?:[ .-]?\\d){8,9}(?!\\p{N})`, 'gu');
const DIGITS = new RegExp(`(?<![\\p{L}\\p{N}.,])\\d(?:[ .-]?\\d){8,14}(?!\\p{N})`, 'gu');
const MONEY_FORM = /^[1-9]\d{0,2}(?:[.,]\d{3})+$/;
const MONEY_AFTER = /^\s*(?:dong|d|₫|vnd|trieu|nghin|ngan|ty)(?![\p{L}])/iu;
const DMY = /(?<![\p{N}/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\p{N}/.-]*\d)/gu;
const ISO = /(?<!\p{N})\d{4}[-/]\d{2}[-/]\d{2}(?!\p{N})/gu;
const WORDED_DATE = new RegExp(`${B}(?:ngay|mung|mong|hom)\\s+\\d{1,2}\\s*(?:thang\\s+\\d{1,2}|[/.-]\\s*\\d{1,2})(?:\\s*(?:,\\s*)?(?:nam\\s+|[/.-]\\s*)\\d{2,4})?${E}`, 'giu');

/** A word as written at the start of a sentence too ("Thôn Nà Pồng"); the `i` flag would let \p{Lu} match lower case. */
const eitherCase = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)])
    .map(escape)
    .join('|');
// "trong số 5 anh chị em" counts; it is no house number.
const ADDRESS = new RegExp(`${B}(?<!trong\\s)(?:${eitherCase(ADDRESS_WORDS)})\\s+((?:\\d{1,4}[A-Za-z]?(?:/\\d{1,4}[A-Za-z]?)*)${E}|${WORD}(?:\\s+${WORD}){0,3}${E})`, 'gu');
const CAPITALISED_RUN = new RegExp(`${B}${WORD}(?:\\s+${WORD}){1,5}${E}`, 'gu');
const AFTER_HONORIFIC = new RegExp(`${B}(?:${eitherCase(HONORIFICS)})\\s+(${WORD}(?:\\s+${WORD}){0,3})${E}`, 'gu');

function ids(plain: string, out: Found[]): void {
  each(BHYT, plain, (m) => out.push({ kind: 'id-number', start: m.index, end: m.index + m[0].length }));
  each(PHONE, plain, (m) => out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length }));
  each(DIGITS, plain, (m) => {
    const end = m.index + m[0].length;
    // "150.000.000 đồng" is money; "001 234 567 890" a citizen's card.
    if (MONEY_FORM.test(m[0]) || MONEY_AFTER.test(plain.slice(end))) return;
    out.push({ kind: 'id-number', start: m.index, end });
  });
}

function dates(plain: string, out: Found[]): void {
  each(DMY, plain, (m) => {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) out.push({ kind: 'exact-date', start: m.index, end: m.index + m[0].length });
  });
  each(ISO, plain, (m) => out.push({ kind: 'exact-date', start: m.index, end: m.index + m[0].length }));
  each(WORDED_DATE, plain, (m) => out.push({ kind: 'exact-date', start: m.index, end: m.index + m[0].length }));
}

/**
 * A full name in a run of capitalised words: from the first family name that is not a place ("Hà
 * Giang"), at most four words ("Chiều nay Nguyễn Văn A" → "Nguyễn Văn A"; "Bà Lò Thị Mai" → "Lò Thị Mai").
 */
function namesInRun(run: string, offset: number, out: Found[]): void {
  const words = [...run.matchAll(/\S+/gu)];
  for (let i = 0; i < words.length - 1; i += 1) {
    const w = words[i] as RegExpExecArray;
    const rest = run.slice(w.index);
    if (!FAMILY_NAMES.has(foldVietnamese(w[0])) || isPlaceOrGroup(rest)) continue;
    const last = words[Math.min(i + 3, words.length - 1)] as RegExpExecArray;
    out.push({ kind: 'name', start: offset + w.index, end: offset + last.index + last[0].length });
    return;
  }
}

/** Address words and names read the text with its marks: "bạn" is not "bản", "phở" not "phố". */
function wordsOf(text: string, out: Found[]): void {
  each(ADDRESS, text, (m) => {
    // "bản Dao", "làng Mông": a people, not a place ("phố Huế" is a street: places stay flagged here).
    if (isGroup(m[1] as string)) return;
    out.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  });
  each(CAPITALISED_RUN, text, (m) => namesInRun(m[0], m.index, out));
  each(AFTER_HONORIFIC, text, (m) => {
    const name = m[1] as string;
    if (isPlaceOrGroup(name)) return;
    const start = m.index + m[0].length - name.length;
    out.push({ kind: 'name', start, end: start + name.length });
  });
}

// ---- What the record knows -----------------------------------------------------------------

const digitsOf = (s: string): string => s.replace(/\D/g, '');
const spaced = (chars: string): string => [...chars].map(escape).join('[ .-]?');

function knownPatterns(known: KnownIdentifiers): { kind: Kind; re: RegExp }[] {
  const out: { kind: Kind; re: RegExp }[] = [];
  const words = (s: string): string => foldVietnamese(s).split(' ').map(escape).join('\\s+');
  for (const n of known.names) if (foldVietnamese(n).includes(' ')) out.push({ kind: 'name', re: new RegExp(`${B}${words(n)}${E}`, 'giu') });
  for (const a of known.addressParts) if (foldVietnamese(a).length >= 3) out.push({ kind: 'address', re: new RegExp(`${B}${words(a)}${E}`, 'giu') });
  for (const id of known.idNumbers) {
    const clean = id.replace(/[\s.-]/g, '');
    if (clean.length >= 6) out.push({ kind: 'id-number', re: new RegExp(`${B}${spaced(clean)}${E}`, 'giu') });
  }
  for (const p of known.phones) {
    const national = digitsOf(p).replace(/^(?:84|0)/, '');
    if (national.length >= 8) out.push({ kind: 'phone', re: new RegExp(`(?<![\\p{L}\\p{N}+])(?:\\+?84[ .-]?|0)?${spaced(national)}(?!\\p{N})`, 'gu') });
  }
  return out;
}

// ---- Together ------------------------------------------------------------------------------

/** Overlapping findings become one span (the longer finding's kind); address parts in a row ("số 12, ngõ 34") too. */
function merge(found: Found[], text: string): Found[] {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Found[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    const chained = last && last.kind === 'address' && f.kind === 'address' && /^[\s,]*$/.test(text.slice(last.end, f.start));
    if (last && (f.start < last.end || chained)) last.end = Math.max(last.end, f.end);
    else out.push({ ...f });
  }
  return out;
}

/**
 * The text composed (NFC: what the patterns are written in), and for each of its code units the
 * original's range: a letter with its combining marks is composed on its own, so the ranges are exact.
 */
function composed(text: string): { nfc: string; from: number[]; to: number[] } {
  let nfc = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const cluster of text.match(/\P{M}\p{M}*|\p{M}+/gsu) ?? []) {
    const c = cluster.normalize('NFC');
    nfc += c;
    for (let k = 0; k < c.length; k += 1) {
      from.push(i);
      to.push(i + cluster.length);
    }
    i += cluster.length;
  }
  return { nfc, from, to };
}

function screenComposed(text: string, known: KnownIdentifiers): Found[] {
  const { plain, at } = unmarked(text);
  const onPlain: Found[] = [];
  const matches = (re: RegExp, kind: Kind): void => each(re, plain, (m) => onPlain.push({ kind, start: m.index, end: m.index + m[0].length }));
  matches(EMAIL, 'email');
  ids(plain, onPlain);
  dates(plain, onPlain);
  for (const k of knownPatterns(known)) matches(k.re, k.kind);
  const found: Found[] = onPlain.filter((f) => f.end > f.start).map((f) => ({ kind: f.kind, ...back(at, text, f.start, f.end) }));
  wordsOf(text, found);
  return merge(found, text);
}

/** The spans of `text` that could identify the patient, in order, none overlapping, as indexes into `text` as sent. */
export function screenIdentifying(text: string, known: KnownIdentifiers = NO_KNOWN): IdentifyingSpan[] {
  const { nfc, from, to } = composed(text);
  return screenComposed(nfc, known).map((f) => {
    const start = from[f.start] as number;
    const end = to[f.end - 1] as number;
    return { kind: f.kind, start, end, text: text.slice(start, end) };
  });
}

import { isRecord, readArray, readString, warn, type Problems } from './read.js';

/**
 * Vietnamese personal names in FHIR HumanName (https://hl7.org/fhir/R4/datatypes.html#HumanName).
 * Vietnamese and the northern minority languages write the family name first ("Giàng A Páo":
 * family Giàng, middle A, given Páo; "Nguyễn Thị Lan"), so the full name is family + given, never
 * given + family. Many hospital systems send only `text`, or the whole name in `family`.
 */

export interface PersonName {
  family: string | null;
  /** Middle and given names in order, e.g. ['Thị', 'Lan']. */
  given: string[];
  /** The name as it is written in Vietnamese, family first. */
  full: string | null;
  /** `full` lower-cased without diacritics (đ → d), for accent-insensitive search. */
  folded: string | null;
}

const folded = new Map<string, string>();
const FOLDED_KEPT = 20_000;

/**
 * Lower-case, diacritics removed (tones and vowel marks, and đ/Đ → d), whitespace collapsed:
 * "Giàng A Páo" → "giang a pao", "Đặng Thị Mẩy" → "dang thi may". Used for search, where social
 * workers type names without accents on a phone keyboard. Memoised: census sync folds the same
 * family names, places and wards thousands of times.
 */
export function foldVietnamese(s: string): string {
  let f = folded.get(s);
  if (f === undefined) {
    if (folded.size >= FOLDED_KEPT) folded.clear();
    f = fold(s);
    folded.set(s, f);
  }
  return f;
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const PREFERRED_USES = ['official', 'usual'];

/** Picks the name to show: official, then usual, then the first that is not old or anonymous. */
function pickName(names: unknown[]): { name: Record<string, unknown>; index: number } | null {
  const records = names.flatMap((name, index) => (isRecord(name) ? [{ name, index }] : []));
  for (const use of PREFERRED_USES) {
    const hit = records.find((r) => r.name.use === use);
    if (hit) return hit;
  }
  return records.find((r) => r.name.use !== 'old' && r.name.use !== 'anonymous') ?? records[0] ?? null;
}

function readFamily(v: unknown, path: string, problems: Problems): string | null {
  if (Array.isArray(v)) {
    warn(problems, 'FHIR.WRONG_TYPE', path, 'family is an array (DSTU2 form); joined its parts');
    return (
      v
        .filter((p): p is string => typeof p === 'string')
        .join(' ')
        .trim() || null
    );
  }
  return readString(v, path, problems);
}

function splitFull(text: string): { family: string | null; given: string[] } {
  const [family, ...given] = text.split(/\s+/).filter(Boolean);
  return { family: family ?? null, given };
}

/**
 * Reads a list of HumanName into one Vietnamese name. `null` when there is no usable name; the
 * caller decides whether that is a problem (it is for a Patient).
 */
export function readPersonName(v: unknown, path: string, problems: Problems): PersonName | null {
  const names = readArray(v, path, problems).map((n, i) => {
    if (typeof n !== 'string') return n;
    warn(problems, 'FHIR.WRONG_TYPE', `${path}[${i}]`, 'name is a bare string; read it as HumanName.text');
    return { text: n };
  });
  const picked = pickName(names);
  if (!picked) return null;
  const p = `${path}[${picked.index}]`;
  const text = readString(picked.name.text, `${p}.text`, problems);
  let family = readFamily(picked.name.family, `${p}.family`, problems);
  let given = readArray(picked.name.given, `${p}.given`, problems)
    .map((g, i) => readString(g, `${p}.given[${i}]`, problems))
    .filter((g): g is string => g !== null);
  if (!family && given.length === 0 && text) ({ family, given } = splitFull(text));
  else if (family && given.length === 0 && /\s/.test(family)) ({ family, given } = splitFull(family));
  const parts = [family, ...given].filter((x): x is string => Boolean(x));
  const full = text ?? (parts.length > 0 ? parts.join(' ') : null);
  if (!full) return null;
  return { family, given, full, folded: foldVietnamese(full) };
}

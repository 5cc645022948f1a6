import type { ProvinceRef } from './bhyt.js';
import { foldVietnamese } from './patient-name.js';
import { isRecord, readArray, readRecord, readString, warn, type Problems } from './read.js';

/**
 * Vietnamese addresses in FHIR Address (https://hl7.org/fhir/R4/datatypes.html#Address), VN Core
 * profile vn-core-address. Until 2025-06-30 an address had three levels (province, district,
 * commune); from 2025-07-01 districts are gone and there are two (Resolution 202/2025/QH15 and the
 * 2025 amendment to the Law on Local Government). Records carry both: the presence of `district`
 * says which form a given address uses.
 * Where hospitals put each level (seen in deployed integrations): province in `state`, or in `city`
 * when `state` is empty; commune in a ward/commune extension, in a `line` starting "xã / phường /
 * thị trấn / đặc khu", or in `city` when the province is in `state` and there is no district.
 */

export interface VnAddress {
  use: string | null;
  text: string | null;
  /** House, street, hamlet (thôn, bản): everything below the commune. */
  line: string[];
  commune: string | null;
  district: string | null;
  province: string | null;
  /** The province after the 2025 reorganisation, from the province table; null when not found. */
  newProvince: string | null;
  form: 'old-3-level' | 'new-2-level';
}

const COMMUNE_PREFIXES = ['xa ', 'phuong ', 'thi tran ', 'dac khu '];
const DISTRICT_PREFIXES = ['huyen ', 'quan ', 'thi xa ', 'thanh pho '];
const PROVINCE_PREFIXES = ['tinh ', 'thanh pho ', 'tp. ', 'tp '];

const startsWithAny = (s: string, prefixes: readonly string[]): boolean => prefixes.some((p) => foldVietnamese(s).startsWith(p));

/** Province name without "Tỉnh"/"Thành phố", folded, for matching against the table. */
function provinceKey(name: string): string {
  const folded = foldVietnamese(name);
  const prefix = PROVINCE_PREFIXES.find((p) => folded.startsWith(p));
  return prefix ? folded.slice(prefix.length).trim() : folded;
}

/**
 * The post-2025 province. A 3-level address names an old province; a 2-level one should name a
 * new province, but an old name there (e.g. "Yên Bái", which no longer exists) is still mapped.
 */
export function newProvinceOf(province: string | null, provinces: readonly ProvinceRef[]): string | null {
  if (!province) return null;
  const key = provinceKey(province);
  return (provinces.find((p) => provinceKey(p.newName) === key) ?? provinces.find((p) => provinceKey(p.oldName) === key))?.newName ?? null;
}

function communeFromExtensions(v: unknown, path: string, problems: Problems): string | null {
  for (const ext of readArray(v, path, problems)) {
    if (!isRecord(ext) || typeof ext.url !== 'string' || !/ward|commune/i.test(ext.url)) continue;
    if (typeof ext.valueString === 'string') return ext.valueString.trim() || null;
    const coding = isRecord(ext.valueCoding) ? ext.valueCoding : isRecord(ext.valueCodeableConcept) ? ext.valueCodeableConcept : null;
    const label = coding && (typeof coding.display === 'string' ? coding.display : typeof coding.text === 'string' ? coding.text : null);
    if (label) return label;
  }
  return null;
}

/** Reads an address given only as text, "Thôn Sín Chải, xã Tả Van, huyện Sa Pa, tỉnh Lào Cai". */
function fromText(text: string): Pick<VnAddress, 'line' | 'commune' | 'district' | 'province'> {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const province = parts.length > 1 ? (parts.pop() ?? null) : null;
  const commune = parts.find((s) => startsWithAny(s, COMMUNE_PREFIXES)) ?? null;
  const district = parts.find((s) => s !== commune && startsWithAny(s, DISTRICT_PREFIXES)) ?? null;
  return { line: parts.filter((s) => s !== commune && s !== district), commune, district, province };
}

function structured(
  a: Record<string, unknown>,
  p: string,
  problems: Problems,
): Pick<VnAddress, 'line' | 'commune' | 'district' | 'province'> {
  const lines = readArray(a.line, `${p}.line`, problems)
    .map((l, i) => readString(l, `${p}.line[${i}]`, problems))
    .filter((l): l is string => l !== null);
  const district = readString(a.district, `${p}.district`, problems);
  const state = readString(a.state, `${p}.state`, problems);
  const city = readString(a.city, `${p}.city`, problems);
  const lineCommune = lines.find((l) => startsWithAny(l, COMMUNE_PREFIXES)) ?? null;
  const cityIsCommune = city !== null && state !== null && (district === null || startsWithAny(city, COMMUNE_PREFIXES));
  const commune = communeFromExtensions(a.extension, `${p}.extension`, problems) ?? lineCommune ?? (cityIsCommune ? city : null);
  return { line: lines.filter((l) => l !== lineCommune), commune, district, province: state ?? (cityIsCommune ? null : city) };
}

export function readVnAddress(v: unknown, path: string, problems: Problems, provinces: readonly ProvinceRef[]): VnAddress | null {
  const a = readRecord(v, path, problems);
  if (!a) return null;
  const text = readString(a.text, `${path}.text`, problems);
  const hasParts = ['line', 'city', 'district', 'state'].some((k) => a[k] !== undefined);
  if (!hasParts && text)
    warn(problems, 'ADDRESS.PARSED_FROM_TEXT', path, 'address has only text; levels were read from its comma-separated parts');
  const parts = hasParts ? structured(a, path, problems) : text ? fromText(text) : null;
  if (!parts) return null;
  const form = parts.district ? 'old-3-level' : 'new-2-level';
  const newProvince = newProvinceOf(parts.province, provinces);
  if (parts.province && !newProvince)
    warn(problems, 'ADDRESS.UNKNOWN_PROVINCE', `${path}`, `province '${parts.province}' is not in the province table`);
  return { use: readString(a.use, `${path}.use`, problems), text, ...parts, newProvince, form };
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldVietnamese } from '../../../fhir-mappings/patient-name.js';
import { networkHospitals, provinces, vnCoreEthnicGroups } from '../../reference-data/index.js';

/**
 * The words the story screen (stories.screen.ts) reads names and addresses by, loaded once from the
 * reference tables (server/reference-data/): family names of the naming patterns of the northern
 * ethnic groups (ethnic-names.json) plus the common Kinh family names, and the place and group names
 * that look like a name but identify nobody (a province, a hospital, an ethnic group), so "vùng cao
 * Lào Cai", "Hà Giang" or "người Dao" raise no alarm. All folded (no diacritics, lower case).
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../reference-data');
const ethnicNames = JSON.parse(readFileSync(join(dir, 'ethnic-names.json'), 'utf8')) as { groups: { family: string[] }[] };

/** The most common Vietnamese family names (together about 90 % of the population), beyond the table's northern groups. */
const COMMON_FAMILY_NAMES = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý',
  'Đinh', 'Trịnh', 'Đoàn', 'Lâm', 'Lương', 'Vương', 'Triệu', 'Tạ', 'Cao', 'Tô', 'Quách', 'Kiều', 'Đào', 'Chu', 'Lưu', 'Mạc',
  'Nông', 'Lò', 'Cầm', 'Giàng', 'Sùng', 'Vàng', 'Thào', 'Tẩn', 'Bàn', 'Lục', 'Lường', 'Hà', 'Phùng', 'Khuất', 'Tăng',
];

export const FAMILY_NAMES: ReadonlySet<string> = new Set(
  [...COMMON_FAMILY_NAMES, ...ethnicNames.groups.flatMap((g) => g.family)].map((n) => foldVietnamese(n)),
);

/** Ethnic groups' names as people write them ("người Mông", "dân tộc Thái"), beyond the VN Core table's spellings. */
const GROUP_SPELLINGS = ['Mông', 'HMông', 'Hmông', 'Kinh', 'Dao', 'Tày', 'Thái', 'Nùng', 'Giáy', 'Phù Lá', 'Hà Nhì', 'La Chí', 'Lô Lô', 'Bố Y', 'Pà Thẻn'];

/** Names of places and groups, folded: a run of capitalised words that is (or starts with) one of them is no person's name. */
export const NOT_PERSON_NAMES: readonly string[] = [
  ...new Set(
    [
      ...provinces.flatMap((p) => [p.oldName, p.newName]),
      ...networkHospitals.flatMap((h) => [h.province, h.oldProvince]),
      ...vnCoreEthnicGroups.map((g) => g.display),
      ...GROUP_SPELLINGS,
      'Việt Nam', 'Trung Quốc', 'Lào', 'Tết', 'Bảo hiểm', 'Bệnh viện', 'Trung ương', 'Nhà nước', 'Chính phủ', 'Bạch Mai', 'Việt Đức',
      'Nhi Trung ương', 'Huyết học', 'Sa Pa', 'Mường Lát', 'Mù Cang Chải', 'Bắc Hà', 'Si Ma Cai', 'Mường Khương', 'Bát Xát',
      'Hoàng Su Phì', 'Lục Yên', 'Lục Ngạn', 'Lục Nam', 'Lương Sơn', 'Hà Quảng', 'Lâm Bình', 'Đồng Văn', 'Mai Châu',
    ].map((n) => foldVietnamese(n)),
  ),
].sort((a, b) => b.length - a.length);

/** True when the folded run of words is a place or group name, or begins with one ("Hà Giang cũ"). */
export function isPlaceOrGroup(run: string): boolean {
  const f = foldVietnamese(run);
  return NOT_PERSON_NAMES.some((p) => f === p || f.startsWith(`${p} `));
}

const GROUPS: readonly string[] = [...vnCoreEthnicGroups.map((g) => g.display), ...GROUP_SPELLINGS].map((n) => foldVietnamese(n));

/** True when the words name an ethnic group ("Dao", "Mông"). */
export function isGroup(words: string): boolean {
  return GROUPS.includes(foldVietnamese(words));
}

/** How people are named in a story before their name ("bà Lò Thị Mai", "bé Páo"), as written with and without marks. */
export const HONORIFICS = [
  'ông', 'bà', 'anh', 'chị', 'em', 'cháu', 'bé', 'cô', 'chú', 'bác', 'cụ', 'mẹ', 'bố', 'cha', 'vợ', 'chồng', 'dì', 'thím', 'mợ',
  'ong', 'chi', 'chau',
];

/**
 * Words that name a part of an address below the commune, or the commune itself (charities see the
 * province only: DOMAIN.md "Personal data protection"). Unmarked spellings only where they mean
 * nothing else ("ban" may be "bạn", "to" an English word): written without marks they stay silent.
 */
export const ADDRESS_WORDS = [
  'số nhà', 'tổ dân phố', 'khu phố', 'thị trấn', 'số', 'thôn', 'bản', 'xóm', 'ấp', 'ngõ', 'ngách', 'hẻm', 'kiệt', 'tổ', 'khu',
  'đường', 'phố', 'làng', 'xã', 'phường', 'so nha', 'thon', 'xom', 'ngo', 'ngach', 'hem', 'duong', 'phuong', 'so',
];

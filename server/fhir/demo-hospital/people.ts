import type { Address, HumanName } from '@medplum/fhirtypes';
import { AGE_BANDS, type Band } from './catalogue.js';
import { HAMLETS, PLACES, placesOf, STREETS, type Place } from './places.js';
import type { Rng } from './prng.js';
import { ethnicGroups, province, type EthnicGroupRef } from './reference.js';
import { DAY } from './time.js';

/**
 * Who the patients are: age, sex, ethnic group, where they live. Ethnic groups follow
 * ethnic-names.json's shares for Lào Cai in mountain provinces (mostly Kinh in the lowlands);
 * minorities live mostly in rural communes; home provinces are weighted toward the hospital's.
 */
export type Sex = 'male' | 'female';

export interface Person {
  sex: Sex;
  band: Band;
  /** Age at the demo's now, in days (a newborn's is fixed later from its admission). */
  ageDays: number;
  ethnic: EthnicGroupRef;
  minority: boolean;
  place: Place;
  provinceCode: string;
  newProvince: string;
  line: string;
  name: NameParts;
}

export interface NameParts {
  family: string;
  middle: string;
  given: string;
}

/** Home old province 78 %, its neighbours 15 %, the rest of the north 7 %. */
export function provinceWeights(homeProvince: string): [string, number][] {
  const home = PLACES[homeProvince];
  if (!home) throw new Error(`No places for province ${homeProvince}`);
  const others = Object.keys(PLACES).filter((p) => p !== homeProvince && !home.neighbours.includes(p));
  return [
    [homeProvince, 0.78],
    ...home.neighbours.map((n): [string, number] => [n, 0.15 / home.neighbours.length]),
    ...others.map((o): [string, number] => [o, 0.07 / others.length]),
  ];
}

const URBAN_SHARE: Record<string, number> = { Kinh: 0.55, Tày: 0.2, Giáy: 0.2, Nùng: 0.2, Thái: 0.2 };

export function drawPerson(rng: Rng, weights: [string, number][]): Person {
  const oldProvince = rng.weighted(weights);
  const ethnic = drawEthnicGroup(rng, PLACES[oldProvince]?.highland ?? true);
  const places = placesOf(oldProvince);
  const wantUrban = rng.chance(URBAN_SHARE[ethnic.name] ?? 0.05);
  const place = rng.pick(places.filter((p) => p.urban === wantUrban).length > 0 ? places.filter((p) => p.urban === wantUrban) : places);
  const bandRef = rng.weighted(AGE_BANDS.map((b) => [b, b.weight] as const));
  const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
  const ref = province(oldProvince);
  return {
    sex,
    band: bandRef.band,
    ageDays: rng.int(bandRef.minDays, bandRef.maxDays),
    ethnic,
    minority: ethnic.name !== 'Kinh',
    place,
    provinceCode: ref.oldCode,
    newProvince: ref.newName,
    line: addressLine(rng, place.urban),
    name: drawName(rng, ethnic, sex),
  };
}

function drawEthnicGroup(rng: Rng, highland: boolean): EthnicGroupRef {
  const kinh = ethnicGroups.find((g) => g.name === 'Kinh');
  if (!highland && kinh && rng.chance(0.9)) return kinh;
  const pool = highland ? ethnicGroups : ethnicGroups.filter((g) => g !== kinh);
  return rng.weighted(pool.map((g) => [g, g.share_lao_cai] as const));
}

/** Family name first, then middle and given name: "Giàng A Páo", "Nguyễn Thị Lan". */
export function drawName(rng: Rng, ethnic: EthnicGroupRef, sex: Sex, family?: string): NameParts {
  return {
    family: family ?? rng.pick(ethnic.family),
    middle: rng.pick(sex === 'male' ? ethnic.middleMale : ethnic.middleFemale),
    given: rng.pick(ethnic.given),
  };
}

export function humanName(n: NameParts): HumanName {
  return { use: 'official', text: `${n.family} ${n.middle} ${n.given}`, family: n.family, given: [n.middle, n.given] };
}

function addressLine(rng: Rng, urban: boolean): string {
  if (urban) return rng.chance(0.5) ? `Số ${rng.int(1, 250)} đường ${rng.pick(STREETS)}` : `Tổ ${rng.int(1, 30)}`;
  return rng.chance(0.7) ? rng.pick(HAMLETS) : `Thôn ${rng.int(1, 12)}`;
}

const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const provinceLabel = (name: string): string => (name === 'Hà Nội' ? `thành phố ${name}` : `tỉnh ${name}`);

/**
 * The same home in both forms: the 3-level one (commune, district, old province), no longer in use
 * since 2025-07-01, and the 2-level one (commune, new province). Province in `state`, district in
 * `district`, commune in `city`: where fhir-mappings/patient-address.ts reads them.
 */
export function addresses(p: Person): Address[] {
  const { place } = p;
  const oldText = `${p.line}, ${lower(place.commune)}, ${lower(place.district)}, ${provinceLabel(place.oldProvince)}`;
  const newText = `${p.line}, ${lower(place.newCommune)}, ${provinceLabel(p.newProvince)}`;
  return [
    {
      use: 'home',
      type: 'physical',
      text: newText,
      line: [p.line],
      city: place.newCommune,
      state: p.newProvince,
      country: 'VN',
      period: { start: '2025-07-01' },
    },
    {
      use: 'old',
      type: 'physical',
      text: oldText,
      line: [p.line],
      city: place.commune,
      district: place.district,
      state: place.oldProvince,
      country: 'VN',
      period: { end: '2025-06-30' },
    },
  ];
}

/** Birth date for an age in days at `nowMs`; elders of minority groups often know only the year. */
export function birthDate(rng: Rng, p: Person, bornMs: number): string {
  const iso = new Date(bornMs + 7 * 3_600_000).toISOString();
  if (p.minority && (p.band === 'elder' || p.band === 'old') && rng.chance(0.3)) return iso.slice(0, 4);
  return iso.slice(0, 10);
}

export const ageYears = (ageDays: number): number => Math.floor(ageDays / 365.25);
export const bornAt = (nowMs: number, ageDays: number): number => nowMs - ageDays * DAY;

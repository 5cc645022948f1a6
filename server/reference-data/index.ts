import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reference tables, loaded as configuration (copied from the project's shared domain data; each
 * file's "about" says its source and what to verify before production).
 */
const here = dirname(fileURLToPath(import.meta.url));
const load = <T>(name: string): T => JSON.parse(readFileSync(join(here, name), 'utf8')) as T;

export interface NetworkHospitalRef {
  name: string;
  province: string;
  oldProvince: string;
  level: 'central' | 'provincial' | 'district';
  unit: 'phong' | 'to';
  demoCode: string;
}

export interface ProvinceRef {
  oldCode: string;
  oldName: string;
  newName: string;
}

export const networkHospitals = load<{ hospitals: NetworkHospitalRef[] }>('network-hospitals.json').hospitals;
/**
 * All 63 pre-2025 provinces with their card codes and the 34 they became: the table every lookup
 * uses (central hospitals in Hà Nội receive patients from the whole country, so a card from
 * anywhere must parse).
 */
export const provinces = load<{ provinces: ProvinceRef[] }>('provinces-vn.json').provinces;
/** The northern subset the demo network is generated from (synthetic addresses and cards). */
export const northernProvinces = load<{ provinces: ProvinceRef[] }>('provinces-north.json').provinces;

interface BhytGroupsFile {
  groups: { code: string; vi: string; en: string; usualBenefit: number; signals: string[]; note?: string }[];
}
interface EthnicGroupsFile {
  system: string;
  codes: { code: string; display: string }[];
}

export const bhytGroups = load<BhytGroupsFile>('bhyt-groups.json').groups;

/** One day off in a year's holiday table (vn-public-holidays.json says what each field means). */
export interface HolidayDayOff {
  date: string;
  holiday: string;
  why: 'holiday' | 'made-up' | 'swapped';
  lunar?: string;
  lunarYear?: number;
  workedOn?: string;
  for?: string;
}
export interface HolidayYear {
  status: string;
  sources: string[];
  daysOff: HolidayDayOff[];
  /** Saturdays (or Sundays) worked in exchange for a swapped day off. */
  workingDays: { date: string; for: string }[];
  pending?: { date: string; holiday: string; note: string }[];
}
/** Vietnam's public holidays per year, dated configuration with its legal source (server/clock.ts reads it). */
export const vnPublicHolidays = load<{ years: Record<string, HolidayYear> }>('vn-public-holidays.json').years;
export const vnCoreEthnicGroups = load<EthnicGroupsFile>('vn-core-ethnic-groups.json').codes;

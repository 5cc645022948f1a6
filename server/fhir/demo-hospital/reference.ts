import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkHospitals, northernProvinces, type NetworkHospitalRef, type ProvinceRef } from '../../reference-data/index.js';

/**
 * The reference tables the generator draws from (server/reference-data/*.json): ethnic naming
 * patterns with their shares in Lào Cai, BHYT groups with their usual benefit digit, provinces old
 * and new, and the network's hospitals. reference-data/index.ts exports only some of them; the rest
 * are read here the same way.
 */
export interface EthnicGroupRef {
  name: string;
  share_lao_cai: number;
  family: string[];
  middleMale: string[];
  middleFemale: string[];
  given: string[];
  vnCoreRaceCode: string;
}

export interface BhytGroupRef {
  code: string;
  vi: string;
  en: string;
  usualBenefit: number;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../reference-data');
const load = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;

export const ethnicGroups: readonly EthnicGroupRef[] = load<{ groups: EthnicGroupRef[] }>('ethnic-names.json').groups;
export const bhytGroups: readonly BhytGroupRef[] = load<{ groups: BhytGroupRef[] }>('bhyt-groups.json').groups;
export const provinces: readonly ProvinceRef[] = northernProvinces;
export const hospitals: readonly NetworkHospitalRef[] = networkHospitals;

export function bhytGroup(code: string): BhytGroupRef {
  const g = bhytGroups.find((x) => x.code === code);
  if (!g) throw new Error(`BHYT group ${code} is not in bhyt-groups.json`);
  return g;
}

export function province(oldName: string): ProvinceRef {
  const p = provinces.find((x) => x.oldName === oldName);
  if (!p) throw new Error(`Province ${oldName} is not in provinces-north.json`);
  return p;
}

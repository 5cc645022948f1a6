import type { Rng } from './prng.js';

/**
 * Identifier numbers in the real formats, unique by construction: the per-person part is an affine
 * bijection of the patient's index (multiplier coprime with the modulus), so no two patients of a
 * run share a number, and patient i gets the same numbers whatever the size of the run.
 */
function permute(index: number, modulus: number, multiplier: number, offset: number): number {
  return (((index * multiplier + offset) % modulus) + modulus) % modulus;
}

/**
 * CCCD, 12 digits: 3-digit province of birth registration (0 + the old 2-digit code), a digit for
 * sex and century (0/1 male/female born 1900s, 2/3 born 2000s), 2 digits of the birth year, then
 * 6 digits. Patients and their relatives draw the last 6 digits from disjoint halves.
 */
export function cccd(o: {
  provinceCode: string;
  male: boolean;
  birthYear: number;
  index: number;
  offset: number;
  relative: boolean;
}): string {
  const centurySex = (o.birthYear >= 2000 ? 2 : 0) + (o.male ? 0 : 1);
  const tail = permute(o.index, 500_000, 7919, o.offset) + (o.relative ? 500_000 : 0);
  return `0${o.provinceCode}${centurySex}${String(o.birthYear % 100).padStart(2, '0')}${String(tail).padStart(6, '0')}`;
}

/** Social-insurance number (mã số BHXH), 10 digits: issuing province code, then 8 digits. */
export function socialInsuranceNumber(o: { provinceCode: string; index: number; offset: number }): string {
  return `${o.provinceCode}${String(permute(o.index, 100_000_000, 104_729, o.offset)).padStart(8, '0')}`;
}

/** The hospital's patient number: 2-digit year of the first visit and a running number. */
export function medicalRecordNumber(firstVisitYear: number, index: number): string {
  return `${String(firstVisitYear % 100).padStart(2, '0')}${String(index + 1).padStart(6, '0')}`;
}

const MOBILE_PREFIXES = [
  '086',
  '096',
  '097',
  '098',
  '032',
  '033',
  '035',
  '037',
  '039',
  '088',
  '091',
  '094',
  '083',
  '085',
  '090',
  '093',
  '070',
  '079',
  '077',
];

/** A Vietnamese mobile number: random digits after a carrier prefix. Synthetic; may match a real line, so never dial it. */
export function mobileNumber(rng: Rng): string {
  return `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

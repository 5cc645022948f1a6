import type { Coverage, Identifier, Patient, Reference } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { DEMO_SYSTEMS } from './demo-systems.js';
import { socialInsuranceNumber } from './identifiers.js';
import { ageYears, type Person } from './people.js';
import type { Rng } from './prng.js';
import { bhytGroup, type BhytGroupRef } from './reference.js';
import { DAY, instant, vnDate } from './time.js';

/**
 * Health insurance (BHYT). Who holds which card, as in the mountains: every child under 6 has a
 * free TE card; poor and near-poor households (HN, CN: commoner among HMông, Hà Nhì, Phù Lá and
 * Dao in rural communes) and minorities in disadvantaged communes (DT, DK) are covered by the state;
 * elders by pension (HT) or social allowance (BT); pupils (HS); the rest through work or the
 * household scheme (DN, HC, GD). About one patient in twelve has no card at all, and some cards
 * have lapsed. Card numbers: group + benefit digit + province code + 10-digit social-insurance
 * number (Decision 1351/QĐ-BHXH).
 */
export interface Insurance {
  group: BhytGroupRef;
  benefit: number;
  number: string;
  startMs: number;
  endMs: number;
  expired: boolean;
}

/** Chosen so that ~8 % of all patients (children under 6 always insured) have no card. */
const UNINSURED_OVER_6 = 0.1;
const EXPIRED = 0.06;
const HIGH_POVERTY = new Set(['HMông', 'Hà Nhì', 'Phù Lá', 'Dao']);
const COVERAGE_CLASS = DEMO_SYSTEMS.coverageClass;

function chooseGroup(rng: Rng, p: Person): string | null {
  const age = ageYears(p.ageDays);
  if (age < 6) return 'TE';
  if (rng.chance(UNINSURED_OVER_6)) return null;
  const remote = p.minority && !p.place.urban;
  const poor = p.place.urban ? 0.02 : remote ? (HIGH_POVERTY.has(p.ethnic.name) ? 0.3 : 0.15) : 0.06;
  if (rng.chance(poor)) return 'HN';
  if (rng.chance(poor * 0.6)) return 'CN';
  if (remote && rng.chance(0.55)) return rng.chance(0.6) ? 'DK' : 'DT';
  if (age >= 80 && rng.chance(0.6)) return 'BT';
  if (age >= 60 && rng.chance(p.place.urban ? 0.5 : 0.25)) return 'HT';
  if (age >= 60 && rng.chance(0.04)) return 'CC';
  if (age < 18) return 'HS';
  if (age < 23 && rng.chance(0.3)) return 'SV';
  if (age < 60) {
    const x = rng.next();
    if (x < (p.place.urban ? 0.3 : 0.12)) return 'DN';
    if (x < (p.place.urban ? 0.45 : 0.18)) return 'HC';
  }
  return 'GD';
}

/** Validity as printed: TE until the 6th birthday, state-paid groups by calendar year, pupils by school year. */
function validity(rng: Rng, code: string, nowMs: number, bornMs: number): { startMs: number; endMs: number } {
  const year = new Date(nowMs).getUTCFullYear();
  if (code === 'TE') return { startMs: bornMs, endMs: bornMs + 6 * 365 * DAY };
  if (['HN', 'CN', 'DT', 'DK', 'BT', 'CC', 'HT'].includes(code)) return { startMs: Date.UTC(year, 0, 1), endMs: Date.UTC(year, 11, 31) };
  if (code === 'HS') {
    const from = new Date(nowMs).getUTCMonth() >= 9 ? year : year - 1;
    return { startMs: Date.UTC(from, 9, 1), endMs: Date.UTC(from + 1, 8, 30) };
  }
  const startMs = nowMs - rng.int(15, 340) * DAY;
  return { startMs, endMs: startMs + 364 * DAY };
}

export function chooseInsurance(
  rng: Rng,
  p: Person,
  o: { nowMs: number; bornMs: number; index: number; offset: number },
): Insurance | null {
  const code = chooseGroup(rng, p);
  if (!code) return null;
  const group = bhytGroup(code);
  let { startMs, endMs } = validity(rng, code, o.nowMs, o.bornMs);
  const expired = code !== 'TE' && rng.chance(EXPIRED);
  if (expired) {
    endMs = o.nowMs - rng.int(5, 150) * DAY;
    startMs = endMs - 364 * DAY;
  }
  const sin = socialInsuranceNumber({ provinceCode: p.provinceCode, index: o.index, offset: o.offset });
  const benefit = group.usualBenefit;
  return { group, benefit, number: `${code}${benefit}${p.provinceCode}${sin}`, startMs, endMs, expired };
}

export function bhytIdentifier(ins: Insurance): Identifier {
  return {
    use: 'official',
    type: { coding: [{ system: SYSTEMS.hl7.identifierType, code: 'SB', display: 'Social Beneficiary Identifier' }], text: 'Thẻ BHYT' },
    system: SYSTEMS.vnCore.insuranceNumber,
    value: ins.number,
    period: { start: vnDate(ins.startMs), end: vnDate(ins.endMs) },
  };
}

export function coverageResource(id: string, ins: Insurance, patient: Reference<Patient>, lastUpdatedMs: number): Coverage {
  return {
    resourceType: 'Coverage',
    id,
    meta: { versionId: '1', lastUpdated: instant(lastUpdatedMs) },
    identifier: [{ system: SYSTEMS.vnCore.insuranceNumber, value: ins.number }],
    status: 'active',
    type: { coding: [{ system: SYSTEMS.hl7.actCode, code: 'PUBLICPOL', display: 'public healthcare' }], text: 'Bảo hiểm y tế' },
    subscriberId: ins.number,
    beneficiary: patient,
    period: { start: vnDate(ins.startMs), end: vnDate(ins.endMs) },
    payor: [{ display: 'Bảo hiểm xã hội Việt Nam' }],
    class: [
      { type: { coding: [{ system: COVERAGE_CLASS, code: 'group' }] }, value: ins.group.code, name: ins.group.vi },
      { type: { coding: [{ system: COVERAGE_CLASS, code: 'plan' }] }, value: String(ins.benefit), name: `Mức hưởng ${ins.benefit}` },
    ],
  };
}

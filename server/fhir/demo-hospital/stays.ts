import { CHILD_BANDS, DEPARTMENTS, DIAGNOSES, HIGH_COST_GROUPS, type Department, type Diagnosis } from './catalogue.js';
import type { Person } from './people.js';
import type { Rng } from './prng.js';
import { DAY, HOUR, startOfVnDay } from './time.js';

/**
 * Each patient's hospital story: one diagnosis and the stays it brought. The index stay is either
 * under way at `now` (the census) or ended in the last 30 days: its admission is drawn uniformly
 * over the 30 + LOS days before now, so long stays are more often still open, as on a real ward.
 * Emergencies pass through the emergency department first; chronic high-cost conditions bring
 * earlier admissions (monthly transfusions, chemotherapy cycles) or monthly dialysis courses.
 */
export type EncounterClass = 'IMP' | 'AMB' | 'EMER';
export type Disposition = 'home' | 'aadvice' | 'other-hcf' | 'exp';

export interface Stay {
  cls: EncounterClass;
  dept: Department;
  startMs: number;
  /** Absent while the stay is under way. */
  endMs: number | undefined;
  /** Planned length in days (the whole stay, also for one still under way). */
  los: number;
  icuDays: number;
  admitSource: 'emd' | 'outp' | 'hosp-trans' | 'born' | undefined;
  disposition: Disposition | undefined;
  /** The stay the patient is (or was last) in hospital for. */
  index: boolean;
}

export function chooseDiagnosis(rng: Rng, p: Person): Diagnosis {
  const pool = DIAGNOSES.filter((d) => d.bands.includes(p.band) && (!d.sex || d.sex === p.sex));
  return rng.weighted(
    pool.map((d) => [d, d.weight * (p.sex === 'male' ? (d.maleFactor ?? 1) : 1) * (p.minority ? (d.minorityFactor ?? 1) : 1)] as const),
  );
}

export function departmentFor(dx: Diagnosis, p: Person): Department {
  return DEPARTMENTS[dx.deptChild && CHILD_BANDS.includes(p.band) ? dx.deptChild : dx.dept];
}

/** Stays in time order; exactly one has `index: true`. */
export function planStays(rng: Rng, dx: Diagnosis, p: Person, nowMs: number): Stay[] {
  const main = indexStay(rng, dx, p, nowMs);
  const stays: Stay[] = [...earlierStays(rng, dx, p, main.startMs)];
  if (dx.emergency) {
    const startMs = main.startMs - rng.between(1, 6) * HOUR;
    stays.push({
      cls: 'EMER',
      dept: DEPARTMENTS.CC,
      startMs,
      endMs: main.startMs,
      los: 0,
      icuDays: 0,
      admitSource: undefined,
      disposition: undefined,
      index: false,
    });
  }
  stays.push(main);
  return stays;
}

function indexStay(rng: Rng, dx: Diagnosis, p: Person, nowMs: number): Stay {
  const los = rng.int(dx.los[0], dx.los[1]);
  const hour = dx.emergency ? rng.between(0, 24) : rng.between(7, 11);
  const startMs = startOfVnDay(nowMs) - rng.int(0, 30 + los) * DAY + hour * HOUR;
  const endAt = startMs + los * DAY + rng.between(1, 6) * HOUR;
  const ongoing = endAt > nowMs || startMs > nowMs - 2 * HOUR;
  const icuDays = dx.icuDays ? Math.min(los - 1, rng.int(dx.icuDays[0], dx.icuDays[1])) : 0;
  return {
    cls: 'IMP',
    dept: departmentFor(dx, p),
    startMs: Math.min(startMs, nowMs - 2 * HOUR),
    endMs: ongoing ? undefined : endAt,
    los,
    icuDays: Math.max(0, icuDays),
    admitSource: admitSource(rng, dx, p),
    disposition: ongoing ? undefined : disposition(rng, dx, p),
    index: true,
  };
}

function admitSource(rng: Rng, dx: Diagnosis, p: Person): Stay['admitSource'] {
  if (p.band === 'neonate') return rng.chance(0.7) ? 'born' : 'hosp-trans';
  if (dx.emergency) return 'emd';
  return rng.chance(0.75) ? 'outp' : 'hosp-trans';
}

/**
 * How finished stays ended. Families of the gravely ill and the poor often take the patient home
 * against advice (xin về) when the bill or the prognosis is too heavy; cancer and trauma are often
 * sent up to the central hospitals in Hà Nội.
 */
function disposition(rng: Rng, dx: Diagnosis, p: Person): Disposition {
  const high = HIGH_COST_GROUPS.includes(dx.group);
  const elder = p.band === 'elder' || p.band === 'old';
  const transfer = high ? (dx.group === 'cancer' || dx.group === 'trauma' ? 0.2 : 0.1) : 0.04;
  return rng.weighted([
    ['exp', (high ? 0.05 : 0.01) * (elder ? 2 : 1)],
    ['other-hcf', transfer],
    ['aadvice', high ? 0.1 : 0.04],
    ['home', 1],
  ]);
}

/** A past stay: over, no intensive care, and (for admissions) home on discharge. */
function pastStay(cls: EncounterClass, dept: Department, startMs: number, endMs: number, los: number): Stay {
  const admitted = cls === 'IMP';
  return {
    cls,
    dept,
    startMs,
    endMs,
    los,
    icuDays: 0,
    admitSource: admitted ? 'outp' : undefined,
    disposition: admitted ? 'home' : undefined,
    index: false,
  };
}

function earlierStays(rng: Rng, dx: Diagnosis, p: Person, beforeMs: number): Stay[] {
  const count = dx.prior ? rng.int(dx.prior[0], dx.prior[1]) : rng.chance(0.12) ? 1 : 0;
  const day = startOfVnDay(beforeMs);
  const stays: Stay[] = [];
  for (let k = count; k >= 1; k--) {
    if (dx.priorOutpatient) {
      // A month of thrice-weekly dialysis, billed as one outpatient course.
      const startMs = day - (k * 30 + rng.int(0, 3)) * DAY + 7 * HOUR;
      stays.push(pastStay('AMB', departmentFor(dx, p), startMs, startMs + 27 * DAY, 27));
    } else if (dx.prior) {
      // Earlier admissions spread over the past year: transfusions, chemotherapy cycles.
      const startMs = day - (Math.round((k * 330) / (count + 1)) + rng.int(0, 4)) * DAY + rng.between(7, 11) * HOUR;
      const los = rng.int(dx.los[0], Math.ceil((dx.los[0] + dx.los[1]) / 2));
      stays.push(pastStay('IMP', departmentFor(dx, p), startMs, startMs + los * DAY, los));
    } else {
      const startMs = day - rng.int(30, 300) * DAY + rng.between(7, 11) * HOUR;
      stays.push(pastStay('AMB', DEPARTMENTS.KB, startMs, startMs + rng.between(1, 4) * HOUR, 0));
    }
  }
  return stays;
}

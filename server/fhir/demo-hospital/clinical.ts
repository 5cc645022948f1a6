import type { Account, CodeableConcept, Condition, Encounter, Organization, Patient, Reference } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { COMORBIDITIES, type Diagnosis } from './catalogue.js';
import { DEMO_SYSTEMS } from './demo-systems.js';
import type { Person } from './people.js';
import type { Rng } from './prng.js';
import type { Stay } from './stays.js';
import { DAY, HOUR, instant, vnDateTime } from './time.js';

/** Encounter and Condition resources of one patient (https://hl7.org/fhir/R4/encounter.html, condition.html). */
export interface ConditionPlan {
  id: string;
  code: string;
  display: string;
  /** The index diagnosis, or a comorbidity on the problem list. */
  primary: boolean;
}

const CLASS_DISPLAY = { IMP: 'inpatient encounter', AMB: 'ambulatory', EMER: 'emergency' } as const;
const DISPOSITION_TEXT = { home: 'Ra viện', aadvice: 'Xin về', 'other-hcf': 'Chuyển tuyến', exp: 'Tử vong' } as const;

export const icd10 = (code: string, display: string): CodeableConcept => ({
  coding: [{ system: SYSTEMS.hl7.icd10, code, display }],
  text: display,
});

/** Comorbidities drawn by age band (and more often among minorities for malnutrition). */
export function comorbidities(rng: Rng, p: Person, dx: Diagnosis, idOf: (n: number) => string): ConditionPlan[] {
  const plans: ConditionPlan[] = [{ id: idOf(1), code: dx.code, display: dx.display, primary: true }];
  for (const c of COMORBIDITIES) {
    const base = c.p[p.band] ?? 0;
    if (base === 0 || c.code === dx.code || (c.sex && c.sex !== p.sex)) continue;
    if (rng.chance(base * (p.minority ? (c.minorityFactor ?? 1) : 1)))
      plans.push({ id: idOf(plans.length + 1), code: c.code, display: c.display, primary: false });
  }
  return plans;
}

export interface EncounterInput {
  id: string;
  stay: Stay;
  dx: Diagnosis;
  conditions: readonly ConditionPlan[];
  patient: Reference<Patient>;
  organization: Reference<Organization>;
  account: Reference<Account>;
  nowMs: number;
}

export function encounterResource(rng: Rng, e: EncounterInput): Encounter {
  const { stay } = e;
  const finished = stay.endMs !== undefined;
  const updated = finished ? (stay.endMs as number) : Math.max(stay.startMs, e.nowMs - rng.between(0, 20) * HOUR);
  const diagnosisUse = stay.cls === 'EMER' || !finished ? 'AD' : 'DD';
  return {
    resourceType: 'Encounter',
    id: e.id,
    meta: { versionId: '1', lastUpdated: instant(updated) },
    status: finished ? 'finished' : 'in-progress',
    class: { system: SYSTEMS.hl7.actCode, code: stay.cls, display: CLASS_DISPLAY[stay.cls] },
    serviceType: { coding: [{ system: DEMO_SYSTEMS.department, code: stay.dept.code, display: stay.dept.name }], text: stay.dept.name },
    subject: e.patient,
    period: { start: vnDateTime(stay.startMs), ...(finished ? { end: vnDateTime(stay.endMs as number) } : {}) },
    ...(finished && stay.cls === 'IMP' ? { length: { value: stay.los, unit: 'd', system: SYSTEMS.hl7.ucum, code: 'd' } } : {}),
    reasonCode: [icd10(e.dx.code, e.dx.display)],
    diagnosis: e.conditions
      .filter((c) => c.primary || stay.index)
      .map((c, i) => ({
        condition: { reference: `Condition/${c.id}`, display: c.display },
        use: { coding: [{ system: DEMO_SYSTEMS.diagnosisRole, code: c.primary ? diagnosisUse : 'CM' }] },
        rank: i + 1,
      })),
    ...(stay.cls === 'IMP' ? { hospitalization: hospitalization(stay) } : {}),
    location: [{ location: { display: stay.dept.name }, status: finished ? 'completed' : 'active' }],
    serviceProvider: e.organization,
    account: [e.account],
  };
}

function hospitalization(stay: Stay): Encounter['hospitalization'] {
  return {
    ...(stay.admitSource ? { admitSource: { coding: [{ system: DEMO_SYSTEMS.admitSource, code: stay.admitSource }] } } : {}),
    ...(stay.disposition
      ? {
          dischargeDisposition: {
            coding: [{ system: DEMO_SYSTEMS.dischargeDisposition, code: stay.disposition }],
            text: DISPOSITION_TEXT[stay.disposition],
          },
        }
      : {}),
  };
}

export interface ConditionInput {
  plan: ConditionPlan;
  dx: Diagnosis;
  stays: readonly Stay[];
  patient: Reference<Patient>;
  encounter: Reference<Encounter>;
  nowMs: number;
}

/**
 * Chronic and high-cost problems stay active; an acute one is resolved once the patient went home
 * (a transfer or a death leaves it active).
 */
export function conditionResource(rng: Rng, c: ConditionInput): Condition {
  const first = c.stays[0] as Stay;
  const index = c.stays.find((s) => s.index) as Stay;
  const chronic =
    !c.plan.primary || c.dx.prior !== undefined || c.dx.group === 'cancer' || c.dx.group === 'esrd' || c.dx.group === 'thalassaemia';
  const resolved = !chronic && index.disposition === 'home' && index.endMs !== undefined;
  const recordedMs = Math.min(c.nowMs, (c.plan.primary ? first.startMs : index.startMs) + rng.between(1, 8) * HOUR);
  const onsetMs = c.plan.primary ? first.startMs - rng.int(0, chronic ? 120 : 3) * DAY : undefined;
  return {
    resourceType: 'Condition',
    id: c.plan.id,
    meta: { versionId: '1', lastUpdated: instant(resolved ? (index.endMs as number) : recordedMs) },
    clinicalStatus: { coding: [{ system: SYSTEMS.hl7.conditionClinical, code: resolved ? 'resolved' : 'active' }] },
    verificationStatus: { coding: [{ system: SYSTEMS.hl7.conditionVerification, code: 'confirmed' }] },
    category: [{ coding: [{ system: SYSTEMS.hl7.conditionCategory, code: c.plan.primary ? 'encounter-diagnosis' : 'problem-list-item' }] }],
    code: icd10(c.plan.code, c.plan.display),
    subject: c.patient,
    encounter: c.encounter,
    ...(onsetMs !== undefined ? { onsetDateTime: vnDateTime(onsetMs) } : {}),
    ...(resolved ? { abatementDateTime: vnDateTime(index.endMs as number) } : {}),
    recordedDate: vnDateTime(recordedMs),
  };
}

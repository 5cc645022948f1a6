import { performance } from 'node:perf_hooks';
import type { Resource } from '@medplum/fhirtypes';
import { generateResourceGroups } from '../server/fhir/demo-hospital/generator.js';
import { snapshotOf } from '../server/features/patients/patients.service.js';
import { evaluate, factsFromRecord, type ScreeningFacts } from '../server/features/screening/rules/index.js';
import { northernProvinces } from '../server/reference-data/index.js';

/**
 * Rules-engine throughput: generated patients (the demo generator) → record snapshots → facts →
 * evaluate. Reports evaluate alone and facts + evaluate, in patients per second.
 */
export interface RulesBenchResult {
  patients: number;
  evaluateOnlyPerSecond: number;
  factsAndEvaluatePerSecond: number;
  flagged: number;
}

const byType = (g: Resource[], t: string): Resource[] => g.filter((r) => r.resourceType === t);

export function benchRules(patients: number): RulesBenchResult {
  const now = new Date('2026-11-23T03:00:00Z');
  const ctx = { screeningDate: now.toISOString(), hospitalProvince: { old: 'Lào Cai', current: 'Lào Cai' }, provinces: northernProvinces };
  const snapshots = [];
  for (const g of generateResourceGroups({ patients, now, seed: 11 })) {
    const patient = g.find((r) => r.resourceType === 'Patient');
    if (!patient) continue;
    snapshots.push(
      snapshotOf(
        { patient, coverages: byType(g, 'Coverage'), encounters: byType(g, 'Encounter'), conditions: byType(g, 'Condition'), chargeItems: byType(g, 'ChargeItem'), relatedPersons: byType(g, 'RelatedPerson') },
        now,
        'BENCH',
      ),
    );
  }
  let t0 = performance.now();
  const facts: ScreeningFacts[] = snapshots.map((s) => factsFromRecord(s, ctx));
  let flagged = 0;
  for (const f of facts) if (evaluate(f).findings.length > 0) flagged++;
  const both = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (const f of facts) evaluate(f);
  const only = (performance.now() - t0) / 1000;
  return { patients: snapshots.length, evaluateOnlyPerSecond: snapshots.length / only, factsAndEvaluatePerSecond: snapshots.length / both, flagged };
}

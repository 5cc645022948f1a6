import { HospitalModel } from '../features/admin/hospitals.model.js';
import { createDemoHospital, type DemoHospital } from '../fhir/demo-hospital/server.js';
import { networkHospitals } from '../reference-data/index.js';

/**
 * Demo mode gives every network hospital a FHIR server of its own, generated deterministically:
 * the Lào Cai provincial general hospital with `mainPatients` (2,000 by default), the others
 * smaller, so start-up stays a few seconds.
 */
const MAIN = 'BVDKLC';
const OTHERS = 300;

export function createDemoHospitals(mainPatients: number, now: Date): Map<string, DemoHospital> {
  const map = new Map<string, DemoHospital>();
  for (const [i, h] of networkHospitals.entries()) {
    const patients = h.demoCode === MAIN ? mainPatients : OTHERS;
    map.set(h.demoCode, createDemoHospital({ hospitalCode: h.demoCode, patients, seed: 2026 + i, now }));
  }
  return map;
}

/** Points each demo hospital's FHIR settings at its in-process endpoint. */
export async function linkDemoHospitals(baseUrl: string, codes: Iterable<string>): Promise<void> {
  for (const code of codes) {
    await HospitalModel.updateOne(
      { code },
      { $set: { 'fhir.baseUrl': `${baseUrl}/demo-fhir/${code}`, 'fhir.enabled': true, 'fhir.authType': 'none', 'fhir.timeoutMs': 15_000 } },
    );
  }
}

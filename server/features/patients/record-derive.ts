import type { PatientRecordSnapshot } from '../../../fhir-mappings/patient-record.js';
import type { PatientRecord } from './patients.model.js';

/** The indexed search keys and cross-hospital person keys of a snapshot. */
export function deriveKeys(s: PatientRecordSnapshot): Pick<PatientRecord, 'search' | 'personKeys'> {
  const p = s.patient;
  const card = s.validInsurance?.card ?? p.bhytCard ?? s.insurance[0]?.card ?? null;
  const ssn = card?.socialInsuranceNumber ?? null;
  const nationalId = p.identifiers.nationalId ?? card?.nationalId ?? null;
  // The old 9-digit card (CMND) identifies a person too: searched by it (searchLocal) and matched across hospitals.
  const cmnd = p.identifiers.oldCitizenId;
  const personKeys = [ssn ? `ssn:${ssn}` : null, nationalId ? `cccd:${nationalId}` : null, cmnd ? `cmnd:${cmnd}` : null].filter((k): k is string => k !== null);
  return {
    search: {
      name: p.name?.folded ?? null,
      bhyt: card?.number ?? p.identifiers.bhyt ?? null,
      ssn,
      nationalId,
      mrn: p.identifiers.mrn ?? null,
      birthDate: p.birthDate,
    },
    personKeys,
  };
}

/** Census facts from the stay in the snapshot. */
export function deriveCensus(s: PatientRecordSnapshot): PatientRecord['census'] {
  const e = s.currentEncounter;
  const inpatient = Boolean(e && e.inProgress && (e.class === 'IMP' || e.class === 'ACUTE' || e.class === 'NONAC'));
  return {
    inpatient,
    ward: e?.department ?? null,
    admittedAt: e?.period.start ?? null,
    dischargedAt: e && !e.inProgress ? e.period.end : null,
    encounterId: e?.fhirId ?? null,
  };
}

import { isValidOn } from '../../../fhir-mappings/coverage.js';
import type { PatientRecord } from './patients.model.js';
import type { PatientSummary, PatientView } from './patients.schemas.js';

/**
 * Explicit mappers: they list every field a response exposes, so patient data never leaks by
 * spreading a record. Only social-work staff of the patient's hospital get these views.
 */
export function toPatientView(r: PatientRecord, today: string): PatientView {
  const s = r.snapshot;
  const p = s.patient;
  const e = s.currentEncounter;
  return {
    id: r._id.toHexString(),
    hospital: { id: r.hospitalId.toHexString(), code: r.hospitalCode },
    fhirRef: r.fhirRef,
    snapshotAt: r.snapshotAt.toISOString(),
    identity: {
      name: p.name?.full ?? null,
      gender: p.gender,
      birthDate: p.birthDate,
      ethnicity: p.ethnicity ? { code: p.ethnicity.code, display: p.ethnicity.display } : null,
      identifiers: { bhyt: p.identifiers.bhyt, nationalId: p.identifiers.nationalId, mrn: p.identifiers.mrn },
      addresses: p.addresses.map((a) => ({ text: a.text ?? ([...a.line, a.commune, a.district, a.province].filter(Boolean).join(', ') || null), province: a.newProvince ?? a.province, form: a.form })),
      phone: p.phone,
    },
    insurance: s.insurance.map((c) => ({
      number: c.number,
      group: c.card?.groupCode ?? null,
      groupName: c.card?.group?.vi ?? null,
      benefitDigit: c.card?.benefitDigit ?? null,
      province: c.card?.province?.oldName ?? null,
      status: c.status,
      validFrom: c.period.start,
      validTo: c.period.end,
      validToday: isValidOn(c, today),
    })),
    currentStay: e
      ? {
          class: e.class,
          status: e.status,
          start: e.period.start,
          end: e.period.end,
          lengthOfStayDays: e.lengthOfStayDays,
          department: e.department,
          reasons: e.reasons.map((x) => x.display ?? x.code ?? '').filter(Boolean),
        }
      : null,
    diagnoses: s.conditions.map((c) => ({ code: c.icd10?.code ?? null, text: c.text ?? c.icd10?.display ?? null, clinicalStatus: c.clinicalStatus })),
    charges: s.charges
      ? { totalVnd: s.charges.totalVnd, insuranceVnd: s.charges.insuranceVnd, patientVnd: s.charges.patientVnd, plannedVnd: s.charges.plannedVnd, benefitPercent: s.charges.benefit?.percent ?? null }
      : null,
    relatedPersons: s.relatedPersons.map((rp) => ({ relationship: rp.relationship ?? rp.relationshipText, name: rp.name?.full ?? null, phone: rp.phone, isGuardian: rp.isGuardian })),
    census: { inpatient: r.census.inpatient, ward: r.census.ward, admittedAt: r.census.admittedAt, dischargedAt: r.census.dischargedAt },
    dataProblems: s.problems.length,
  };
}

export function toPatientSummary(r: PatientRecord): PatientSummary {
  return {
    id: r._id.toHexString(),
    fhirId: r.fhirId,
    name: r.snapshot.patient.name?.full ?? null,
    birthDate: r.snapshot.patient.birthDate,
    gender: r.snapshot.patient.gender,
    inpatient: r.census.inpatient,
    ward: r.census.ward,
    snapshotAt: r.snapshotAt.toISOString(),
  };
}

import { isClinicalDiagnosis } from '../../../fhir-mappings/condition.js';
import { isValidOn, type InsuranceSnapshot } from '../../../fhir-mappings/coverage.js';
import { vietnamDay } from '../../../fhir-mappings/dates.js';
import type { EncounterSnapshot } from '../../../fhir-mappings/encounter.js';
import { foldVietnamese, type ContactSnapshot, type VnAddress } from '../../../fhir-mappings/patient.js';
import type { PatientRecordSnapshot } from '../../../fhir-mappings/patient-record.js';
import type { PatientRecord } from './patients.model.js';
import type { PatientSummary, PatientView } from './patients.schemas.js';

/**
 * Explicit mappers: they list every field a response exposes, so patient data never leaks by
 * spreading a record. Only social-work staff of the patient's hospital get these views.
 * Snapshots stored before a field existed (contacts, healthConcerns) are read defensively until
 * the next sync refreshes them.
 */
export function toPatientView(r: PatientRecord, today: string): PatientView {
  const s = r.snapshot;
  const p = s.patient;
  const stays = staysOf(s);
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
      identifiers: {
        bhyt: p.identifiers.bhyt,
        nationalId: p.identifiers.nationalId,
        oldCitizenId: p.identifiers.oldCitizenId ?? null,
        mrn: p.identifiers.mrn,
      },
      addresses: p.addresses.map(addressView),
      phone: p.phone,
    },
    insurance: s.insurance.map((c) => insuranceView(c, today)),
    currentStay: stays.current ? stayView(stays.current) : null,
    lastStay: stays.last ? stayView(stays.last) : null,
    // Health concerns and the module's own findings written back are not diagnoses (older snapshots mixed them in).
    diagnoses: s.conditions
      .filter((c) => isClinicalDiagnosis(c))
      .map((c) => ({ code: c.icd10?.code ?? null, text: c.text ?? c.icd10?.display ?? null, clinicalStatus: c.clinicalStatus })),
    charges: s.charges
      ? {
          totalVnd: s.charges.totalVnd,
          insuranceVnd: s.charges.insuranceVnd,
          patientVnd: s.charges.patientVnd,
          plannedVnd: s.charges.plannedVnd,
          benefitPercent: s.charges.benefit?.percent ?? null,
        }
      : null,
    relatedPersons: relatedView(s, today),
    census: { inpatient: r.census.inpatient, ward: r.census.ward, admittedAt: r.census.admittedAt, dischargedAt: r.census.dischargedAt },
    dataProblems: s.problems.length,
    dataNotes: dataNotesOf(s),
  };
}

function addressView(a: VnAddress): PatientView['identity']['addresses'][number] {
  const now = a.newProvince ?? a.province;
  return {
    text: a.text ?? ([...a.line, a.commune, a.district, a.province].filter(Boolean).join(', ') || null),
    province: now,
    // "Yên Bái, nay Lào Cai": the written province when it is an old one that is now part of another.
    provinceOld:
      a.newProvince && a.province && !sameName(a.province, a.newProvince) ? a.province.replace(/^(Tỉnh|Thành phố|TP\.?)\s+/i, '') : null,
    form: a.form,
  };
}

/** "Tỉnh Thanh Hóa" and "Thanh Hoá" name one province (prefix, case, tone-mark placement aside). */
const sameName = (written: string, table: string): boolean => foldVietnamese(written).endsWith(foldVietnamese(table));

function insuranceView(c: InsuranceSnapshot, today: string): PatientView['insurance'][number] {
  return {
    number: c.number,
    group: c.card?.groupCode ?? null,
    groupName: c.card?.group?.vi ?? null,
    benefitDigit: c.card?.benefitDigit ?? null,
    province: c.card?.province?.oldName ?? null,
    provinceNew: c.card?.province?.newName ?? null,
    provinceCode: c.card?.provinceCode ?? null,
    status: c.status,
    validFrom: c.period.start,
    validTo: c.period.end,
    validToday: isValidOn(c, today),
  };
}

/** The stay under way is the current stay; an ended stay is only ever the last stay. */
function staysOf(s: PatientRecordSnapshot): { current: EncounterSnapshot | null; last: EncounterSnapshot | null } {
  const e = s.currentEncounter;
  if (!e) return { current: null, last: null };
  return e.inProgress ? { current: e, last: null } : { current: null, last: e };
}

function stayView(e: EncounterSnapshot): NonNullable<PatientView['currentStay']> {
  return {
    class: e.class,
    status: e.status,
    start: e.period.start,
    end: e.period.end,
    lengthOfStayDays: e.lengthOfStayDays,
    department: e.department,
    reasons: e.reasons.map((x) => x.display ?? x.code ?? '').filter(Boolean),
  };
}

/** RelatedPersons, then the Patient's own contacts whose period has not ended. */
function relatedView(s: PatientRecordSnapshot, today: string): PatientView['relatedPersons'] {
  const related = s.relatedPersons.map((rp) => ({
    relationship: rp.relationship ?? rp.relationshipText,
    name: rp.name?.full ?? null,
    phone: rp.phone,
    isGuardian: rp.isGuardian,
    source: 'related-person' as const,
  }));
  const contacts = ((s.patient.contacts as ContactSnapshot[] | undefined) ?? []).filter((c) => !ended(c, today));
  return [
    ...related,
    ...contacts.map((c) => ({
      relationship: c.relationship ?? c.relationshipText,
      name: c.name?.full ?? null,
      phone: c.phone,
      isGuardian: c.isGuardian,
      source: 'contact' as const,
    })),
  ];
}

function ended(c: ContactSnapshot, today: string): boolean {
  const end = c.period.end ? (vietnamDay(c.period.end) ?? c.period.end) : null;
  return end !== null && end < today.slice(0, end.length);
}

/** Data-quality notes the page words: province codes and names that are in no table. */
function dataNotesOf(s: PatientRecordSnapshot): PatientView['dataNotes'] {
  const notes: PatientView['dataNotes'] = [];
  const cards = [s.patient.bhytCard, ...s.insurance.map((c) => c.card)];
  for (const card of cards) {
    if (card?.provinceCode && !card.province && !notes.some((n) => n.value === card.provinceCode))
      notes.push({ code: 'BHYT.UNKNOWN_PROVINCE', value: card.provinceCode });
  }
  for (const a of s.patient.addresses)
    if (a.province && !a.newProvince) notes.push({ code: 'ADDRESS.UNKNOWN_PROVINCE', value: a.province });
  return notes;
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

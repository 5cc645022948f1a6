import type { Identifier, Organization, Patient, Reference, RelatedPerson } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../fhir-mappings/vn-core.js';
import { DEMO_SYSTEMS } from './demo-systems.js';
import { cccd, medicalRecordNumber, mobileNumber } from './identifiers.js';
import { bhytIdentifier, type Insurance } from './insurance.js';
import { addresses, ageYears, drawName, humanName, type Person, type Sex } from './people.js';
import type { Rng } from './prng.js';
import { DAY, instant, vnDateTime } from './time.js';

/**
 * Patient, RelatedPerson and Organization in the VN Core shapes (vn-core-patient): identifiers
 * under the VN Core systems (hospital number, CCCD from age 14, BHYT card), ethnic group in
 * extension-race with a vn-core-race code, both address forms.
 */
export interface HospitalRef {
  code: string;
  name: string;
  oldProvince: string;
  newProvince: string;
  organizationId: string;
}

export function organizationResource(h: HospitalRef, nowMs: number): Organization {
  return {
    resourceType: 'Organization',
    id: h.organizationId,
    meta: { versionId: '1', lastUpdated: instant(nowMs - 400 * DAY) },
    identifier: [{ system: DEMO_SYSTEMS.facility, value: h.code }],
    active: true,
    type: [{ coding: [{ system: DEMO_SYSTEMS.organizationType, code: 'prov', display: 'Healthcare Provider' }] }],
    name: h.name,
    address: [{ state: h.newProvince, country: 'VN' }],
  };
}

export interface PatientInput {
  id: string;
  index: number;
  person: Person;
  birthDate: string;
  birthYear: number;
  ins: Insurance | null;
  firstVisitMs: number;
  lastUpdatedMs: number;
  deceasedMs: number | undefined;
  idOffset: number;
  hospital: HospitalRef;
}

function identifiers(rng: Rng, p: PatientInput): Identifier[] {
  const ids: Identifier[] = [
    {
      use: 'usual',
      type: { coding: [{ system: SYSTEMS.hl7.identifierType, code: 'MR', display: 'Medical record number' }] },
      system: SYSTEMS.vnCore.patientInternalId,
      value: medicalRecordNumber(new Date(p.firstVisitMs).getUTCFullYear(), p.index),
      assigner: { display: p.hospital.name },
    },
  ];
  // A CCCD is compulsory from 14; a few elders in remote communes have never had one made.
  if (ageYears(p.person.ageDays) >= 14 && rng.chance(0.97)) {
    const value = cccd({
      provinceCode: p.person.provinceCode,
      male: p.person.sex === 'male',
      birthYear: p.birthYear,
      index: p.index,
      offset: p.idOffset,
      relative: false,
    });
    ids.push({
      use: 'official',
      type: { coding: [{ system: SYSTEMS.hl7.identifierType, code: 'NI', display: 'National unique individual identifier' }] },
      system: SYSTEMS.vnCore.nationalId,
      value,
    });
  }
  if (p.ins) ids.push(bhytIdentifier(p.ins));
  return ids;
}

export function patientResource(rng: Rng, p: PatientInput): Patient {
  const { person } = p;
  const adult = ageYears(person.ageDays) >= 16;
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: { versionId: '1', lastUpdated: instant(p.lastUpdatedMs) },
    extension: [
      {
        url: SYSTEMS.vnCore.raceExtension,
        valueCoding: { system: SYSTEMS.vnCore.raceCodeSystem, code: person.ethnic.vnCoreRaceCode, display: person.ethnic.name },
      },
    ],
    identifier: identifiers(rng, p),
    active: true,
    name: [humanName(person.name)],
    ...(adult && rng.chance(0.65) ? { telecom: [{ system: 'phone', value: mobileNumber(rng), use: 'mobile' }] } : {}),
    gender: person.sex,
    birthDate: p.birthDate,
    ...(p.deceasedMs !== undefined ? { deceasedDateTime: vnDateTime(p.deceasedMs) } : {}),
    address: addresses(person),
    managingOrganization: { reference: `Organization/${p.hospital.organizationId}`, display: p.hospital.name },
  };
}

type Kin = { code: string; display: string; text: string; sex: Sex; ageYears: readonly [number, number]; guardian: boolean };

const PARENTS: readonly (readonly [Kin, number])[] = [
  [{ code: 'MTH', display: 'mother', text: 'Mẹ', sex: 'female', ageYears: [17, 42], guardian: false }, 0.62],
  [{ code: 'FTH', display: 'father', text: 'Bố', sex: 'male', ageYears: [19, 48], guardian: false }, 0.3],
  // Grandparents bring up the children of parents working away (in the lowlands, in China).
  [{ code: 'GRMTH', display: 'grandmother', text: 'Bà', sex: 'female', ageYears: [40, 70], guardian: true }, 0.05],
  [{ code: 'GRFTH', display: 'grandfather', text: 'Ông', sex: 'male', ageYears: [42, 72], guardian: true }, 0.03],
];
const CHILDREN: readonly (readonly [Kin, number])[] = [
  [{ code: 'SON', display: 'natural son', text: 'Con trai', sex: 'male', ageYears: [-45, -18], guardian: false }, 0.5],
  [{ code: 'DAU', display: 'natural daughter', text: 'Con gái', sex: 'female', ageYears: [-45, -18], guardian: false }, 0.5],
];

/** Children under 16 always have a parent or guardian on file; about half of the very old, a son or daughter. */
export function relatedPerson(rng: Rng, p: PatientInput, patient: Reference<Patient>): RelatedPerson | undefined {
  const age = ageYears(p.person.ageDays);
  const isChild = age < 16;
  if (!isChild && !(p.person.band === 'old' && rng.chance(0.45))) return undefined;
  const kin = rng.weighted(isChild ? PARENTS : CHILDREN);
  const relAge = Math.max(18, age + rng.int(kin.ageYears[0], kin.ageYears[1]));
  const birthYear = new Date(p.lastUpdatedMs).getUTCFullYear() - relAge;
  // Surnames pass from father to child in every group here; a mother or grandmother has her own.
  const family = kin.sex === 'male' ? p.person.name.family : undefined;
  const relationship = [{ coding: [{ system: SYSTEMS.hl7.roleCode, code: kin.code, display: kin.display }], text: kin.text }];
  if (kin.guardian)
    relationship.push({ coding: [{ system: SYSTEMS.hl7.roleCode, code: 'GUARD', display: 'guardian' }], text: 'Người giám hộ' });
  const value = cccd({
    provinceCode: p.person.provinceCode,
    male: kin.sex === 'male',
    birthYear,
    index: p.index,
    offset: p.idOffset,
    relative: true,
  });
  return {
    resourceType: 'RelatedPerson',
    id: `${p.id}-rp`,
    meta: { versionId: '1', lastUpdated: instant(p.lastUpdatedMs) },
    identifier: [{ system: SYSTEMS.vnCore.nationalId, value }],
    active: true,
    patient,
    relationship,
    name: [humanName(drawName(rng, p.person.ethnic, kin.sex, family))],
    ...(rng.chance(0.85) ? { telecom: [{ system: 'phone', value: mobileNumber(rng), use: 'mobile' }] } : {}),
    gender: kin.sex,
    birthDate: String(birthYear),
    address: addresses(p.person).slice(0, 1),
  };
}

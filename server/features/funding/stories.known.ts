import type { PatientRecord } from '../patients/patients.service.js';
import type { KnownIdentifiers } from './stories.screen.js';

/**
 * What the patient's own record says that a story must not (the screen's `known`): the names of the
 * patient and of the family on the record, every identifier and card number, phone numbers, and the
 * address below the district (house, hamlet, commune). Read from the record's
 * FHIR snapshot; nothing is kept.
 */
type Named = { name: { full: string | null; family: string | null; given: string[] } | null; phone?: string | null };

function namesOf(n: Named['name']): string[] {
  if (!n) return [];
  const out = [n.full ?? '', n.given.join(' ')];
  const given = n.given[n.given.length - 1];
  if (n.family && given) out.push(`${n.family} ${given}`);
  return out.filter((s) => s.trim().includes(' '));
}

const withoutPrefix = (s: string): string => s.replace(/^(xã|phường|thị trấn|huyện|quận|thị xã|thôn|bản|xóm|tổ|ấp)\s+/iu, '');

export function knownOfPatient(p: PatientRecord | null): KnownIdentifiers {
  if (!p) return { names: [], idNumbers: [], phones: [], addressParts: [] };
  const s = p.snapshot;
  const people: Named[] = [s.patient, ...(s.patient.contacts ?? []), ...(s.relatedPersons ?? [])];
  const ids = [
    ...Object.values(s.patient.identifiers ?? {}),
    ...(s.insurance ?? []).map((i) => i.number),
    p.search.bhyt,
    p.search.ssn,
    p.search.nationalId,
    p.search.mrn,
  ];
  const parts = (s.patient.addresses ?? []).flatMap((a) => [...a.line, a.commune].flatMap((x) => (x ? [x, withoutPrefix(x)] : [])));
  return {
    names: [...new Set(people.flatMap((x) => namesOf(x.name)))],
    idNumbers: [...new Set(ids.filter((x): x is string => typeof x === 'string' && x.length > 0))],
    phones: [...new Set(people.map((x) => x.phone).filter((x): x is string => typeof x === 'string' && x.length > 0))],
    addressParts: [...new Set(parts)],
  };
}

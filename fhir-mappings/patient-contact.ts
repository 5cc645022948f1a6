import { readDateValue } from './dates.js';
import { readPersonName, type PersonName } from './patient-name.js';
import { isRecord, readArray, readPhone, readRecord, warn, type Problems } from './read.js';
import { readRelationships, type RelationshipRead } from './related-person.js';

/**
 * Patient.contact (https://hl7.org/fhir/R4/patient-definitions.html#Patient.contact): the family
 * members and carers a hospital records on the Patient itself. Many Vietnamese HIS put a child's
 * mother or carer here rather than in a RelatedPerson, so the module reads both; relationships are
 * read as for RelatedPerson (v2-0131, v3-RoleCode, Vietnamese words).
 */
export interface ContactSnapshot extends RelationshipRead {
  /** R4 Patient.contact.name is one HumanName (not a list). */
  name: PersonName | null;
  phone: string | null;
  /** When the person is or was the contact; an ended period means they no longer are. */
  period: { start: string | null; end: string | null };
}

export function readContacts(v: unknown, problems: Problems): ContactSnapshot[] {
  return readArray(v, 'Patient.contact', problems).flatMap((raw, i) => {
    const path = `Patient.contact[${i}]`;
    if (!isRecord(raw)) {
      warn(problems, 'FHIR.WRONG_TYPE', path, 'contact is not an object; ignored');
      return [];
    }
    const { given, ...rel } = readRelationships(raw.relationship, `${path}.relationship`, problems);
    if (given && rel.roles.length === 0)
      warn(problems, 'PATIENT.UNKNOWN_CONTACT_RELATIONSHIP', `${path}.relationship`, 'relationship not recognised; kept as text');
    const period = readRecord(raw.period, `${path}.period`, problems);
    const contact: ContactSnapshot = {
      ...rel,
      // One HumanName in R4: wrapped here so that a lone name is not reported as a malformed list.
      name: readPersonName(isRecord(raw.name) ? [raw.name] : raw.name, `${path}.name`, problems),
      phone: readPhone(raw.telecom, `${path}.telecom`, problems),
      period: {
        start: readDateValue(period?.start, `${path}.period.start`, problems, 'dateTime'),
        end: readDateValue(period?.end, `${path}.period.end`, problems, 'dateTime'),
      },
    };
    return [contact];
  });
}

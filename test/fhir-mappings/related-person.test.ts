import { describe, expect, it } from 'vitest';
import { mapRelatedPerson, type RelatedPersonSnapshot } from '../../fhir-mappings/related-person.js';
import { codes, fixture } from './support/reference.js';

/** RelatedPerson → family member or carer. https://hl7.org/fhir/R4/relatedperson.html */
function mapped(input: unknown): { value: RelatedPersonSnapshot; problems: string[] } {
  const r = mapRelatedPerson(input);
  if (!r.ok) throw new Error(`mapping failed: ${codes(r.problems).join()}`);
  return { value: r.value, problems: codes(r.problems) };
}

describe('mapRelatedPerson', () => {
  it('maps a mother (v3-RoleCode MTH): a parent, not by that alone a guardian', () => {
    const { value, problems } = mapped(fixture('related-person-mother.json'));
    expect(value).toEqual({
      fhirId: 'rp-5521-me',
      patient: { reference: 'Patient/sapa-5521', display: null },
      relationship: 'mother',
      roles: ['mother'],
      relationshipText: 'Mẹ',
      name: { family: 'Tẩn', given: ['Tả', 'Mẩy'], full: 'Tẩn Tả Mẩy', folded: 'tan ta may' },
      phone: '0388 123 456',
      isGuardian: false,
      isParent: true,
      active: true,
      lastUpdated: null,
    });
    expect(problems).toEqual([]);
  });

  it('puts an explicit guardian role first (a grandfather who is the legal guardian)', () => {
    const { value } = mapped(fixture('related-person-guardian.json'));
    expect(value).toMatchObject({ relationship: 'guardian', roles: ['guardian', 'grandparent'], isGuardian: true, isParent: false });
    expect(value.name?.full).toBe('Tẩn Láo Lở');
  });

  it('reads Vietnamese text without codes ("Người chăm sóc" → caregiver)', () => {
    expect(mapped(fixture('related-person-text-only.json')).value).toMatchObject({
      relationship: 'caregiver',
      relationshipText: 'Người chăm sóc',
    });
  });

  it.each([
    [{ text: 'Bố' }, 'father'],
    [{ text: 'bà ngoại' }, 'grandparent'],
    [{ text: 'Người giám hộ' }, 'guardian'],
    [{ text: 'Chồng' }, 'spouse'],
    [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'CAREGIVER' }] }, 'caregiver'],
    [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C' }] }, 'emergency-contact'],
    [{ coding: [{ code: 'nmth' }] }, 'mother'],
  ])('%j → %s', (relationship, expected) => {
    expect(
      mapped({ resourceType: 'RelatedPerson', id: 'r', patient: { reference: 'Patient/p' }, relationship: [relationship] }).value
        .relationship,
    ).toBe(expected);
  });

  it('keeps an unrecognised relationship as text and says so', () => {
    const { value, problems } = mapped({
      resourceType: 'RelatedPerson',
      id: 'r',
      patient: { reference: 'Patient/p' },
      relationship: [{ text: 'Trưởng bản' }],
    });
    expect(value).toMatchObject({ relationship: null, roles: [], relationshipText: 'Trưởng bản', isGuardian: false });
    expect(problems).toEqual(['RELATED.UNKNOWN_RELATIONSHIP']);
  });

  it('maps a bare RelatedPerson to nulls with problems and refuses other types', () => {
    const { value, problems } = mapped({ resourceType: 'RelatedPerson' });
    expect(value).toMatchObject({ fhirId: null, patient: null, relationship: null, name: null, phone: null, isGuardian: false });
    expect(problems).toEqual(['FHIR.NO_ID', 'RELATED.NO_PATIENT']);
    expect(mapRelatedPerson({ resourceType: 'Patient' }).ok).toBe(false);
  });
});

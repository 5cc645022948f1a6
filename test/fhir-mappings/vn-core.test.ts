import { describe, expect, it } from 'vitest';
import type { Problems } from '../../fhir-mappings/read.js';
import { SYSTEMS, classifyIdentifier, isIcd10System, isVnCoreUrl } from '../../fhir-mappings/vn-core.js';

/** Identifier systems of the draft VN Core IG and the plain forms hospitals send instead. */
describe('classifyIdentifier', () => {
  const classify = (identifier: unknown): { kind: string | null; problems: string[] } => {
    const problems: Problems = [];
    const id = classifyIdentifier(identifier, 'Patient.identifier[0]', problems);
    return { kind: id?.kind ?? null, problems: problems.map((p) => p.code) };
  };

  it.each([
    [{ system: SYSTEMS.vnCore.insuranceNumber, value: 'HN2101234567890' }, 'bhyt'],
    [{ system: SYSTEMS.vnCore.nationalId, value: '010078001234' }, 'nationalId'],
    [{ system: SYSTEMS.vnCore.citizenId, value: '151234567' }, 'oldCitizenId'],
    [{ system: SYSTEMS.vnCore.patientInternalId, value: 'BV-1' }, 'mrn'],
    [{ system: SYSTEMS.vnCore.passportNumber, value: 'C1234567' }, 'passport'],
    [{ system: 'http://moh.gov.vn/fhir/core/sid/insurance_number', value: 'HN2101234567890' }, 'bhyt'],
    [{ type: { coding: [{ code: 'MR' }] }, system: 'urn:oid:1.2.3', value: 'X1' }, 'mrn'],
    [{ type: { coding: [{ system: SYSTEMS.hl7.identifierType, code: 'PPN' }] }, value: 'B7654321' }, 'passport'],
    [{ type: { coding: [{ code: 'NI' }] }, value: '010078001234' }, 'nationalId'],
    [{ type: { coding: [{ code: 'NI' }] }, value: '151234567' }, 'oldCitizenId'],
    [{ system: 'https://his.bvdkyenbai.vn/BHYT', value: 'GD4150987654321' }, 'bhyt'],
    [{ system: 'https://his.example.vn/sid/cccd', value: '010078001234' }, 'nationalId'],
    [{ system: 'https://his.example.vn/sid/mabn', value: '2026-1' }, 'mrn'],
  ])('%j → %s', (identifier, kind) => {
    expect(classify(identifier).kind).toBe(kind);
  });

  it('ignores identifiers the module does not use, and ones without a value', () => {
    expect(classify({ system: 'https://his.example.vn/sid/locker', value: '12' }).kind).toBeNull();
    expect(classify({ system: SYSTEMS.vnCore.insuranceNumber }).kind).toBeNull();
  });

  it('lets the type code win over a contradicting system, and says so', () => {
    const r = classify({ type: { coding: [{ code: 'SB' }] }, system: SYSTEMS.vnCore.patientInternalId, value: 'TE1102212345678' });
    expect(r).toEqual({ kind: 'bhyt', problems: ['IDENTIFIER.TYPE_SYSTEM_MISMATCH'] });
  });

  it('tells a CCCD from a CMND by the number of digits, whatever the system says', () => {
    expect(classify({ system: SYSTEMS.vnCore.nationalId, value: '151234567' })).toEqual({
      kind: 'oldCitizenId',
      problems: ['IDENTIFIER.ID_CARD_LENGTH'],
    });
    expect(classify({ system: SYSTEMS.vnCore.citizenId, value: '010078001234' })).toEqual({
      kind: 'nationalId',
      problems: ['IDENTIFIER.ID_CARD_LENGTH'],
    });
  });

  it('reports a non-object identifier instead of throwing', () => {
    expect(classify('HN2101234567890')).toEqual({ kind: null, problems: ['FHIR.WRONG_TYPE'] });
  });
});

describe('system helpers', () => {
  it('recognises VN Core artefacts under the current and the legacy canonical only', () => {
    expect(isVnCoreUrl(SYSTEMS.vnCore.raceExtension, 'StructureDefinition/extension-race')).toBe(true);
    expect(isVnCoreUrl('http://moh.gov.vn/fhir/core/StructureDefinition/extension-race', 'StructureDefinition/extension-race')).toBe(true);
    expect(isVnCoreUrl(SYSTEMS.vnCore.ethicExtension, 'StructureDefinition/extension-race')).toBe(false);
  });

  it('accepts ICD-10 system variants but not ICD-10-PCS', () => {
    expect(isIcd10System('http://hl7.org/fhir/sid/icd-10')).toBe(true);
    expect(isIcd10System('http://hl7.org/fhir/sid/icd-10-vn')).toBe(true);
    expect(isIcd10System('urn:vn:icd10')).toBe(true);
    expect(isIcd10System('http://www.cms.gov/Medicare/Coding/ICD10/icd-10-pcs')).toBe(false);
    expect(isIcd10System(SYSTEMS.hl7.snomed)).toBe(false);
  });

  it('keeps every module-owned system under https://nhipcau.vn/fhir', () => {
    for (const [key, v] of Object.entries(SYSTEMS.nhipcau)) {
      if (typeof v === 'string') expect(v, key).toMatch(/^https:\/\/nhipcau\.vn\/fhir/);
    }
  });
});

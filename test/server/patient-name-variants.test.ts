import { describe, expect, it } from 'vitest';
import { nameVariants } from '../../server/features/patients/patients.service.js';

/**
 * HAPI FHIR strips diacritics before matching names but keeps "Đ" apart from "D", so a name typed
 * without diacritics is sent with each "d" also read as "đ", as one FHIR OR (the contract suite
 * proves the search on HAPI itself).
 */
describe('patient search: name variants for servers that keep Đ apart from D', () => {
  it('sends the typed name and each d read as đ, as a comma OR', () => {
    expect(nameVariants('Dang Ta Su').split(',')).toEqual(['Dang Ta Su', 'Đang Ta Su']);
    expect(nameVariants('do duc').split(',').sort()).toEqual(['do duc', 'do đuc', 'đo duc', 'đo đuc'].sort());
  });

  it('sends a name without d as it is', () => {
    expect(nameVariants('Giang A Pao')).toBe('Giang A Pao');
  });

  it('caps the variants at sixteen and escapes FHIR separators', () => {
    expect(nameVariants('dd dd dd').split(',')).toHaveLength(16);
    expect(nameVariants('a,b')).toBe('a\\,b');
  });
});

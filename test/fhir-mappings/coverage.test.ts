import { describe, expect, it } from 'vitest';
import { coverageValidity, isValidOn, mapCoverage, type InsuranceSnapshot } from '../../fhir-mappings/coverage.js';
import { bhytRef, codes, fixture } from './support/reference.js';

/** Coverage → the patient's BHYT card. https://hl7.org/fhir/R4/coverage.html */
function mapped(input: unknown): { value: InsuranceSnapshot; problems: string[] } {
  const r = mapCoverage(input, bhytRef);
  if (!r.ok) throw new Error(`mapping failed: ${codes(r.problems).join()}`);
  return { value: r.value, problems: codes(r.problems) };
}

describe('mapCoverage', () => {
  it('reads the card from Coverage.identifier (VN Core insurance_number), skipping other identifiers', () => {
    const { value, problems } = mapped(fixture('coverage-bhyt.json'));
    expect(value).toMatchObject({
      fhirId: 'cov-bhyt-000123',
      status: 'active',
      number: 'HN2101234567890',
      card: { groupCode: 'HN', benefitDigit: 2, province: { oldName: 'Lào Cai' } },
      period: { start: '2026-01-01', end: '2026-12-31' },
      beneficiary: { reference: 'Patient/bn-laocai-000123', display: 'Giàng A Páo' },
      payor: 'Bảo hiểm xã hội tỉnh Lào Cai',
      lastUpdated: '2026-01-05T08:00:00+07:00',
    });
    expect(problems).toEqual([]);
  });

  it('reads the card from subscriberId, lower-case with spaces, and an R5 insurer as the payor', () => {
    const { value, problems } = mapped(fixture('coverage-subscriber.json'));
    expect(value.number).toBe('CN3151234567891');
    expect(value.card).toMatchObject({ groupCode: 'CN', benefitDigit: 3, province: { oldName: 'Yên Bái', newName: 'Lào Cai' } });
    expect(value.payor).toBe('BHXH khu vực Yên Bái');
    expect(problems).toEqual(['FHIR.NON_R4_FIELD']);
  });

  it('reports an unreadable number, a bad status and a bad date without throwing', () => {
    const { value, problems } = mapped(fixture('coverage-malformed.json'));
    expect(value).toMatchObject({
      status: null,
      number: 'HN6991234567890',
      card: null,
      period: { start: null, end: null },
      beneficiary: null,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'BHYT.BAD_BENEFIT_DIGIT',
        'BHYT.UNKNOWN_PROVINCE',
        'FHIR.BAD_CODE',
        'FHIR.BAD_DATE',
        'COVERAGE.NO_BENEFICIARY',
      ]),
    );
  });

  it('maps an empty Coverage to nulls with problems', () => {
    const { value, problems } = mapped({ resourceType: 'Coverage', id: 'c0' });
    expect(value).toMatchObject({ number: null, card: null, status: null });
    expect(problems).toEqual(['COVERAGE.NO_NUMBER', 'COVERAGE.NO_STATUS', 'COVERAGE.NO_BENEFICIARY']);
  });

  it('refuses another resource type', () => {
    expect(mapCoverage({ resourceType: 'Patient' }, bhytRef).ok).toBe(false);
  });
});

describe('isValidOn / coverageValidity', () => {
  const card = mapped(fixture('coverage-bhyt.json')).value;
  const subscriber = mapped(fixture('coverage-subscriber.json')).value;

  it.each([
    ['2025-12-31', 'not-yet-valid'],
    ['2026-01-01', 'valid'],
    ['2026-06-15', 'valid'],
    ['2026-12-31', 'valid'],
    ['2026-12-31T23:30:00+07:00', 'valid'],
    ['2026-12-31T17:30:00Z', 'expired'],
    ['2027-01-01', 'expired'],
  ])('card valid 2026-01-01..2026-12-31 on %s: %s', (date, expected) => {
    expect(coverageValidity(card, date)).toBe(expected);
    expect(isValidOn(card, date)).toBe(expected === 'valid');
  });

  it('compares dateTime bounds in Vietnam local time', () => {
    expect(isValidOn(subscriber, '2025-07-01')).toBe(true);
    expect(isValidOn(subscriber, '2026-06-30')).toBe(true);
    expect(isValidOn(subscriber, '2026-07-01')).toBe(false);
  });

  it('treats open and partial bounds sensibly', () => {
    expect(isValidOn({ status: 'active', period: { start: null, end: null } }, '2026-03-01')).toBe(true);
    expect(isValidOn({ status: 'active', period: { start: '2026', end: '2026-03' } }, '2026-03-31')).toBe(true);
    expect(isValidOn({ status: 'active', period: { start: '2026', end: '2026-03' } }, '2026-04-01')).toBe(false);
  });

  it('is never valid when not active', () => {
    for (const status of ['cancelled', 'draft', 'entered-in-error', null] as const) {
      expect(coverageValidity({ ...card, status }, '2026-06-15')).toBe('inactive');
    }
  });
});

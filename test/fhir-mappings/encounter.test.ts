import { describe, expect, it } from 'vitest';
import { mapEncounter, type EncounterSnapshot } from '../../fhir-mappings/encounter.js';
import { codes, fixture } from './support/reference.js';

/** Encounter → the stay. https://hl7.org/fhir/R4/encounter.html */
const NOW = '2026-03-06T10:00:00+07:00';

function mapped(input: unknown, now = NOW): { value: EncounterSnapshot; problems: string[] } {
  const r = mapEncounter(input, now);
  if (!r.ok) throw new Error(`mapping failed: ${codes(r.problems).join()}`);
  return { value: r.value, problems: codes(r.problems) };
}

describe('mapEncounter', () => {
  it('maps a stay in progress, counting days up to now, with the current ward as department', () => {
    const { value, problems } = mapped(fixture('encounter-inpatient.json'));
    expect(value).toMatchObject({
      fhirId: 'enc-nhi-2026-0311',
      class: 'IMP',
      classDisplay: 'inpatient encounter',
      status: 'in-progress',
      period: { start: '2026-03-01T22:30:00+07:00', end: null },
      inProgress: true,
      lengthOfStayDays: 5,
      department: 'Khoa Ung bướu',
      serviceProvider: 'Bệnh viện Nhi Trung ương',
      subject: { reference: 'Patient/sapa-5521' },
    });
    expect(value.reasons).toEqual([
      { system: 'http://hl7.org/fhir/sid/icd-10', code: 'C91.0', display: 'Bệnh bạch cầu lympho cấp' },
      { system: null, code: null, display: 'Chuyển tuyến từ BVĐK tỉnh Lào Cai' },
    ]);
    expect(problems).toEqual([]);
  });

  it('depends on the now parameter only, not the clock', () => {
    const input = fixture('encounter-inpatient.json');
    expect(mapped(input, '2026-03-01T23:59:00+07:00').value.lengthOfStayDays).toBe(0);
    expect(mapped(input, '2026-03-31T08:00:00+07:00').value.lengthOfStayDays).toBe(30);
  });

  it('counts a finished stay in Vietnam local days (18:00Z is 01:00 the next day in Lào Cai), maps the plain class "Nội trú"', () => {
    const { value } = mapped(fixture('encounter-finished.json'));
    expect(value).toMatchObject({
      class: 'IMP',
      inProgress: false,
      lengthOfStayDays: 6,
      department: 'Khoa Nội, Bệnh viện Đa khoa tỉnh Lào Cai',
    });
    expect(value.reasons).toEqual([{ system: null, code: null, display: 'Viêm phổi' }]);
  });

  it('reads R5 class and actualPeriod, reporting them as non-R4', () => {
    const { value, problems } = mapped(fixture('encounter-r5.json'));
    expect(value).toMatchObject({ class: 'EMER', period: { start: '2026-03-04T18:30:00Z' }, inProgress: true, lengthOfStayDays: 1 });
    expect(problems).toEqual(['FHIR.NON_R4_FIELD', 'FHIR.NON_R4_FIELD']);
  });

  it('leaves length of stay unknown without an admission date, or when the stay ends before it starts', () => {
    expect(mapped({ resourceType: 'Encounter', id: 'e', status: 'in-progress' }).value.lengthOfStayDays).toBeNull();
    const backwards = mapped({
      resourceType: 'Encounter',
      id: 'e',
      status: 'finished',
      period: { start: '2026-03-05', end: '2026-03-01' },
    });
    expect(backwards.value.lengthOfStayDays).toBeNull();
    expect(backwards.problems).toContain('ENCOUNTER.END_BEFORE_START');
  });

  it('uses Encounter.length in days when there is no period', () => {
    expect(mapped({ resourceType: 'Encounter', id: 'e', status: 'finished', length: { value: 4, unit: 'd' } }).value.lengthOfStayDays).toBe(
      4,
    );
  });

  it('does not count a finished stay with no end up to now', () => {
    const { value } = mapped({ resourceType: 'Encounter', id: 'e', status: 'finished', period: { start: '2026-03-01' } });
    expect(value).toMatchObject({ inProgress: false, lengthOfStayDays: null });
  });

  it('a stay under way with a planned discharge day still ahead is in progress, counted up to now, not to the plan', () => {
    const planned = { ...fixture('encounter-inpatient.json'), period: { start: '2026-03-01T22:30:00+07:00', end: '2026-03-20' } };
    expect(mapped(planned).value).toMatchObject({ inProgress: true, lengthOfStayDays: 5 });
  });

  it('a stay whose end has passed has ended, whatever its status says', () => {
    const ended = { ...fixture('encounter-inpatient.json'), period: { start: '2026-03-01T22:30:00+07:00', end: '2026-03-04T09:00:00+07:00' } };
    expect(mapped(ended).value).toMatchObject({ inProgress: false, lengthOfStayDays: 3 });
  });

  it('maps a bare or malformed encounter without throwing', () => {
    const { value, problems } = mapped({
      resourceType: 'Encounter',
      class: 'cấp cứu',
      period: 'yesterday',
      location: { location: { display: 'Khoa Nhi' } },
    });
    expect(value).toMatchObject({
      fhirId: null,
      class: 'EMER',
      period: { start: null, end: null },
      department: 'Khoa Nhi',
      lengthOfStayDays: null,
    });
    expect(problems).toEqual(expect.arrayContaining(['FHIR.NO_ID', 'FHIR.WRONG_TYPE', 'FHIR.EXPECTED_ARRAY']));
    expect(mapEncounter({ resourceType: 'Condition' }, NOW).ok).toBe(false);
  });
});

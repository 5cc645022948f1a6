import { describe, expect, it } from 'vitest';
import { foldVietnamese, mapPatient, newProvinceOf, type PatientSnapshot } from '../../fhir-mappings/patient.js';
import { codes, fixture, patientRef, provinces } from './support/reference.js';

/** Patient (VN Core vn-core-patient) → PatientSnapshot. https://hl7.org/fhir/R4/patient.html */
function mapped(input: unknown): { value: PatientSnapshot; problems: string[] } {
  const r = mapPatient(input, patientRef);
  if (!r.ok) throw new Error(`mapping failed: ${codes(r.problems).join()}`);
  return { value: r.value, problems: codes(r.problems) };
}

describe('foldVietnamese', () => {
  it.each([
    ['Giàng A Páo', 'giang a pao'],
    ['Nguyễn Thị Lan', 'nguyen thi lan'],
    ['Đặng Thị Mẩy', 'dang thi may'],
    ['ĐỖ  VĂN   ĐỨC', 'do van duc'],
    ['Tẩn Láo Sử', 'tan lao su'],
    ['Hoàng Văn Thắng', 'hoang van thang'],
    ['Thào Mỷ Dở', 'thao my do'],
  ])('%s → %s', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it('folds composed and decomposed Unicode alike', () => {
    expect(foldVietnamese('Nguyễn'.normalize('NFD'))).toBe(foldVietnamese('Nguyễn'.normalize('NFC')));
  });
});

describe('mapPatient: complete VN Core patient (HMông, Lào Cai)', () => {
  const { value, problems } = mapped(fixture('patient-giang-a-pao.json'));

  it('reads the name family first, with a folded form for search', () => {
    expect(value.name).toEqual({ family: 'Giàng', given: ['A', 'Páo'], full: 'Giàng A Páo', folded: 'giang a pao' });
  });

  it('reads all identifiers and parses the BHYT card', () => {
    expect(value.identifiers).toEqual({
      bhyt: 'HN2101234567890',
      nationalId: '010078001234',
      oldCitizenId: null,
      mrn: 'BVDKLC-26-004512',
      passport: null,
    });
    expect(value.bhytCard).toMatchObject({ groupCode: 'HN', benefitDigit: 2, province: { oldName: 'Lào Cai' } });
  });

  it('takes ethnicity from extension-race with the table display, never religion from extension-ethic', () => {
    expect(value.ethnicity).toEqual({ code: '08', display: 'HMông' });
  });

  it('keeps both the old 3-level and the new 2-level address', () => {
    expect(value.addresses).toEqual([
      expect.objectContaining({
        form: 'old-3-level',
        line: ['Bản Lầu Thí Ngài'],
        commune: 'Xã Hầu Thào',
        district: 'Thị xã Sa Pa',
        province: 'Lào Cai',
        newProvince: 'Lào Cai',
      }),
      expect.objectContaining({
        form: 'new-2-level',
        line: ['Bản Lầu Thí Ngài'],
        commune: 'Xã Tả Van',
        district: null,
        province: 'Tỉnh Lào Cai',
        newProvince: 'Lào Cai',
      }),
    ]);
  });

  it('keeps a partial birth date, prefers the mobile phone, and reads metadata', () => {
    expect(value).toMatchObject({
      fhirId: 'bn-laocai-000123',
      gender: 'male',
      birthDate: '1978',
      phone: '0912 345 678',
      deceased: false,
      lastUpdated: '2026-03-02T09:15:00+07:00',
    });
  });

  it('has no problems', () => {
    expect(problems).toEqual([]);
  });
});

describe('mapPatient: plain forms hospitals send', () => {
  it('reads a text-only name, type MR, a system naming bhyt, a CMND under the CCCD system, a code sent as "1"', () => {
    const { value, problems } = mapped(fixture('patient-nguyen-thi-lan.json'));
    expect(value.name).toEqual({ family: 'Nguyễn', given: ['Thị', 'Lan'], full: 'Nguyễn Thị Lan', folded: 'nguyen thi lan' });
    expect(value.identifiers).toEqual({
      bhyt: 'GD4150987654321',
      nationalId: null,
      oldCitizenId: '151234567',
      mrn: 'YB-2026-00981',
      passport: null,
    });
    expect(value.bhytCard).toMatchObject({ groupCode: 'GD', benefitDigit: 4, province: { oldName: 'Yên Bái', newName: 'Lào Cai' } });
    expect(value.ethnicity).toEqual({ code: '01', display: 'Kinh' });
    expect(value.birthDate).toBe('1990-07');
    expect(value.phone).toBe('0987 654 321');
    expect(value.addresses[0]).toMatchObject({
      form: 'new-2-level',
      commune: 'Phường Yên Bái',
      province: 'Lào Cai',
      newProvince: 'Lào Cai',
    });
    expect(problems).toEqual(['IDENTIFIER.ID_CARD_LENGTH']);
  });

  it('reads the legacy moh.gov.vn canonical, a whole name in family, a text-only address, a BHYT under type SB', () => {
    const { value, problems } = mapped(fixture('patient-dao-legacy.json'));
    expect(value.name).toMatchObject({ family: 'Tẩn', given: ['Láo', 'Sử'], full: 'Tẩn Láo Sử' });
    expect(value.ethnicity).toEqual({ code: '09', display: 'Dao' });
    expect(value.identifiers.bhyt).toBe('TE1102212345678');
    expect(value.identifiers.nationalId).toBe('010222009876');
    expect(value.bhytCard).toMatchObject({ groupCode: 'TE', benefitDigit: 1, provinceCode: '10' });
    expect(value.addresses[0]).toMatchObject({
      form: 'old-3-level',
      line: ['Thôn Sín Chải'],
      commune: 'xã Tả Van',
      district: 'thị xã Sa Pa',
      province: 'tỉnh Lào Cai',
      newProvince: 'Lào Cai',
    });
    expect(problems).toEqual(expect.arrayContaining(['IDENTIFIER.TYPE_SYSTEM_MISMATCH', 'ADDRESS.PARSED_FROM_TEXT']));
  });

  it('maps an old Yên Bái address to the new Lào Cai province, reads ethnicity given as a name, uses the usual name', () => {
    const { value } = mapped(fixture('patient-tay-yen-bai.json'));
    expect(value.name?.full).toBe('Hoàng Văn Thắng');
    expect(value.ethnicity).toEqual({ code: '02', display: 'Tày' });
    expect(value.addresses[0]).toMatchObject({
      form: 'old-3-level',
      commune: 'Xã Minh Xuân',
      district: 'Huyện Lục Yên',
      province: 'Tỉnh Yên Bái',
      newProvince: 'Lào Cai',
    });
    expect(value).toMatchObject({ deceased: true, deceasedDate: '2026-02-20T04:30:00+07:00' });
  });
});

describe('mapPatient: partial and malformed input never throws', () => {
  it('maps a bare Patient to nulls with a NO_NAME and NO_ID problem', () => {
    const { value, problems } = mapped({ resourceType: 'Patient' });
    expect(value).toEqual({
      fhirId: null,
      name: null,
      gender: null,
      birthDate: null,
      identifiers: { bhyt: null, nationalId: null, oldCitizenId: null, mrn: null, passport: null },
      bhytCard: null,
      ethnicity: null,
      addresses: [],
      phone: null,
      contacts: [],
      deceased: false,
      deceasedDate: null,
      lastUpdated: null,
    });
    expect(problems).toEqual(['FHIR.NO_ID', 'PATIENT.NO_NAME']);
  });

  it('reads what it can from a malformed patient and lists every problem', () => {
    const { value, problems } = mapped(fixture('patient-malformed.json'));
    expect(value.name?.full).toBe('Lò Thị Mai');
    expect(value.gender).toBe('female');
    expect(value.birthDate).toBeNull();
    expect(value.identifiers.bhyt).toBe('HN0991234567890');
    expect(value.bhytCard).toBeNull();
    expect(value.ethnicity).toBeNull();
    expect(value.phone).toBeNull();
    expect(value.deceased).toBe(false);
    expect(value.addresses).toHaveLength(1);
    expect(problems).toEqual(
      expect.arrayContaining([
        'FHIR.EXPECTED_ARRAY',
        'FHIR.WRONG_TYPE',
        'FHIR.PLAIN_CODE',
        'FHIR.BAD_DATE',
        'BHYT.BAD_BENEFIT_DIGIT',
        'BHYT.UNKNOWN_PROVINCE',
        'ADDRESS.UNKNOWN_PROVINCE',
      ]),
    );
  });

  it('reports an unknown ethnic code but keeps it', () => {
    const { value, problems } = mapped({
      resourceType: 'Patient',
      id: 'x',
      name: [{ text: 'Lý Seo Chứ' }],
      extension: [
        { url: 'http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-race', valueCoding: { code: '77', display: 'Khác' } },
      ],
    });
    expect(value.ethnicity).toEqual({ code: '77', display: 'Khác' });
    expect(problems).toEqual(['PATIENT.UNKNOWN_ETHNIC_CODE']);
  });

  it.each([
    [null, 'FHIR.NOT_A_RESOURCE'],
    ['Patient', 'FHIR.NOT_A_RESOURCE'],
    [[{ resourceType: 'Patient' }], 'FHIR.NOT_A_RESOURCE'],
    [{ resourceType: 'Practitioner', id: 'p1' }, 'FHIR.WRONG_RESOURCE_TYPE'],
    [{ id: 'no-type' }, 'FHIR.WRONG_RESOURCE_TYPE'],
  ])('refuses %j with %s', (input, code) => {
    const r = mapPatient(input, patientRef);
    expect(r.ok).toBe(false);
    expect(codes(r.problems)).toEqual([code]);
  });

  it('does not change its input', () => {
    const input = fixture('patient-dao-legacy.json');
    const copy = structuredClone(input);
    mapPatient(input, patientRef);
    expect(input).toEqual(copy);
  });
});

describe('mapPatient: gender', () => {
  it.each([
    ['female', 'female', []],
    ['Nữ', 'female', ['FHIR.PLAIN_CODE']],
    ['Nam', 'male', ['FHIR.PLAIN_CODE']],
    ['M', 'male', ['FHIR.PLAIN_CODE']],
    ['MALE', 'male', ['FHIR.PLAIN_CODE']],
    ['x', null, ['FHIR.BAD_CODE']],
    [1, null, ['FHIR.BAD_CODE']],
  ])('%j → %s', (gender, expected, problems) => {
    const r = mapped({ resourceType: 'Patient', id: 'g', name: [{ text: 'Vàng Thị Súa' }], gender });
    expect(r.value.gender).toBe(expected);
    expect(r.problems.filter((p) => p !== 'FHIR.WRONG_TYPE')).toEqual(problems);
  });
});

describe('newProvinceOf', () => {
  it.each([
    ['Yên Bái', 'Lào Cai'],
    ['Tỉnh Hà Giang', 'Tuyên Quang'],
    ['tinh bac kan', 'Thái Nguyên'],
    ['Thành phố Hà Nội', 'Hà Nội'],
    ['Hoà Bình', 'Phú Thọ'],
    ['Lào Cai', 'Lào Cai'],
    ['Cà Mau', 'Cà Mau'],
    ['Thanh Hoá', 'Thanh Hoá'],
    ['Tỉnh Quảng Nam', 'Đà Nẵng'],
    ['Atlantis', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(newProvinceOf(input, provinces)).toBe(expected);
  });
});

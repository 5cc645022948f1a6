import { beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_PURPOSE_CODES, consentPurposeCodeSystem, consentToFhir, type ConsentFhirInput, type ConsentForFhir, type TranslatedCoding } from '../../fhir-mappings/consent.js';
import { FhirValidationError } from '../../fhir-mappings/outbound/validate.js';
import { SYSTEMS } from '../../fhir-mappings/vn-core.js';
import { CONSENT_PURPOSES } from '../../server/features/consent/consent.schemas.js';
import { validateFhir } from '../setup/fhir-validate.js';
import { loadR4Definitions } from './support/r4-definitions.js';

/** A case's consent → FHIR R4 Consent (issue 10, point 4): per purpose, per recipient, who gave it, how, until when. */
beforeAll(loadR4Definitions);

const bachMai = { kind: 'hospital' as const, id: '665f00000000000000000b01', name: 'Bệnh viện Bạch Mai' };
const laoCai = { kind: 'hospital' as const, id: '665f00000000000000000a01', display: 'Bệnh viện Đa khoa tỉnh Lào Cai' };

const byMother: ConsentForFhir = {
  id: '665f000000000000000c0001',
  purpose: 'share-hospital',
  recipient: bachMai,
  givenBy: { kind: 'guardian', name: 'Tẩn Tả Mẩy', relationship: 'Mẹ' },
  childAgreed: true,
  method: { kind: 'signed-form', attachmentId: '665f000000000000000d0001' },
  givenOn: '2026-12-01',
  validUntil: '2027-06-30',
  recordedAt: '2026-12-01T03:00:00.000Z',
  withdrawal: null,
  allows: { vi: 'Cho phép chia sẻ với Bệnh viện Bạch Mai đến 30/06/2027', en: 'Allows sharing with Bạch Mai Hospital until 30/06/2027' },
};
const input: ConsentFhirInput = { consent: byMother, patientFhirId: 'bn-laocai-5521', custodian: laoCai };

function refusal(fn: () => unknown): FhirValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FhirValidationError) return e;
    throw e;
  }
  throw new Error('expected a FhirValidationError');
}

describe('consentToFhir', () => {
  it('maps a guardian’s signed consent to share with a named hospital: valid R4, privacy scope, RelatedPerson performer, recipient actor, purpose code', () => {
    const c = consentToFhir(input);
    expect(validateFhir(c)).toEqual([]);
    expect(c).toMatchObject({
      id: 'nc-consent-665f000000000000000c0001',
      status: 'active',
      scope: { coding: [{ system: SYSTEMS.hl7.consentScope, code: 'patient-privacy' }] },
      patient: { reference: 'Patient/bn-laocai-5521' },
      dateTime: '2026-12-01T03:00:00.000Z',
      organization: [{ identifier: { system: SYSTEMS.nhipcau.hospitalId, value: laoCai.id } }],
      sourceReference: { type: 'DocumentReference', identifier: { system: SYSTEMS.nhipcau.attachmentId, value: '665f000000000000000d0001' } },
    });
    // The mother gave it, the 7–15-year-old child agreed too.
    expect(c.performer).toEqual([{ reference: '#giver', display: 'Tẩn Tả Mẩy' }, { reference: 'Patient/bn-laocai-5521' }]);
    expect(c.contained).toMatchObject([
      {
        resourceType: 'RelatedPerson',
        id: 'giver',
        patient: { reference: 'Patient/bn-laocai-5521' },
        relationship: [{ coding: [{ system: SYSTEMS.nhipcau.consentGiver, code: 'guardian' }] }, { coding: [{ system: SYSTEMS.hl7.roleCode, code: 'MTH' }], text: 'Mẹ' }],
        name: [{ text: 'Tẩn Tả Mẩy' }],
      },
    ]);
    expect(c.provision).toMatchObject({
      type: 'permit',
      period: { start: '2026-12-01', end: '2027-06-30' },
      actor: [{ role: { coding: [{ code: 'IRCP' }] }, reference: { type: 'Organization', identifier: { system: SYSTEMS.nhipcau.hospitalId, value: bachMai.id }, display: 'Bệnh viện Bạch Mai' } }],
      action: [{ coding: [{ system: SYSTEMS.hl7.consentAction, code: 'disclose' }] }],
      purpose: [{ system: SYSTEMS.nhipcau.consentPurpose, code: 'share-hospital', display: 'Chia sẻ thông tin với bệnh viện tiếp nhận' }],
    });
    expect((c.provision?.purpose?.[0] as TranslatedCoding | undefined)?._display?.extension?.[0]?.extension).toEqual([
      { url: 'lang', valueCode: 'en' },
      { url: 'content', valueString: 'Share with a receiving hospital' },
    ]);
    expect(c.extension).toEqual([{ url: SYSTEMS.nhipcau.consentMethodExtension, valueCode: 'signed-form' }]);
    expect(c.text?.div).toContain('Cho phép chia sẻ với Bệnh viện Bạch Mai đến 30/06/2027');
  });

  it('a withdrawal is status inactive with the provision period ended on the day of withdrawal (before validUntil)', () => {
    const c = consentToFhir({ ...input, consent: { ...byMother, withdrawal: { on: '2026-12-05' }, allows: { vi: 'Đã rút <không còn hiệu lực>', en: 'Withdrawn & no longer valid' } } });
    expect(validateFhir(c)).toEqual([]);
    expect(c.status).toBe('inactive');
    expect(c.id).toBe('nc-consent-665f000000000000000c0001');
    expect(c.provision?.period).toEqual({ start: '2026-12-01', end: '2026-12-05' });
    expect(c.text?.div).toContain('Đã rút &lt;không còn hiệu lực&gt;');
    expect(c.text?.div).toContain('Withdrawn &amp; no longer valid');
  });

  it('the patient’s own verbal consent: the patient performs, the witness is named, no contained giver, no end when open-ended', () => {
    const c = consentToFhir({ ...input, consent: { ...byMother, givenBy: { kind: 'patient' }, childAgreed: null, method: { kind: 'verbal', witnessName: 'Điều dưỡng Lò Thị Vân' }, validUntil: null } });
    expect(validateFhir(c)).toEqual([]);
    expect(c.performer).toEqual([{ reference: 'Patient/bn-laocai-5521' }]);
    expect(c.contained).toBeUndefined();
    expect(c.sourceReference).toBeUndefined();
    expect(c.extension).toEqual([
      { url: SYSTEMS.nhipcau.consentMethodExtension, valueCode: 'verbal' },
      { url: SYSTEMS.nhipcau.consentWitnessExtension, valueString: 'Điều dưỡng Lò Thị Vân' },
    ]);
    expect(c.provision?.period).toEqual({ start: '2026-12-01' });
  });

  it('a recipient named by kind is the network audience; a phone contact has no recipient and permits use', () => {
    const anyPartner = consentToFhir({ ...input, consent: { ...byMother, purpose: 'share-charity', recipient: { kind: 'any-partner' } } });
    expect(validateFhir(anyPartner)).toEqual([]);
    expect(anyPartner.provision?.actor?.[0]?.reference).toMatchObject({ type: 'Organization', identifier: { system: SYSTEMS.nhipcau.networkAudience, value: 'any-partner' } });
    const phone = consentToFhir({ ...input, consent: { ...byMother, purpose: 'contact-phone', recipient: { kind: 'none' } } });
    expect(validateFhir(phone)).toEqual([]);
    expect(phone.provision?.actor).toBeUndefined();
    expect(phone.provision?.action?.[0]?.coding?.[0]?.code).toBe('use');
  });

  it('a legal representative whose relationship words are not recognised keeps them as text', () => {
    const c = consentToFhir({ ...input, consent: { ...byMother, givenBy: { kind: 'legal-representative', name: 'Trần Văn Bình', relationship: 'Cán bộ xã được uỷ quyền' }, childAgreed: null } });
    expect(validateFhir(c)).toEqual([]);
    expect(c.performer).toEqual([{ reference: '#giver', display: 'Trần Văn Bình' }]);
    expect(c.contained?.[0]).toMatchObject({ relationship: [{ coding: [{ code: 'legal-representative' }] }, { text: 'Cán bộ xã được uỷ quyền' }] });
  });

  it('refuses an end before the start and a patient id that is not a FHIR id', () => {
    expect(refusal(() => consentToFhir({ ...input, consent: { ...byMother, validUntil: '2026-11-30' } })).code).toBe('FHIR.INVALID_INPUT');
    expect(refusal(() => consentToFhir({ ...input, consent: { ...byMother, withdrawal: { on: '2026-11-01' } } })).code).toBe('FHIR.INVALID_INPUT');
    expect(refusal(() => consentToFhir({ ...input, patientFhirId: 'bn laocai/5521' })).code).toBe('FHIR.INVALID_INPUT');
  });

  it('every purpose of the consent feature has a code with Vietnamese and English words, and the CodeSystem is valid', () => {
    expect(Object.keys(CONSENT_PURPOSE_CODES).sort()).toEqual([...CONSENT_PURPOSES].sort());
    const cs = consentPurposeCodeSystem();
    expect(validateFhir(cs)).toEqual([]);
    expect(cs.url).toBe(SYSTEMS.nhipcau.consentPurpose);
    expect(cs.concept?.find((x) => x.code === 'publish-story')?.designation).toEqual([
      { language: 'vi', value: 'Đăng câu chuyện đã ẩn danh' },
      { language: 'en', value: 'Publish a de-identified story' },
    ]);
  });
});

import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api.js';
import { sizeText, uploadProblem } from '../../client/src/features/cases/attachment-bits.js';
import { applyConsentErrors, toConsentInput, type ConsentFormValues } from '../../client/src/features/cases/consent-form-model.js';
import { RESOURCES } from '../../client/src/i18n/resources.js';

/**
 * The words of the attachments and consent panels (issue 10, point 6): sizes and the server's
 * upload refusals said with their numbers and file types; the record-consent form turning its
 * values into the request, and the server's 400 into sentences under the right fields (and the
 * guardian fields brought up), in both languages.
 */
const ts = {} as Record<'vi' | 'en', TFunction>;

beforeAll(async () => {
  for (const lng of ['vi', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({
      lng,
      resources: { [lng]: { translation: RESOURCES[lng] } },
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    ts[lng] = instance.t;
  }
});

/** The part of antd's form the error mapper uses: it records what would show under each field. */
function fieldsRecorder(): { form: FormInstance; shown: Map<string, string[]> } {
  const shown = new Map<string, string[]>();
  const form = {
    setFields: (fields: { name: string[]; errors: string[] }[]) => fields.forEach((f) => shown.set(f.name.join('.'), f.errors)),
  };
  return { form: form as unknown as FormInstance, shown };
}

const base: ConsentFormValues = {
  purpose: 'share-hospital',
  recipient: { kind: 'hospital', id: '0123456789abcdef01234567' },
  givenBy: { kind: 'patient' },
  method: { kind: 'signed-form', attachmentId: 'abcdefabcdefabcdefabcdef' },
  givenOn: dayjs('2026-12-07'),
};

describe('attachment words', () => {
  it('says sizes the Vietnamese way in both languages', () => {
    expect(sizeText(604, ts.vi)).toBe('604 byte');
    expect(sizeText(2048, ts.en)).toBe('2 KB');
    expect(sizeText(1.5 * 1024 * 1024, ts.vi)).toBe('1,5 MB');
    expect(sizeText(1.5 * 1024 * 1024, ts.en)).toBe('1,5 MB');
  });

  it('words the refusals: too large with the limit in MB, an extension that disagrees with the content, a type not kept', () => {
    const tooLarge = new ApiError(413, 'ATTACHMENT.TOO_LARGE', 'The file is larger than 10485760 bytes', [], null, null, {
      limit: 10 * 1024 * 1024,
    });
    expect(uploadProblem(tooLarge, ts.vi)).toBe('Tệp quá lớn: mỗi tệp tối đa 10 MB. Vui lòng chụp hoặc quét lại với dung lượng nhỏ hơn.');
    const mismatch = new ApiError(400, 'ATTACHMENT.TYPE_MISMATCH', 'The file is a PNG but its name ends in .pdf', [], null, null, {
      detected: 'png',
      extension: 'pdf',
    });
    expect(uploadProblem(mismatch, ts.vi)).toContain('Tên tệp có đuôi PDF nhưng nội dung là tệp PNG.');
    expect(uploadProblem(mismatch, ts.en)).toContain('The file name ends in PDF but its content is a PNG file.');
    const notKept = new ApiError(400, 'ATTACHMENT.TYPE_NOT_ALLOWED', 'Only PDF, JPEG and PNG files are accepted', [], null, null, {
      detected: 'gif',
    });
    expect(uploadProblem(notKept, ts.en)).toBe("Only PDF, JPEG or PNG files are kept; this file's content is of another type.");
    expect(uploadProblem(new ApiError(403, 'AUTH.FORBIDDEN', 'no'), ts.vi), 'other errors go to the shared alert').toBeNull();
  });
});

describe('the record-consent form', () => {
  it('sends the request the server reads: no recipient for a phone call, a verbal witness, a guardian with the child’s view', () => {
    expect(
      toConsentInput({
        ...base,
        purpose: 'contact-phone',
        recipient: { kind: 'none', id: 'stale' },
        method: { kind: 'verbal', witnessName: ' Lò Văn Minh ', attachmentId: 'stale' },
      }),
    ).toEqual({
      purpose: 'contact-phone',
      recipient: { kind: 'none' },
      givenBy: { kind: 'patient' },
      method: { kind: 'verbal', witnessName: 'Lò Văn Minh' },
      givenOn: '2026-12-07',
      validUntil: null,
    });
    const guardian = toConsentInput({
      ...base,
      givenBy: { kind: 'guardian', name: ' Nguyễn Thị Hoa ', relationship: 'mẹ' },
      childAgreed: 'yes',
      validUntil: dayjs('2027-06-30'),
    });
    expect(guardian).toMatchObject({
      givenBy: { kind: 'guardian', name: 'Nguyễn Thị Hoa', relationship: 'mẹ' },
      childAgreed: true,
      validUntil: '2027-06-30',
    });
    expect(guardian.recipient).toEqual({ kind: 'hospital', id: '0123456789abcdef01234567' });
  });

  it('puts the server’s 400 under the fields in words, and asks for a guardian and the child’s view', () => {
    const { form, shown } = fieldsRecorder();
    const error = new ApiError(400, 'CONSENT.GUARDIAN_REQUIRED', 'A guardian or legal representative gives this consent', [
      { path: 'body.givenBy.kind', message: 'a patient under 16 …', code: 'guardian_required', params: { belowAge: 16 } },
      {
        path: 'body.childAgreed',
        message: 'the agreement of a child …',
        code: 'child_agreement_required',
        params: { fromAge: 7, belowAge: 16 },
      },
      { path: 'body.recipient', message: 'wrong kind', code: 'recipient_not_for_purpose' },
      { path: 'body.somethingElse', message: 'x', code: 'custom' },
    ]);
    const { asks, unmatched } = applyConsentErrors(form, error, base, ts.vi);
    expect(asks).toEqual({ guardian: true, childView: true });
    expect(shown.get('givenBy.kind')?.[0]).toMatch(/^Người bệnh chưa đủ tuổi/);
    expect(shown.get('childAgreed')?.[0]).toMatch(/cần ghi nhận trẻ có đồng ý hay không/);
    expect(shown.get('recipient.kind')?.[0]).toBe('Nơi nhận này không phù hợp với mục đích đã chọn.');
    expect(unmatched.map((d) => d.path)).toEqual(['body.somethingElse']);
  });
});

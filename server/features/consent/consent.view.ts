import type { ConsentRecord } from './consent.model.js';
import type { Consent, ConsentPurpose, ConsentStatus } from './consent.schemas.js';

/**
 * A consent's status on the clock and the sentence saying what it allows now. Pure: the time is a
 * parameter. Active until the end of `validUntil` (Vietnam day: `expiresAt`), withdrawn from the
 * moment its withdrawal was recorded (the withdrawal's own day `on` is what the patient said; the
 * effect is immediate, not back-dated nor post-dated).
 */
export function consentStatus(r: Pick<ConsentRecord, 'state' | 'expiresAt'>, now: Date): ConsentStatus {
  if (r.state === 'withdrawn') return 'withdrawn';
  if (r.expiresAt && now.getTime() > r.expiresAt.getTime()) return 'expired';
  return 'active';
}

/** 2026-12-31 → 31/12/2026 (DOMAIN: dates dd/MM/yyyy). */
export const dayVi = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

type Words = { vi: string; en: string };

function recipientWords(r: ConsentRecord['recipient']): Words {
  switch (r.kind) {
    case 'hospital':
    case 'organisation':
      return { vi: r.name ?? '', en: r.name ?? '' };
    case 'any-hospital':
      return { vi: 'mọi bệnh viện trong mạng lưới', en: 'any hospital of the network' };
    case 'any-partner':
      return { vi: 'mọi đối tác từ thiện của mạng lưới', en: 'any partner organisation of the network' };
    case 'none':
      return { vi: '', en: '' };
  }
}

/** What the purpose allows, as a verb phrase, with its recipient. */
function purposeWords(purpose: ConsentPurpose, to: Words): Words {
  switch (purpose) {
    case 'share-hospital':
      return { vi: `chia sẻ hồ sơ với ${to.vi}`, en: `sharing the case with ${to.en}` };
    case 'share-charity':
      return { vi: `chia sẻ hồ sơ (không có thông tin nhận dạng) với ${to.vi}`, en: `sharing the case, without identifying details, with ${to.en}` };
    case 'publish-story':
      return { vi: 'đăng câu chuyện của người bệnh (không có thông tin nhận dạng)', en: "publishing the patient's story without identifying details" };
    case 'contact-phone':
      return { vi: 'liên hệ với người bệnh qua điện thoại', en: 'contacting the patient by phone' };
    case 'case-conference':
      return { vi: `thảo luận hồ sơ tại hội chẩn liên viện với ${to.vi}`, en: `discussing the case at an inter-hospital case conference with ${to.en}` };
  }
}

/**
 * One sentence per language: "Cho phép chia sẻ hồ sơ với Bệnh viện Nhi Trung ương đến hết
 * 31/12/2026". Built here from codes because the client's panel and the FHIR Consent's text show
 * the same summary; the client may also word the codes itself.
 */
export function allowsSentence(r: ConsentRecord, now: Date): Words {
  const what = purposeWords(r.purpose, recipientWords(r.recipient));
  const status = consentStatus(r, now);
  if (status === 'withdrawn') {
    const on = dayVi(r.withdrawal?.on ?? r.givenOn);
    return { vi: `Không còn cho phép ${what.vi}: đã rút lại ngày ${on}`, en: `No longer allows ${what.en}: withdrawn on ${on}` };
  }
  if (status === 'expired') {
    const until = dayVi(r.validUntil ?? r.givenOn);
    return { vi: `Không còn cho phép ${what.vi}: đã hết hạn (hiệu lực đến hết ${until})`, en: `No longer allows ${what.en}: it expired (valid until ${until})` };
  }
  if (r.validUntil) {
    const until = dayVi(r.validUntil);
    return { vi: `Cho phép ${what.vi} đến hết ${until}`, en: `Allows ${what.en} until ${until}` };
  }
  return { vi: `Cho phép ${what.vi} cho đến khi rút lại`, en: `Allows ${what.en} until withdrawn` };
}

const hex = (id: { toHexString(): string } | null): string => (id ? id.toHexString() : '');

/** The API's Consent, field by field (nothing spread from the record). `names`: user id → display name. */
export function toConsentView(r: ConsentRecord, names: ReadonlyMap<string, string | null>, now: Date): Consent {
  const rc = r.recipient;
  const recipient: Consent['recipient'] =
    rc.kind === 'hospital' || rc.kind === 'organisation' ? { kind: rc.kind, id: hex(rc.id), name: rc.name ?? '' } : { kind: rc.kind };
  const w = r.withdrawal;
  return {
    id: r._id.toHexString(),
    caseId: r.caseId.toHexString(),
    patientId: r.patientId.toHexString(),
    purpose: r.purpose,
    recipient,
    givenBy: r.givenBy.kind === 'patient' ? { kind: 'patient' } : { kind: r.givenBy.kind, name: r.givenBy.name, relationship: r.givenBy.relationship },
    childAgreed: r.childAgreed ?? null,
    patientLacksCapacity: r.patientLacksCapacity ?? false,
    method: r.method.kind === 'signed-form' ? { kind: 'signed-form', attachmentId: r.method.attachmentId } : { kind: 'verbal', witnessName: r.method.witnessName },
    givenOn: r.givenOn,
    validUntil: r.validUntil ?? null,
    status: consentStatus(r, now),
    recordedBy: { id: r.recordedBy, name: names.get(r.recordedBy) ?? null },
    recordedAt: r.recordedAt.toISOString(),
    withdrawal: w ? { on: w.on, reason: w.reason ?? null, recordedBy: { id: w.recordedBy, name: names.get(w.recordedBy) ?? null }, recordedAt: w.recordedAt.toISOString() } : null,
    allows: allowsSentence(r, now),
  };
}

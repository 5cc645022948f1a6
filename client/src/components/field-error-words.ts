import type { TFunction } from 'i18next';
import type { ApiErrorDetail } from '../api';
import { formatNumber } from '../format';
import wordsVi from '../i18n/words.vi.json';

/**
 * A 400's field detail in the user's language. The server sends zod's issue code (too_small,
 * invalid_type, …) or its own, with the bounds as params; the sentence is chosen here, never the
 * server's English message. A detail without a code reads as "not valid" (it still points at its field).
 */
type FieldErrors = typeof wordsVi.fieldErrors;
type Simple = { [K in keyof FieldErrors]: FieldErrors[K] extends string ? K : never }[keyof FieldErrors];
type Bounded = 'too_small' | 'too_big';

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);

function boundedKey(code: Bounded, origin: unknown, exclusive: boolean): keyof FieldErrors[Bounded] {
  if (origin === 'number' || origin === 'bigint') return exclusive ? 'numberExclusive' : 'number';
  if (origin === 'string' || origin === 'array') return origin;
  return code === 'too_small' && origin === 'set' ? 'array' : 'other';
}

export function detailMessage(detail: Pick<ApiErrorDetail, 'code' | 'params'>, t: TFunction): string {
  const code = detail.code ?? 'other';
  const p = detail.params ?? {};
  if (code === 'too_small' || code === 'too_big') {
    // A required text left empty arrives as "at least 1 character": say it is required.
    if (code === 'too_small' && p.origin === 'string' && Number(p.minimum) === 1) return t('fieldErrors.required');
    const key = boundedKey(code, p.origin, p.exclusive === 1);
    const bound = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : String(v ?? ''));
    return t(`fieldErrors.${code}.${key}`, { minimum: bound(p.minimum), maximum: bound(p.maximum) });
  }
  if (code === 'invalid_format') {
    const format = p.format === 'datetime' || p.format === 'iso_date' ? 'date' : p.format;
    const key = typeof format === 'string' && has(wordsVi.fieldErrors.invalid_format, format) ? format : 'other';
    return t(`fieldErrors.invalid_format.${key as keyof FieldErrors['invalid_format']}`);
  }
  if (code === 'not_multiple_of') return t('fieldErrors.not_multiple_of', { divisor: formatNumber(Number(p.divisor)) });
  const simple = has(wordsVi.fieldErrors, code) && typeof wordsVi.fieldErrors[code as keyof FieldErrors] === 'string' ? (code as Simple) : 'other';
  return t(`fieldErrors.${simple}`);
}

/**
 * The label of the field a path points at, from its last named segment
 * (`body.fhir.baseUrl` → "Địa chỉ máy chủ dữ liệu"); a field the table does not know reads "Thông tin nhập".
 */
export function fieldLabel(path: string, t: TFunction): string {
  const names = path
    .replace(/\[[^\]]*\]/g, '')
    .split('.')
    .filter((s) => s && !/^\d+$/.test(s) && s !== 'params' && s !== 'query');
  const last = names[names.length - 1] ?? 'default';
  const key = last && has(wordsVi.fieldNames, last) ? last : 'default';
  return t(`fieldNames.${key as keyof typeof wordsVi.fieldNames}`);
}

/** "Tên đăng nhập: Cần ít nhất 3 ký tự." — for details no form field can show. */
export function detailSentence(detail: ApiErrorDetail, t: TFunction): string {
  return `${fieldLabel(detail.path, t)}: ${detailMessage(detail, t)}`;
}

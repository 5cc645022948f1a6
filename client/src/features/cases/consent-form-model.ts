import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import type { ApiErrorDetail } from '../../api';
import { isApiError } from '../../api';
import type { ConsentGiverKind, ConsentInput, ConsentPurpose, ConsentRecipientKind } from '../../api-types';
import { detailMessage } from '../../components/field-error-words';

/** The record-consent form's values: the request's own shape, with days as dayjs and the child's view as a choice. */
export interface ConsentFormValues {
  purpose: ConsentPurpose;
  recipient: { kind: ConsentRecipientKind; id?: string };
  givenBy: { kind: ConsentGiverKind; name?: string; relationship?: string };
  patientLacksCapacity?: boolean;
  childAgreed?: 'yes' | 'no';
  method: { kind: 'signed-form' | 'verbal'; attachmentId?: string; witnessName?: string };
  givenOn: Dayjs;
  validUntil?: Dayjs | null;
}

/**
 * The field a detail's path points at: the longest of the form's names it starts with
 * (`body.givenBy.kind` → `givenBy.kind`), as components/form-errors.ts does; written out here so
 * this module stays free of the app's i18n set-up (tested in Node).
 */
function fieldOf(path: string, fields: readonly string[]): string | null {
  const segments = path
    .replace(/^(body|query)\./, '')
    .split('.')
    .filter(Boolean);
  for (; segments.length > 0; segments.pop()) if (fields.includes(segments.join('.'))) return segments.join('.');
  return null;
}

/** The form's fields, named as the server names them in a 400 (`body.givenBy.kind` → `givenBy.kind`). */
export const CONSENT_FIELDS = [
  'purpose',
  'recipient.kind',
  'recipient.id',
  'givenBy.kind',
  'givenBy.name',
  'givenBy.relationship',
  'patientLacksCapacity',
  'childAgreed',
  'method.kind',
  'method.attachmentId',
  'method.witnessName',
  'givenOn',
  'validUntil',
] as const;

const day = (d: Dayjs): string => d.format('YYYY-MM-DD');

export function toConsentInput(v: ConsentFormValues): ConsentInput {
  const kind = v.recipient.kind;
  const recipient = kind === 'hospital' || kind === 'organisation' ? { kind, id: v.recipient.id ?? '' } : { kind };
  const givenBy =
    v.givenBy.kind === 'patient'
      ? { kind: 'patient' as const }
      : { kind: v.givenBy.kind, name: v.givenBy.name?.trim() ?? '', relationship: v.givenBy.relationship?.trim() ?? '' };
  const method =
    v.method.kind === 'signed-form'
      ? { kind: 'signed-form' as const, attachmentId: v.method.attachmentId ?? '' }
      : { kind: 'verbal' as const, witnessName: v.method.witnessName?.trim() ?? '' };
  return {
    purpose: v.purpose,
    recipient,
    givenBy,
    ...(v.childAgreed ? { childAgreed: v.childAgreed === 'yes' } : {}),
    ...(v.patientLacksCapacity ? { patientLacksCapacity: true } : {}),
    method,
    givenOn: day(v.givenOn),
    validUntil: v.validUntil && dayjs.isDayjs(v.validUntil) ? day(v.validUntil) : null,
  } as ConsentInput;
}

/** What the server's answer asks of the form next: guardian fields, the child's view. */
export interface ServerAsks {
  guardian: boolean;
  childView: boolean;
}

/**
 * A consent rule's field error without a code of its own (a coded one, such as `guardian_required`
 * or `own_hospital`, is worded from words.*.json like every field error): said for this form.
 */
function fallbackSentence(field: string, values: ConsentFormValues, t: TFunction): string | null {
  if (field === 'givenBy.kind') return t('consent.guardianRequired');
  if (field === 'childAgreed') return values.childAgreed ? t('consent.childAgreedNotApplicable') : t('consent.childAgreedRequired');
  if (field.startsWith('recipient')) return t('consent.wrongRecipient');
  if (field === 'method.attachmentId') return t('consent.formNotOfCase');
  if (field === 'validUntil') return t('consent.beforeGivenOn');
  if (field === 'givenOn') return t('consent.notInFuture');
  return null;
}

/**
 * Puts a 400's details under the form's fields (a path on `recipient` or `method` itself goes to
 * its kind), worded for consent where the rule is consent's; returns what the server asked for
 * (a guardian, the child's view) and the details no field could show.
 */
export function applyConsentErrors(
  form: FormInstance,
  error: unknown,
  values: ConsentFormValues,
  t: TFunction,
): { asks: ServerAsks; unmatched: ApiErrorDetail[] } {
  const asks: ServerAsks = { guardian: false, childView: false };
  if (!isApiError(error)) return { asks, unmatched: [] };
  const fields: readonly string[] = CONSENT_FIELDS;
  const messages = new Map<string, string[]>();
  const unmatched: ApiErrorDetail[] = [];
  for (const detail of error.details) {
    const bare = detail.path.replace(/^(body|query)\./, '');
    const field = fieldOf(bare === 'recipient' || bare === 'method' || bare === 'givenBy' ? `${bare}.kind` : detail.path, fields);
    if (!field) {
      unmatched.push(detail);
      continue;
    }
    const coded = Boolean(detail.code) && detail.code !== 'custom';
    const sentence = coded ? detailMessage(detail, t) : (fallbackSentence(field, values, t) ?? detailMessage(detail, t));
    if (detail.code === 'guardian_required' || (error.code === 'CONSENT.GUARDIAN_REQUIRED' && field === 'givenBy.kind'))
      asks.guardian = true;
    if (field === 'childAgreed') asks.childView = true;
    messages.set(field, [...(messages.get(field) ?? []), sentence]);
  }
  form.setFields([...messages].map(([name, errors]) => ({ name: name.split('.'), errors })));
  return { asks, unmatched };
}

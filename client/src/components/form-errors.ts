import type { FormInstance } from 'antd';
import type { ApiErrorDetail } from '../api';
import { isApiError } from '../api';
import { i18n } from '../i18n';
import { detailMessage } from './field-error-words';

/**
 * Puts a 400's field errors under the matching form fields. The server names fields by where
 * they were in the request (`body.province.current`, `query.bhyt`); forms name them without the
 * `body.` or `query.`.
 * `fields` lists the dotted names the form has; an error on a list item (`fundingInterests.0`)
 * goes to the list. The message under a field is worded from the detail's code in the UI language
 * (field-error-words.ts), not the server's English. Returns the errors no field could show, for the
 * form's error alert.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): ApiErrorDetail[] {
  if (!isApiError(error) || error.details.length === 0) return [];
  const messages = new Map<string, string[]>();
  const unmatched: ApiErrorDetail[] = [];
  for (const detail of error.details) {
    const field = matchField(detail.path, fields);
    if (field) messages.set(field, [...(messages.get(field) ?? []), detailMessage(detail, i18n.t)]);
    else unmatched.push(detail);
  }
  form.setFields([...messages].map(([name, errors]) => ({ name: name.split('.'), errors })));
  return unmatched;
}

export function matchField(path: string, fields: readonly string[]): string | null {
  const segments = path
    .replace(/^(body|query)\./, '')
    .split('.')
    .filter(Boolean);
  while (segments.length > 0) {
    const candidate = segments.join('.');
    if (fields.includes(candidate)) return candidate;
    segments.pop();
  }
  return null;
}

/** Clears the server errors shown under fields before a new attempt. */
export function clearFieldErrors(form: FormInstance, fields: readonly string[]): void {
  form.setFields(fields.map((name) => ({ name: name.split('.'), errors: [] })));
}

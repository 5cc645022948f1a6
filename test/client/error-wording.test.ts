import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api.js';
import { codeMessage, describeError, messageKeyForCode } from '../../client/src/components/error-messages.js';
import { detailMessage, detailSentence, fieldLabel } from '../../client/src/components/field-error-words.js';
import { RESOURCES } from '../../client/src/i18n/resources.js';
import { DETAIL_CODES, ERROR_CODES } from '../../server/errors.js';

/**
 * B10: every error code the server can answer, and every field-detail code, has a sentence in
 * Vietnamese and in English. The codes come from the registry (server/errors.ts), which AppError
 * enforces; the server's source is also scanned for code literals so a code that slipped past the
 * registry (a cast) fails here too.
 */
const SERVER = join(import.meta.dirname, '../../server');
const ts: Record<'vi' | 'en', TFunction> = {} as Record<'vi' | 'en', TFunction>;

beforeAll(async () => {
  for (const lng of ['vi', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({ lng, resources: { [lng]: { translation: RESOURCES[lng] } }, interpolation: { escapeValue: false }, initAsync: false });
    ts[lng] = instance.t;
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // The demo hospital answers FHIR OperationOutcomes, not the API's errors.
    if (statSync(path).isDirectory()) return name === 'demo-hospital' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Code literals where an error is made or recorded: `new AppError(4xx, 'X.Y'`, `badRequest('X.Y'`,
 * `conflict('X.Y'`, `tooManyRequests('X.Y'`, a stored `error: { code: 'X.Y'` (a sync run's), and
 * the kinds in errors.ts itself (UpstreamFhirError picks its code with a ternary).
 */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const made = /(?:new AppError\(\s*\d{3},\s*|\b(?:badRequest|conflict|tooManyRequests)\(\s*|error: \{ code: )'([A-Z][A-Z_.]*)'/g;
  for (const file of sourceFiles(SERVER)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(made)) codes.add(m[1] as string);
    if (file.endsWith('/errors.ts')) for (const m of text.matchAll(/[?:]\s*'([A-Z]+\.[A-Z_]+)'/g)) codes.add(m[1] as string);
  }
  return codes;
}

/**
 * The field details the server's own checks build: `{ path: …, message: … }` literals in the
 * service (and the questionnaire reader's `{ linkId, message }` problems). Each must carry a code.
 */
function detailLiteralsWithoutCode(): string[] {
  const files = [...sourceFiles(SERVER), join(import.meta.dirname, '../../fhir-mappings/questionnaire-answers.ts')];
  const bare: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // Template literals (`for role ${role}`) may sit inside; type shapes (`message: string`, `z.string()`) are not details.
    for (const m of text.matchAll(/\{\s*(?:path|linkId)\b(?:[^{}]|\$\{[^{}]*\})*\bmessage\b(?:[^{}]|\$\{[^{}]*\})*\}/g)) {
      if (!/\bcode\b/.test(m[0]) && !/:\s*(?:string\b|z\.)/.test(m[0])) bare.push(`${file.slice(file.indexOf('/server/') + 1)}: ${m[0].slice(0, 90)}`);
    }
  }
  return bare;
}

describe('error codes in words (B10)', () => {
  it('registers every code the server source throws or records', () => {
    const thrown = codesInSource();
    for (const code of ['AUTH.CSRF', 'FLAG.NOT_ACTIVE', 'FHIR.UPSTREAM_TIMEOUT', 'SYNC.ALREADY_RUNNING', 'INTERNAL', 'NOT_FOUND']) expect(thrown).toContain(code);
    expect([...thrown].filter((c) => !(c in ERROR_CODES)), 'add these to ERROR_CODES in server/errors.ts').toEqual([]);
  });

  it('has a sentence in Vietnamese and English for every registered code', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      expect(messageKeyForCode(code), `${code}: add it to client/src/i18n/words.*.json errorCodes`).not.toBeNull();
      const vi = codeMessage(code, {}, ts.vi);
      const en = codeMessage(code, {}, ts.en);
      for (const text of [vi, en]) {
        expect(text, code).not.toMatch(/\{\{|errorCodes\.|[A-Z]+\.[A-Z_]+/);
        expect(text.length, code).toBeGreaterThan(10);
      }
      expect(vi, code).not.toBe(en);
    }
  });

  it('words an error from its code and params, keeping the server’s English behind the details', () => {
    const timeout = new ApiError(504, 'FHIR.UPSTREAM_TIMEOUT', 'FHIR server of Bệnh viện K (BVK) timed out after 10000 ms', [], 'req-1', null, { hospital: 'BVK' });
    const vi = describeError(timeout, ts.vi);
    expect(vi.title).toBe('Hệ thống thông tin của bệnh viện phản hồi quá chậm. Vui lòng thử lại sau ít phút.');
    expect(vi.hint).toContain('BVK');
    expect(vi.title + (vi.hint ?? '')).not.toContain('timed out');
    expect(vi.technical).toContain('timed out');
    expect(vi.code).toBe('FHIR.UPSTREAM_TIMEOUT');
    expect(describeError(timeout, ts.en).title).toContain('too slowly');

    const missing = new ApiError(404, 'NOT_FOUND', 'Sync run not found', [], null, null, { resource: 'syncRun' });
    expect(describeError(missing, ts.vi).title).toBe('Không tìm thấy lần đồng bộ.');
    expect(describeError(missing, ts.en).title).toBe('The sync was not found.');
    const unknown = new ApiError(409, 'SOMETHING.NEW', 'A new conflict', []);
    expect(describeError(unknown, ts.vi).title).toBe(ts.vi('errors.conflict'));
  });

  it('gives every field detail the server builds a registered code (no English-only detail)', () => {
    expect(detailLiteralsWithoutCode(), 'add code (one of DETAIL_CODES) and params to these details').toEqual([]);
    for (const code of ['control_characters', 'required_for_role', 'scope_not_grantable', 'same_as_current', 'invalid_cursor']) expect(DETAIL_CODES).toContain(code);
  });

  it('words a wrong current password apart from a failed sign-in', () => {
    expect(ERROR_CODES).toHaveProperty(['AUTH.WRONG_CURRENT_PASSWORD']);
    for (const lang of ['vi', 'en'] as const) expect(codeMessage('AUTH.WRONG_CURRENT_PASSWORD', {}, ts[lang])).not.toBe(codeMessage('AUTH.INVALID_CREDENTIALS', {}, ts[lang]));
  });

  it('words every field-detail code in both languages, naming the field', () => {
    for (const code of DETAIL_CODES) {
      // Its own sentence in each table, not the fallback for codes nobody worded.
      for (const lang of ['vi', 'en'] as const) expect(Object.hasOwn(RESOURCES[lang].fieldErrors, code), `${code}: add it to words.${lang}.json fieldErrors`).toBe(true);
      for (const lang of ['vi', 'en'] as const) {
        const text = detailMessage({ code, params: { minimum: 2, maximum: 30, origin: 'number', divisor: 5, format: 'url' } }, ts[lang]);
        expect(text, `${code} ${lang}`).not.toMatch(/\{\{|fieldErrors\.|_/);
        expect(text.length).toBeGreaterThan(5);
      }
    }
    const tooSmall = { path: 'body.householdSize', message: 'Too small: expected number to be >=1', code: 'too_small', params: { minimum: 1_000_000, origin: 'number' } };
    expect(detailMessage(tooSmall, ts.vi)).toBe('Không được nhỏ hơn 1.000.000.');
    expect(detailMessage({ code: 'too_big', params: { maximum: 200, origin: 'string' } }, ts.en)).toBe('Must not be longer than 200 characters.');
    expect(detailSentence({ path: 'body.fhir.baseUrl', message: 'Invalid URL', code: 'invalid_format', params: { format: 'url' } }, ts.vi)).toBe(
      'Địa chỉ máy chủ dữ liệu: Địa chỉ web không đúng định dạng.',
    );
    expect(fieldLabel('body.scopes.2', ts.en)).toBe('Scopes');
    expect(fieldLabel('body.somethingNew', ts.vi)).toBe('Thông tin nhập');
    expect(detailMessage({ code: 'too_small', params: { minimum: 1, origin: 'string' } }, ts.vi)).toBe('Vui lòng nhập thông tin này.');
    expect(detailMessage({ code: 'control_characters' }, ts.vi)).toBe('Không được chứa ký tự điều khiển (ký tự không in được).');
    expect(detailMessage({ code: 'control_characters' }, ts.en)).toBe('Must not contain control characters (characters that cannot be printed).');
  });
});

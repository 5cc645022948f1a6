import type { TFunction } from 'i18next';
import type { ApiError, ApiErrorLists, ApiErrorParams } from '../api';
import { NETWORK_ERROR_CODE, isApiError } from '../api';
import { CASE_STATUSES, REFERRAL_STATUSES, type CaseStatus, type ReferralStatus } from '../api-types';
import wordsVi from '../i18n/words.vi.json';
import { formatNumber } from '../format';

/**
 * What to tell a person about a failed request: a sentence in their language chosen by the
 * stable error code (server/errors.ts ERROR_CODES; the sentences are words.*.json `errorCodes`,
 * keyed by the code itself), with the error's params (the hospital, the resource). A code the
 * client does not know yet falls back to a sentence for its HTTP status. The server's English
 * message and the code go behind "Technical details", never in the sentence.
 */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

type CodeKey = `errorCodes.${Leaves<typeof wordsVi.errorCodes>}`;

type StatusKey =
  | 'errors.unauthenticated'
  | 'errors.forbidden'
  | 'errors.notFound'
  | 'errors.validation'
  | 'errors.conflict'
  | 'errors.rateLimited'
  | 'errors.network'
  | 'errors.server'
  | 'errors.unknown';

export type MessageKey = CodeKey | StatusKey;

/** The key of a code's sentence, when words.*.json has one: `FHIR.UPSTREAM_TIMEOUT` → `errorCodes.FHIR.UPSTREAM_TIMEOUT`. */
export function messageKeyForCode(code: string): MessageKey | null {
  if (code === NETWORK_ERROR_CODE) return 'errors.network';
  let node: unknown = wordsVi.errorCodes;
  for (const part of code.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? (`errorCodes.${code}` as CodeKey) : null;
}

function byStatus(status: number): StatusKey {
  if (status === 400 || status === 422) return 'errors.validation';
  if (status === 401) return 'errors.unauthenticated';
  if (status === 403) return 'errors.forbidden';
  if (status === 404) return 'errors.notFound';
  if (status === 409) return 'errors.conflict';
  if (status === 429) return 'errors.rateLimited';
  if (status === 0) return 'errors.network';
  if (status >= 500) return 'errors.server';
  return 'errors.unknown';
}

export function errorMessageKey(error: ApiError): MessageKey {
  return messageKeyForCode(error.code) ?? byStatus(error.status);
}

/** `NOT_FOUND` names what was not found, from `params.resource` ('user', 'syncRun'), or says "the requested data". */
function resourceNoun(params: ApiErrorParams, t: TFunction): string {
  const key = typeof params.resource === 'string' && Object.hasOwn(wordsVi.errorResources, params.resource) ? params.resource : 'default';
  return t(`errorResources.${key as keyof typeof wordsVi.errorResources}`);
}

/** The word of each status a code's `allowed` list may name: the case's or the referral's own. */
const STATUS_WORDS: Record<string, (t: TFunction, value: string) => string | null> = {
  'CASE.ILLEGAL_TRANSITION': (t, v) => ((CASE_STATUSES as readonly string[]).includes(v) ? t(`case.statuses.${v as CaseStatus}`) : null),
  'REFERRAL.ILLEGAL_TRANSITION': (t, v) => ((REFERRAL_STATUSES as readonly string[]).includes(v) ? t(`referral.statuses.${v as ReferralStatus}`) : null),
};

/** Words as a list in the user's language: "A, B hoặc C" / "A, B or C". */
export function orList(words: readonly string[], t: TFunction): string {
  if (words.length < 2) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${t('errorHints.or')} ${words[words.length - 1] as string}`;
}

/**
 * "It can move to: …" from a 409's `allowed` list, each move in words ('none left' for an empty list);
 * null when the code has no word table or the error carries no list. Values without a word are left out.
 */
export function allowedSentence(code: string, lists: ApiErrorLists, t: TFunction): string | null {
  const wordOf = STATUS_WORDS[code];
  const allowed = lists.allowed;
  if (!wordOf || !allowed) return null;
  const words = allowed.map((v) => wordOf(t, v)).filter((w): w is string => w !== null);
  if (allowed.length === 0) return t('errorHints.allowedNone');
  return words.length > 0 ? t('errorHints.allowed', { allowed: orList(words, t) }) : null;
}

/** The sentence for a code and its params (also for codes stored with a record, such as a sync run's error). */
export function codeMessage(code: string, params: ApiErrorParams, t: TFunction, status = 0, lists: ApiErrorLists = {}): string {
  const key = messageKeyForCode(code) ?? byStatus(status);
  const sentence = t(key, { resource: resourceNoun(params, t) });
  const allowed = allowedSentence(code, lists, t);
  return allowed ? `${sentence} ${allowed}` : sentence;
}

export interface DescribedError {
  title: string;
  /** Who to call, when the error names a hospital's system. */
  hint: string | null;
  retryHint: string | null;
  requestId: string | null;
  /** For "Technical details": the stable code and the server's own (English) message. */
  code: string | null;
  technical: string | null;
}

export function describeError(error: unknown, t: TFunction): DescribedError {
  if (!isApiError(error)) {
    return { title: t('errors.unknown'), hint: null, retryHint: null, requestId: null, code: null, technical: null };
  }
  const seconds = error.retryAfterSeconds ?? (typeof error.params.retryAfterSeconds === 'number' ? error.params.retryAfterSeconds : null);
  const minutes = seconds ? Math.max(1, Math.ceil(seconds / 60)) : null;
  const hospital = error.params.hospital;
  return {
    title: codeMessage(error.code, error.params, t, error.status, error.lists),
    hint: typeof hospital === 'string' && hospital ? t('errorHints.hospital', { hospital }) : null,
    retryHint: error.status === 429 && minutes ? t('errors.retryAfter', { minutes: formatNumber(minutes) }) : null,
    requestId: error.requestId,
    code: error.status === 0 ? null : error.code,
    technical: error.status === 0 ? null : error.message,
  };
}

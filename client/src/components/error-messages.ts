import type { TFunction } from 'i18next';
import type { ApiError } from '../api';
import { NETWORK_ERROR_CODE, isApiError } from '../api';

/**
 * What to tell a person about a failed request: a sentence in their language chosen by the
 * stable error code (or the status when the code is new to the client), never a stack trace.
 */
type MessageKey =
  | 'errors.invalidCredentials'
  | 'errors.accountLocked'
  | 'errors.rateLimited'
  | 'errors.csrf'
  | 'errors.unauthenticated'
  | 'errors.forbidden'
  | 'errors.notFound'
  | 'errors.validation'
  | 'errors.conflict'
  | 'errors.network'
  | 'errors.server'
  | 'errors.fhirUpstream'
  | 'errors.fhirTimeout'
  | 'errors.fhirNotFound'
  | 'errors.fhirNotConfigured'
  | 'errors.syncRunning'
  | 'errors.flagNotActive'
  | 'errors.unknown';

const BY_CODE: Record<string, MessageKey> = {
  'AUTH.INVALID_CREDENTIALS': 'errors.invalidCredentials',
  'AUTH.ACCOUNT_LOCKED': 'errors.accountLocked',
  'AUTH.RATE_LIMITED': 'errors.rateLimited',
  'AUTH.CSRF': 'errors.csrf',
  'AUTH.UNAUTHENTICATED': 'errors.unauthenticated',
  'AUTH.FORBIDDEN': 'errors.forbidden',
  NOT_FOUND: 'errors.notFound',
  'VALIDATION.FAILED': 'errors.validation',
  'FHIR.UPSTREAM_ERROR': 'errors.fhirUpstream',
  'FHIR.UPSTREAM_TIMEOUT': 'errors.fhirTimeout',
  'FHIR.NOT_FOUND': 'errors.fhirNotFound',
  'FHIR.NOT_CONFIGURED': 'errors.fhirNotConfigured',
  'SYNC.ALREADY_RUNNING': 'errors.syncRunning',
  'FLAG.NOT_ACTIVE': 'errors.flagNotActive',
  [NETWORK_ERROR_CODE]: 'errors.network',
};

function byStatus(status: number): MessageKey {
  if (status === 400 || status === 422) return 'errors.validation';
  if (status === 401) return 'errors.unauthenticated';
  if (status === 403) return 'errors.forbidden';
  if (status === 404) return 'errors.notFound';
  if (status === 409) return 'errors.conflict';
  if (status === 429) return 'errors.rateLimited';
  if (status >= 500) return 'errors.server';
  return 'errors.unknown';
}

/** The sentence for a stable error code, when the client knows it (e.g. a sync run's error). */
export function messageKeyForCode(code: string): MessageKey | null {
  return BY_CODE[code] ?? null;
}

export function errorMessageKey(error: ApiError): MessageKey {
  return BY_CODE[error.code] ?? byStatus(error.status);
}

export interface DescribedError {
  title: string;
  /** The server's own sentence, when it adds something to the title (e.g. which hospital). */
  serverMessage: string | null;
  retryHint: string | null;
  requestId: string | null;
}

/** Errors whose server sentence names the hospital (whom to call): shown under the title. */
function namesHospital(code: string): boolean {
  return code.startsWith('FHIR.') || code.startsWith('SYNC.');
}

export function describeError(error: unknown, t: TFunction): DescribedError {
  if (!isApiError(error)) {
    return { title: t('errors.unknown'), serverMessage: null, retryHint: null, requestId: null };
  }
  const key = errorMessageKey(error);
  const known = key !== 'errors.unknown' && key !== 'errors.server' && key !== 'errors.conflict';
  const minutes = error.retryAfterSeconds ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) : null;
  return {
    title: t(key),
    serverMessage: (known && !namesHospital(error.code)) || error.status === 0 ? null : error.message,
    retryHint: error.status === 429 && minutes ? t('errors.retryAfter', { minutes }) : null,
    requestId: error.requestId,
  };
}

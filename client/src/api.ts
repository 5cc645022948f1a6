import type { Page } from './api-types';

/**
 * The one way the client talks to the server: same-origin fetch with the session cookie, JSON
 * in and out, the CSRF token on every write, and every failure turned into an ApiError.
 */
export const API_BASE = '/api/v1';

/** `code` (a zod issue code such as too_small, or the service's own) and `params` let the client word it. */
export interface ApiErrorDetail {
  path: string;
  message: string;
  code?: string;
  params?: ApiErrorParams;
}

export type ApiErrorParams = Record<string, string | number>;
/** The params that are lists of strings (server/errors.ts ErrorParams allows them): a 409's allowed moves, for example. */
export type ApiErrorLists = Record<string, readonly string[]>;

/** The params that are lists of flat records (a 400 STORY.IDENTIFYING's spans: kind, start, end, text), scalars only. */
export type ApiErrorRecords = Record<string, readonly ApiErrorParams[]>;

/** An error answer `{ error: { code, message, params?, details?, requestId } }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    readonly requestId: string | null = null,
    readonly retryAfterSeconds: number | null = null,
    readonly params: ApiErrorParams = {},
    readonly lists: ApiErrorLists = {},
    readonly records: ApiErrorRecords = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Status 0: the request never got an answer (offline, server down, CORS, aborted). */
export const NETWORK_ERROR_CODE = 'NETWORK.UNREACHABLE';

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;

/** Remember the token from the latest session or login answer; it is sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export function buildUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  /** A multipart body (uploads): sent as is, the browser sets its Content-Type with the boundary. */
  form?: FormData;
  signal?: AbortSignal;
  /** Extra request headers (a money write's Idempotency-Key). */
  headers?: Record<string, string>;
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  if (options.body !== undefined && !options.form) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, NETWORK_ERROR_CODE, 'The server could not be reached');
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; params?: unknown; details?: unknown; requestId?: unknown };
}

function parseDetails(raw: unknown): ApiErrorDetail[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { path, message, code, params } = item as { path?: unknown; message?: unknown; code?: unknown; params?: unknown };
    const dotted = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    const detail: ApiErrorDetail = { path: dotted, message: typeof message === 'string' ? message : '' };
    if (typeof code === 'string') detail.code = code;
    if (params && typeof params === 'object') detail.params = parseParams(params);
    return [detail];
  });
}

/** Only strings and numbers: they go into sentences. */
function parseParams(raw: unknown): ApiErrorParams {
  const out: ApiErrorParams = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

/** The params that are lists of strings (kept apart so `params` stays sentence-ready scalars). */
function parseLists(raw: unknown): ApiErrorLists {
  const out: Record<string, string[]> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw)) if (Array.isArray(v) && v.every((item) => typeof item === 'string')) out[k] = [...(v as string[])];
  return out;
}

/** The params that are lists of objects, each kept with its scalar values only (they go into sentences and marks). */
function parseRecords(raw: unknown): ApiErrorRecords {
  const out: Record<string, ApiErrorParams[]> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v) && v.length > 0 && v.every((item) => item && typeof item === 'object')) out[k] = v.map(parseParams);
  }
  return out;
}

/** An error answer as an ApiError (exported for the tests that read a real server's answers through it). */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // not JSON (a proxy's HTML page, an empty body): keep the status only
  }
  const error = body.error ?? {};
  const requestId = typeof error.requestId === 'string' ? error.requestId : response.headers.get('x-request-id');
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    typeof error.code === 'string' ? error.code : `HTTP.${response.status}`,
    typeof error.message === 'string' ? error.message : response.statusText || `HTTP ${response.status}`,
    parseDetails(error.details),
    requestId,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    parseParams(error.params),
    parseLists(error.params),
    parseRecords(error.params),
  );
}

/** Ask the server for the session's CSRF token again (after a restart or an expired session). */
async function refreshCsrfToken(): Promise<void> {
  const response = await send('GET', '/auth/session', {});
  if (!response.ok) throw await toApiError(response);
  const session = (await response.json()) as { csrfToken?: string };
  setCsrfToken(session.csrfToken ?? null);
}

async function request(method: Method, path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(method, path, options);
  if (method !== 'GET' && response.status === 403) {
    const error = await toApiError(response.clone());
    if (error.code === 'AUTH.CSRF') {
      await refreshCsrfToken();
      response = await send(method, path, options);
    }
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function json<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(method, path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal): Promise<T> => json<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> => json<T>('POST', path, { body: body ?? {}, headers }),
  patch: <T>(path: string, body: unknown): Promise<T> => json<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown): Promise<T> => json<T>('PUT', path, { body }),
  /** A multipart POST (a file upload); errors, the CSRF token and its renewal as for every other write. */
  upload: <T>(path: string, form: FormData, headers?: Record<string, string>): Promise<T> => json<T>('POST', path, { form, headers }),
  /** A GET whose answer is saved as a file (exports), not parsed. */
  blob: async (path: string, query?: QueryParams): Promise<Blob> => (await request('GET', path, { query })).blob(),
};

export interface AllPages<T> {
  items: T[];
  /** True when the safety cap stopped the walk before the last page. */
  truncated: boolean;
}

/**
 * Follows `nextCursor` to collect a whole list, for the small reference lists (hospitals,
 * organisations, users) that screens show in full. Capped so a runaway list cannot hang the page.
 */
export async function fetchAllPages<T>(path: string, signal?: AbortSignal, maxPages = 50): Promise<AllPages<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result: Page<T> = await api.get<Page<T>>(path, { limit: 100, cursor }, signal);
    items.push(...result.data);
    cursor = result.nextCursor;
    if (!cursor) return { items, truncated: false };
  }
  return { items, truncated: true };
}

/**
 * The one error type of the service. Every kind carries an HTTP status and a stable code
 * ('AREA.REASON') that clients and tests match on; the error handler maps it to
 * `{ error: { code, message, details?, requestId } }`.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: ErrorDetail[]): AppError =>
  new AppError(400, code, message, details);

export const validationFailed = (details: ErrorDetail[]): AppError =>
  new AppError(400, 'VALIDATION.FAILED', `Invalid input: ${details.map((d) => d.path).join(', ')}`, details);

export const unauthenticated = (message = 'Sign in required'): AppError =>
  new AppError(401, 'AUTH.UNAUTHENTICATED', message);

export const forbidden = (message = 'You are not allowed to do this'): AppError =>
  new AppError(403, 'AUTH.FORBIDDEN', message);

export const notFound = (resource: string): AppError =>
  new AppError(404, 'NOT_FOUND', `${resource} not found`);

export const conflict = (code: string, message: string): AppError => new AppError(409, code, message);

export const tooManyRequests = (code: string, message: string, retryAfterSeconds: number): AppError =>
  new AppError(429, code, message, undefined, { 'Retry-After': String(retryAfterSeconds) });

/**
 * A hospital's FHIR server failed; the hospital is named so a user knows whom to call.
 * 504 when it timed out, 404 when it said the resource does not exist, 502 otherwise.
 * `transient` marks failures worth retrying later (down, timed out, 5xx), as opposed to
 * answers that will not change (wrong credentials, not R4, malformed data).
 */
export class UpstreamFhirError extends AppError {
  constructor(
    readonly hospitalCode: string,
    message: string,
    readonly timedOut = false,
    upstreamStatus?: number,
    readonly transient = false,
  ) {
    super(
      timedOut ? 504 : upstreamStatus === 404 ? 404 : 502,
      timedOut ? 'FHIR.UPSTREAM_TIMEOUT' : upstreamStatus === 404 ? 'FHIR.NOT_FOUND' : 'FHIR.UPSTREAM_ERROR',
      message,
    );
    this.name = 'UpstreamFhirError';
  }
}

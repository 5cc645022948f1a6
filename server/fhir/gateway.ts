import type { Bundle, CapabilityStatement, Resource, ResourceType } from '@medplum/fhirtypes';
import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, type CircuitBreakerPolicy } from 'cockatiel';
import { Client } from 'fhir-kit-client';
import { UpstreamFhirError } from '../errors.js';
import { createAuthProvider, type AuthProvider, type FhirAuthSettings } from './auth.js';
import { isIdempotentTransaction, readTransactionResponse, type WrittenEntry } from './transaction-response.js';

/**
 * The FHIR gateway of one hospital, on fhir-kit-client. What it adds:
 * - a timeout on every request, and retries with exponential backoff for idempotent calls only;
 * - for a person waiting (interactive), one deadline over all the calls of their action instead
 *   of retries of full timeouts: `interactive(ms)`;
 * - a circuit breaker per hospital, so one dead server fails fast instead of slowing the others;
 * - paging through Bundle.link next, with a guard against servers that page forever;
 * - a check that answers are FHIR R4 JSON of the expected shape;
 * - every failure as an UpstreamFhirError that names the hospital.
 */
export interface GatewaySettings {
  hospitalCode: string;
  hospitalName: string;
  baseUrl: string;
  auth: FhirAuthSettings;
  timeoutMs: number;
  /** Attempts for idempotent reads (1 = no retry). */
  readAttempts?: number;
  /** Stop paging after this many pages: a server that pages forever must not hang a job. */
  maxPages?: number;
}

export type SearchParams = Record<string, string | number | string[]>;

export interface FhirGateway {
  readonly hospitalCode: string;
  /** The paging guard (GatewaySettings.maxPages): callers that page by hand stop there too. */
  readonly maxPages: number;
  capabilities(): Promise<CapabilityStatement>;
  read<T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T>;
  search(resourceType: ResourceType, params: SearchParams): Promise<Bundle>;
  nextPage(bundle: Bundle): Promise<Bundle | null>;
  /** Every page of a search, lazily, one page in memory at a time. */
  pages(resourceType: ResourceType, params: SearchParams): AsyncGenerator<Bundle>;
  create<T extends Resource>(resource: T): Promise<T>;
  update<T extends Resource>(resource: T & { id: string }): Promise<T>;
  /**
   * A transaction Bundle (all or nothing on the server). Retried here only when every entry is
   * idempotent (PUT/DELETE to known ids) and the failure is transient; the caller's outbox retries later.
   * `requestId` goes out as X-Request-Id, so both sides' logs name the same attempt.
   */
  transaction(bundle: Bundle, options?: { requestId?: string }): Promise<TransactionResult>;
  /**
   * This gateway for one action of a person at the keyboard: every call made through it shares
   * one deadline, counted from now, and is cut off with a 504 when it passes.
   */
  interactive(deadlineMs: number): FhirGateway;
}

export interface TransactionResult {
  /** Per entry sent, in order: the status, and the id and version from `response.location`. */
  entries: WrittenEntry[];
}

/** A failure of a FHIR call, with the HTTP status the server answered (when it answered). */
export class FhirCallError extends UpstreamFhirError {
  constructor(hospitalCode: string, message: string, readonly upstreamStatus: number | undefined, timedOut = false, transient = false) {
    super(hospitalCode, message, timedOut, upstreamStatus, transient);
  }
}

/** The HTTP status a FHIR server answered a failed call with, if it answered at all. */
export function upstreamStatusOf(err: unknown): number | undefined {
  return err instanceof FhirCallError ? err.upstreamStatus : undefined;
}

interface HttpError extends Error {
  response?: { status?: number; data?: unknown };
}

const breakers = new Map<string, CircuitBreakerPolicy>();

/** One breaker per hospital, shared by every gateway of that hospital in this process. */
function breakerFor(code: string): CircuitBreakerPolicy {
  let b = breakers.get(code);
  if (!b) {
    b = circuitBreaker(
      handleWhen((e) => isUpstreamDown(e)),
      { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) },
    );
    breakers.set(code, b);
  }
  return b;
}

/** For tests and admin "reconnect": forget a hospital's breaker state. */
export function resetBreaker(code: string): void {
  breakers.delete(code);
}

function statusOf(e: unknown): number | undefined {
  return (e as HttpError)?.response?.status;
}

/** Statuses that say "not now" rather than "not this": timeouts, rate limits, server failures. */
const isTransientStatus = (status: number): boolean => status >= 500 || status === 429 || status === 408;

/** Failures that say the server is unwell (not our request): they count toward the breaker and are retried. */
function isUpstreamDown(e: unknown): boolean {
  const status = statusOf(e);
  if (status !== undefined) return isTransientStatus(status);
  return e instanceof Error && !(e instanceof UpstreamFhirError && !e.transient);
}

/** What the gateways of one hospital's settings share: the client, credentials, retry policy and the version check. */
interface Core {
  client: Client;
  auth: AuthProvider;
  readPolicy: ReturnType<typeof retry>;
  checking: Promise<CapabilityStatement> | null;
  checked: CapabilityStatement | null;
}

/** The deadline of one interactive action. */
interface Deadline {
  ms: number;
  signal: AbortSignal;
}

export class FhirKitGateway implements FhirGateway {
  readonly hospitalCode: string;
  readonly maxPages: number;
  private readonly core: Core;

  constructor(
    private readonly s: GatewaySettings,
    core?: Core,
    private readonly deadline: Deadline | null = null,
  ) {
    this.hospitalCode = s.hospitalCode;
    this.maxPages = s.maxPages ?? 10_000;
    this.core = core ?? {
      client: new Client({ baseUrl: s.baseUrl.replace(/\/+$/, ''), customHeaders: { accept: 'application/fhir+json' } }),
      auth: createAuthProvider(s.auth),
      readPolicy: retry(
        handleWhen((e) => isUpstreamDown(e) && !(e instanceof BrokenCircuitError)),
        { maxAttempts: Math.max(0, (s.readAttempts ?? 3) - 1), backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }) },
      ),
      checking: null,
      checked: null,
    };
  }

  interactive(deadlineMs: number): FhirGateway {
    return new FhirKitGateway(this.s, this.core, { ms: deadlineMs, signal: AbortSignal.timeout(deadlineMs) });
  }

  private get client(): Client {
    return this.core.client;
  }

  capabilities(): Promise<CapabilityStatement> {
    if (this.core.checked) return Promise.resolve(this.core.checked);
    // A person's action checks on its own deadline rather than wait on a background check's retries.
    if (this.deadline) return this.fetchCapabilities();
    this.core.checking ??= this.fetchCapabilities().finally(() => {
      this.core.checking = null;
    });
    return this.core.checking;
  }

  private async fetchCapabilities(): Promise<CapabilityStatement> {
    const cs = await this.call('GET /metadata', true, (options) => this.client.capabilityStatement(options));
    if (!isObject(cs) || cs.resourceType !== 'CapabilityStatement') throw this.fail('answered /metadata with something that is not a FHIR CapabilityStatement');
    const version = String(cs.fhirVersion ?? '');
    if (!version.startsWith('4.0')) throw this.fail(`speaks FHIR ${version || 'of an unknown version'}, not R4 (4.0.x)`);
    this.core.checked = cs as unknown as CapabilityStatement;
    return this.core.checked;
  }

  async read<T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T> {
    await this.capabilities();
    const r = await this.call(`GET ${resourceType}/${id}`, true, (options) => this.client.read({ resourceType, id, options }));
    return this.expectResource(r, resourceType) as T;
  }

  async search(resourceType: ResourceType, params: SearchParams): Promise<Bundle> {
    await this.capabilities();
    const b = await this.call(`GET ${resourceType}?…`, true, (options) => this.client.search({ resourceType, searchParams: params, options }));
    return this.expectBundle(b);
  }

  async nextPage(bundle: Bundle): Promise<Bundle | null> {
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!next) return null;
    // Never follow a next link to another server: it would carry this hospital's credentials there.
    if (!sameOrigin(next, this.s.baseUrl)) throw this.fail(`gave a next-page link to another server (${originOf(next)}); not followed`);
    const b = await this.call('GET next page', true, (options) => this.client.nextPage({ bundle: bundle as never, options }) ?? Promise.resolve(null));
    return this.expectBundle(b);
  }

  async *pages(resourceType: ResourceType, params: SearchParams): AsyncGenerator<Bundle> {
    const maxPages = this.maxPages;
    const seen = new Set<string>();
    let page: Bundle | null = await this.search(resourceType, params);
    for (let n = 1; page; n++) {
      yield page;
      const next = page.link?.find((l) => l.relation === 'next')?.url;
      if (!next) return;
      if (seen.has(next)) throw this.fail(`pages in a loop (the same next link came twice after page ${n})`);
      if (n >= maxPages) throw this.fail(`was still paging after ${maxPages} pages; stopped`);
      seen.add(next);
      page = await this.nextPage(page);
    }
  }

  async create<T extends Resource>(resource: T): Promise<T> {
    const r = await this.call(`POST ${resource.resourceType}`, false, (options) =>
      this.client.create({ resourceType: resource.resourceType, body: resource as never, options }),
    );
    return this.expectResource(r, resource.resourceType) as T;
  }

  async update<T extends Resource>(resource: T & { id: string }): Promise<T> {
    const r = await this.call(`PUT ${resource.resourceType}/${resource.id}`, true, (options) =>
      this.client.update({ resourceType: resource.resourceType, id: resource.id, body: resource as never, options }),
    );
    return this.expectResource(r, resource.resourceType) as T;
  }

  async transaction(bundle: Bundle, options: { requestId?: string } = {}): Promise<TransactionResult> {
    await this.capabilities();
    const headers: Record<string, string> = options.requestId ? { 'x-request-id': options.requestId } : {};
    const b = await this.call('POST transaction', isIdempotentTransaction(bundle), (o) =>
      this.client.transaction({ body: bundle as never, options: { ...o, headers: { ...o.headers, ...headers } } }),
    );
    const entries = readTransactionResponse(b, bundle.entry?.length ?? 0);
    if (typeof entries === 'string') throw this.fail(entries);
    return { entries };
  }

  /** Looked up on every call, so resetBreaker also reaches gateways already built (and cached by gateways.ts). */
  private get breaker(): CircuitBreakerPolicy {
    return breakerFor(this.s.hospitalCode);
  }

  /**
   * One request: breaker → (retry, when idempotent) → timeout → auth → fhir-kit-client. Under an
   * interactive deadline, each try is also cut off by the deadline and no try starts after it.
   */
  private async call<R>(what: string, idempotent: boolean, send: (options: { signal: AbortSignal; headers: Record<string, string> }) => Promise<R>): Promise<R> {
    const deadline = this.deadline?.signal;
    const once = async (): Promise<R> => {
      if (deadline?.aborted) throw deadline.reason;
      const perTry = AbortSignal.timeout(this.s.timeoutMs);
      const signal = deadline ? AbortSignal.any([perTry, deadline]) : perTry;
      const auth = await this.core.auth.header(signal);
      try {
        return await send({ signal, headers: auth ? { authorization: auth } : {} });
      } catch (err) {
        if (statusOf(err) === 401) this.core.auth.invalidate();
        throw err;
      }
    };
    try {
      return await this.breaker.execute(() => (idempotent ? this.core.readPolicy.execute(once, deadline) : once()));
    } catch (err) {
      throw this.toUpstream(what, err);
    }
  }

  private toUpstream(what: string, err: unknown): UpstreamFhirError {
    if (err instanceof UpstreamFhirError) return err;
    if (err instanceof BrokenCircuitError) {
      return this.fail('is not answering: paused calls for 30 s after repeated failures', false, true);
    }
    const e = err as HttpError;
    if (this.deadline?.signal.aborted && !statusOf(err)) {
      return this.fail(`did not answer ${what} within ${this.deadline.ms} ms, the time a person waiting is given`, true, true);
    }
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return this.fail(`did not answer ${what} within ${this.s.timeoutMs} ms`, true, true);
    const status = statusOf(err);
    if (status === 401 || status === 403) return this.fail(`refused our credentials (HTTP ${status}) for ${what}: check the hospital's FHIR settings`, false, false, status);
    if (status === 404) return new FhirCallError(this.hospitalCode, `${this.label()}: ${what} not found on the FHIR server`, 404);
    if (status !== undefined && typeof e.response?.data === 'string') return this.fail(`answered ${what} with HTTP ${status} and a body that is not JSON`, false, isTransientStatus(status), status);
    if (status !== undefined) return this.fail(`answered ${what} with HTTP ${status}`, false, isTransientStatus(status), status);
    const cause = (e as { cause?: { code?: string } })?.cause?.code ?? e?.message ?? 'unknown error';
    return this.fail(`could not be reached for ${what} (${cause})`, false, true);
  }

  private label(): string {
    return `FHIR server of ${this.s.hospitalName} (${this.s.hospitalCode})`;
  }

  private fail(message: string, timedOut = false, transient = false, upstreamStatus?: number): UpstreamFhirError {
    return new FhirCallError(this.hospitalCode, `${this.label()} ${message}`, upstreamStatus, timedOut, transient);
  }

  private expectResource(r: unknown, resourceType: string): Resource {
    if (!isObject(r) || r.resourceType !== resourceType) throw this.fail(`returned something that is not a ${resourceType} resource`);
    return r as unknown as Resource;
  }

  private expectBundle(b: unknown): Bundle {
    if (!isObject(b) || b.resourceType !== 'Bundle') throw this.fail('returned a search result that is not a FHIR Bundle');
    if (b.entry !== undefined && (!Array.isArray(b.entry) || b.entry.some((e) => !isObject(e) || !isObject(e.resource)))) {
      throw this.fail('returned a Bundle whose entries are malformed');
    }
    return b as unknown as Bundle;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}

function sameOrigin(url: string, base: string): boolean {
  return url.startsWith('/') || originOf(url) === originOf(base);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

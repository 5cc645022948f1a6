import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from '@medplum/fhirtypes';

/**
 * Real HTTP servers on 127.0.0.1 for the FHIR tests: hand-written faulty FHIR endpoints, and a
 * proxy in front of a demo hospital that counts the census pages asked for and breaks at a chosen
 * page. Never a mocked client: the gateway talks HTTP to these like to any hospital.
 */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface TestServer {
  origin: string;
  /** FHIR base URL: the origin + /fhir. */
  baseUrl: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>;

/** A node:http server; the handler gets each request with its number (1-based). */
export async function startHttpServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const n = requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    Promise.resolve(handler(req, res, n)).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 599, { error: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | null = null;
  return {
    origin,
    baseUrl: `${origin}/fhir`,
    requests,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** A FHIR base URL where nothing listens: a port taken and given back. */
export async function deadBaseUrl(): Promise<string> {
  const s = await startHttpServer(() => undefined);
  await s.close();
  return s.baseUrl;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8' }).end(JSON.stringify(body));
}

export function capabilityStatement(fhirVersion = '4.0.1'): Record<string, unknown> {
  return { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion, format: ['json'], date: '2026-01-01' };
}

export const emptySearchset: Bundle = { resourceType: 'Bundle', type: 'searchset', total: 0 };

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** A minimal R4 server: /metadata, and an empty searchset for every search; `fault` may answer first. */
export function fakeFhir(fault?: (req: IncomingMessage, res: ServerResponse, n: number) => boolean): Promise<TestServer> {
  return startHttpServer((req, res, n) => {
    if (fault?.(req, res, n)) return;
    if (req.url?.startsWith('/fhir/metadata')) return sendJson(res, 200, capabilityStatement());
    if (req.method === 'GET') return sendJson(res, 200, emptySearchset);
    return readBody(req).then((b) => sendJson(res, req.method === 'POST' ? 201 : 200, { id: 'x1', ...(JSON.parse(b) as object) }));
  });
}

/**
 * What a proxy does to the census pages (Encounter searches that _include their subjects) from
 * the `failFrom`-th one asked for (retries count): the server goes down, stalls, answers 500 or
 * broken JSON, claims FHIR STU3, sends the sync back to an earlier page, or pages forever.
 */
export type Fault = 'down' | 'slow' | 'status-500' | 'malformed-json' | 'not-r4' | 'loop' | 'forever';

export interface FhirProxy extends TestServer {
  /** The census page URLs asked for, in order (path and query). */
  censusPages: string[];
  /** Patient ids included on each census page answered with a Bundle. */
  servedPatients: string[][];
}

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function forward(target: URL, req: IncomingMessage, body: string, path: string): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    // The Host header goes through unchanged, so the demo server writes its links to the proxy.
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers: { ...req.headers } }, (up) => {
      let data = '';
      up.setEncoding('utf8');
      up.on('data', (c: string) => (data += c));
      up.on('end', () => resolve({ status: up.statusCode ?? 502, headers: { 'content-type': String(up.headers['content-type'] ?? 'application/fhir+json') }, body: data }));
    });
    out.on('error', reject);
    out.end(body || undefined);
  });
}

const isCensusPage = (method: string | undefined, url: URL): boolean =>
  method === 'GET' && url.pathname.endsWith('/Encounter') && url.searchParams.get('_include') === 'Encounter:subject';

function withNext(bundle: Bundle, url: string): Bundle {
  return { ...bundle, link: [...(bundle.link ?? []).filter((l) => l.relation !== 'next'), { relation: 'next', url }] };
}

/** A proxy in front of a FHIR base URL (same path, /fhir), counting census pages and applying `fault` from page `failFrom`. */
export async function startFhirProxy(targetBaseUrl: string, options: { fault?: Fault; failFrom?: number; delayMs?: number } = {}): Promise<FhirProxy> {
  const target = new URL(targetBaseUrl);
  const { fault, failFrom = 3, delayMs = 4_000 } = options;
  const censusPages: string[] = [];
  const servedPatients: string[][] = [];
  let self: TestServer | null = null;

  const handler: Handler = async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (!isCensusPage(req.method, url)) {
      const up = await forward(target, req, body, req.url ?? '/');
      if (fault === 'not-r4' && url.pathname.endsWith('/metadata')) up.body = JSON.stringify({ ...(JSON.parse(up.body) as object), fhirVersion: '3.0.2' });
      return void res.writeHead(up.status, up.headers).end(up.body);
    }
    const n = censusPages.push(req.url ?? '/');
    const faulty = fault !== undefined && n >= failFrom;
    if (faulty && fault === 'down') {
      req.socket.destroy();
      return void self?.close();
    }
    if (faulty && fault === 'status-500') return sendJson(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] });
    if (faulty && fault === 'malformed-json') return void res.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"Bundle","type":"searchset","entry":[{"resource":');
    if (faulty && fault === 'slow') {
      const timer = setTimeout(() => void forward(target, req, body, req.url ?? '/').then((up) => res.writeHead(up.status, up.headers).end(up.body)), delayMs);
      return void res.on('close', () => clearTimeout(timer));
    }
    // Forever: every page is the first page again, under a link never seen before.
    const first = censusPages[0] ?? '/';
    const path = fault === 'forever' && url.searchParams.has('_forever') ? first : (req.url ?? '/');
    const up = await forward(target, req, body, path);
    if (up.status !== 200) return void res.writeHead(up.status, up.headers).end(up.body);
    let bundle = JSON.parse(up.body) as Bundle;
    if (fault === 'forever') bundle = withNext(bundle, `${self?.origin}${first}&_forever=${n}`);
    if (faulty && fault === 'loop') bundle = withNext(bundle, `${self?.origin}${censusPages[n - 2]}`);
    servedPatients.push((bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'Patient' && e.resource.id ? [e.resource.id] : [])));
    sendJson(res, 200, bundle);
  };
  self = await startHttpServer(handler);
  return Object.assign(self, { censusPages, servedPatients });
}

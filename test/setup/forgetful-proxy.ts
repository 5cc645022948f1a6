import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Bundle } from '@medplum/fhirtypes';
import { sendJson, startHttpServer, type TestServer } from './fhir-servers.js';

/**
 * A proxy in front of a FHIR server that behaves as real servers do where the demo server does
 * not: it forgets paging links (HAPI answers 410 Gone once its search cache expires; others 404
 * or 400), and it may leave Bundle.total out of search results (the element is optional).
 * Like HAPI's `_getpages=<search id>`, each new search gets its own id in its paging links
 * (`_search=`), so a search asked again pages under new links, never the forgotten ones.
 */
export interface ForgetfulProxy extends TestServer {
  /** Paging links (path and query) answered with `forgetStatus` instead of the page. */
  forgotten: Set<string>;
  forgetStatus: number;
  /** Drop Bundle.total from every searchset. */
  omitTotal: boolean;
  /** Hold each census page this long (a busy server), so a watcher sees the run between pages. */
  pageDelayMs: number;
  /** Answer the census page asked for this many-th (1-based) with `forgetStatus`, once: a search that expired mid-run. */
  forgetCensusPage: number | null;
  /** Answer every census page after a search's first (its paging links) with `forgetStatus`. */
  forgetEveryNextPage: boolean;
  /** The census pages asked for (Encounter searches), path and query as sent to the proxy, in order. */
  censusPages: string[];
}

/** A GET passed on with its headers; the Host header goes through, so the server writes its next links to this proxy. */
function withSearchId(url: string, searchId: string): string {
  const u = new URL(url);
  u.searchParams.set('_search', searchId);
  return u.toString();
}

function forward(target: URL, req: IncomingMessage, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers: { ...req.headers } }, (up) => {
      let body = '';
      up.setEncoding('utf8');
      up.on('data', (c: string) => (body += c));
      up.on('end', () => resolve({ status: up.statusCode ?? 502, body }));
    });
    out.on('error', reject);
    out.end();
  });
}

export async function startForgetfulProxy(targetBaseUrl: string): Promise<ForgetfulProxy> {
  const target = new URL(targetBaseUrl);
  const state = { forgotten: new Set<string>(), forgetStatus: 410, omitTotal: false, pageDelayMs: 0, forgetCensusPage: null as number | null, forgetEveryNextPage: false, censusPages: [] as string[] };
  let searches = 0;
  const server = await startHttpServer(async (req, res) => {
    const url = req.url ?? '/';
    const parsed = new URL(url, 'http://x');
    const searchId = parsed.searchParams.get('_search') ?? String((searches += 1));
    parsed.searchParams.delete('_search');
    const census = req.method === 'GET' && new URL(url, 'http://x').pathname.endsWith('/Encounter') && url.includes('_include=');
    if (census) state.censusPages.push(url);
    if (census && state.pageDelayMs > 0) await new Promise((r) => setTimeout(r, state.pageDelayMs));
    if (census && (state.censusPages.length === state.forgetCensusPage || (state.forgetEveryNextPage && parsed.searchParams.has('_cursor')))) state.forgotten.add(url);
    if (state.forgotten.has(url)) {
      const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'Search id not found or expired' }] };
      return sendJson(res, state.forgetStatus, outcome);
    }
    const up = await forward(target, req, `${parsed.pathname}${parsed.search}`);
    const body = up.status === 200 ? (JSON.parse(up.body) as Bundle) : null;
    if (body?.resourceType !== 'Bundle') return void res.writeHead(up.status, { 'content-type': 'application/fhir+json' }).end(up.body);
    const link = body.link?.map((l) => (l.relation === 'next' ? { ...l, url: withSearchId(l.url, searchId) } : l));
    const { total, ...rest } = body;
    sendJson(res, 200, { ...rest, ...(state.omitTotal || total === undefined ? {} : { total }), ...(link ? { link } : {}) });
  });
  return Object.defineProperties(server, {
    forgotten: { get: () => state.forgotten },
    forgetStatus: { get: () => state.forgetStatus, set: (v: number) => (state.forgetStatus = v) },
    omitTotal: { get: () => state.omitTotal, set: (v: boolean) => (state.omitTotal = v) },
    pageDelayMs: { get: () => state.pageDelayMs, set: (v: number) => (state.pageDelayMs = v) },
    forgetCensusPage: { get: () => state.forgetCensusPage, set: (v: number | null) => (state.forgetCensusPage = v) },
    forgetEveryNextPage: { get: () => state.forgetEveryNextPage, set: (v: boolean) => (state.forgetEveryNextPage = v) },
    censusPages: { get: () => state.censusPages },
  }) as ForgetfulProxy;
}

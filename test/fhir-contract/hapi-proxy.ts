import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A node:http proxy in front of HAPI FHIR, for what a real deployment does to a client that tests
 * on a quiet server never see: the server going away and coming back on the same address, and
 * search pages the server has forgotten (HAPI answers 410 Gone for an expired `_getpages` link,
 * after 60 minutes by default). The Host header passes through, so HAPI writes its links to the
 * proxy. Requests go with `Cache-Control: no-cache`: HAPI otherwise serves a repeated search from
 * a result set cached for 60 s, which a server in service, asked an hour later, would not.
 */
export interface SeenRequest {
  method: string;
  path: string;
}

export interface HapiProxy {
  /** FHIR base URL of the proxy (…/fhir). */
  baseUrl: string;
  requests: SeenRequest[];
  /** Refuse connections (as a stopped server does) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Every search page link handed out so far is forgotten: HAPI itself then answers 410 for it. */
  forgetPages(): void;
  /** Cap `_count` on census searches (those with `_include`), so a small census spans several pages. */
  capCount(n: number | null): void;
  /** Drop the connection of every page-link request (`_getpages`) from now on, until cleared. */
  breakPages(on: boolean): void;
  close(): Promise<void>;
}

export async function startHapiProxy(targetBaseUrl: string): Promise<HapiProxy> {
  const target = new URL(targetBaseUrl);
  const requests: SeenRequest[] = [];
  const forgotten = new Map<string, string>();
  const handedOut = new Set<string>();
  let cap: number | null = null;
  let pagesBroken = false;
  const sockets = new Set<Socket>();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}` });
    const pageId = url.searchParams.get('_getpages');
    if (pageId) handedOut.add(pageId);
    if (pageId && pagesBroken) return void req.socket.destroy();
    if (pageId) {
      const gone = forgotten.get(pageId);
      if (gone) url.searchParams.set('_getpages', gone);
    } else if (cap !== null && req.method === 'GET' && url.searchParams.has('_include') && url.searchParams.has('_count')) {
      url.searchParams.set('_count', String(Math.min(cap, Number(url.searchParams.get('_count')))));
    }
    const out = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers: { ...req.headers, 'cache-control': 'no-cache' },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => req.socket.destroy());
    req.pipe(out);
  };

  let server: Server = createServer(handler);
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server = createServer(handler);
      server.on('connection', (s: Socket) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(0);
  let isUp = true;
  const down = (): Promise<void> =>
    new Promise((resolve) => {
      if (!isUp) return resolve();
      isUp = false;
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    requests,
    down,
    up: async () => {
      if (isUp) return;
      await listen(port);
      isUp = true;
    },
    forgetPages: () => {
      // An id HAPI never issued: it answers 410 Gone, as for one it issued and expired.
      for (const id of handedOut) if (!forgotten.has(id)) forgotten.set(id, randomUUID());
    },
    capCount: (n) => {
      cap = n;
    },
    breakPages: (on) => {
      pagesBroken = on;
    },
    close: down,
  };
}

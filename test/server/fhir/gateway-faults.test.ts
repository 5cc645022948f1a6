import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jwtVerify, type JWTPayload } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { findRun } from '../../../server/features/sync/census-sync.service.js';
import { PatientModel } from '../../../server/features/patients/patients.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { FhirKitGateway, resetBreaker } from '../../../server/fhir/gateway.js';
import { setMaxPages } from '../../../server/fhir/gateways.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { deadBaseUrl, fakeFhir, readBody, sendJson, startFhirProxy, startHttpServer, type Fault, type TestServer } from '../../setup/fhir-servers.js';
import { startTestApp } from '../../setup/test-app.js';
import { SYNC_ONLY, waitForRun } from '../../setup/worker.js';

/**
 * A hospital's FHIR server failing in the ways real ones do, each a real HTTP server on 127.0.0.1:
 * the census sync of that hospital fails with a message naming it and keeps what it saved, while a
 * healthy hospital's sync next to it succeeds; searches answer 502/504; reads are retried and
 * writes are not; a dead server trips the circuit breaker; credentials reach the server as set.
 */
// A short deadline for a person's action, still longer than three tries of the 500 ms timeout below.
const DEADLINE_MS = 2_500;
const t = await startTestApp({ fhirInteractiveDeadlineMs: DEADLINE_MS }, { worker: SYNC_ONLY });
let healthy: RunningDemoHospital;
let paged: RunningDemoHospital;
let coordinator: SignedIn;
const servers: TestServer[] = [];
const codes: string[] = [];

async function track<T extends TestServer>(s: Promise<T>): Promise<T> {
  const server = await s;
  servers.push(server);
  return server;
}

async function hospitalAt(baseUrl: string, fhir: Parameters<typeof makeFhirHospital>[1] = {}): Promise<HospitalView> {
  const h = await makeFhirHospital(baseUrl, fhir);
  codes.push(h.code);
  return h;
}

const outcome500 = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] };
const search = (sw: SignedIn): Promise<{ status: number; body: { error: { code: string; message: string }; data: unknown[] } }> =>
  sw.agent.get('/api/v1/patients/search').query({ q: 'nguyen' });

beforeAll(async () => {
  const now = new Date();
  [healthy, paged] = await Promise.all([
    startDemoHospital({ hospitalCode: 'BVSNLC', patients: 40, seed: 31, now }),
    // Ten resources a page: the census spans several pages, so faults can come after good ones.
    startDemoHospital({ hospitalCode: 'BVDKLC', patients: 150, seed: 32, now, limits: { maxCount: 10 } }),
  ]);
  coordinator = await signInAs(t.app, 'coordinator');
});

afterEach(() => {
  for (const code of codes.splice(0)) resetBreaker(code);
  setMaxPages(10_000);
});

afterAll(async () => {
  await t.close();
  await Promise.all([...servers.map((s) => s.close()), healthy?.stop(), paged?.stop()]);
});

async function startSync(hospitalId: string): Promise<string> {
  const res = await coordinator.agent.post(`/api/v1/hospitals/${hospitalId}/sync`).set('x-csrf-token', coordinator.csrf).expect(202);
  return res.body.id as string;
}

describe('census sync of a failing FHIR server', () => {
  // [fault, what the message says, pages saved before it, the demo server behind the proxy]
  const CASES: [Fault, RegExp, number, 'paged' | 'healthy'][] = [
    ['down', /could not be reached for GET next page \(ECONNREFUSED\)/, 2, 'paged'],
    ['slow', /did not answer GET next page within 1000 ms/, 2, 'paged'],
    ['status-500', /answered GET next page with HTTP 500/, 2, 'paged'],
    ['malformed-json', /answered GET next page with HTTP 200 and a body that is not JSON/, 2, 'paged'],
    ['not-r4', /speaks FHIR 3\.0\.2, not R4 \(4\.0\.x\)/, 0, 'paged'],
    ['loop', /pages in a loop/, 2, 'paged'],
    // Pages of 100 (the related searches fit in one page each); the guard is lowered to 4 pages.
    ['forever', /was still paging after 4 pages; stopped/, 4, 'healthy'],
  ];

  it.each(CASES)('%s: the run fails naming the hospital, keeps its saved pages, and a healthy sync beside it succeeds', async (fault, message, saved, behind) => {
    if (fault === 'forever') setMaxPages(4);
    const proxy = await track(startFhirProxy((behind === 'paged' ? paged : healthy).baseUrl, { fault, failFrom: 3 }));
    const bad = await hospitalAt(proxy.baseUrl, { timeoutMs: 1000 });
    const good = await hospitalAt(healthy.baseUrl);
    const [badRun, goodRun] = await Promise.all([startSync(bad.id), startSync(good.id)]);
    await Promise.all([waitForRun(badRun), waitForRun(goodRun)]);

    const failed = (await coordinator.agent.get(`/api/v1/sync-runs/${badRun}`).expect(200)).body;
    expect(failed.status).toBe('failed');
    expect(failed.error.message).toContain(`FHIR server of ${bad.name} (${bad.code})`);
    expect(failed.error.message).toMatch(message);
    expect(failed.progress.pages).toBe(saved);
    // Background work keeps its retries: the page that timed out was asked for three times.
    if (fault === 'slow') expect(proxy.censusPages).toHaveLength(saved + 3);
    expect(failed.phases[0]).toMatchObject({ name: 'inpatients', done: false, pages: saved });
    const stored = await findRun(badRun);
    if (saved > 0) expect(stored?.phases[0]?.nextUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/Encounter\?/);
    // The patients of the pages finished before the fault were saved, and nothing else.
    const served = new Set(proxy.servedPatients.slice(0, saved).flat());
    expect(served.size > 0 || saved === 0).toBe(true);
    const kept = await PatientModel.find({ hospitalId: bad.id }).distinct('fhirId');
    expect([...kept].sort()).toEqual([...served].sort());

    const succeeded = (await coordinator.agent.get(`/api/v1/sync-runs/${goodRun}`).expect(200)).body;
    expect(succeeded).toMatchObject({ status: 'succeeded', error: null });
    expect(succeeded.progress.patients).toBeGreaterThan(0);
  });
});

describe('patient search against a failing FHIR server', () => {
  it('answers 502 FHIR.UPSTREAM_ERROR naming the hospital when nothing listens', async () => {
    const h = await hospitalAt(await deadBaseUrl());
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const res = await search(sw);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('FHIR.UPSTREAM_ERROR');
    expect(res.body.error.message).toContain(`FHIR server of ${h.name} (${h.code}) could not be reached`);
  });

  it('answers 504 FHIR.UPSTREAM_TIMEOUT when the server is slower than the hospital’s timeout, after three tries', async () => {
    const slow = await track(
      startHttpServer((_req, res) => {
        const timer = setTimeout(() => sendJson(res, 200, { resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' }), 4_000);
        res.on('close', () => clearTimeout(timer));
      }),
    );
    const h = await hospitalAt(slow.baseUrl, { timeoutMs: 500 });
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const res = await search(sw);
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('FHIR.UPSTREAM_TIMEOUT');
    expect(res.body.error.message).toContain(`FHIR server of ${h.name} (${h.code}) did not answer GET /metadata within 500 ms`);
    expect(slow.requests.map((r) => r.url)).toEqual(['/fhir/metadata', '/fhir/metadata', '/fhir/metadata']);
  });
});

describe('a person waiting: one deadline over the whole action', () => {
  /** A proxy in front of the healthy demo hospital that, once `hang` is set, never answers. */
  async function hangingProxy(): Promise<TestServer & { hang: boolean }> {
    const state = { hang: false };
    const target = new URL(healthy.baseUrl);
    const server = await track(
      startHttpServer(async (req, res) => {
        if (state.hang) return; // the request stays open until the client gives up
        const up = await fetch(`${target.origin}${req.url ?? '/'}`, { headers: { accept: 'application/fhir+json' } });
        res.writeHead(up.status, { 'content-type': 'application/fhir+json' }).end(await up.text());
      }),
    );
    return Object.defineProperty(server, 'hang', { get: () => state.hang, set: (v: boolean) => (state.hang = v) }) as TestServer & { hang: boolean };
  }

  it('search, link and resync answer 504 FHIR.UPSTREAM_TIMEOUT at the deadline, after one try, though the hospital’s timeout is 10 s', async () => {
    const proxy = await hangingProxy();
    const h = await hospitalAt(proxy.baseUrl, { timeoutMs: 10_000 });
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const fhirId = ((await sw.agent.get('/api/v1/patients/search').query({ q: 'nguyen' }).expect(200)).body.data as { fhirId: string }[])[0]?.fhirId;
    expect(fhirId).toBeTruthy();
    const linked = await sw.agent.post('/api/v1/patients').set('x-csrf-token', sw.csrf).send({ fhirId });
    expect([200, 201]).toContain(linked.status);

    proxy.hang = true;
    const calls: [string, () => Promise<{ status: number; body: { error: { code: string; message: string } } }>][] = [
      ['search', () => search(sw)],
      ['link', () => sw.agent.post('/api/v1/patients').set('x-csrf-token', sw.csrf).send({ fhirId })],
      ['resync', () => sw.agent.post(`/api/v1/patients/${linked.body.id as string}/resync`).set('x-csrf-token', sw.csrf)],
    ];
    for (const [what, call] of calls) {
      const before = proxy.requests.length;
      const res = await call();
      expect(res.status, what).toBe(504);
      expect(res.body.error.code, what).toBe('FHIR.UPSTREAM_TIMEOUT');
      expect(res.body.error.message, what).toContain(`FHIR server of ${h.name} (${h.code}) did not answer`);
      expect(res.body.error.message, what).toContain(`within ${DEADLINE_MS} ms`);
      // One try of each call the action needs, none repeated: the deadline, not three timeouts, ended it.
      const urls = proxy.requests.slice(before).map((r) => r.url);
      expect(new Set(urls).size, `${what}: ${urls.join(' ')}`).toBe(urls.length);
      expect(urls.length, what).toBeGreaterThan(0);
    }
  });
});

describe('retries', () => {
  const failFirstTwo = (_req: IncomingMessage, res: Parameters<typeof sendJson>[0], n: number): boolean => {
    if (n > 2) return false;
    sendJson(res, 500, outcome500);
    return true;
  };

  it('a read that fails twice then succeeds works, on the third attempt', async () => {
    const server = await track(fakeFhir(failFirstTwo));
    const h = await hospitalAt(server.baseUrl);
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const res = await search(sw);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(['GET /fhir/metadata', 'GET /fhir/metadata', 'GET /fhir/metadata', 'GET /fhir/Patient']);
  });

  it('a create (POST) is sent once, never retried; an update (PUT) is retried', async () => {
    const gatewayOf = (server: TestServer): FhirKitGateway => {
      const code = `RT${randomBytes(3).toString('hex').toUpperCase()}`;
      codes.push(code);
      return new FhirKitGateway({ hospitalCode: code, hospitalName: 'Bệnh viện thử', baseUrl: server.baseUrl, auth: { type: 'none' }, timeoutMs: 2_000 });
    };
    const flag = { resourceType: 'Flag' as const, status: 'active' as const, code: { text: 'Hoàn cảnh khó khăn' }, subject: { reference: 'Patient/p1' } };
    const posts = await track(fakeFhir(failFirstTwo));
    await expect(gatewayOf(posts).create(flag)).rejects.toMatchObject({ status: 502, code: 'FHIR.UPSTREAM_ERROR' });
    expect(posts.requests.map((r) => r.method)).toEqual(['POST']);
    const puts = await track(fakeFhir(failFirstTwo));
    await expect(gatewayOf(puts).update({ ...flag, id: 'f1' })).resolves.toMatchObject({ resourceType: 'Flag', id: 'f1' });
    expect(puts.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT']);
  });
});

describe('the circuit breaker', () => {
  it('after 5 failed calls, the next fails fast without reaching the server; resetBreaker lets calls through again', async () => {
    const broken = await track(startHttpServer((_req, res) => sendJson(res, 500, outcome500)));
    const h = await hospitalAt(broken.baseUrl);
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    for (let i = 1; i <= 5; i++) {
      const res = await search(sw);
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain('with HTTP 500');
      expect(broken.requests, `call ${i}: three attempts each`).toHaveLength(3 * i);
    }
    const fast = await search(sw);
    expect(fast.status).toBe(502);
    expect(fast.body.error.message).toContain(`FHIR server of ${h.name} (${h.code}) is not answering`);
    expect(broken.requests).toHaveLength(15);
    resetBreaker(h.code);
    expect((await search(sw)).status).toBe(502);
    expect(broken.requests).toHaveLength(18);
  });
});

describe('credentials', () => {
  async function configured(fhir: Record<string, unknown>): Promise<{ server: TestServer; sw: SignedIn; hospital: HospitalView }> {
    const server = await track(fakeFhir());
    const admin = await signInAs(t.app, 'admin');
    const hospital = await hospitalAt(server.baseUrl);
    const res = await admin.agent.patch(`/api/v1/hospitals/${hospital.id}`).set('x-csrf-token', admin.csrf).send({ fhir }).expect(200);
    expect(res.body.fhir).toMatchObject({ authType: fhir.authType, hasSecret: true });
    expect(JSON.stringify(res.body)).not.toContain(String(fhir.password ?? fhir.token ?? fhir.privateKeyPem));
    return { server, hospital, sw: await signInAs(t.app, 'social_worker', { hospitalId: hospital.id }) };
  }

  it('sends HTTP basic credentials as configured', async () => {
    const { server, sw } = await configured({ authType: 'basic', username: 'nhipcau', password: 'mật-khẩu-bí-mật' });
    expect((await search(sw)).status).toBe(200);
    const expected = `Basic ${Buffer.from('nhipcau:mật-khẩu-bí-mật').toString('base64')}`;
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(server.requests.map(() => expected));
  });

  it('sends a bearer token as configured', async () => {
    const { server, sw } = await configured({ authType: 'bearer', token: 'tok-0123456789' });
    expect((await search(sw)).status).toBe(200);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(server.requests.map(() => 'Bearer tok-0123456789'));
  });

  describe('SMART backend services', () => {
    const pem = (): { privateKey: string; publicKey: string } =>
      generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const keys = pem();
    const issued: string[] = [];
    const assertions: { payload: JWTPayload; alg: string; scope: string | null }[] = [];
    let tokenServer: TestServer;
    let tokenUrl: string;

    beforeAll(async () => {
      tokenServer = await track(
        startHttpServer(async (req, res) => {
          const form = new URLSearchParams(await readBody(req));
          const typeOk = form.get('grant_type') === 'client_credentials' && form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
          try {
            const { payload, protectedHeader } = await jwtVerify(form.get('client_assertion') ?? '', createPublicKey(keys.publicKey), {
              issuer: 'nhipcau-client',
              subject: 'nhipcau-client',
              audience: tokenUrl,
              algorithms: ['RS384'],
            });
            if (!typeOk) return sendJson(res, 400, { error: 'unsupported_grant_type' });
            assertions.push({ payload, alg: protectedHeader.alg, scope: form.get('scope') });
            const token = `at-${randomBytes(12).toString('hex')}`;
            issued.push(token);
            sendJson(res, 200, { access_token: token, token_type: 'bearer', expires_in: 300 });
          } catch {
            sendJson(res, 401, { error: 'invalid_client' });
          }
        }),
      );
      tokenUrl = `${tokenServer.origin}/token`;
    });

    const smart = (privateKeyPem: string): Record<string, unknown> => ({
      authType: 'smart-backend',
      clientId: 'nhipcau-client',
      tokenUrl,
      privateKeyPem,
      scope: 'system/Patient.read system/Encounter.read',
    });

    it('signs a client assertion the token endpoint verifies, and sends the access token it gets as Bearer', async () => {
      const { server, sw } = await configured(smart(keys.privateKey));
      expect((await search(sw)).status).toBe(200);
      expect(assertions).toHaveLength(1);
      expect(assertions[0]).toMatchObject({ alg: 'RS384', scope: 'system/Patient.read system/Encounter.read' });
      expect(assertions[0]?.payload.jti).toBeTruthy();
      expect(server.requests.length).toBeGreaterThan(1);
      expect(server.requests.map((r) => r.headers.authorization)).toEqual(server.requests.map(() => `Bearer ${issued[0]}`));
    });

    it('a key the token endpoint does not know: 502 naming the hospital, and the FHIR server never asked', async () => {
      const { server, sw, hospital } = await configured(smart(pem().privateKey));
      const before = assertions.length;
      const res = await search(sw);
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain(`FHIR server of ${hospital.name} (${hospital.code})`);
      expect(res.body.error.message).toContain('token endpoint answered HTTP 401');
      expect(assertions).toHaveLength(before);
      expect(server.requests).toEqual([]);
    });
  });
});

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHospital } from '../../server/features/admin/hospitals.service.js';
import { linkPatient } from '../../server/features/patients/patients.service.js';
import { startDemoHospital, type RunningDemoHospital } from '../../server/fhir/demo-hospital/server.js';
import type { RouteDef } from '../../server/http/route.js';
import { createLogger } from '../../server/logger.js';
import { makeFhirHospital, makeUser, signIn, TEST_PASSWORD, type SignedIn } from '../setup/factories.js';
import { cookiePair, sessionSetCookie } from '../setup/http.js';
import { startTestApp } from '../setup/test-app.js';

/**
 * What the HTTP layer answers whatever the route (issue 8, D21): corrupt or unknown body encodings,
 * caching of patient data, methods a path does not have.
 */
const logLines: string[] = [];
const t = await startTestApp({}, { logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }) });
const API = '/api/v1';
const OID = '0123456789abcdef01234567';
let demo: RunningDemoHospital;
let admin: SignedIn;
let socialWorker: SignedIn;
let patientId: string;
let server: Server;

beforeAll(async () => {
  server = createServer(t.app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 12, seed: 21, now: new Date() });
  const hospitalId = (await makeFhirHospital(demo.baseUrl)).id;
  const hospital = await findHospital(hospitalId);
  if (!hospital) throw new Error('no hospital');
  patientId = (await linkPatient(hospital, 'bvdklc-000001', 'fixture', new Date())).record._id.toHexString();
  admin = await signIn(t.app, await makeUser('admin'));
  socialWorker = await signIn(t.app, await makeUser('social_worker', { hospitalId }));
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await t.close();
  await demo?.stop();
});

/** The log lines of one request, parsed. */
const logOf = (requestId: string): Record<string, unknown>[] =>
  logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === requestId);

const countHospitals = (): Promise<number> => mongoose.connection.db!.collection('hospitals').countDocuments();

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error: Record<string, unknown> };
}

/** POSTs these exact bytes (supertest would serialise a Buffer as JSON), with a JSON content type. */
function postRaw(path: string, encoding: string, raw: Buffer, cookie?: string, csrf?: string): Promise<RawAnswer> {
  const { port } = server.address() as AddressInfo;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': String(raw.length) };
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as RawAnswer['body'] }));
    });
    req.on('error', reject);
    req.end(raw);
  });
}

/** A signed-in session as a raw cookie and its CSRF token, for postRaw. */
async function cookieSession(username: string): Promise<{ cookie: string; csrf: string }> {
  const anon = await supertest(t.app).get(`${API}/auth/session`).expect(200);
  const res = await supertest(t.app)
    .post(`${API}/auth/login`)
    .set('cookie', cookiePair(sessionSetCookie(anon) ?? ''))
    .set('x-csrf-token', anon.body.csrfToken as string)
    .send({ username, password: TEST_PASSWORD })
    .expect(200);
  return { cookie: cookiePair(sessionSetCookie(res) ?? ''), csrf: res.body.csrfToken as string };
}

const LOGIN = JSON.stringify({ username: 'nobody-here', password: 'a-wrong-password' });
const COMPRESS: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

describe('compressed request bodies', () => {
  const corrupt: [string, string, Buffer][] = Object.entries(COMPRESS).flatMap(([enc, compress]) => [
    [enc, 'not compressed at all', Buffer.from(LOGIN)],
    [enc, 'cut short', compress(Buffer.from(LOGIN)).subarray(0, 12)],
    [enc, 'random bytes', Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256))],
  ]);

  it.each(corrupt)('a corrupt %s body (%s), signed out, answers 400 REQUEST.BAD_ENCODING without a stack anywhere', async (enc, _what, raw) => {
    const res = await postRaw(`${API}/auth/login`, enc, raw);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'REQUEST.BAD_ENCODING', params: { encoding: enc }, details: [{ path: 'body' }] });
    expect(JSON.stringify(res.body)).not.toMatch(/\bat |zlib|stack|Z_|ERR_/);
    const lines = logOf(res.headers['x-request-id'] as string);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toMatch(/"stack"/);
  });

  it('a corrupt gzip body to an admin write changes nothing', async () => {
    const { cookie, csrf } = await cookieSession(admin.user.username);
    const before = await countHospitals();
    const res = await postRaw(`${API}/hospitals`, 'gzip', Buffer.from('{"code":"BVHONG1"}'), cookie, csrf);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.BAD_ENCODING');
    expect(await countHospitals()).toBe(before);
  });

  it.each(Object.keys(COMPRESS))('a well-formed %s body is read (wrong credentials, not a bad body)', async (enc) => {
    const anon = await supertest(t.app).get(`${API}/auth/session`).expect(200);
    const res = await postRaw(`${API}/auth/login`, enc, COMPRESS[enc]!(Buffer.from(LOGIN)), cookiePair(sessionSetCookie(anon) ?? ''), anon.body.csrfToken as string);
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(res.body.error.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it.each(['compress', 'x-unknown', 'gzip, br'])('Content-Encoding %s answers 415 REQUEST.UNSUPPORTED_ENCODING', async (enc) => {
    const res = await postRaw(`${API}/auth/login`, enc, Buffer.from(LOGIN));
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'REQUEST.UNSUPPORTED_ENCODING', details: [{ path: 'headers.content-encoding' }] });
  });

  it('a small gzip body that inflates past the body limit answers 413', async () => {
    const big = Buffer.from(JSON.stringify({ username: 'x', password: 'y', padding: ' '.repeat(2 * 1024 * 1024) }));
    const packed = gzipSync(big);
    expect(packed.length).toBeLessThan(10 * 1024);
    const res = await postRaw(`${API}/auth/login`, 'gzip', packed);
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.body.error.code).toBe('REQUEST.TOO_LARGE');
  });
});

describe('Cache-Control on API answers', () => {
  const urlOf = (def: RouteDef): string => `${API}${def.path.replace(/:id\b/g, OID)}`;

  it.each(t.handle.routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s, signed out, is no-store', async (_k, def) => {
    const res = await supertest(t.app)[def.method](urlOf(def));
    expect(res.headers['cache-control'], `${res.status}`).toBe('no-store');
  });

  it('patient data a social worker reads is no-store: the record, the list, the worklist, the screenings', async () => {
    for (const path of [`/patients/${patientId}`, '/patients', '/worklist', `/patients/${patientId}/screenings`, '/patients/search?q=nguyen']) {
      const res = await socialWorker.agent.get(`${API}${path}`);
      expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('audit entries naming patients are no-store', async () => {
    const res = await admin.agent.get(`${API}/audit-events?patientId=${patientId}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('errors are no-store too (unknown route, bad input, outside /api/v1)', async () => {
    for (const path of [`${API}/nothing-here`, `${API}/patients/not-an-id`, '/api/v2/patients']) {
      const res = await socialWorker.agent.get(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });
});

describe('methods a path does not have', () => {
  const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
  const matches = (pattern: string, url: string): boolean => {
    const a = pattern.split('/');
    const b = url.split('/');
    return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
  };
  const urls = [...new Set(t.handle.routes.map((r) => r.path.replace(/:id\b/g, OID)))];
  const cases = urls.flatMap((url) => {
    const declared = new Set(t.handle.routes.filter((r) => matches(r.path, url)).map((r) => r.method.toUpperCase()));
    if (declared.has('GET')) declared.add('HEAD');
    declared.add('OPTIONS');
    const allow = [...declared].sort().join(', ');
    return METHODS.filter((m) => !declared.has(m.toUpperCase())).map((m) => [m.toUpperCase(), url, allow] as const);
  });

  it('the walk covers DELETE /patients/:id', () => {
    expect(cases.map(([m, u]) => `${m} ${u}`)).toContain(`DELETE /patients/${OID}`);
  });

  it.each(cases)('%s %s, signed out, answers 405 with Allow: %s', async (method, url, allow) => {
    const res = await supertest(t.app)[method.toLowerCase() as (typeof METHODS)[number]](`${API}${url}`);
    expect(res.status, JSON.stringify(res.body)).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body.error).toMatchObject({ code: 'REQUEST.METHOD_NOT_ALLOWED', params: { method, allow } });
  });

  it('DELETE of a patient record, signed in, is 405 and the record stays', async () => {
    const res = await socialWorker.agent.delete(`${API}/patients/${patientId}`).set('x-csrf-token', socialWorker.csrf);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    await socialWorker.agent.get(`${API}/patients/${patientId}`).expect(200);
  });

  it('OPTIONS answers 204 with Allow; HEAD of a GET route is not refused; an unknown path is still 404', async () => {
    const options = await supertest(t.app).options(`${API}/hospitals/${OID}`);
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS, PATCH');
    expect((await supertest(t.app).head(`${API}/auth/session`)).status).toBe(200);
    const unknown = await supertest(t.app).delete(`${API}/no-such-thing/${OID}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });
});

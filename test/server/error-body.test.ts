import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_CODES, ERROR_CODES } from '../../server/errors.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../setup/factories.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * B10: an error answer carries what a client needs to word it in its own language: a registered
 * code, params (the hospital, the resource) and, for each bad field, zod's issue code and bounds.
 */
let t: TestApp;
let admin: SignedIn;
let deadFhir: Server;

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAs(t.app, 'admin');
  // A "FHIR server" that answers 500 to everything: the hospital's system is broken.
  deadFhir = createServer((_req, res) => res.writeHead(500, { 'content-type': 'application/fhir+json' }).end('{}'));
  await new Promise<void>((resolve) => deadFhir.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => deadFhir.close(resolve));
  await t.close();
});

describe('error body', () => {
  it('gives each bad field a detail code and the bounds that explain it', async () => {
    const res = await admin.agent
      .post('/api/v1/hospitals')
      .set('x-csrf-token', admin.csrf)
      .send({ code: 'BV1', name: '', province: { current: 'Lào Cai' }, level: 'nowhere', socialWorkUnit: 'phong', fhir: { timeoutMs: 10 }, extra: 1 })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
    const details = res.body.error.details as { path: string; code?: string; params?: Record<string, unknown> }[];
    const at = (path: string): { code?: string; params?: Record<string, unknown> } | undefined => details.find((d) => d.path === path);
    for (const d of details) expect(DETAIL_CODES as readonly string[], d.path).toContain(d.code);
    expect(at('body.extra')?.code).toBe('unrecognized_keys');
    expect(at('body.province.old')?.code).toBe('required');
    expect(at('body.level')?.code).toBe('invalid_value');
    expect(at('body.fhir.timeoutMs')).toMatchObject({ code: 'too_small', params: { minimum: 500, origin: 'number' } });
    expect(at('body.name')).toMatchObject({ code: 'too_small', params: { minimum: 1, origin: 'string' } });
  });

  it('names the missing resource in params', async () => {
    const res = await admin.agent.get('/api/v1/hospitals/000000000000000000000000').expect(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', params: { resource: 'hospital' } });
  });

  it('names the hospital whose system failed, with a registered code', async () => {
    const { port } = deadFhir.address() as AddressInfo;
    const h = await makeFhirHospital(`http://127.0.0.1:${port}/fhir`, { timeoutMs: 2000 });
    const sw = await signInAs(t.app, 'social_worker', { hospitalId: h.id });
    const res = await sw.agent.get('/api/v1/patients/search').query({ bhyt: 'HN2010100000001' });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(Object.keys(ERROR_CODES)).toContain(res.body.error.code);
    expect(res.body.error.code).toMatch(/^FHIR\./);
    expect(res.body.error.params).toEqual({ hospital: h.code });
  });
});

describe('error body in the OpenAPI document', () => {
  it('documents params and each detail’s code and params, as the answers carry them', async () => {
    const doc = (await supertest(t.app).get('/api/openapi.json').expect(200)) as { body: { components: { schemas: Record<string, { properties: Record<string, unknown> }> } } };
    const error = (doc.body.components.schemas.Error?.properties.error ?? {}) as { properties?: Record<string, { items?: { properties?: Record<string, unknown> } }> };
    expect(Object.keys(error.properties ?? {})).toEqual(expect.arrayContaining(['code', 'message', 'params', 'details', 'requestId']));
    expect(Object.keys(error.properties?.details?.items?.properties ?? {})).toEqual(expect.arrayContaining(['path', 'message', 'code', 'params']));
  });
});

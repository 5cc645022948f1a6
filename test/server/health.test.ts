import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('service basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz and /readyz when the database is reachable', async () => {
    await supertest(t.app).get('/healthz').expect(200, { status: 'ok' });
    await supertest(t.app).get('/readyz').expect(200, { status: 'ready' });
  });

  it('gives every response a request id, and echoes a well-formed one the caller sent', async () => {
    const a = await supertest(t.app).get('/healthz');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const b = await supertest(t.app).get('/healthz').set('x-request-id', 'caller-req-12345');
    expect(b.headers['x-request-id']).toBe('caller-req-12345');
    const c = await supertest(t.app).get('/healthz').set('x-request-id', 'bad id with spaces');
    expect(c.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('sends security headers and no x-powered-by', async () => {
    const res = await supertest(t.app).get('/healthz');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers unknown API paths with the JSON error body', async () => {
    const res = await supertest(t.app).get('/api/v1/nothing-here').expect(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('publishes an OpenAPI 3.1 document listing every route, and a docs page', async () => {
    const res = await supertest(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const r of t.handle.routes) {
      const path = `/api/v1${r.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`;
      expect(res.body.paths[path]?.[r.method], `${r.method} ${path}`).toBeDefined();
    }
    const docs = await supertest(t.app).get('/api/docs/').expect(200);
    expect(docs.text).toContain('swagger-ui');
  });
});

import express from 'express';
import { pinoHttp } from 'pino-http';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../../server/clock.js';
import { ConfigError, loadConfig, testConfig } from '../../../server/config.js';
import { makeContext } from '../../../server/http/context.js';
import { errorHandler } from '../../../server/http/error-handler.js';
import { mountRoutes, route, type RouteDef } from '../../../server/http/route.js';
import { createLogger } from '../../../server/logger.js';

/**
 * Decision 0017: in tests every answer is held to its route's documented response schema. A field
 * that goes missing fails the schema; a field that LEAKS (sent, but not in the schema, which zod
 * would strip without a word and res.json would send anyway) is found by comparing what is sent
 * with what the schema keeps. Either is a 500 whose log line names the route and the field.
 * The routes here go through the real route pipeline, context and error handler over HTTP.
 */
const person = z.object({ id: z.string(), name: z.string().nullable(), hospital: z.object({ id: z.string(), code: z.string() }) });
const CARD = 'HN4010031245678';

function answering(result: unknown, response: z.ZodType | null = person): RouteDef {
  return route({ method: 'get', path: '/answer', action: 'auth.session.read', tag: 'test', summary: 'test', ...(response ? { response } : {}), handler: async () => result });
}

async function call(def: RouteDef, checkResponses = true): Promise<{ status: number; body: Record<string, unknown>; log: string }> {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const app = express();
  app.use(pinoHttp({ logger }));
  const api = express.Router();
  mountRoutes(api, [def], (req, res, action) => makeContext(req, res, action, systemClock), { checkResponses });
  app.use('/api/v1', api);
  app.use(errorHandler);
  const res = await supertest(app).get('/api/v1/answer');
  return { status: res.status, body: res.body as Record<string, unknown>, log: lines.join('') };
}

const good = { id: 'p1', name: 'Lò Thị Mai', hospital: { id: 'h1', code: 'BVDKLC' } };

describe('the response check (checkResponses on)', () => {
  it('an answer that is exactly its schema goes out unchanged', async () => {
    const r = await call(answering(good));
    expect(r.status).toBe(200);
    expect(r.body).toEqual(good);
  });

  it('a leaked field is a 500 naming the route and the field, never its value', async () => {
    const r = await call(answering({ ...good, hospital: { ...good.hospital, bhyt: CARD } }));
    expect(r.status).toBe(500);
    expect((r.body.error as { code: string }).code).toBe('INTERNAL');
    expect(JSON.stringify(r.body)).not.toContain(CARD);
    expect(r.log).toContain('GET /answer');
    expect(r.log).toContain('leaked field hospital.bhyt');
    expect(r.log).not.toContain(CARD);
  });

  it('a leak inside a list names the item', async () => {
    const r = await call(answering({ data: [good, { ...good, id: 'p2', phone: '0912345678' }] }, z.object({ data: z.array(person) })));
    expect(r.status).toBe(500);
    expect(r.log).toContain('leaked field data[1].phone');
    expect(r.log).not.toContain('0912345678');
  });

  it('a missing field, or one of another type, is a 500 naming the field', async () => {
    const { name: _gone, ...missing } = good;
    const r1 = await call(answering(missing));
    expect(r1.status).toBe(500);
    expect(r1.log).toMatch(/GET \/answer.*at name/);
    const r2 = await call(answering({ ...good, hospital: { id: 'h1', code: 7 } }));
    expect(r2.status).toBe(500);
    expect(r2.log).toContain('at hospital.code');
  });

  it('what is checked is the JSON sent: a Date where the schema says a string passes, as the client gets a string', async () => {
    const r = await call(answering({ at: new Date('2026-03-01T00:00:00Z') }, z.object({ at: z.string() })));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ at: '2026-03-01T00:00:00.000Z' });
  });

  it('a field the schema would fill in with a default is missing from the answer', async () => {
    const r = await call(answering({ id: 'p1' }, z.object({ id: z.string(), tags: z.array(z.string()).default([]) })));
    expect(r.status).toBe(500);
    expect(r.log).toContain('missing field tags');
  });

  it('a FHIR resource passed through whole (a loose schema) may carry any field', async () => {
    const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };
    const r = await call(answering(bundle, z.object({ resourceType: z.literal('Bundle') }).loose()));
    expect(r.status).toBe(200);
    expect(r.body).toEqual(bundle);
  });

  it('a route without a response schema fails', async () => {
    const r = await call(answering(good, null));
    expect(r.status).toBe(500);
    expect(r.log).toContain('no response schema');
  });
});

describe('the response check is configuration', () => {
  it('off, the leak goes out as the handler built it: the check in tests is what stands between a leak and a client', async () => {
    const r = await call(answering({ ...good, bhyt: CARD }), false);
    expect(r.status).toBe(200);
    expect(r.body.bhyt).toBe(CARD);
  });

  it('on in testConfig(), off by default, refused in production', () => {
    expect(testConfig().checkResponses).toBe(true);
    const base = { SESSION_SECRET: 's'.repeat(40), FHIR_SECRET_KEY: 'k'.repeat(40), MONGODB_URI: 'mongodb://127.0.0.1:1' };
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).checkResponses).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'development', CHECK_RESPONSES: 'true' }).checkResponses).toBe(true);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', CHECK_RESPONSES: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', CHECK_RESPONSES: 'true' })).toThrow(/CHECK_RESPONSES/);
  });
});

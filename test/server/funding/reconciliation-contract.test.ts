import { describe, expect, it } from 'vitest';
import { reconciliationRoutes } from '../../../server/features/funding/reconciliation.routes.js';
import { ResponseContractError, withResponseCheck } from '../../../server/http/response-check.js';
import type { RequestContext, RouteDef } from '../../../server/http/route.js';

/**
 * GET /reconciliation answers JSON or a CSV file by its `format` query (a route with
 * media.response). Its JSON answer is still held to the documented schema in tests (decision
 * 0017); a file it streamed itself (the handler returns nothing) is not a JSON answer to check.
 */
const get = reconciliationRoutes.find((r) => r.method === 'get' && r.path === '/reconciliation') as RouteDef;
const ctx = { log: { error: () => undefined } } as unknown as RequestContext;
const input = { params: {}, query: {}, body: {} } as never;
const withHandler = (result: unknown): RouteDef => withResponseCheck({ ...get, handler: () => Promise.resolve(result) });

describe('a route answering JSON or a file', () => {
  it('declares both media, and its JSON answer is checked against the schema', async () => {
    expect(get.media?.response).toEqual(['application/json', 'text/csv']);
    const leaky = { hospital: { id: 'h', name: 'BV' }, month: '2026-11', charityVnd: 0, claimedVnd: null, upload: null, rows: [], patientName: 'Lò Thị Mai' };
    await expect(withHandler(leaky).handler(input, ctx)).rejects.toBeInstanceOf(ResponseContractError);
    await expect(withHandler({ month: '2026-11' }).handler(input, ctx)).rejects.toBeInstanceOf(ResponseContractError);
    const { patientName: _leak, ...good } = leaky;
    await expect(withHandler(good).handler(input, ctx)).resolves.toEqual(good);
  });

  it('a file it streamed itself (nothing returned) passes', async () => {
    await expect(withHandler(undefined).handler(input, ctx)).resolves.toBeUndefined();
  });
});

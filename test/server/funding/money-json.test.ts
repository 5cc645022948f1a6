import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { testConfig } from '../../../server/config.js';
import { TransferModel } from '../../../server/features/funding/ledger/ledger.model.js';
import { moneyNumbers, numberTokens } from '../../../server/http/money-json.js';
import { startTestApp } from '../../setup/test-app.js';
import { disburseBody, invariantHolds, moneyOf, send } from './money-fixture.js';
import { published, world, type World } from './stories-fixture.js';

/**
 * Amounts on the wire (decision 0025): whole đồng as a JSON integer. Exponent and decimal SOURCE
 * forms (`1e6`, `1000.0`, `-0`) are told apart from integers by reading the number's text; strings,
 * decimals, zero, negatives and amounts above FUNDING_MAX_VND are refused too: 400 with the field
 * path, and nothing moves.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp({ money: { ...testConfig().money, maxVnd: 5_000_000 } }, { clock });
const TODAY = '2026-12-07';
let w: World;

beforeAll(async () => {
  w = await world(t, clock.now());
});
afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

describe('reading numbers from the JSON text', () => {
  it('keeps every number’s source text and path; money numbers are those under a key ending in Vnd', () => {
    const text = '{"note":"\\"amountVnd\\": 1e6","amountVnd":1e6,"lines":[{"totalVnd":1000.0,"n":2},{"totalVnd":-0}],"x":{"y":[3,4.5]}}';
    expect(numberTokens(text)).toEqual([
      { path: ['amountVnd'], source: '1e6' },
      { path: ['lines', 0, 'totalVnd'], source: '1000.0' },
      { path: ['lines', 0, 'n'], source: '2' },
      { path: ['lines', 1, 'totalVnd'], source: '-0' },
      { path: ['x', 'y', 0], source: '3' },
      { path: ['x', 'y', 1], source: '4.5' },
    ]);
    expect(moneyNumbers(text).map((n) => n.path.join('.'))).toEqual(['amountVnd', 'lines.0.totalVnd', 'lines.1.totalVnd']);
  });
});

describe('a pledge’s amount', () => {
  const BAD: [string, string, string][] = [
    ['exponent form', '{"amountVnd":1e6}', 'money_form'],
    ['exponent with sign', '{"amountVnd":1E+6}', 'money_form'],
    ['decimal form of an integer', '{"amountVnd":1000.0}', 'money_form'],
    ['a decimal', '{"amountVnd":1000.5}', 'invalid_type'],
    ['minus zero (the schema refuses it before its form is read)', '{"amountVnd":-0}', 'too_small'],
    ['negative', '{"amountVnd":-1000}', 'too_small'],
    ['zero', '{"amountVnd":0}', 'too_small'],
    ['a string', '{"amountVnd":"1000000"}', 'invalid_type'],
    ['above FUNDING_MAX_VND', '{"amountVnd":5000001}', 'too_big'],
    ['above the hard cap', '{"amountVnd":2000000001}', 'too_big'],
  ];

  it.each(BAD)('%s → 400 at body.amountVnd, nothing moves', async (_what, raw, code) => {
    const r = await published(w, TODAY, { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 3_000_000 }] } });
    const before = await TransferModel.countDocuments({});
    const res = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, raw);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.amountVnd' })]);
    if (code !== 'invalid_type') expect(res.body.error.details[0].code).toBe(code);
    expect(await TransferModel.countDocuments({})).toBe(before);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 0 });
  });

  it('a plain integer at the cap is taken; a disbursement’s exponent amount is refused the same way', async () => {
    const r = await published(w, TODAY, { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 5_000_000 }] } });
    const p = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, '{"amountVnd":5000000}');
    expect(p.status).toBe(201);
    const raw = JSON.stringify(disburseBody(1)).replace('"amountVnd":1', '"amountVnd":1e3');
    const d = await send(w.partnerA, `/pledges/${p.body.id as string}/disbursements`, raw);
    expect(d.status).toBe(400);
    expect(d.body.error.details).toEqual([expect.objectContaining({ path: 'body.amountVnd', code: 'money_form' })]);
    expect(await moneyOf(w.sw, r.id)).toMatchObject({ pledgedVnd: 5_000_000, disbursedVnd: 0 });
    await invariantHolds();
  });
});

import { randomBytes } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { disbursementSchema, outcomeSchema, pledgeSchema, statementSchema } from '../../../server/features/funding/funding.schemas.js';
import { startTestApp } from '../../setup/test-app.js';
import { disburseBody, invariantHolds, send } from './money-fixture.js';
import { PATIENT, post, published, world, type World } from './stories-fixture.js';

/**
 * From a published request to the partner's statement over HTTP, through the other parts' real
 * routes (issue 12 points 4 and 6 on the ledger of decision 0025): the partner pledges, pays the
 * hospital's bill, adds the receipt; the social worker posts the outcome; the partner's statement
 * (JSON, CSV, PDF) accounts for every đồng, names no patient, and the ledger's invariant holds.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp({}, { clock });
const TODAY = '2026-12-07';
let w: World;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), randomBytes(5_000)]);

beforeAll(async () => {
  w = await world(t, clock.now());
});
afterAll(async () => {
  await t.close();
  await w?.demo.stop();
});

const binary = (res: supertest.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('pledge, payment, receipt, outcome, statement', () => {
  it('every đồng is in the partner’s statement, the patient nowhere', async () => {
    const r = await published(w, TODAY, { request: { lines: [{ kind: 'travel-home', description: 'Xe về quê', totalVnd: 2_000_000 }] } });
    const pledged = await send(w.partnerA, `/funding-requests/${r.id}/pledges`, { amountVnd: 1_500_000 });
    expect(pledged.status, JSON.stringify(pledged.body)).toBe(201);
    const p = pledgeSchema.parse(pledged.body);
    const paid = await send(w.partnerA, `/pledges/${p.id}/disbursements`, disburseBody(1_500_000));
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const d = disbursementSchema.parse(paid.body);
    const withReceipt = await w.partnerA.agent.post(`/api/v1/disbursements/${d.id}/receipts`).set('x-csrf-token', w.partnerA.csrf).attach('file', PDF, 'hoa-don-vien-phi.pdf').expect(201);
    expect(disbursementSchema.parse(withReceipt.body).receipts).toHaveLength(1);
    const outcome = await post(w.sw, `/funding-requests/${r.id}/outcomes`, { text: 'Em đã về nhà an toàn, tiếp tục điều trị ngoại trú.' }).expect(201);
    outcomeSchema.parse(outcome.body);
    await invariantHolds();

    const period = 'from=2026-12-01&to=2026-12-31';
    const s = statementSchema.parse((await w.partnerA.agent.get(`/api/v1/statements?${period}`).expect(200)).body);
    expect(s).toMatchObject({ pledgedVnd: 1_500_000, disbursedVnd: 1_500_000, cancelledVnd: 0, expiredVnd: 0 });
    expect(s.pledges).toEqual([expect.objectContaining({ id: p.id, reference: r.reference, amountVnd: 1_500_000, state: 'disbursed', hospital: w.home.name })]);
    expect(s.disbursements).toEqual([{ id: d.id, reference: r.reference, payee: 'hospital-bill', method: 'bank-transfer', amountVnd: 1_500_000, paidOn: TODAY, receipts: 1 }]);
    expect(s.outcomes).toEqual([expect.objectContaining({ reference: r.reference, text: 'Em đã về nhà an toàn, tiếp tục điều trị ngoại trú.' })]);
    // Partner B pledged nothing: an empty statement.
    expect(statementSchema.parse((await w.partnerB.agent.get(`/api/v1/statements?${period}`).expect(200)).body)).toMatchObject({ pledges: [], disbursements: [], outcomes: [], pledgedVnd: 0 });

    const csv = (await w.partnerA.agent.get(`/api/v1/statements?${period}&format=csv`).buffer(true).parse(binary).expect(200)).body as Buffer;
    expect(csv.toString('utf8')).toContain(`Giải ngân,${r.reference},${w.home.name},,,Viện phí tại bệnh viện,Chuyển khoản,,07/12/2026,1500000,1.500.000 ₫,1,`);
    const pdf = (await w.partnerA.agent.get(`/api/v1/statements?${period}&format=pdf`).buffer(true).parse(binary).expect(200)).body as Buffer;
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    for (const words of ['Báo cáo tài trợ', 'Giải ngân', 'Bệnh viện', '1.500.000 ₫', r.reference]) expect(text).toContain(words);
    for (const secret of [PATIENT.name, PATIENT.cccd, PATIENT.phone, PATIENT.hamlet]) {
      expect(text).not.toContain(secret);
      expect(csv.toString('utf8')).not.toContain(secret);
      expect(JSON.stringify(s)).not.toContain(secret);
    }
  });
});
